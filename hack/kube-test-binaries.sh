#!/usr/bin/env bash
# Provide kube-apiserver, kubectl and etcd for io.fabric8:kube-api-test, and the node
# binaries (kubelet, kube-controller-manager, kube-scheduler, kube-proxy) for the e2e node
# image, built from Go modules with the local Go toolchain (no binary downloads needed).
#
# Usage: hack/kube-test-binaries.sh
#   KUBE_VERSION      Kubernetes version to build     (default 1.34.10)
#   ETCD_VERSION      etcd version to build           (default 3.6.5, the etcd
#                     that Kubernetes 1.34 tests against: build/dependencies.yaml)
#   KUBEAPITEST_DIR   kube-api-test root (default $KUBE_API_TEST_DIR, which is the
#                     library's own override, else ~/.kubeapitest)
#   KUBE_BUILD_DIR    scratch dir for the wrapper modules
#                     (default ${XDG_CACHE_HOME:-~/.cache}/sluice/kube-build)
#   KUBE_BUILD_JOBS   go build -p (default: number of CPUs)
#
# Result: $KUBEAPITEST_DIR/k8s/<KUBE_VERSION>-<os>-<arch>/{kube-apiserver,kubectl,etcd} plus
# {kubelet,kube-controller-manager,kube-scheduler,kube-proxy}, where etcd is a wrapper that
# keeps etcd on loopback and etcd-server is the real binary.
# Logs go to stderr; the binary directory is printed on stdout.
# Module and build caches are Go's own (GOMODCACHE, GOCACHE), so reruns are fast.
set -euo pipefail
shopt -s inherit_errexit

KUBE_VERSION="${KUBE_VERSION:-1.34.10}"
ETCD_VERSION="${ETCD_VERSION:-3.6.5}"
KUBE_VERSION="${KUBE_VERSION#v}"
ETCD_VERSION="${ETCD_VERSION#v}"
KUBEAPITEST_DIR="${KUBEAPITEST_DIR:-${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}}"
BUILD_ROOT="${KUBE_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/kube-build}"
JOBS="${KUBE_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
MIN_GO_MINOR=24 # Kubernetes 1.34 and etcd 3.6 declare go 1.24

log() { printf '[kube-test-binaries] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$KUBE_VERSION" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] ||
  die "KUBE_VERSION must look like 1.Y.Z, got '$KUBE_VERSION'"
KUBE_MINOR="${BASH_REMATCH[1]}"
# Staging modules (k8s.io/api, client-go, ...) are published as v0.Y.Z for Kubernetes v1.Y.Z.
STAGING_VERSION="v0.${KUBE_VERSION#1.}"
[[ "$ETCD_VERSION" =~ ^3\.[0-9]+\.[0-9]+$ ]] ||
  die "ETCD_VERSION must look like 3.Y.Z, got '$ETCD_VERSION'"

# kube-api-test names directories <version>-<os>-<arch> using Java's os.arch mapping.
case "$(uname -m)" in
  x86_64 | amd64) ARCH=amd64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  ppc64le) ARCH=ppc64le ;;
  *) die "unsupported machine architecture: $(uname -m)" ;;
esac
OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
K8S_DIR="$KUBEAPITEST_DIR/k8s"
TARGET="$K8S_DIR/$KUBE_VERSION-$OS-$ARCH"

# Built in one `go build` with kube-apiserver and kubectl, so they share its work and cache.
NODE_BINARIES=(kubelet kube-controller-manager kube-scheduler kube-proxy)

# True if $1 holds all the binaries at the pinned versions.
binaries_ok() {
  local d="$1" b
  for b in kube-apiserver kubectl etcd etcd-server "${NODE_BINARIES[@]}"; do
    [[ -f "$d/$b" && -x "$d/$b" ]] || return 1
  done
  # Capture output first: `cmd | grep -q` can fail under pipefail when grep exits early (SIGPIPE).
  for b in kube-apiserver "${NODE_BINARIES[@]}"; do
    [[ "$("$d/$b" --version 2>/dev/null)" == "Kubernetes v$KUBE_VERSION" ]] || return 1
  done
  [[ $'\n'"$("$d/kubectl" version --client 2>/dev/null)"$'\n' == *$'\n'"Client Version: v$KUBE_VERSION"$'\n'* ]] || return 1
  [[ $'\n'"$("$d/etcd" --version 2>/dev/null)"$'\n' == *$'\n'"etcd Version: $ETCD_VERSION"$'\n'* ]] || return 1
}

reuse_if_present() {
  if binaries_ok "$TARGET"; then
    log "reusing Kubernetes v$KUBE_VERSION binaries and etcd $ETCD_VERSION in $TARGET"
    echo "$TARGET"
    exit 0
  fi
}

