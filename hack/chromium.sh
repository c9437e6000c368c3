#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: LocalScalingTest, a scenario, opens sluice run's
# live page in it headless. Needs root, as on our machines; elsewhere it says what to install.
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail
source "$(dirname "$0")/lib/debian-packages.sh"

[[ -x /usr/bin/chromium ]] && exit 0
install_debian_packages chromium chromium
