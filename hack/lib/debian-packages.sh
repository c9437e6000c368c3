# Sourced by the hack scripts that install Debian packages the build needs: one way to install them,
# with one message when that cannot be done here.

# install_debian_packages TAG PACKAGE...: installs the packages with apt-get; without root or apt-get,
# says what to install and fails. Refreshes the package lists only when missing or older than a day.
install_debian_packages() {
  local tag=$1 started
  shift
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    printf '[%s] ERROR: needs these Debian packages: %s; install them (apt-get install -y %s) and run again\n' \
      "$tag" "$*" "$*" >&2
    return 1
  fi
  printf '[%s] installing %s\n' "$tag" "$*" >&2
  started=$(date +%s)
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit 2>/dev/null)" ]]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  printf '[%s] installed in %ss\n' "$tag" "$(($(date +%s) - started))" >&2
}
