#!/usr/bin/env bash
# Installs the tools that the tests run for real and that Debian packages, when they are missing:
# Lua 5.1 with a JSON library for the Argo CD health scripts, and the prometheus package: promtool
# for the SLO alert rules, the server for the Grafana dashboard's queries. Needs root, as on our machines;
# elsewhere it says what to install. The build calls it before the operator's tests.
set -euo pipefail

log() { printf '[test-tools] %s\n' "$*" >&2; }

missing=()
command -v lua5.1 >/dev/null 2>&1 && lua5.1 -e 'require("cjson")' >/dev/null 2>&1 || missing+=(lua5.1 lua-cjson)
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)

if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  log "ERROR: the tests need these Debian packages: ${missing[*]}; install them and run again"
  exit 1
fi
log "installing ${missing[*]}"
started=$(date +%s)
# apt-get update only when the package lists are missing or older than a day.
if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit 2>/dev/null)" ]]; then
  apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed in $(($(date +%s) - started))s"
