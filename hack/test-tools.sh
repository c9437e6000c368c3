#!/usr/bin/env bash
# Installs the tools that the tests run for real and that Debian packages, when they are missing:
# Lua 5.1 with a JSON library for the Argo CD health scripts, and the prometheus package: promtool
# for the SLO alert rules, the server for the Grafana dashboard's queries. Needs root, as on our machines;
# elsewhere it says what to install. The build calls it before the operator's tests.
set -euo pipefail
source "$(dirname "$0")/lib/debian-packages.sh"

missing=()
command -v lua5.1 >/dev/null 2>&1 && lua5.1 -e 'require("cjson")' >/dev/null 2>&1 || missing+=(lua5.1 lua-cjson)
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)

if ((${#missing[@]} == 0)); then
  exit 0
fi
install_debian_packages test-tools "${missing[@]}"
