#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: LocalScalingTest, a scenario, opens sluice run's
# live page in it headless. Needs root, as on our machines; elsewhere it says what to install.
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail

log() { printf '[chromium] %s\n' "$*" >&2; }

[[ -x /usr/bin/chromium ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  log "ERROR: the scenarios need Debian's chromium package; install it (apt-get install -y chromium) and run again"
  exit 1
fi
log "installing chromium"
started=$(date +%s)
# apt-get update only when the package lists are missing or older than a day.
if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit 2>/dev/null)" ]]; then
  apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
log "installed in $(($(date +%s) - started))s"
