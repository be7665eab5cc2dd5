"""Serving the built PWA: files with their cache headers, index.html for the app's routes, 404 for the
server's own paths."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from balai.common.pwa import PwaFiles


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Balai</title>")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    return tmp_path


async def get(dist: Path, path: str) -> httpx.Response:
    app = Starlette(routes=[Mount("/", app=PwaFiles(directory=dist, server_prefixes=("bridge", "healthz")))])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kiosk") as client:
        return await client.get(path)


async def test_client_routes_get_the_app_and_revalidate(dist: Path) -> None:
    for path in ("/", "/kiosk", "/surat/42", "/konsol/penduduk"):
        answer = await get(dist, path)
        assert answer.status_code == 200, path
        assert answer.text.startswith("<!doctype html>"), path
        assert answer.headers["cache-control"] == "no-cache", path


async def test_hashed_assets_are_immutable_and_entry_points_revalidate(dist: Path) -> None:
    asset = await get(dist, "/assets/index-abc123.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (await get(dist, "/sw.js")).headers["cache-control"] == "no-cache"


async def test_server_paths_and_missing_files_are_not_the_app(dist: Path) -> None:
    for path in ("/bridge/nothing", "/healthz", "/assets/gone.js", "/favicon.ico"):
        assert (await get(dist, path)).status_code == 404, path
