#!/usr/bin/env bash
# The images the e2e tests need, built locally (no registry): the Java base that Sluice's images
# and the smoke test use, and the node image when the tests run on it. The e2e Maven profile runs
# this before the tests; each step takes seconds when its image is up to date.
#   SLUICE_E2E_BUILD_IMAGES=false   skip (images built some other way)
#   SLUICE_E2E_K3S_IMAGE            the cluster image the tests use (default sluice/kube-node:v$KUBE_VERSION)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_VERSION="${KUBE_VERSION:-1.34.10}"
K3S_IMAGE="${SLUICE_E2E_K3S_IMAGE:-sluice/kube-node:v$KUBE_VERSION}"
log() { printf '[e2e-images] %s\n' "$*" >&2; }

if [[ "${SLUICE_E2E_BUILD_IMAGES:-true}" == false ]]; then
  log "skipped (SLUICE_E2E_BUILD_IMAGES=false)"
  exit 0
fi
# On a fresh machine the README's test command sets up Docker itself (Debian's packages, a dockerd).
if ! docker info >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  "$ROOT/hack/e2e-prereqs.sh"
fi
t0=$(date +%s)
"$ROOT/hack/base-image.sh" jre
log "Java base image: $(($(date +%s) - t0))s"
if [[ "$K3S_IMAGE" == sluice/kube-node:* ]]; then
  t0=$(date +%s)
  KUBE_NODE_IMAGE="$K3S_IMAGE" "$ROOT/hack/kube-node-image.sh" >/dev/null
  log "node image $K3S_IMAGE: $(($(date +%s) - t0))s"
else
  log "cluster image $K3S_IMAGE is not built here"
fi
