# shellcheck shell=bash
# Where infra/ keeps its state, and how it starts, watches and stops a daemon by hand
# (no systemd): one process group per daemon, a pid file and a log under the component's
# state directory. Sourced by infra/up, infra/down and infra/status.

# shellcheck disable=SC2034 # used by the components and entry points that source this
ALOFT_CACHE="${ALOFT_CACHE:-$HOME/.cache/aloft}"
ALOFT_DOWNLOADS="$ALOFT_CACHE/downloads"
ALOFT_STATE="$ALOFT_CACHE/infra"
ALOFT_INFRA_ENV="$ALOFT_STATE/infra.env"

# The loopback address every component listens on.
INFRA_HOST=127.0.0.1

infra_say() { printf 'infra: %s\n' "$*" >&2; }
infra_die() {
  printf 'infra: ERROR: %s\n' "$*" >&2
  exit 1
}

# state_dir COMPONENT: the component's state directory (created on demand).
state_dir() {
  local dir="$ALOFT_STATE/$1"
  mkdir -p "$dir"
  printf '%s' "$dir"
}

# tcp_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
tcp_open() {
  timeout 2 bash -c ": </dev/tcp/$INFRA_HOST/$1" 2>/dev/null
}

# port_owner PORT: "pid N (command)" of the process listening on PORT, when ss can tell.
port_owner() {
  local line pid
  line=$(ss -ltnpH "sport = :$1" 2>/dev/null | head -n1)
  pid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$line")
  if [[ -n "$pid" ]]; then
    printf 'pid %s (%s)' "$pid" "$(ps -o args= -p "$pid" 2>/dev/null | cut -c1-80)"
  else
    printf 'an unknown process'
  fi
}

# secret_file FILE: prints the secret kept in FILE, generating it (mode 0600) the first time.
secret_file() {
  local file="$1"
  if [[ ! -s "$file" ]]; then
    (
      umask 077
      head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$file.tmp"
      mv "$file.tmp" "$file"
    )
  fi
  chmod 600 "$file"
  cat "$file"
}

# daemon_pid COMPONENT PATTERN: prints the pid recorded for COMPONENT when that process
# is alive and its command line contains PATTERN (guards against a recycled pid).
daemon_pid() {
  local pidfile="$ALOFT_STATE/$1/$1.pid" pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
  printf '%s' "$pid"
}

# daemon_launch COMPONENT COMMAND...: starts COMMAND in its own session (so stopping it
# stops its children too), detached from our stdio, logging to <state>/COMPONENT.log.
# Extra environment is passed with `env NAME=VALUE` at the front of COMMAND.
daemon_launch() {
  local component="$1" dir
  shift
  dir=$(state_dir "$component")
  printf '\n=== %s started by infra/up: %s\n' "$(date -Is)" "$*" >>"$dir/$component.log"
  # fd 9 holds infra's lock: the daemon must not inherit it.
  setsid "$@" </dev/null >>"$dir/$component.log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$dir/$component.pid"
}

# daemon_stop COMPONENT PATTERN [SECONDS]: stops the daemon's process group: TERM, then
# KILL after SECONDS (default 20). Returns 1 when no such daemon was running.
daemon_stop() {
  local component="$1" pattern="$2" grace="${3:-20}" pid i
  if ! pid=$(daemon_pid "$component" "$pattern"); then
    rm -f "$ALOFT_STATE/$component/$component.pid"
    return 1
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    infra_say "$component (pid $pid) did not stop within ${grace}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$ALOFT_STATE/$component/$component.pid"
}

# daemon_wait COMPONENT PATTERN SECONDS ADDRESS PROBE...: waits until PROBE succeeds.
# Fails with a clear message when the daemon exits or SECONDS pass first.
daemon_wait() {
  local component="$1" pattern="$2" seconds="$3" address="$4" deadline
  shift 4
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! daemon_pid "$component" "$pattern" >/dev/null; then
      daemon_log_tail "$component"
      infra_die "$component at $address exited while starting; log: $ALOFT_STATE/$component/$component.log"
    fi
    if ((SECONDS >= deadline)); then
      daemon_log_tail "$component"
      infra_die "$component at $address is running but not ready after ${seconds}s; log: $ALOFT_STATE/$component/$component.log"
    fi
    sleep 0.2
  done
}

daemon_log_tail() {
  local log="$ALOFT_STATE/$1/$1.log"
  if [[ -s "$log" ]]; then
    printf 'infra: last lines of %s:\n' "$log" >&2
    tail -n 15 "$log" | sed 's/^/    /' >&2
  fi
}
