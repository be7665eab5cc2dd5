#!/usr/bin/env bash
# Install the Balai kiosk gateway on this kiosk PC and start it as a systemd service. One command, as root:
#
#   sudo services/kiosk-gateway/install.sh --centre https://balai.rembangkab.go.id --village 3317092016
#
# What it does (again and again without harm: existing config and the device key are kept):
#   1. Debian packages: pcscd + libccid (the card reader), python3-venv, and the headers pyscard/pycups build on
#   2. a system user `balai-kiosk` (groups lp), allowed by polkit to use pcscd
#   3. a venv in /opt/balai-kiosk/venv with balai-common, balai-contracts and balai-kiosk-gateway[hardware]
#      (versions pinned from uv.lock when uv is on this machine)
#   4. /etc/balai-kiosk/kiosk.toml (template to fill) and kiosk.env, unless they exist
#   5. infra/systemd/balai-kiosk.service, enabled and started
#   6. prints the device's public key and QR for the operator to enrol (`python -m balai.kiosk enroll-info`)
#
# Options: --centre URL  --village CODE  --port N (bridge, default 8787)  --source DIR (checkout; default: this
# script's)  --prefix DIR (default /opt/balai-kiosk)  --no-start  --dry-run (print what would be done)
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX=/opt/balai-kiosk
CONFIG_DIR=/etc/balai-kiosk
STATE_DIR=/var/lib/balai-kiosk
UNIT_DIR=/etc/systemd/system
SERVICE_USER=balai-kiosk
CENTRE="https://balai.example.go.id"
VILLAGE=""
PORT=8787
START=1
DRY=0

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --centre) CENTRE="$2"; shift 2 ;;
        --village) VILLAGE="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --source) SOURCE="$(cd "$2" && pwd)"; shift 2 ;;
        --prefix) PREFIX="$2"; shift 2 ;;
        --no-start) START=0; shift ;;
        --dry-run) DRY=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

VENV="$PREFIX/venv"
UNIT_SRC="$SOURCE/infra/systemd/balai-kiosk.service"

