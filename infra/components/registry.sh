# shellcheck shell=bash
# OCI registry (Debian docker-registry, i.e. distribution 2.8) on 127.0.0.1:5000 with its
# own configuration: filesystem storage in the state directory, deletes enabled, no auth.
# A registry already answering there (say, one a Kubernetes script shares) is reused.

REGISTRY_PORT="${ALOFT_REGISTRY_PORT:-5000}"
REGISTRY_ADDRESS="$INFRA_HOST:$REGISTRY_PORT"

registry_packages() { [[ -x /usr/bin/docker-registry ]] || echo docker-registry; }
registry_address() { echo "http://$REGISTRY_ADDRESS"; }

# registry_healthy: GET /v2/ answers 200 with the distribution API version header.
registry_healthy() {
  curl -sS --max-time 2 -o /dev/null -D - "http://$REGISTRY_ADDRESS/v2/" 2>/dev/null |
    tr -d '\r' | awk 'NR == 1 && $2 == 200 { ok = 1 } tolower($1) == "docker-distribution-api-version:" && $2 == "registry/2.0" { api = 1 } END { exit !(ok && api) }'
}

registry_start() {
  if daemon_pid registry /usr/bin/docker-registry >/dev/null; then
    infra_state_set registry running
    return
  fi
  if tcp_open "$REGISTRY_PORT"; then
    registry_healthy || infra_die "registry: $REGISTRY_ADDRESS is taken by $(port_owner "$REGISTRY_PORT"), which does not answer GET /v2/ as an OCI registry"
    infra_state_set registry reused
    return
  fi
  local dir
  dir=$(state_dir registry)
  mkdir -p "$dir/data"
  cat >"$dir/config.yml.tmp" <<YAML
# Written by aloft infra/up; rewritten on every start.
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $REGISTRY_ADDRESS
  headers:
    X-Content-Type-Options: [nosniff]
YAML
  mv "$dir/config.yml.tmp" "$dir/config.yml"
  daemon_launch registry /usr/bin/docker-registry serve "$dir/config.yml"
  infra_state_set registry started
}

registry_wait() {
  if [[ "$(infra_state_of registry)" == reused ]]; then
    registry_healthy || infra_die "registry at http://$REGISTRY_ADDRESS stopped answering GET /v2/"
    return
  fi
  daemon_wait registry /usr/bin/docker-registry 30 "http://$REGISTRY_ADDRESS" registry_healthy
}

registry_state_dir() {
  if [[ "$(infra_state_of registry)" == reused ]]; then echo "-"; else echo "$ALOFT_STATE/registry"; fi
}

registry_env() { echo "ALOFT_REGISTRY=$REGISTRY_ADDRESS"; }

registry_stop() { daemon_stop registry /usr/bin/docker-registry 20; }

registry_status() {
  local who="not started by infra/up"
  daemon_pid registry /usr/bin/docker-registry >/dev/null && who="infra/up"
  if registry_healthy; then
    echo "running ($who)"
    return 0
  fi
  if tcp_open "$REGISTRY_PORT"; then
    echo "UNHEALTHY: $(port_owner "$REGISTRY_PORT") on the port, but GET /v2/ does not answer as a registry"
  else
    echo "stopped"
  fi
  return 1
}
