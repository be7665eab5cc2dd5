"""Shared pieces of the browser tests: the stack process, the PWA build, Chromium, screenshots."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from balai.stack.demo import DEMO_PASSWORD, DEMO_PIN, FAMILY

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "pwa"
DIST = PWA / "dist"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("BALAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}
OPERATOR = "operator.mojowarno"
KADES = "kades.mojowarno"
RESIDENT_NIK = str(FAMILY[1]["nik"])
RESIDENT_NAME = str(FAMILY[1]["name"])
RESIDENT_PIN = DEMO_PIN
STAFF_PASSWORD = DEMO_PASSWORD


def _newest(paths: list[Path]) -> float:
    newest = 0.0
    for base in paths:
        files = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file()]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def ensure_pwa_built() -> None:
    """Build pwa/dist when it is missing or older than its sources (what `make pwa` does)."""
    sources = [PWA / "src", PWA / "public", PWA / "index.html", PWA / "package.json", PWA / "vite.config.ts"]
    index = DIST / "index.html"
    if index.exists() and index.stat().st_mtime >= _newest(sources):
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to build the PWA for the browser tests")
    if not (PWA / "node_modules" / ".package-lock.json").exists():
        # `npm install --no-save` rather than `npm ci`: npm 11 writes lockfiles without other platforms'
        # optional packages (rollup, esbuild) and then refuses them in `npm ci` (npm/cli#8805); this
        # installs the locked versions and leaves the lockfile alone. Same as `make pwa`.
        subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund"], cwd=PWA, check=True, timeout=600)
    subprocess.run([npm, "run", "build"], cwd=PWA, check=True, timeout=600)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Stack:
    url: str
    data: Path

    def api(self, service: str) -> str:
        return f"{self.url}/api/{service}"

    def staff_token(self, username: str, password: str = STAFF_PASSWORD) -> str:
        r = httpx.post(f"{self.api('identity')}/auth/staff/login", json={"username": username, "password": password})
        r.raise_for_status()
        return str(r.json()["access_token"])


def wait_until_seeded(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 90) -> None:
    """Health first, then the demo operator can log in (the demo seeding runs after start-up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the stack exited early:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(httpx.HTTPError):
            r = httpx.post(
                f"{url}/api/identity/auth/staff/login",
                json={"username": OPERATOR, "password": STAFF_PASSWORD},
                timeout=5,
            )
            if r.status_code == 200 and "Balai berjalan" in log.read_text():
                return
        time.sleep(0.3)
    raise RuntimeError(f"the stack did not become ready:\n{log.read_text()[-4000:]}")


def shot(page: Any, name: str) -> Path:
    """A phone-size screenshot into test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