say() { printf '==> %s\n' "$*"; }
run() {  # a command, or only its echo with --dry-run
    if [ "$DRY" -eq 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi
}
write() {  # write stdin to $1 (mode $2, owner $3) unless it exists
    local path="$1" mode="$2" owner="$3" body
    body="$(cat)"
    if [ -e "$path" ]; then
        say "keeping $path"
        return
    fi
    if [ "$DRY" -eq 1 ]; then
        printf '+ write %s (mode %s, %s):\n%s\n' "$path" "$mode" "$owner" "$body"
        return
    fi
    install -m "$mode" -o "${owner%%:*}" -g "${owner##*:}" /dev/null "$path"
    printf '%s\n' "$body" >"$path"
}

[ -f "$SOURCE/services/kiosk-gateway/pyproject.toml" ] || { echo "no Balai checkout at $SOURCE (--source)" >&2; exit 1; }
[ -f "$UNIT_SRC" ] || { echo "missing $UNIT_SRC" >&2; exit 1; }
case "$CENTRE" in https://*) ;; *) echo "--centre must be an https:// URL" >&2; exit 2 ;; esac
if [ "$DRY" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo $0 ...)" >&2
    exit 1
fi

# 1. system packages -----------------------------------------------------------------------------------
PACKAGES=(pcscd libccid python3-venv python3-dev gcc libpcsclite-dev libcups2-dev swig)
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        say "installing ${missing[*]}"
        run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    elif [ "$DRY" -eq 1 ]; then
        say "would need the packages ${missing[*]} (no apt-get here)"
    else
        echo "install these packages first: ${missing[*]}" >&2
        exit 1
    fi
fi

# 2. the service user, and pcscd access for it (pcsc-lite asks polkit for users without a desktop session)
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    say "creating user $SERVICE_USER"
    run useradd --system --home-dir "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin \
        --groups lp "$SERVICE_USER"
fi
if [ -d /etc/polkit-1/rules.d ]; then
    write /etc/polkit-1/rules.d/50-balai-kiosk-pcscd.rules 0644 root:root <<EOF
// Let the Balai kiosk gateway (a system service, no desktop session) use the card reader.
polkit.addRule(function (action, subject) {
    if ((action.id == "org.debian.pcsc-lite.access_pcsc" || action.id == "org.debian.pcsc-lite.access_card")
        && subject.user == "$SERVICE_USER") {
        return polkit.Result.YES;
    }
});
EOF
fi

# 3. the venv --------------------------------------------------------------------------------------------
PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "the gateway needs Python 3.11 or newer (Debian 12 has it); found: $($PYTHON --version 2>&1)" >&2
    exit 1
fi
say "installing the gateway into $VENV"
run mkdir -p "$PREFIX"
[ -x "$VENV/bin/python" ] || run "$PYTHON" -m venv "$VENV"
run "$VENV/bin/pip" install --quiet --upgrade pip
if command -v uv >/dev/null 2>&1 && [ -f "$SOURCE/uv.lock" ]; then
    requirements="$PREFIX/requirements.txt"
    say "pinning dependencies from uv.lock"
    if [ "$DRY" -eq 1 ]; then
        printf '+ uv export ... > %s\n' "$requirements"
    else
        (cd "$SOURCE" && uv export --frozen --package balai-kiosk-gateway --extra hardware --no-dev \
            --no-emit-workspace --quiet) >"$requirements"
    fi
    run "$VENV/bin/pip" install --quiet --require-hashes -r "$requirements"
    run "$VENV/bin/pip" install --quiet --no-deps "$SOURCE/services/common" "$SOURCE/services/contracts" \
        "$SOURCE/services/kiosk-gateway"
else
    run "$VENV/bin/pip" install --quiet "$SOURCE/services/common" "$SOURCE/services/contracts" \
        "$SOURCE/services/kiosk-gateway[hardware]"
fi

# 4. configuration ---------------------------------------------------------------------------------------
run install -d -m 0750 -o root -g "$SERVICE_USER" "$CONFIG_DIR"
run install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$STATE_DIR"
write "$CONFIG_DIR/kiosk.toml" 0640 "root:$SERVICE_USER" <<EOF
# Balai kiosk gateway: see services/kiosk-gateway/README.md. Restart after a change:
#   sudo systemctl restart balai-kiosk

[kiosk]
data_dir = "$STATE_DIR"
bridge_port = $PORT
village_name = ""                # on queue tickets, e.g. "Desa Mojowarno"
# idle_timeout_s = 60
# heartbeat_interval_s = 30
# pwa_dir = "/opt/balai-kiosk/pwa"   # serve a built PWA at http://127.0.0.1:$PORT/

[centre]
url = "$CENTRE"
village = "$VILLAGE"
device_id = ""                   # empty: taken from the centre once an operator enrols this kiosk's key

[devices.card_reader]
reader_filter = ""               # e.g. "ACR1252"; empty = every PC/SC reader

[devices.a4_printer]
queue = "A4"                     # the CUPS queue (lpstat -p)

# [devices.ticket_printer]       # a thermal ESC/POS printer, if the kiosk has one
# connection = "network"
# host = "192.168.1.60"
# port = 9100
# profile = "TM-T20II"
EOF
write "$CONFIG_DIR/kiosk.env" 0640 "root:$SERVICE_USER" <<EOF
KIOSK_CONFIG_FILE=$CONFIG_DIR/kiosk.toml
KIOSK_ENVIRONMENT=production
KIOSK_DATABASE_URL=sqlite+aiosqlite:///$STATE_DIR/kiosk.db
# required by the shared production checks; the gateway never hashes NIKs
KIOSK_NIK_HASH_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
EOF

# 5. the service -----------------------------------------------------------------------------------------
sed "s#/opt/balai-kiosk/venv#$VENV#g" "$UNIT_SRC" >"${TMPDIR:-/tmp}/balai-kiosk.service.$$"
run install -m 0644 "${TMPDIR:-/tmp}/balai-kiosk.service.$$" "$UNIT_DIR/balai-kiosk.service"
rm -f "${TMPDIR:-/tmp}/balai-kiosk.service.$$"
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    run systemctl enable pcscd.socket balai-kiosk.service
    if [ "$START" -eq 1 ]; then
        run systemctl restart balai-kiosk.service
    fi
else
    say "no running systemd here: the unit is installed; start it on the kiosk with: systemctl enable --now balai-kiosk"
fi

# 6. enrolment -------------------------------------------------------------------------------------------
say "this kiosk's public key, for the operator console:"
run runuser -u "$SERVICE_USER" -- env KIOSK_CONFIG_FILE="$CONFIG_DIR/kiosk.toml" "$VENV/bin/python" -m balai.kiosk enroll-info
say "done. Enrol the key above in the operator console (Anjungan); the kiosk picks up its id by itself. Printers: $CONFIG_DIR/kiosk.toml, then systemctl restart balai-kiosk"