# Run a step and report how long it took. The step runs with errexit in force
# (not inside `||`, which would disable it); on_exit names the step that failed.
CURRENT_STEP="" STEP_START=0 STAGE=""
step() {
  CURRENT_STEP="$1"
  shift
  log "$CURRENT_STEP ..."
  STEP_START=$(date +%s)
  "$@"
  log "$CURRENT_STEP done in $(($(date +%s) - STEP_START))s"
  CURRENT_STEP=""
}
on_exit() {
  local rc=$?
  [[ -z "$STAGE" ]] || rm -rf "$STAGE"
  if ((rc != 0)) && [[ -n "$CURRENT_STEP" ]]; then
    log "ERROR: $CURRENT_STEP failed (exit $rc) after $(($(date +%s) - STEP_START))s"
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM # still run on_exit, so no .partial-* dir is left behind

reuse_if_present

# ---- preflight --------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "go not found on PATH: install Go >= 1.$MIN_GO_MINOR"
GOVERSION="$(go env GOVERSION)"
[[ "$GOVERSION" =~ ^go1\.([0-9]+) ]] || die "cannot parse Go version '$GOVERSION'"
((BASH_REMATCH[1] >= MIN_GO_MINOR)) || die "Go $GOVERSION is too old: install Go >= 1.$MIN_GO_MINOR"

# Builds happen in throwaway wrapper modules; don't let a go.work or an
# inherited -mod=vendor from the caller's environment interfere.
export GOWORK=off GO111MODULE=on CGO_ENABLED=0
read -ra inherited_goflags <<<"${GOFLAGS:-}"
GOFLAGS=""
for f in "${inherited_goflags[@]}"; do [[ "$f" == -mod=* ]] || GOFLAGS+="$f "; done
export GOFLAGS

mkdir -p "$BUILD_ROOT" "$K8S_DIR"
# Serialise concurrent runs (parallel CI jobs) so they don't build twice.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BUILD_ROOT/.lock"
  log "taking build lock $BUILD_ROOT/.lock"
  flock 9
  reuse_if_present
fi

log "building Kubernetes v$KUBE_VERSION (staging $STAGING_VERSION) and etcd v$ETCD_VERSION with $GOVERSION, -p $JOBS"
log "GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)"
TOTAL_START=$(date +%s)

STAGE="$(mktemp -d "$K8S_DIR/.partial-$KUBE_VERSION.XXXXXX")" # same filesystem => atomic rename
chmod 755 "$STAGE"
cd "$BUILD_ROOT"

# Downloads module@version and prints the path of its go.mod.
mod_gomod() {
  local json
  if ! json="$(go mod download -json "$1")"; then
    log "cannot download module $1: $(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')"
    log "check that the Go module proxy is reachable (GOPROXY=$(go env GOPROXY))"
    return 1
  fi
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p'
}
# VCS commit of a module version, if the module proxy reports it (it may not).
mod_commit() {
  go list -m -f '{{with .Origin}}{{.Hash}}{{end}}' "$1" 2>/dev/null || true
}
# Copies the `go` and `godebug` directives of a dependency's go.mod, so the
# wrapper gets the same language version and GODEBUG defaults as upstream builds.
go_directives() {
  awk '/^go /{print} /^godebug \(/{b=1} b||/^godebug /{print} b&&/^\)/{b=0}' "$1"
}

# ---- Kubernetes ---------------------------------------------------------------
# k8s.io/kubernetes cannot be built as a dependency on its own: its go.mod requires
# the staging modules at v0.0.0 and replaces them with ./staging/... directories
# that the module zip does not contain. The wrapper module replaces each of them
# with its published v0.Y.Z release instead.
KDIR="$BUILD_ROOT/kubernetes-v$KUBE_VERSION"
K8S_CMDS=()
for b in kube-apiserver kubectl "${NODE_BINARIES[@]}"; do K8S_CMDS+=("k8s.io/kubernetes/cmd/$b"); done

k8s_prepare() {
  local gomod staging args=() m
  gomod="$(mod_gomod "k8s.io/kubernetes@v$KUBE_VERSION")"
  [[ -f "$gomod" ]] || { log "no go.mod for module ($gomod)"; return 1; }
  staging="$(sed -n 's#^[[:space:]]*\(replace[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[[:space:]]\{1,\}=>[[:space:]]\{1,\}\./staging/.*#\2#p' "$gomod")"
  [[ -n "$staging" ]] || { log "no ./staging replacements found in $gomod"; return 1; }
  log "staging modules: $(wc -w <<<"$staging") ($(tr '\n' ' ' <<<"$staging"))"

  rm -rf "$KDIR" && mkdir -p "$KDIR"
  {
    echo "module sluice.local/kube-build"
    echo
    go_directives "$gomod"
  } >"$KDIR/go.mod"
  args=("-require=k8s.io/kubernetes@v$KUBE_VERSION")
  for m in $staging; do args+=("-replace=$m=$m@$STAGING_VERSION"); done
  (cd "$KDIR" && go mod edit "${args[@]}" &&
    go get "${K8S_CMDS[@]/%/@v$KUBE_VERSION}")
}

k8s_build() {
  local commit date ld=() p
  commit="$(cd "$KDIR" && mod_commit "k8s.io/kubernetes@v$KUBE_VERSION")"
  date="$(date -u ${SOURCE_DATE_EPOCH:+--date=@$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)"
  # Same -X flags as Kubernetes' hack/lib/version.sh: the servers read
  # component-base/version, kubectl reads client-go/pkg/version.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=("-X=$p.gitVersion=v$KUBE_VERSION" "-X=$p.gitMajor=1" "-X=$p.gitMinor=$KUBE_MINOR"
      "-X=$p.gitTreeState=clean" "-X=$p.buildDate=$date")
    [[ -z "$commit" ]] || ld+=("-X=$p.gitCommit=$commit")
  done
  # One invocation: the six binaries share most packages, which then compile once.
  (cd "$KDIR" && go build -mod=mod -p "$JOBS" -trimpath -ldflags "-s -w ${ld[*]}" -o "$STAGE/" "${K8S_CMDS[@]}")
}

