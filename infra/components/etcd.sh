# shellcheck shell=bash
# etcd (Debian etcd-server), single member, on loopback. Backs config and registry.

ETCD_PORT="${ALOFT_ETCD_PORT:-2379}"
ETCD_PEER_PORT="${ALOFT_ETCD_PEER_PORT:-2380}"
ETCD_URL="http://$INFRA_HOST:$ETCD_PORT"

etcd_packages() { command -v etcd >/dev/null || echo etcd-server; }
etcd_address() { echo "$ETCD_URL"; }

etcd_healthy() {
  curl -fsS --max-time 2 "$ETCD_URL/health" 2>/dev/null | grep -q '"health":"true"'
}

# A healthy etcd that infra/up did not start (say, one a Kubernetes script runs) is reused.
etcd_start() {
  if daemon_pid etcd /usr/bin/etcd >/dev/null; then
    infra_state_set etcd running
    return
  fi
  if tcp_open "$ETCD_PORT"; then
    etcd_healthy || infra_die "etcd: $INFRA_HOST:$ETCD_PORT is taken by $(port_owner "$ETCD_PORT"), which is not a healthy etcd"
    infra_state_set etcd reused
    return
  fi
  tcp_open "$ETCD_PEER_PORT" && infra_die "etcd: peer port $INFRA_HOST:$ETCD_PEER_PORT is taken by $(port_owner "$ETCD_PEER_PORT")"
  local dir
  dir=$(state_dir etcd)
  daemon_launch etcd /usr/bin/etcd \
    --name aloft \
    --data-dir "$dir/data" \
    --listen-client-urls "$ETCD_URL" \
    --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://$INFRA_HOST:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://$INFRA_HOST:$ETCD_PEER_PORT" \
    --initial-cluster "aloft=http://$INFRA_HOST:$ETCD_PEER_PORT" \
    --initial-cluster-state new
  infra_state_set etcd started
}

etcd_wait() {
  if [[ "$(infra_state_of etcd)" == reused ]]; then
    etcd_healthy || infra_die "etcd at $ETCD_URL stopped answering /health"
    return
  fi
  daemon_wait etcd /usr/bin/etcd 30 "$ETCD_URL" etcd_healthy
}

etcd_state_dir() {
  if [[ "$(infra_state_of etcd)" == reused ]]; then echo "-"; else echo "$ALOFT_STATE/etcd"; fi
}

etcd_env() {
  echo "ALOFT_ETCD_ENDPOINTS=$ETCD_URL"
}

etcd_stop() {
  daemon_stop etcd /usr/bin/etcd 20
}

# etcd_status: prints the component's state; 0 when it answers, 1 when it does not.
etcd_status() {
  if daemon_pid etcd /usr/bin/etcd >/dev/null; then
    etcd_healthy && echo "running (infra/up)" && return 0
    echo "UNHEALTHY: running (infra/up) but /health does not answer true"
    return 1
  fi
  if tcp_open "$ETCD_PORT"; then
    etcd_healthy && echo "running (not started by infra/up)" && return 0
    echo "UNHEALTHY: port taken by $(port_owner "$ETCD_PORT")"
    return 1
  fi
  echo "stopped"
  return 1
}
