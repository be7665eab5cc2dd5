"""Dump each service's OpenAPI document into pwa/openapi/<service>.json without starting a server.

Run from the repository root:  uv run python pwa/scripts/dump_openapi.py   (or `npm run openapi:dump` in pwa/)
The PWA's typed API clients are generated from these files (scripts/gen-api.mjs), so commit them;
tests/browser/test_pwa_build.py dumps into a temporary folder (``--out``) and fails when they are stale.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path

SERVICES = ("identity", "letters", "aid", "marketplace", "kiosk")  # kiosk: the gateway's local bridge
OUT = Path(__file__).resolve().parents[1] / "openapi"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dump the services' OpenAPI documents for the PWA")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write <service>.json into")
    out: Path = parser.parse_args(argv).out
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        for name in SERVICES:
            main_module = importlib.import_module(f"balai.{name}.main")
            config = importlib.import_module(f"balai.{name}.config")
            app = main_module.create_app(config.Settings(data_dir=data))
            doc = app.openapi()
            (out / f"{name}.json").write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
            sys.stdout.write(f"{name}: {len(doc.get('paths', {}))} paths\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
