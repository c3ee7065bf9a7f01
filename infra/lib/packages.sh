# shellcheck shell=bash
# Installs missing Debian packages without letting their maintainer scripts start
# daemons: infra/ starts every daemon itself, with its own configuration, on loopback.

# packages_install PACKAGE...: installs those that are not installed yet.
packages_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || infra_die "Debian packages missing: ${missing[*]}; install them as root (apt-get install ${missing[*]})"

  infra_say "installing Debian packages: ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d own_policy=
  if [[ ! -e "$policy" ]]; then
    # Tell invoke-rc.d not to start the packages' own services (exit code 101: action forbidden).
    printf '#!/bin/sh\n# written by aloft infra/up while it installs packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300 --no-install-recommends)
  local rc=0 updated=
  : >"$ALOFT_STATE/apt.log"
  if ! packages_known "${missing[@]}"; then
    packages_update || rc=$?
    updated=1
  fi
  if ((rc == 0)); then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >>"$ALOFT_STATE/apt.log" 2>&1 9>&- || rc=$?
  fi
  if ((rc != 0)) && [[ -z "$updated" ]]; then
    # Stale package lists name files the archive no longer has: refresh them, try once more.
    rc=0
    packages_update || rc=$?
    if ((rc == 0)); then
      DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >>"$ALOFT_STATE/apt.log" 2>&1 9>&- || rc=$?
    fi
  fi
  [[ -z "$own_policy" ]] || rm -f "$policy"
  ((rc == 0)) || {
    tail -n 15 "$ALOFT_STATE/apt.log" >&2 || true
    infra_die "could not install Debian packages ${missing[*]} (apt-get exit $rc); log: $ALOFT_STATE/apt.log"
  }
}

# packages_known PACKAGE...: true when apt has an installation candidate for each.
packages_known() {
  local pkg
  for pkg in "$@"; do
    apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [^(]' || return 1
  done
}

packages_update() {
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 update >>"$ALOFT_STATE/apt.log" 2>&1 9>&-
}
