#!/usr/bin/env bash
# Install the Debian packages the kiosk gateway's hardware-stack tests need:
#   pcscd + vsmartcard-vpcd (a virtual PC/SC reader; TEST MACHINES ONLY: vpcd listens on all interfaces),
#   libpcsclite-dev (pyscard builds against it), CUPS + cups-pdf (a PDF printer), libcups2-dev (pycups),
#   swig (pyscard's build; PyPI's swig is used when present, the Debian one is a safety net).
# Idempotent: does nothing when every package is already installed; runs `apt-get update` at most once.
set -euo pipefail

PACKAGES=(
    pcscd vsmartcard-vpcd libpcsclite-dev
    cups cups-bsd cups-client printer-driver-cups-pdf libcups2-dev
    swig
)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "kiosk test deps: all installed (${PACKAGES[*]})"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "kiosk test deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "kiosk test deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Do not let package scripts try to start daemons (no init system here; the tests start them).
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "kiosk test deps: done"
