#!/usr/bin/env bash
# Builds Debian bookworm base images without a container registry: debootstrap makes a minimal
# root filesystem from the Debian mirror that apt uses on this machine, apt-get installs the
# packages in a chroot, and `docker import` loads the result as a single-layer image.
#
#   sluice/debian-jre17:bookworm      a Java 17 runtime base (runtime, operator, Kafka images)
#   sluice/kube-node-base:bookworm    containerd, runc, CNI plugins, iptables, conntrack, ...:
#                                     the base of the e2e node image (hack/kube-node-image.sh)
#
# Usage: hack/base-image.sh [jre|node|all]   (default all)
#   DEBIAN_MIRROR   mirror URL (default: the first Debian archive in /etc/apt/sources.list*)
#   SLUICE_BASE_CACHE  cache dir for root filesystem tarballs
#                   (default ${XDG_CACHE_HOME:-~/.cache}/sluice/base-images)
# Reruns take seconds: each tarball and image is keyed by a hash of its inputs (this script
# and the package list), and an image whose label carries the same hash is kept as it is.
# Needs root, debootstrap and a running Docker daemon.
set -euo pipefail
shopt -s inherit_errexit

SUITE=bookworm
CACHE="${SLUICE_BASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/base-images}"
WHAT="${1:-all}"
JRE_IMAGE=sluice/debian-jre17:bookworm
NODE_BASE_IMAGE=sluice/kube-node-base:bookworm
JRE_PACKAGES=(openjdk-17-jre-headless ca-certificates netbase)
# What the node's entrypoint runs besides the Kubernetes binaries: containerd with runc and the
# CNI plugins (bridge, host-local, portmap, loopback), iptables and conntrack for kube-proxy,
# openssl for the cluster's certificates, tini as PID 1 to reap containerd's shims.
NODE_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack ca-certificates
  openssl iproute2 procps tini kmod)

log() { printf '[base-image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$WHAT" in jre | node | all) ;; *) die "usage: $0 [jre|node|all]" ;; esac
(($(id -u) == 0)) || die "must run as root (debootstrap and chroot)"
command -v debootstrap >/dev/null || die "debootstrap not found: apt-get install debootstrap"
docker info >/dev/null 2>&1 || die "Docker daemon not reachable (hack/e2e-prereqs.sh starts one)"

# deb822 (.sources: "URIs: ...") and one-line ("deb URI suite ...") formats.
apt_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\).*/\2/p' "$f"
  done | tr ' ' '\n' | sed '/^$/d'
}
MIRROR="${DEBIAN_MIRROR:-$(apt_uris | grep -v -- '-security' | grep -m1 '/debian/\{0,1\}$' || true)}"
[[ -n "$MIRROR" ]] || die "no Debian mirror found in /etc/apt/sources.list*: set DEBIAN_MIRROR"
SECURITY_MIRROR="$(apt_uris | grep -m1 -- '-security/\{0,1\}$' || true)"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9 # one build at a time per cache

