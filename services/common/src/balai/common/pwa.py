"""Serving the built PWA from a Balai process: its files with the right cache headers, and index.html for
the app's own client routes (``/surat/42``, ``/konsol/penduduk``, ``/kiosk``). Used by the embedded stack
(the centre) and by the kiosk gateway (the kiosk screen, which must open while the link is down).

Hashed assets are cached for a year; the entry points (index.html, the service worker, the manifest)
are revalidated on every load, so a new release reaches phones on their next visit.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["PwaFiles", "cache_control"]

NO_CACHE = frozenset({"index.html", "sw.js", "manifest.webmanifest", "offline.html", "registerSW.js"})
IMMUTABLE = "public, max-age=31536000, immutable"


class PwaFiles(StaticFiles):
    """The built PWA in `directory`. `server_prefixes`: paths that belong to the server (its API), for
    which a missing file is a 404, never the app."""

    def __init__(self, *, directory: str | PathLike[str], server_prefixes: Iterable[str]) -> None:
        super().__init__(directory=directory, html=True)
        self.server_prefixes = tuple(p.strip("/") for p in server_prefixes)

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
            served = "index.html" if path in ("", ".") else path
        except HTTPException as exc:
            if exc.status_code != 404 or not self.is_client_route(path):
                raise
            response = await super().get_response("index.html", scope)
            served = "index.html"
        if response.status_code < 400:
            response.headers["Cache-Control"] = cache_control(served)
        return response

    def is_client_route(self, path: str) -> bool:
        """`surat/42` or `kiosk` is the app's; `assets/x.js`, `favicon.ico` or a server path is not."""
        path = path.strip("/")
        first, last = path.split("/", 1)[0], path.rsplit("/", 1)[-1]
        return first not in self.server_prefixes and "." not in last


def cache_control(path: str) -> str:
    path = path.lstrip("/")
    if path.startswith("assets/"):
        return IMMUTABLE
    if path in NO_CACHE or path.endswith(".html"):
        return "no-cache"
    return "public, max-age=86400"
