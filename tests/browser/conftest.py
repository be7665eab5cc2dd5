"""Browser tests: the built PWA served by the embedded stack (`python -m balai.stack up`), driven by
Playwright for Python in Debian's Chromium (/usr/bin/chromium; `playwright install` is never run).

The stack is started once per session on a free port with a fresh data folder; its demo seeding
(Mojowarno with staff accounts and a family) is what the tests log in with. Screenshots at phone size
(360x800) go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._support import CHROMIUM, CHROMIUM_ARGS, PHONE, ROOT, Stack, ensure_pwa_built, free_port, wait_until_seeded

HERE = Path(__file__).parent
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == HERE:
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Build the PWA (npm ci + vite build, a minute on a fresh checkout) before any test's timeout starts."""
    if any(Path(str(item.fspath)).parent == HERE for item in session.items):
        ensure_pwa_built()


@pytest.fixture(scope="package")  # not session: the Playwright sync loop must end before other packages run
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (infra/scripts/system-deps.sh test)")
    ensure_pwa_built()
    data = tmp_path_factory.mktemp("stack")
    port = free_port()
    log_path = data / "stack.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "balai.stack", "up", "--port", str(port), "--data", str(data)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_seeded(proc, url, log_path)
            yield Stack(url, data)
        finally:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log_path, ARTIFACTS / "browser-stack.log")  # for a failure seen in CI


@pytest.fixture(scope="package")  # Playwright's sync API holds a running event loop until stopped
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser: Any, stack: Stack) -> Iterator[Any]:
    ctx = browser.new_context(
        base_url=stack.url,
        viewport=PHONE,
        device_scale_factor=1,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        service_workers="allow",
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert not errors, f"JavaScript errors on the page: {errors}"
