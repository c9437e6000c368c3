#!/usr/bin/env bash
# Provides the pinned Helm for the chart tests, built from its Go module with the local Go
# toolchain (Helm's release downloads are out of reach here). Reuses an earlier build.
# Prints the path of the helm binary on stdout.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-3.22.0}"
TOOLS_DIR="${SLUICE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/tools}"
TARGET="$TOOLS_DIR/helm-v$HELM_VERSION"

log() { printf '[helm] %s\n' "$*" >&2; }

if [[ -x "$TARGET/helm" ]] && "$TARGET/helm" version --short 2>/dev/null | grep -q "^v$HELM_VERSION"; then
  log "reusing Helm v$HELM_VERSION in $TARGET"
  echo "$TARGET/helm"
  exit 0
fi
command -v go >/dev/null || { log "ERROR: go not found: install Go 1.24 or newer"; exit 1; }

log "building Helm v$HELM_VERSION from its Go module (a few minutes the first time)"
started=$(date +%s)
STAGE="$(mktemp -d "$TOOLS_DIR.partial.XXXXXX" 2>/dev/null || { mkdir -p "$(dirname "$TOOLS_DIR")"; mktemp -d "$TOOLS_DIR.partial.XXXXXX"; })"
trap 'rm -rf "$STAGE"' EXIT
GOBIN="$STAGE" GOFLAGS=-mod=mod go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
  "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" || { log "ERROR: building Helm v$HELM_VERSION failed (see above)"; exit 1; }
mkdir -p "$TOOLS_DIR"
rm -rf "$TARGET"
mv -T "$STAGE" "$TARGET"
trap - EXIT
log "built Helm v$HELM_VERSION in $(($(date +%s) - started))s: $TARGET/helm"
echo "$TARGET/helm"
