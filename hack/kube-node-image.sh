#!/usr/bin/env bash
# Builds sluice/kube-node:v<KUBE_VERSION>, a single-node Kubernetes image compatible with
# Testcontainers' K3sContainer (e2e-tests/node-image/), entirely from local builds: Kubernetes
# and etcd (hack/kube-test-binaries.sh), CoreDNS (hack/coredns.sh), the Debian base
# (hack/base-image.sh node) and a pause image compiled here with gcc -static.
# An image whose label carries the same inputs hash is kept as it is (a rerun takes seconds).
# Prints the image name on stdout.
#
#   KUBE_VERSION      (default 1.34.10)
#   KUBE_NODE_IMAGE   (default sluice/kube-node:v$KUBE_VERSION)
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_VERSION="${KUBE_VERSION:-1.34.10}"
KUBE_VERSION="${KUBE_VERSION#v}"
IMAGE="${KUBE_NODE_IMAGE:-sluice/kube-node:v$KUBE_VERSION}"
PAUSE_IMAGE=sluice/pause:3.10 # the node's containerd.toml names it as its sandbox image
SRC="$ROOT/e2e-tests/node-image"
WORK="${XDG_CACHE_HOME:-$HOME/.cache}/sluice/kube-node"
export DOCKER_BUILDKIT=0 # the classic builder: no buildx plugin needed, and no registry look-ups

log() { printf '[kube-node-image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
timed() {
  local what="$1" t0 out
  shift
  t0=$(date +%s)
  out="$("$@")"
  log "$what: $(($(date +%s) - t0))s"
  printf '%s' "$out"
}
# Runs a command, showing its output only if it fails (the classic builder's deprecation notice).
quiet() {
  local out
  out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }
}
label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

docker info >/dev/null 2>&1 || die "Docker daemon not reachable (hack/e2e-prereqs.sh starts one)"
mkdir -p "$WORK"
exec 9>"$WORK/.lock"
flock 9

BIN_DIR="$(timed "Kubernetes binaries" env KUBE_VERSION="$KUBE_VERSION" "$ROOT/hack/kube-test-binaries.sh")"
COREDNS="$(timed "CoreDNS" "$ROOT/hack/coredns.sh")"
timed "base image" "$ROOT/hack/base-image.sh" node
BASE_ID="$(docker image inspect -f '{{.Id}}' sluice/kube-node-base:bookworm)"

# ---- pause ---------------------------------------------------------------------------------
build_pause() {
  local hash tar ctx
  command -v gcc >/dev/null || die "gcc not found: apt-get install gcc libc6-dev (the pause binary is static C)"
  hash="$(cat "$SRC/pause/pause.c" <(gcc --version | head -1) | sha256sum | cut -c1-12)"
  tar="$WORK/pause-$hash.tar"
  if [[ "$(label "$PAUSE_IMAGE" dev.sluice.inputs)" != "$hash" || ! -f "$tar" ]]; then
    ctx="$(mktemp -d)"
    gcc -static -Os -s -o "$ctx/pause" "$SRC/pause/pause.c" || die "compiling pause.c failed (static glibc: libc6-dev)"
    printf 'FROM scratch\nCOPY pause /pause\nENTRYPOINT ["/pause"]\n' >"$ctx/Dockerfile"
    quiet docker build -q --label "dev.sluice.inputs=$hash" -t "$PAUSE_IMAGE" "$ctx"
    rm -rf "$ctx"
    rm -f "$WORK"/pause-*.tar
    docker save -o "$tar.partial" "$PAUSE_IMAGE" && mv "$tar.partial" "$tar"
  fi
  echo "$tar"
}
PAUSE_TAR="$(timed "pause image" build_pause)"

# ---- build context ---------------------------------------------------------------------------
CTX="$WORK/context"
rm -rf "$CTX" && mkdir -p "$CTX/bin" "$CTX/images"
cp -a "$SRC/Dockerfile" "$SRC/rootfs" "$CTX/"
link() { ln -f "$1" "$2" 2>/dev/null || cp -p "$1" "$2"; } # hard links: no copy of 500 MB
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
  link "$BIN_DIR/$b" "$CTX/bin/$b"
done
link "$BIN_DIR/etcd-server" "$CTX/bin/etcd" # the real etcd, not kube-api-test's loopback wrapper
link "$COREDNS" "$CTX/bin/coredns"
link "$PAUSE_TAR" "$CTX/images/pause.tar"

# The big inputs (binaries, archives) count by size and time, which every rebuild changes: hashing
# their 550 MB took seconds on each run. The sources count by content.
HASH="$( (cd "$CTX" && find bin images -type f -printf '%s %T@ %p\n' | sort &&
  find . -path ./bin -prune -o -path ./images -prune -o -type f -print0 | sort -z | xargs -0 sha256sum &&
  find . -printf "%m %p\n" | sort; echo "$BASE_ID") | sha256sum | cut -c1-16)"
if [[ "$(label "$IMAGE" dev.sluice.inputs)" == "$HASH" ]]; then
  log "$IMAGE is up to date ($HASH)"
else
  OLD="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  t0=$(date +%s)
  quiet docker build -q --label "dev.sluice.inputs=$HASH" -t "$IMAGE" "$CTX"
  log "docker build $IMAGE: $(($(date +%s) - t0))s"
  [[ -z "$OLD" ]] || docker rmi "$OLD" >/dev/null 2>&1 || true
fi
rm -rf "$CTX"
log "$IMAGE: $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1000000}')"
echo "$IMAGE"
