#!/usr/bin/env bash
# Smoke-test binaries from hack/kube-test-binaries.sh: start etcd and kube-apiserver
# on 127.0.0.1 (free ports, temp dirs), run `kubectl get ns` with an admin token,
# then shut everything down.
#
# Usage: hack/kube-smoke.sh [BIN_DIR]   (default: the directory kube-test-binaries.sh prints)
set -euo pipefail

log() { printf '[kube-smoke] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

BIN="${1:-$("$(dirname "$0")/kube-test-binaries.sh")}"
for b in etcd kube-apiserver kubectl; do [[ -x "$BIN/$b" ]] || die "missing $BIN/$b"; done
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local rc=$? i
  # Stop kube-apiserver before etcd so it doesn't sit retrying a dead etcd.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  if ((rc != 0)); then
    log "logs follow"
    tail -n 30 "$WORK"/*.log >&2 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Ask the kernel for a free port on 127.0.0.1 (bash can't bind, so probe with /dev/tcp).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

ETCD_CLIENT=$(free_port)
ETCD_PEER=$(free_port)
API_PORT=$(free_port)
TOKEN="$(openssl rand -hex 16)"

openssl genrsa -out "$WORK/sa.key" 2048 2>/dev/null
openssl rsa -in "$WORK/sa.key" -pubout -out "$WORK/sa.pub" 2>/dev/null
echo "$TOKEN,admin,admin,system:masters" >"$WORK/tokens.csv"

start=$(date +%s)
"$BIN/etcd" --data-dir "$WORK/etcd" --name smoke \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "smoke=http://127.0.0.1:$ETCD_PEER" --unsafe-no-fsync >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)

"$BIN/kube-apiserver" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
  --etcd-servers "http://127.0.0.1:$ETCD_CLIENT" --cert-dir "$WORK/certs" \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$WORK/sa.pub" \
  --service-account-signing-key-file "$WORK/sa.key" --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode RBAC --token-auth-file "$WORK/tokens.csv" >"$WORK/apiserver.log" 2>&1 &
PIDS+=($!)

KUBECTL=("$BIN/kubectl" --server "https://127.0.0.1:$API_PORT" --insecure-skip-tls-verify --token "$TOKEN")
for _ in $(seq 1 120); do
  if "${KUBECTL[@]}" get --raw /readyz >/dev/null 2>&1; then break; fi
  kill -0 "${PIDS[1]}" 2>/dev/null || die "kube-apiserver exited"
  sleep 1
done
"${KUBECTL[@]}" get --raw /readyz >/dev/null || die "kube-apiserver not ready after 120s"
log "apiserver ready in $(($(date +%s) - start))s on 127.0.0.1:$API_PORT (etcd 127.0.0.1:$ETCD_CLIENT)"
"${KUBECTL[@]}" version
"${KUBECTL[@]}" get ns
"${KUBECTL[@]}" create namespace smoke-test >/dev/null
"${KUBECTL[@]}" -n smoke-test create configmap hello --from-literal=k=v >/dev/null
[[ "$("${KUBECTL[@]}" -n smoke-test get configmap hello -o 'jsonpath={.data.k}')" == v ]] || die "configmap round-trip failed"
log "OK: etcd + kube-apiserver + kubectl work"
