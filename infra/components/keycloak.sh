# shellcheck shell=bash
# Keycloak (the keycloak-quarkus-dist zip from Maven Central), `start-dev` on
# http://127.0.0.1:8180, its dev database in its home under the state directory. The
# admin user `admin` is created at first start with a password generated once and kept
# in <state>/keycloak/admin.password (mode 0600). Runs on Temurin 25 when present.

KEYCLOAK_PORT="${ALOFT_KEYCLOAK_PORT:-8180}"
KEYCLOAK_URL="http://$INFRA_HOST:$KEYCLOAK_PORT"
KEYCLOAK_ADMIN_USER="admin"
# First start builds Keycloak's optimized image (about 40 s); on a busy machine, longer.
KEYCLOAK_START_SECONDS="${ALOFT_KEYCLOAK_START_SECONDS:-300}"

keycloak_version() { pom_property keycloak-server.version; }
keycloak_home() { echo "$ALOFT_STATE/keycloak/keycloak-$(keycloak_version)"; }
keycloak_zip() { echo "$ALOFT_DOWNLOADS/keycloak-quarkus-dist-$(keycloak_version).zip"; }
keycloak_pattern() { echo "$(keycloak_home)/bin/"; }
keycloak_address() { echo "$KEYCLOAK_URL"; }
keycloak_state_dir() { echo "$ALOFT_STATE/keycloak"; }
keycloak_password() { secret_file "$(state_dir keycloak)/admin.password"; }

keycloak_packages() { command -v unzip >/dev/null || echo unzip; }

# keycloak_java_home: Temurin 25 when present, else the newest JDK that has 21 or more,
# else the default Java.
keycloak_java_home() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-2[1-9]-* /usr/lib/jvm/*-2[1-9]; do
    [[ -x "$candidate/bin/java" ]] && { echo "$candidate"; return; }
  done
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

# keycloak_install: downloads the distribution once (kept in downloads/), unpacks it into
# the state directory.
keycloak_install() {
  local zip home dir
  zip=$(keycloak_zip)
  home=$(keycloak_home)
  [[ -x "$home/bin/kc.sh" ]] && return
  if [[ ! -s "$zip" ]]; then
    mkdir -p "$ALOFT_DOWNLOADS"
    infra_say "keycloak: downloading org.keycloak:keycloak-quarkus-dist:$(keycloak_version):zip from Maven Central"
    (cd "$INFRA_REPO" && ./mvnw -B -q -N \
      "org.apache.maven.plugins:maven-dependency-plugin:$(pom_property dependency-plugin.version):copy" \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$(keycloak_version):zip" \
      -DoutputDirectory="$ALOFT_DOWNLOADS") >"$ALOFT_STATE/keycloak-download.log" 2>&1 || {
      tail -n 15 "$ALOFT_STATE/keycloak-download.log" >&2
      infra_die "keycloak: could not download the Keycloak distribution; log: $ALOFT_STATE/keycloak-download.log"
    }
    [[ -s "$zip" ]] || infra_die "keycloak: Maven finished but $zip is missing"
  fi
  dir=$(state_dir keycloak)
  rm -rf "$dir/unpack"
  unzip -q "$zip" -d "$dir/unpack" || infra_die "keycloak: could not unpack $zip"
  [[ -x "$dir/unpack/keycloak-$(keycloak_version)/bin/kc.sh" ]] || infra_die "keycloak: $zip has no keycloak-$(keycloak_version)/bin/kc.sh"
  mv "$dir/unpack/keycloak-$(keycloak_version)" "$home"
  rmdir "$dir/unpack"
}

keycloak_answers() {
  curl -fsS --max-time 3 -o /dev/null "$KEYCLOAK_URL/realms/master/.well-known/openid-configuration" 2>/dev/null
}

# keycloak_admin_token_ok: the admin user gets a token from the master realm.
keycloak_admin_token_ok() {
  curl -fsS --max-time 10 "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$KEYCLOAK_ADMIN_USER" \
    --data-urlencode "password=$(keycloak_password)" 2>/dev/null | grep -q '"access_token"'
}

keycloak_start() {
  if daemon_pid keycloak "$(keycloak_pattern)" >/dev/null; then
    infra_state_set keycloak running
    return
  fi
  if tcp_open "$KEYCLOAK_PORT"; then
    if keycloak_answers && keycloak_admin_token_ok; then
      infra_state_set keycloak reused
      return
    fi
    infra_die "keycloak: $INFRA_HOST:$KEYCLOAK_PORT is taken by $(port_owner "$KEYCLOAK_PORT"), not by a Keycloak whose admin password is in $ALOFT_STATE/keycloak/admin.password"
  fi
  keycloak_install
  local java_home
  java_home=$(keycloak_java_home)
  (
    # Through the environment, so the password shows in no command line and no log.
    KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER"
    KC_BOOTSTRAP_ADMIN_PASSWORD="$(keycloak_password)"
    export KC_BOOTSTRAP_ADMIN_USERNAME KC_BOOTSTRAP_ADMIN_PASSWORD
    daemon_launch keycloak env JAVA_HOME="$java_home" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx768m" \
      "$(keycloak_home)/bin/kc.sh" start-dev --http-port "$KEYCLOAK_PORT" --http-host "$INFRA_HOST"
  )
  infra_state_set keycloak started
}

keycloak_wait() {
  if [[ "$(infra_state_of keycloak)" != reused ]]; then
    daemon_wait keycloak "$(keycloak_pattern)" "$KEYCLOAK_START_SECONDS" "$KEYCLOAK_URL" keycloak_answers
  fi
  keycloak_admin_token_ok || infra_die "keycloak at $KEYCLOAK_URL: user $KEYCLOAK_ADMIN_USER gets no token with the password in $ALOFT_STATE/keycloak/admin.password (its data predates that file? run infra/down keycloak, remove $(keycloak_home)/data, run infra/up)"
}

keycloak_env() {
  echo "ALOFT_KEYCLOAK_URL=$KEYCLOAK_URL"
  echo "ALOFT_KEYCLOAK_ADMIN_USER=$KEYCLOAK_ADMIN_USER"
  echo "ALOFT_KEYCLOAK_ADMIN_PASSWORD=$(keycloak_password)"
}

keycloak_stop() { daemon_stop keycloak "$(keycloak_pattern)" 30; }

keycloak_status() {
  local who="not started by infra/up"
  daemon_pid keycloak "$(keycloak_pattern)" >/dev/null && who="infra/up"
  if keycloak_answers; then
    if keycloak_admin_token_ok; then
      echo "running ($who)"
      return 0
    fi
    echo "UNHEALTHY: running ($who) but user $KEYCLOAK_ADMIN_USER gets no token"
    return 1
  fi
  if [[ "$who" == infra/up ]]; then
    echo "starting or UNHEALTHY: running (infra/up) but not answering yet"
  elif tcp_open "$KEYCLOAK_PORT"; then
    echo "UNHEALTHY: port taken by $(port_owner "$KEYCLOAK_PORT")"
  else
    echo "stopped"
  fi
  return 1
}
