# shellcheck shell=bash source-path=SCRIPTDIR
# The components infra/ manages and what the entry points share: sourced first by
# infra/up, infra/down and infra/status.

# Any command that fails unexpectedly says where, instead of ending the script silently.
set -E
trap 'infra_say "unexpected failure (exit $?) of: $BASH_COMMAND (${BASH_SOURCE[0]}:$LINENO)"' ERR

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_REPO="$(cd "$INFRA_DIR/.." && pwd)"

# shellcheck source=daemon.sh
source "$INFRA_DIR/lib/daemon.sh"
# shellcheck source=packages.sh
source "$INFRA_DIR/lib/packages.sh"

# In the order they are listed, waited for and described.
INFRA_COMPONENTS=(etcd postgres nats registry gitd keycloak)
for component in "${INFRA_COMPONENTS[@]}"; do
  # shellcheck source=/dev/null
  source "$INFRA_DIR/components/$component.sh"
done
unset component

# What infra/up did with each component: started (now), running (an earlier infra/up
# started it), reused (already running, not started by infra/up: infra/down leaves it).
declare -A INFRA_STATE=()
infra_state_set() { INFRA_STATE[$1]=$2; }
infra_state_of() { printf '%s' "${INFRA_STATE[$1]:-}"; }

# pom_property NAME: a property of the root pom.xml (the project's one list of versions).
pom_property() {
  local value
  value=$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$INFRA_REPO/pom.xml" | head -n1)
  [[ -n "$value" ]] || infra_die "property <$1> not found in $INFRA_REPO/pom.xml"
  printf '%s' "$value"
}

# infra_select NAME...: sets INFRA_SELECTED to the named components (all when none named).
infra_select() {
  INFRA_SELECTED=()
  if (($# == 0)); then
    INFRA_SELECTED=("${INFRA_COMPONENTS[@]}")
    return
  fi
  local name known
  for name in "$@"; do
    for known in "${INFRA_COMPONENTS[@]}"; do
      [[ "$name" == "$known" ]] && continue 2
    done
    infra_die "unknown component '$name'; known: ${INFRA_COMPONENTS[*]}"
  done
  for known in "${INFRA_COMPONENTS[@]}"; do
    for name in "$@"; do
      if [[ "$name" == "$known" ]]; then
        INFRA_SELECTED+=("$known")
        break
      fi
    done
  done
}

# infra_lock: one infra/up or infra/down at a time on this machine (builds run in parallel).
infra_lock() {
  mkdir -p "$ALOFT_STATE"
  exec 9>"$ALOFT_STATE/.lock"
  if ! flock -n 9; then
    infra_say "waiting for another infra/up or infra/down to finish"
    flock -w 900 9 || infra_die "another infra/up or infra/down held $ALOFT_STATE/.lock for 15 minutes"
  fi
}

# infra_write_env: writes infra.env (KEY=VALUE lines, mode 0600) when its content changed.
infra_write_env() {
  local component tmp="$ALOFT_INFRA_ENV.tmp"
  (
    umask 077
    {
      echo "# Written by aloft infra/up: where the real components listen. KEY=VALUE, no quoting."
      for component in "${INFRA_COMPONENTS[@]}"; do "${component}_env"; done
    } >"$tmp"
  )
  if cmp -s "$tmp" "$ALOFT_INFRA_ENV"; then rm -f "$tmp"; else mv "$tmp" "$ALOFT_INFRA_ENV"; fi
  chmod 600 "$ALOFT_INFRA_ENV"
}

infra_clock() { date +%s%N; }
infra_elapsed() { local ms=$((($(infra_clock) - $1) / 1000000)); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }
