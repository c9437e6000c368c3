#!/usr/bin/env bash
# Everything the e2e tests need on a fresh Debian 12 machine (root, Java 17 and Go present),
# idempotent: Debian's packages for Docker and the images, a running Docker daemon, then the
# Java base image and the node image. Prints each phase's time.
#
#   hack/e2e-prereqs.sh          install what is missing, start dockerd if needed, build images
#   hack/e2e-prereqs.sh stop     stop the dockerd that this script started (if it did)
#
#   SLUICE_DOCKERD_LOG   dockerd's log (default /var/log/sluice-dockerd.log)
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/hack/lib/debian-packages.sh"
PIDFILE=/run/sluice-dockerd.pid
DOCKERD_LOG="${SLUICE_DOCKERD_LOG:-/var/log/sluice-dockerd.log}"
# Docker and its runtime, the node image's base (debootstrap), gcc for the static pause binary.
PACKAGES=(docker.io containerd runc containernetworking-plugins iptables conntrack debootstrap
  gcc libc6-dev)

log() { printf '[e2e-prereqs] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
phase() {
  local what="$1" t0
  shift
  t0=$(date +%s)
  "$@"
  log "$what: $(($(date +%s) - t0))s"
}

stop_dockerd() {
  local pid
  [[ -f "$PIDFILE" ]] || { log "no dockerd started by this script"; return 0; }
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]; then
    kill -TERM "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "dockerd ($pid) did not stop in 30 s: killing it"; kill -KILL "$pid"; }
    log "stopped dockerd ($pid)"
  fi
  rm -f "$PIDFILE"
}

if [[ "${1:-}" == stop ]]; then
  stop_dockerd
  exit 0
fi
[[ -z "${1:-}" ]] || die "usage: $0 [stop]"
(($(id -u) == 0)) || die "must run as root (apt-get, dockerd, debootstrap)"

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "packages present: ${PACKAGES[*]}"
    return
  fi
  install_debian_packages e2e-prereqs "${missing[@]}"
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "Docker daemon already running"
    return
  fi
  # No systemd here: dockerd runs in the background, detached from this script's session.
  log "starting dockerd (log $DOCKERD_LOG)"
  setsid dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 150); do
    docker info >/dev/null 2>&1 && return
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { tail -20 "$DOCKERD_LOG" >&2; die "dockerd exited"; }
    sleep 0.2
  done
  tail -20 "$DOCKERD_LOG" >&2
  die "dockerd did not answer within 30 s"
}

phase "packages" install_packages
phase "Docker daemon" start_dockerd
phase "Java base image (sluice/debian-jre17:bookworm)" "$ROOT/hack/base-image.sh" jre
phase "node image" "$ROOT/hack/kube-node-image.sh" >/dev/null
