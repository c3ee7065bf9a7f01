# Shared settings and helpers for infra/k8s/{build,up,down,status}. Sourced, not run.
# shellcheck disable=SC2034 # settings used by the scripts that source this file
# shellcheck shell=bash

K8S_VERSION=v1.20.2
# Debian's source package that carries Kubernetes 1.20.2 (bookworm).
K8S_DEB_SOURCE_VERSION=1.20.5+really1.20.2-1.1+deb12u1

ALOFT_CACHE="${ALOFT_CACHE:-$HOME/.cache/aloft}"
K8S_CACHE="$ALOFT_CACHE/k8s"
K8S_BIN="$K8S_CACHE/bin/$K8S_VERSION"
K8S_STATE="$K8S_CACHE/state"
K8S_BUILD_DIR="$K8S_CACHE/build"

# Binaries that make a complete cache; the manifest (sha256 lines) is written last.
K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl pause)
K8S_MANIFEST="$K8S_BIN/MANIFEST.sha256"
# Changes build applies to the source; recorded in BUILD-INFO, a cache built with other ones is rebuilt.
K8S_SOURCE_CHANGES="reflect2-1.0.2 kubelet-container-gc-5s kubelet-status-sync-2s"

# Network layout of the cluster.
K8S_ETCD_CLIENT_PORT=2381
K8S_ETCD_PEER_PORT=2382
K8S_API_PORT=6443
K8S_SERVICE_CIDR=10.96.0.0/16
K8S_SERVICE_API_IP=10.96.0.1
K8S_POD_CIDR=10.244.0.0/16
K8S_NODE_POD_CIDR=10.244.0.0/24
K8S_BRIDGE=cni0
# ALOFT_REGISTRY overrides the registry address (tests of the self-started registry use another port).
K8S_REGISTRY="${ALOFT_REGISTRY:-127.0.0.1:5000}"
K8S_PAUSE_IMAGE="$K8S_REGISTRY/aloft/pause:3.4.1"

# Runtime paths (exec roots must be short: unix socket paths are limited to 108 bytes).
K8S_RUN=/run/aloft-k8s
K8S_DOCKER_SOCK="$K8S_RUN/docker.sock"

# Packages the cluster needs at run time, and the build needs on top.
K8S_RUNTIME_PACKAGES=(etcd-server docker.io containerd runc containernetworking-plugins docker-registry
  iptables nftables conntrack socat openssl curl jq ethtool kmod util-linux iproute2 procps
  busybox-static)  # busybox-static: the static busybox the operator ITs and smoke-test put in images
K8S_BUILD_PACKAGES=(golang-go golang-github-modern-go-reflect2-dev jq rsync dpkg-dev gcc libc6-dev make)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "$(basename "$0") must run as root (it starts dockerd, kubelet and changes iptables)"
}

# Installs the given Debian packages that are not installed yet; no apt call when all are present.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
    >"${APT_LOG:-/dev/stderr}" 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 \
         && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
            >"${APT_LOG:-/dev/stderr}" 2>&1; } \
    || die "apt-get install of ${missing[*]} failed${APT_LOG:+ (see $APT_LOG)}"
}

# True when every cached binary and the manifest exist and the binaries carry the current source changes.
k8s_cache_complete() {
  [[ -f $K8S_MANIFEST ]] || return 1
  grep -qx "source-changes=$K8S_SOURCE_CHANGES" "$K8S_BIN/BUILD-INFO" 2>/dev/null || return 1
  local b
  for b in "${K8S_BINARIES[@]}"; do [[ -x $K8S_BIN/$b ]] || return 1; done
}

# Pid of a live (not zombie) process from a pid file, or nothing.
live_pid() {
  local file=$1 pid state
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]] || return 1
  echo "$pid"
}

# Node identity and derived paths.
K8S_NODE_NAME=aloft-node
K8S_PKI="$K8S_STATE/pki"
K8S_LOGS="$K8S_STATE/logs"
K8S_PIDS="$K8S_RUN/pids"
K8S_KUBECONFIG="$K8S_STATE/kubeconfig"
K8S_SYSCTL_SAVE="$K8S_STATE/saved-sysctls"
K8S_NFT_TABLES_SAVE="$K8S_STATE/saved-netfilter-tables"
K8S_REGISTRY_OWNED="$K8S_STATE/registry-started-here"
K8S_HOST_DIRS_CREATED="$K8S_STATE/host-dirs-created"
K8S_KUBELET_ROOT="$K8S_STATE/kubelet"
K8S_DOCKER_ROOT="$K8S_STATE/docker"
K8S_DOCKER_EXEC_ROOT="$K8S_RUN/docker"
K8S_CNI_DIR="$K8S_STATE/cni"

# Components in start order; down stops them in reverse.
K8S_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler dockerd kubelet kube-proxy)

# Host sysctls the cluster changes (kubelet, kube-proxy, the CNI bridge); saved before the
# first change and restored by down.
K8S_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  net.ipv4.conf.all.route_localnet kernel.panic kernel.panic_on_oops vm.overcommit_memory vm.panic_on_oom
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

# Host directories kubelet writes whatever --root-dir says; removed by down when up created them.
K8S_HOST_DIRS=(/var/log/pods /var/log/containers /var/lib/kubelet /var/lib/dockershim /usr/libexec/kubernetes)

node_ip() {
  ip -4 -o addr show scope global 2>/dev/null | awk '{split($4, a, "/"); print a[1]; exit}'
}

kubectl_admin() { "$K8S_BIN/kubectl" --kubeconfig "$K8S_KUBECONFIG" "$@"; }

# Executable name of a component (checked against /proc/PID/exe so a reused pid is not taken for it).
component_exe() {
  case $1 in
    registry) echo docker-registry ;;
    *) echo "$1" ;;
  esac
}

# Pid of the live component, or nothing (status 1).
component_pid() {
  local name=$1 pid exe
  pid=$(live_pid "$K8S_PIDS/$name.pid") || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)} # the binary was replaced (package upgrade, rebuild) while running
  [[ $(basename "$exe") == "$(component_exe "$name")" ]] || return 1
  echo "$pid"
}

registry_answers() {
  curl -fsS -m 2 -o /dev/null "http://$K8S_REGISTRY/v2/" 2>/dev/null
}

apiserver_ready() {
  curl -fsS -m 3 --cacert "$K8S_PKI/ca.crt" --cert "$K8S_PKI/admin.crt" --key "$K8S_PKI/admin.key" \
    "https://127.0.0.1:$K8S_API_PORT/readyz" >/dev/null 2>&1
}

node_ready() {
  [[ $(kubectl_admin get node "$K8S_NODE_NAME" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

# The line of a component's log that best says why it failed: its first fatal line, else its last line.
log_reason() {
  local file=$1 line
  [[ -f $file ]] || { echo "no log"; return; }
  line=$(grep -m1 -E '^(F[0-9]{4} |panic: |Error: |error: |level=fatal|.*"level":"fatal")' "$file" || true)
  [[ -n $line ]] || line=$(grep -v '^[[:space:]]*$' "$file" | tail -1)
  echo "${line:0:300}"
}

# Netfilter tables iptables-nft has created, one "FAMILY TABLE" a line (e.g. "ip nat").
netfilter_tables() {
  local family table
  for family in ip ip6; do
    command -v "${family}tables-save" >/dev/null || continue
    for table in $("${family}tables-save" 2>/dev/null | sed -n 's/^\*//p'); do echo "$family $table"; done
  done
}
