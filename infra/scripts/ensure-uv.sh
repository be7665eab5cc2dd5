#!/usr/bin/env bash
# Prints the uv command to use, installing uv from PyPI first if it is missing.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
if [ -x "$HOME/.local/bin/uv" ]; then echo "$HOME/.local/bin/uv"; exit 0; fi
python3 -m pip install --quiet --user uv >&2 || python3 -m pip install --quiet uv >&2
command -v uv 2>/dev/null || { [ -x "$HOME/.local/bin/uv" ] && echo "$HOME/.local/bin/uv"; } || echo "python3 -m uv"