# ---- etcd -----------------------------------------------------------------------
# The etcd binary's main package is the root of go.etcd.io/etcd/server/v3
# (main.go calls etcdmain.Main), so a wrapper that requires it can build it.
EDIR="$BUILD_ROOT/etcd-v$ETCD_VERSION"

etcd_prepare() {
  local gomod
  gomod="$(mod_gomod "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")"
  [[ -f "$gomod" ]] || { log "no go.mod for module ($gomod)"; return 1; }
  rm -rf "$EDIR" && mkdir -p "$EDIR"
  {
    echo "module sluice.local/etcd-build"
    echo
    go_directives "$gomod"
  } >"$EDIR/go.mod"
  (cd "$EDIR" && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")
}

etcd_build() {
  local commit ldflags="-s -w"
  # server/vX and the root module's vX tags are the same commit; the proxy often
  # only knows it for the root module.
  commit="$(cd "$EDIR" && mod_commit "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")"
  [[ -n "$commit" ]] || commit="$(cd "$EDIR" && mod_commit "go.etcd.io/etcd/v3@v$ETCD_VERSION")"
  # etcd's version is a const that follows the module; only the git SHA is a variable.
  [[ -z "$commit" ]] || ldflags+=" -X=go.etcd.io/etcd/api/v3/version.GitSHA=${commit:0:9}"
  (cd "$EDIR" && go build -mod=mod -p "$JOBS" -trimpath -ldflags "$ldflags" -o "$STAGE/etcd-server" go.etcd.io/etcd/server/v3)
  write_etcd_loopback_wrapper "$STAGE/etcd"
}

# kube-api-test starts etcd with its client URLs on 0.0.0.0, and has no setting for it. Tests
# must serve on loopback only, so `etcd` is a wrapper that rewrites those URLs to 127.0.0.1.
write_etcd_loopback_wrapper() {
  cat >"$1" <<'WRAPPER'
#!/bin/sh
for arg do
  shift
  set -- "$@" "$(printf '%s' "$arg" | sed 's#//0\.0\.0\.0:#//127.0.0.1:#g')"
done
exec "$(dirname "$0")/etcd-server" "$@"
WRAPPER
  chmod +x "$1"
}

verify() {
  "$STAGE/kube-apiserver" --version >&2
  "$STAGE/kubectl" version --client >&2
  for b in "${NODE_BINARIES[@]}"; do printf '%s: %s\n' "$b" "$("$STAGE/$b" --version)" >&2; done
  "$STAGE/etcd" --version >&2
  if ! binaries_ok "$STAGE"; then
    log "built binaries do not report Kubernetes v$KUBE_VERSION / etcd $ETCD_VERSION"
    return 1
  fi
}

step "resolve Kubernetes v$KUBE_VERSION modules" k8s_prepare
step "build kube-apiserver, kubectl and ${NODE_BINARIES[*]}" k8s_build
step "resolve etcd v$ETCD_VERSION modules" etcd_prepare
step "build etcd" etcd_build
step "verify versions" verify

# Publish: rename the complete directory into place. kube-api-test only looks at
# names ending in -<os>-<arch>, so the .partial-* staging dir is never picked up.
if [[ -e "$TARGET" ]]; then
  OLD="$(mktemp -d "$K8S_DIR/.old-$KUBE_VERSION.XXXXXX")"
  mv "$TARGET" "$OLD/"
  mv -T "$STAGE" "$TARGET"
  rm -rf "$OLD"
else
  mv -T "$STAGE" "$TARGET"
fi
STAGE=""

log "sizes: $(cd "$TARGET" && du -h kube-apiserver kubectl etcd-server "${NODE_BINARIES[@]}" | awk '{printf "%s=%s ", $2, $1}')"
log "done in $(($(date +%s) - TOTAL_START))s: $TARGET"
echo "$TARGET"
