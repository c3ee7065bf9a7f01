# shellcheck shell=bash
# PostgreSQL on 127.0.0.1:5432 with a role `aloft` (password login) owning a database
# `aloft`. A server already running there is reused and never stopped by infra/down;
# otherwise Debian's cluster is started with pg_ctlcluster (no systemd) and remembered.

POSTGRES_PORT="${ALOFT_POSTGRES_PORT:-5432}"
POSTGRES_USER=aloft
POSTGRES_DB=aloft
POSTGRES_JDBC_URL="jdbc:postgresql://$INFRA_HOST:$POSTGRES_PORT/$POSTGRES_DB"

postgres_address() { echo "$INFRA_HOST:$POSTGRES_PORT"; }
postgres_state_dir() { echo "$ALOFT_STATE/postgres"; }

postgres_packages() {
  command -v psql >/dev/null && command -v pg_isready >/dev/null || echo postgresql-client
  tcp_open "$POSTGRES_PORT" && return
  command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && return
  echo postgresql
}

postgres_answers() {
  pg_isready -q -h "$INFRA_HOST" -p "$POSTGRES_PORT" -t 2 2>/dev/null
}

postgres_password() { secret_file "$(state_dir postgres)/$POSTGRES_USER.password"; }

# The cluster infra/up started ("VERSION NAME"), empty when it started none.
postgres_started_cluster() {
  cat "$ALOFT_STATE/postgres/started-cluster" 2>/dev/null || true
}

postgres_start() {
  if postgres_answers; then
    if [[ -n "$(postgres_started_cluster)" ]]; then infra_state_set postgres running; else infra_state_set postgres reused; fi
    return
  fi
  if tcp_open "$POSTGRES_PORT"; then
    infra_die "postgres: $INFRA_HOST:$POSTGRES_PORT is taken by $(port_owner "$POSTGRES_PORT"), which does not answer as PostgreSQL"
  fi
  local cluster version name
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v port="$POSTGRES_PORT" '$3 == port { print $1, $2; exit }')
  if [[ -z "$cluster" ]]; then
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n1)
    infra_say "postgres: no cluster on port $POSTGRES_PORT; creating cluster $version/aloft"
    pg_createcluster --port "$POSTGRES_PORT" "$version" aloft >"$(state_dir postgres)/createcluster.log" 2>&1 ||
      infra_die "postgres: pg_createcluster $version aloft failed; log: $ALOFT_STATE/postgres/createcluster.log"
    cluster="$version aloft"
  fi
  read -r version name <<<"$cluster"
  # fd 9 holds infra's lock: the server must not inherit it.
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >"$(state_dir postgres)/pg_ctlcluster.log" 2>&1 9>&- ||
    infra_die "postgres: cluster $version/$name did not start ($(tail -n1 "$ALOFT_STATE/postgres/pg_ctlcluster.log")); log: /var/log/postgresql/postgresql-$version-$name.log"
  echo "$version $name" >"$ALOFT_STATE/postgres/started-cluster"
  infra_state_set postgres started
}

# postgres_superuser_psql ARGS...: psql as a superuser: over the socket as the postgres OS
# user (peer auth on a fresh Debian install), else over TCP as role postgres (trust auth).
postgres_superuser_psql() {
  if (cd / && runuser -u postgres -- psql -X -q -p "$POSTGRES_PORT" -d postgres -c 'select 1') >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$POSTGRES_PORT" -d postgres "$@")
  else
    psql -X -q -v ON_ERROR_STOP=1 -h "$INFRA_HOST" -p "$POSTGRES_PORT" -U postgres -d postgres "$@"
  fi
}

# postgres_login_check: connects as the aloft role with its password; prints the owner of
# database aloft.
postgres_login_check() {
  PGPASSWORD="$(postgres_password)" PGCONNECT_TIMEOUT=3 psql -X -qtA -h "$INFRA_HOST" -p "$POSTGRES_PORT" \
    -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
    -c "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"
}

postgres_wait() {
  local deadline=$((SECONDS + 30))
  until postgres_answers; do
    ((SECONDS < deadline)) || infra_die "postgres at $INFRA_HOST:$POSTGRES_PORT does not accept connections after 30s"
    sleep 0.2
  done
  local password marker="$ALOFT_STATE/postgres/role.sha256" digest
  password=$(postgres_password)
  digest=$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)
  # Fast path: role and database were set up with this password and still work.
  if [[ "$(cat "$marker" 2>/dev/null)" == "$digest" && "$(postgres_login_check 2>/dev/null)" == "$POSTGRES_USER" ]]; then
    return
  fi
  postgres_superuser_psql -v role="$POSTGRES_USER" -v db="$POSTGRES_DB" -v pw="$password" >/dev/null 2>"$ALOFT_STATE/postgres/setup.log" <<'SQL' ||
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"role";
SQL
    infra_die "postgres at $INFRA_HOST:$POSTGRES_PORT: could not create role/database $POSTGRES_USER ($(tail -n1 "$ALOFT_STATE/postgres/setup.log"))"
  local owner
  owner=$(postgres_login_check 2>&1) ||
    infra_die "postgres at $INFRA_HOST:$POSTGRES_PORT: role $POSTGRES_USER cannot log in to database $POSTGRES_DB with its password: $owner"
  [[ "$owner" == "$POSTGRES_USER" ]] || infra_die "postgres: database $POSTGRES_DB is owned by '$owner', not $POSTGRES_USER"
  echo "$digest" >"$marker"
}

postgres_env() {
  echo "ALOFT_POSTGRES_JDBC_URL=$POSTGRES_JDBC_URL"
  echo "ALOFT_POSTGRES_USER=$POSTGRES_USER"
  echo "ALOFT_POSTGRES_PASSWORD=$(postgres_password)"
}

postgres_stop() {
  local cluster
  cluster=$(postgres_started_cluster)
  [[ -n "$cluster" ]] || return 1
  # shellcheck disable=SC2086 # "VERSION NAME"
  pg_ctlcluster --skip-systemctl-redirect $cluster stop >/dev/null 2>&1 || true
  rm -f "$ALOFT_STATE/postgres/started-cluster"
}

postgres_status() {
  local owner
  if ! postgres_answers; then
    if tcp_open "$POSTGRES_PORT"; then echo "UNHEALTHY: port taken by $(port_owner "$POSTGRES_PORT")"; else echo "stopped"; fi
    return 1
  fi
  local who="not started by infra/up"
  [[ -z "$(postgres_started_cluster)" ]] || who="infra/up: cluster $(postgres_started_cluster)"
  if owner=$(postgres_login_check 2>/dev/null) && [[ "$owner" == "$POSTGRES_USER" ]]; then
    echo "running ($who)"
    return 0
  fi
  echo "UNHEALTHY: running ($who) but role $POSTGRES_USER cannot use database $POSTGRES_DB"
  return 1
}