SELF_HASH="$(sha256sum "$0" | cut -c1-12)"
MINBASE_TAR="$CACHE/minbase-$SUITE.tar"
MOUNTED=()
SCRATCH=""
cleanup() {
  local m
  for m in "${MOUNTED[@]}"; do umount -l "$m" 2>/dev/null || true; done
  [[ -z "$SCRATCH" ]] || rm -rf --one-file-system "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

timed() {
  local what="$1" t0
  shift
  t0=$(date +%s)
  "$@"
  log "$what: $(($(date +%s) - t0))s"
}

# Docs, man pages and translations are not needed in images: dpkg skips them.
write_dpkg_excludes() {
  mkdir -p "$1/etc/dpkg/dpkg.cfg.d"
  cat >"$1/etc/dpkg/dpkg.cfg.d/01-sluice-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
}

make_minbase() {
  local dir="$SCRATCH/minbase"
  log "debootstrap --variant=minbase $SUITE from $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >"$SCRATCH/debootstrap.log" 2>&1 ||
    { tail -20 "$SCRATCH/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  write_dpkg_excludes "$dir"
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
  tar -C "$dir" --numeric-owner -cf "$MINBASE_TAR.partial" .
  mv "$MINBASE_TAR.partial" "$MINBASE_TAR"
  rm -rf --one-file-system "$dir"
}

# $1 name, $2 output tarball, rest: packages to install on top of minbase.
make_derived() {
  local name="$1" out="$2" dir="$SCRATCH/$1"
  shift 2
  mkdir -p "$dir"
  tar -C "$dir" -xf "$MINBASE_TAR"
  {
    echo "deb $MIRROR $SUITE main"
    echo "deb $MIRROR $SUITE-updates main"
    [[ -z "$SECURITY_MIRROR" ]] || echo "deb $SECURITY_MIRROR $SUITE-security main"
  } >"$dir/etc/apt/sources.list"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  # Java's postinst steps (ca-certificates-java) need /proc.
  mount -t proc proc "$dir/proc" && MOUNTED+=("$dir/proc")
  chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" && apt-get clean' \
    sh "$@" >"$SCRATCH/$name-apt.log" 2>&1 ||
    { tail -20 "$SCRATCH/$name-apt.log" >&2; die "apt-get install $* in the $name chroot failed (log above)"; }
  umount "$dir/proc"
  MOUNTED=()
  rm -rf "$dir/var/lib/apt/lists/"* "$dir/var/cache/apt/"*.bin "$dir/var/log/"*.log "$dir/var/log/apt/"*
  # What debootstrap unpacked before the dpkg excludes were in place (about 50 MB).
  rm -rf "$dir/usr/share/locale/"* "$dir/usr/share/man/"* "$dir/usr/share/info/"*
  find "$dir/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  # Docker manages these at run time.
  : >"$dir/etc/resolv.conf"
  : >"$dir/etc/hostname"
  tar -C "$dir" --numeric-owner -cf "$out.partial" .
  mv "$out.partial" "$out"
  rm -rf --one-file-system "$dir"
}

# $1 image, $2 inputs hash, $3 tarball, rest: --change arguments.
import_image() {
  local image="$1" hash="$2" tarball="$3" old
  shift 3
  old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  docker import "$@" --change "LABEL dev.sluice.inputs=$hash" - "$image" <"$tarball" >/dev/null
  # The replaced image, now untagged, unless a container or another tag still uses it.
  [[ -z "$old" ]] || docker rmi "$old" >/dev/null 2>&1 || true
  log "imported $image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1000000}')"
}

image_hash() { docker image inspect -f '{{index .Config.Labels "dev.sluice.inputs"}}' "$1" 2>/dev/null || true; }

# $1 name, $2 image, rest: --change args, "--", packages.
build() {
  local name="$1" image="$2" changes=() hash tarball
  shift 2
  while [[ "$1" != "--" ]]; do changes+=("$1"); shift; done
  shift
  hash="$(printf '%s\n' "$SELF_HASH" "$SUITE" "$@" | sha256sum | cut -c1-12)"
  if [[ "$(image_hash "$image")" == "$hash" ]]; then
    log "$image is up to date ($hash)"
    return
  fi
  tarball="$CACHE/$name-$SUITE-$hash.tar"
  if [[ ! -f "$tarball" ]]; then
    if [[ ! -f "$MINBASE_TAR" ]]; then
      timed "debootstrap minbase" make_minbase
    fi
    timed "apt-get install ($name): $*" make_derived "$name" "$tarball" "$@"
    find "$CACHE" -maxdepth 1 -name "$name-$SUITE-*.tar" ! -name "$(basename "$tarball")" -delete
  fi
  timed "docker import $image" import_image "$image" "$hash" "$tarball" "${changes[@]}"
}

SCRATCH="$(mktemp -d "$CACHE/.scratch.XXXXXX")"
if [[ "$WHAT" == jre || "$WHAT" == all ]]; then
  build debian-jre17 "$JRE_IMAGE" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    -- "${JRE_PACKAGES[@]}"
fi
if [[ "$WHAT" == node || "$WHAT" == all ]]; then
  build kube-node-base "$NODE_BASE_IMAGE" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    -- "${NODE_PACKAGES[@]}"
fi
