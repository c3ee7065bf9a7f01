# shellcheck shell=bash
# NATS with JetStream on 127.0.0.1:4222. A server already running there (with JetStream)
# is reused and never stopped by infra/down; otherwise Debian's nats-server is started.

NATS_PORT="${ALOFT_NATS_PORT:-4222}"
NATS_URL="nats://$INFRA_HOST:$NATS_PORT"

nats_packages() {
  nats_info >/dev/null 2>&1 && return
  command -v nats-server >/dev/null || echo nats-server
}
nats_address() { echo "$NATS_URL"; }

# nats_info: the INFO line a NATS server sends as soon as a client connects.
nats_info() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$INFRA_HOST/$NATS_PORT && IFS= read -r -t 2 line <&3 && printf '%s\n' \"\$line\"" 2>/dev/null |
    grep '^INFO {'
}

nats_healthy() { nats_info | grep -q '"jetstream":true'; }

nats_start() {
  if daemon_pid nats /usr/sbin/nats-server >/dev/null; then
    infra_state_set nats running
    return
  fi
  if tcp_open "$NATS_PORT"; then
    nats_info >/dev/null || infra_die "nats: $INFRA_HOST:$NATS_PORT is taken by $(port_owner "$NATS_PORT"), which does not speak NATS"
    nats_healthy || infra_die "nats: the NATS server at $NATS_URL runs without JetStream (start it with -js)"
    infra_state_set nats reused
    return
  fi
  local dir
  dir=$(state_dir nats)
  daemon_launch nats /usr/sbin/nats-server -a "$INFRA_HOST" -p "$NATS_PORT" -js -sd "$dir/jetstream"
  infra_state_set nats started
}

nats_wait() {
  if [[ "$(infra_state_of nats)" == reused ]]; then
    nats_healthy || infra_die "nats at $NATS_URL stopped answering with JetStream on"
    return
  fi
  daemon_wait nats /usr/sbin/nats-server 30 "$NATS_URL" nats_healthy
}

nats_state_dir() {
  if [[ "$(infra_state_of nats)" == reused ]]; then echo "-"; else echo "$ALOFT_STATE/nats"; fi
}

nats_env() { echo "ALOFT_NATS_URL=$NATS_URL"; }

nats_stop() { daemon_stop nats /usr/sbin/nats-server 20; }

nats_status() {
  local who="not started by infra/up"
  daemon_pid nats /usr/sbin/nats-server >/dev/null && who="infra/up"
  if nats_healthy; then
    echo "running ($who), JetStream on"
    return 0
  fi
  if tcp_open "$NATS_PORT"; then
    echo "UNHEALTHY: $(port_owner "$NATS_PORT") on the port, but no NATS with JetStream answers"
  else
    echo "stopped"
  fi
  return 1
}
