"""The bridge answers the kiosk's own screen only.

The server binds a loopback address, and this middleware refuses, for HTTP and WebSocket alike:

- a peer that is not a loopback address (a misconfigured bind, a forwarded port);
- a ``Host`` header that is not the local origin's (a web page on the internet resolving its own name to
  127.0.0.1, "DNS rebinding", would send its own name);
- an ``Origin`` header that is not the local origin (or a configured extra origin): another web page
  open in the kiosk's browser must not drive the bridge from script.

Proxy headers (``X-Forwarded-For``...) are ignored: the bridge has no proxy in front of it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["LoopbackGuard", "is_loopback"]

log = logging.getLogger(__name__)

REFUSED = {
    "type": "https://balai.desa.id/problems/not_local",
    "title": "Tidak diizinkan",
    "status": 403,
    "detail": "Layanan anjungan hanya melayani layar anjungan ini.",
    "code": "not_local",
}


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.removeprefix("::ffff:")).is_loopback
    except ValueError:
        return False


class LoopbackGuard:
    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str], allowed_origins: Iterable[str]) -> None:
        self.app = app
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.allowed_origins = frozenset(o.lower().rstrip("/") for o in allowed_origins)

    def refusal(self, scope: Scope) -> str | None:
        client = scope.get("client")
        if not is_loopback(client[0] if client else None):
            return f"peer {client[0] if client else None} is not loopback"
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "").lower()
        if host not in self.allowed_hosts:
            return f"host {host!r} is not the local origin"
        origin = headers.get("origin")
        if origin is not None and origin.lower().rstrip("/") not in self.allowed_origins:
            return f"origin {origin!r} is not allowed"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason is None:
            await self.app(scope, receive, send)
            return
        log.warning("bridge refused a %s request to %s: %s", scope["type"], scope.get("path"), reason)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "not local"})
            return
        body = json.dumps(REFUSED).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
