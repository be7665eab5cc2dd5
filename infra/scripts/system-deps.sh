#!/usr/bin/env bash
# Debian packages Balai needs on a developer or CI machine. Idempotent; needs root (or prints the command).
#   runtime:  pango + harfbuzz-subset for WeasyPrint (letter PDFs; without harfbuzz-subset 4-5x slower)
#   test:     + the kiosk hardware stack (pcscd, virtual reader, CUPS with a PDF printer) and Chromium
set -euo pipefail
profile="${1:-runtime}"
runtime=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
test=(pcscd vsmartcard-vpcd libpcsclite-dev cups cups-bsd cups-client printer-driver-cups-pdf libcups2-dev
      swig chromium poppler-utils)
packages=("${runtime[@]}")
[ "$profile" = "test" ] && packages+=("${test[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Balai needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    [ "$profile" = "test" ] && exit 1 || exit 0
  fi
else SUDO=""; fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
