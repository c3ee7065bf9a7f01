# shellcheck shell=bash
# The base images Aloft's own images are built on, made without a Docker daemon and without a
# public registry: a Debian minbase root filesystem (debootstrap from the machine's Debian
# mirror) with a few packages, packed as one gzip layer and pushed with the registry's HTTP API.
# Sourced by infra/images/up and infra/images/status. See docs/infra.md.

IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/daemon.sh
source "$IMAGES_DIR/../lib/daemon.sh"
# shellcheck source=../lib/packages.sh
source "$IMAGES_DIR/../lib/packages.sh"

IMAGES_REGISTRY="${ALOFT_REGISTRY:-127.0.0.1:5000}"
IMAGES_CACHE="$ALOFT_CACHE/images"
IMAGES_ENV="$IMAGES_CACHE/images.env"
IMAGES_SUITE=bookworm

# The images, in the order they are made: NAME -> repository:tag, Debian packages, environment.
IMAGES=(jre builder-base)
declare -A IMAGE_REF=(
  [jre]=aloft/jre:17
  [builder-base]=aloft/builder-base:17
)
declare -A IMAGE_PACKAGES=(
  [jre]="openjdk-17-jre-headless"
  [builder-base]="openjdk-17-jdk-headless maven git"
)
# Images that trust the machine's local certificate authorities (/usr/local/share/ca-certificates,
# e.g. a TLS-inspecting egress proxy): build Jobs fetch from Maven Central and git hosts.
declare -A IMAGE_LOCAL_CAS=([builder-base]=yes)
IMAGES_LOCAL_CA_DIR=/usr/local/share/ca-certificates
IMAGE_ENV_COMMON='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"'

MANIFEST_TYPE=application/vnd.docker.distribution.manifest.v2+json

