"""Running the gateway app in tests, and speaking to it as the kiosk screen does.

``running_app`` enters the app's lifespan and gives an httpx client calling it from 127.0.0.1 with the
local origin (no socket); ``serve_app`` runs it under uvicorn on a free loopback port; ``screen_at`` opens
the screen's HTTP client and event WebSocket on a served app. Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from fastapi import FastAPI

__all__ = ["Screen", "running_app", "screen_at", "serve_app"]


@contextlib.asynccontextmanager
async def running_app(
    app: FastAPI, origin: str, *, client: tuple[str, int] = ("127.0.0.1", 50123)
) -> AsyncIterator[httpx.AsyncClient]:
    """The app's lifespan, and an httpx client calling it from ``client`` with ``origin`` as base URL."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url=origin) as http:
            yield http


def free_loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.asynccontextmanager
async def serve_app(app_for_port: Callable[[int], FastAPI]) -> AsyncIterator[tuple[FastAPI, str]]:
    """Run the app under uvicorn on a free loopback port (``app_for_port(port)`` builds it for that port)."""
    import uvicorn

    sock = free_loopback_socket()
    port = sock.getsockname()[1]
    app = app_for_port(port)
    config = uvicorn.Config(
        app, lifespan="on", log_config=None, http="h11", ws="websockets-sansio", proxy_headers=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("uvicorn stopped before it started")
            await asyncio.sleep(0.01)
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


class Screen:
    """The kiosk screen: bridge calls (``http``, base URL ``.../``) and the event stream (``ws``)."""

    def __init__(self, http: httpx.AsyncClient, ws: Any) -> None:
        self.http, self.ws = http, ws

    async def next(self, kind: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        """The next event of type ``kind`` whose fields equal ``match`` (others are skipped)."""
        async with asyncio.timeout(timeout):
            while True:
                event: dict[str, Any] = json.loads(await self.ws.recv())
                if event["type"] == kind and all(event.get(k) == v for k, v in match.items()):
                    return event


@contextlib.asynccontextmanager
async def screen_at(base: str, timeout: float = 60.0) -> AsyncIterator[Screen]:
    """The screen of the gateway served at ``base`` (``http://127.0.0.1:PORT``), with the local origin."""
    import websockets

    async with (
        httpx.AsyncClient(base_url=base, headers={"Origin": base}, timeout=timeout) as http,
        websockets.connect(base.replace("http", "ws", 1) + "/bridge/events", origin=websockets.Origin(base)) as ws,
    ):
        yield Screen(http, ws)
