"""The PWA's own checks, so that `make test` runs them: its Vitest unit tests (queue, i18n, formatting,
token refresh, problem details, kiosk rules), and how the stack serves the built app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ._support import DIST, PWA, Stack


def test_vitest_unit_tests_pass() -> None:
    npx = shutil.which("npx")
    if npx is None:
        pytest.fail("npx is needed to run the PWA's unit tests")
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}  # CI=true makes vitest colour its summary
    done = subprocess.run([npx, "vitest", "run"], cwd=PWA, capture_output=True, text=True, timeout=110, env=env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    plain = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    assert re.search(r"Tests\s+\d+ passed", plain), plain[-2000:]


def test_stack_serves_the_pwa_with_the_right_cache_headers(stack: Stack) -> None:
    index = httpx.get(f"{stack.url}/")
    assert index.status_code == 200
    assert index.headers["cache-control"] == "no-cache"
    script = re.search(r'src="(/assets/[^"]+\.js)"', index.text)
    assert script, index.text
    asset = httpx.get(f"{stack.url}{script.group(1)}")
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    for name in ("sw.js", "manifest.webmanifest", "offline.html"):
        r = httpx.get(f"{stack.url}/{name}")
        assert r.status_code == 200, name
        assert r.headers["cache-control"] == "no-cache", name
    icon = httpx.get(f"{stack.url}/icons/icon-192.png")
    assert icon.headers["cache-control"] == "public, max-age=86400"
    assert icon.headers["content-type"] == "image/png"


def test_client_routes_get_the_app_and_server_paths_do_not(stack: Stack) -> None:
    shell = (DIST / "index.html").read_text()
    for path in ("/surat/123", "/konsol/penduduk", "/kiosk", "/pasar/produk/abc"):
        r = httpx.get(f"{stack.url}{path}")
        assert r.status_code == 200, path
        assert r.text == shell, path
        assert r.headers["cache-control"] == "no-cache", path
    for path in ("/assets/missing.js", "/missing.png", "/api/nothing/here"):
        assert httpx.get(f"{stack.url}{path}").status_code == 404, path
    assert httpx.get(f"{stack.url}/healthz").json() == {"status": "ok"}


def test_the_committed_openapi_documents_are_what_the_services_answer(tmp_path: Path) -> None:
    """The PWA's generated clients come from pwa/openapi/*.json: a service (or the kiosk bridge) changed
    without `npm run openapi:dump` would build a PWA that no longer matches it."""
    script = PWA / "scripts" / "dump_openapi.py"
    done = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    stale = [f.name for f in sorted(tmp_path.glob("*.json")) if f.read_text() != (PWA / "openapi" / f.name).read_text()]
    assert not stale, f"stale: {stale}; run `cd pwa && npm run openapi:dump` and commit the result"