images_select() {
  IMAGES_SELECTED=()
  (($# == 0)) && { IMAGES_SELECTED=("${IMAGES[@]}"); return; }
  local name
  for name in "$@"; do
    [[ -n "${IMAGE_REF[$name]:-}" ]] || infra_die "unknown image '$name'; known: ${IMAGES[*]}"
    IMAGES_SELECTED+=("$name")
  done
}

# images_mirror: the first Debian archive URI of the machine's apt sources that serves the suite.
images_mirror() {
  local uri
  uri=$(awk -v suite="$IMAGES_SUITE" '
      /^Types:/ { deb = ($0 ~ /(^|[ \t])deb([ \t]|$)/) }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite && deb && uri != "") { print uri; exit } }
      /^[ \t]*$/ { deb = 0; uri = "" }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  [[ -n "$uri" ]] || uri=$(awk -v suite="$IMAGES_SUITE" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i == suite) { print $(i - 1); exit } }' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v '^\[' | head -n1)
  [[ -n "$uri" ]] || infra_die "images: no Debian mirror for $IMAGES_SUITE in /etc/apt/sources.list*"
  printf '%s' "$uri"
}

# image_local_cas NAME: the machine's local CA certificates the image trusts (none for most).
image_local_cas() {
  [[ "${IMAGE_LOCAL_CAS[$1]:-}" == yes ]] || return 0
  find "$IMAGES_LOCAL_CA_DIR" -name '*.crt' -type f 2>/dev/null | sort
}

# image_recipe NAME: what the image is made of; a changed recipe makes a new image.
image_recipe() {
  {
    printf 'debootstrap --variant=minbase --include=%s %s %s; env %s\n' \
      "${IMAGE_PACKAGES[$1]// /,}" "$IMAGES_SUITE" "$(images_mirror)" "$IMAGE_ENV_COMMON"
    local ca
    for ca in $(image_local_cas "$1"); do sha256sum "$ca"; done
  } | sha256sum | cut -c1-16
}

registry_get() { curl -fsS --max-time 30 "$@"; }

# image_recipe_in_registry NAME: the recipe label of the image the registry holds, or nothing.
image_recipe_in_registry() {
  local ref=${IMAGE_REF[$1]} manifest config
  manifest=$(registry_get -H "Accept: $MANIFEST_TYPE" "http://$IMAGES_REGISTRY/v2/${ref%:*}/manifests/${ref##*:}" 2>/dev/null) || return 0
  config=$(jq -r '.config.digest // empty' <<<"$manifest")
  [[ -n "$config" ]] || return 0
  registry_get "http://$IMAGES_REGISTRY/v2/${ref%:*}/blobs/$config" 2>/dev/null | jq -r '.config.Labels["dev.aloft.image.recipe"] // empty'
}

# image_size NAME: the compressed size of the image's layer in the registry, e.g. "133 MB".
image_size() {
  local ref=${IMAGE_REF[$1]}
  registry_get -H "Accept: $MANIFEST_TYPE" "http://$IMAGES_REGISTRY/v2/${ref%:*}/manifests/${ref##*:}" 2>/dev/null |
    jq -r '[.layers[].size] | add / 1000000 | floor | tostring + " MB"' 2>/dev/null || echo "?"
}

# blob_push REPOSITORY FILE DIGEST: a monolithic upload, skipped when the registry has the blob.
blob_push() {
  local repo=$1 file=$2 digest=$3 location sep
  curl -fsS --max-time 10 -o /dev/null -I "http://$IMAGES_REGISTRY/v2/$repo/blobs/$digest" 2>/dev/null && return 0
  location=$(curl -fsS --max-time 30 -X POST -D - -o /dev/null "http://$IMAGES_REGISTRY/v2/$repo/blobs/uploads/" |
    tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }') || infra_die "images: $IMAGES_REGISTRY refused to start an upload to $repo"
  [[ "$location" == http* ]] || location="http://$IMAGES_REGISTRY$location"
  sep='?'
  [[ "$location" == *\?* ]] && sep='&'
  curl -fsS --max-time 600 -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' \
    -T "$file" "$location${sep}digest=$digest" || infra_die "images: upload of $file ($digest) to $IMAGES_REGISTRY/$repo failed"
}

# image_build NAME: debootstrap the root filesystem into the cache, pack it as a layer.
image_build() {
  local name=$1 dir="$IMAGES_CACHE/$1" mirror rootfs log
  mirror=$(images_mirror)
  rootfs="$dir/rootfs"
  log="$dir/debootstrap.log"
  # A build that was killed may have left /proc mounted in the root filesystem.
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf "$rootfs" "$dir/layer.tar" "$dir/layer.tar.gz" "$dir/recipe"
  mkdir -p "$rootfs"
  infra_say "images: debootstrap $IMAGES_SUITE minbase + ${IMAGE_PACKAGES[$name]} from $mirror (log: $log)"
  debootstrap --variant=minbase --include="${IMAGE_PACKAGES[$name]// /,}" "$IMAGES_SUITE" "$rootfs" "$mirror" >"$log" 2>&1 || {
    tail -n 5 "$log" >&2
    infra_die "images: debootstrap of $name failed; log: $log"
  }
  local cas
  cas=$(image_local_cas "$name")
  if [[ -n "$cas" ]]; then
    infra_say "images: $name trusts the local CAs of this machine: $(echo $cas | xargs -n1 basename | tr '\n' ' ')"
    # shellcheck disable=SC2086 # file names from find, without spaces
    cp $cas "$rootfs/usr/local/share/ca-certificates/"
    mount -t proc proc "$rootfs/proc"
    chroot "$rootfs" update-ca-certificates >>"$log" 2>&1 || { umount "$rootfs/proc"; infra_die "images: update-ca-certificates in $name failed; log: $log"; }
    umount "$rootfs/proc"
  fi
  # What a container does not need: downloaded packages and package lists, logs of the install.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
  # Device nodes and the contents of /proc and /sys come from the container runtime.
  tar -C "$rootfs" --numeric-owner --sort=name --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$dir/layer.tar" . || infra_die "images: packing $rootfs failed"
  rm -rf "$rootfs"
  sha256sum "$dir/layer.tar" | cut -d' ' -f1 >"$dir/layer.diffid"
  gzip -n -6 -c "$dir/layer.tar" >"$dir/layer.tar.gz"
  rm -f "$dir/layer.tar"
  sha256sum "$dir/layer.tar.gz" | cut -d' ' -f1 >"$dir/layer.digest"
  image_recipe "$name" >"$dir/recipe"
}

# image_push NAME: config and manifest around the cached layer, pushed with the registry API.
image_push() {
  local name=$1 dir="$IMAGES_CACHE/$1" ref=${IMAGE_REF[$1]} repo diffid digest size config config_digest
  repo=${ref%:*}
  diffid=$(<"$dir/layer.diffid")
  digest=$(<"$dir/layer.digest")
  size=$(stat -c %s "$dir/layer.tar.gz")
  config="$dir/config.json"
  printf '{"architecture":"amd64","os":"linux","config":{"Env":[%s],"Cmd":["/bin/bash"],"Labels":{"dev.aloft.image.recipe":"%s","dev.aloft.image.packages":"%s"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"aloft infra/images: debootstrap --variant=minbase --include=%s %s"}]}' \
    "$IMAGE_ENV_COMMON" "$(<"$dir/recipe")" "${IMAGE_PACKAGES[$name]}" "$diffid" "${IMAGE_PACKAGES[$name]// /,}" "$IMAGES_SUITE" >"$config"
  config_digest=$(sha256sum "$config" | cut -d' ' -f1)
  blob_push "$repo" "$dir/layer.tar.gz" "sha256:$digest"
  blob_push "$repo" "$config" "sha256:$config_digest"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":"sha256:%s"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":"sha256:%s"}]}' \
    "$MANIFEST_TYPE" "$(stat -c %s "$config")" "$config_digest" "$size" "$digest" >"$dir/manifest.json"
  curl -fsS --max-time 60 -o /dev/null -X PUT -H "Content-Type: $MANIFEST_TYPE" --data-binary "@$dir/manifest.json" \
    "http://$IMAGES_REGISTRY/v2/$repo/manifests/${ref##*:}" || infra_die "images: $IMAGES_REGISTRY refused the manifest of $ref"
}

# images_write_env: where the images are, for the builder and its tests (rewritten when changed).
images_write_env() {
  local tmp="$IMAGES_ENV.tmp"
  {
    echo "# Written by aloft infra/images/up: the base images in the local registry. KEY=VALUE, no quoting."
    echo "ALOFT_BUILDER_BASE_IMAGE=$IMAGES_REGISTRY/${IMAGE_REF[jre]}"
    echo "ALOFT_RUNTIME_BUILDER_BASE_IMAGE=$IMAGES_REGISTRY/${IMAGE_REF[builder-base]}"
    echo "ALOFT_BUILDER_INSECURE_REGISTRY=true"
  } >"$tmp"
  if cmp -s "$tmp" "$IMAGES_ENV"; then rm -f "$tmp"; else mv "$tmp" "$IMAGES_ENV"; fi
}
