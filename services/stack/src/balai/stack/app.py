"""One ASGI app for the whole platform: `/api/<service>/...` for each service, the PWA at `/`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route

from balai.common.pwa import PwaFiles
from balai.common.settings import BaseServiceSettings
from balai.letters.verify_page import verify_page_app

ServiceEntry = tuple[str, Callable[..., FastAPI], type[BaseServiceSettings]]


def service_entries() -> list[ServiceEntry]:
    from balai.aid.config import Settings as AidSettings
    from balai.aid.main import create_app as aid_app
    from balai.identity.config import Settings as IdentitySettings
    from balai.identity.main import create_app as identity_app
    from balai.letters.config import Settings as LettersSettings
    from balai.letters.main import create_app as letters_app
    from balai.marketplace.config import Settings as MarketplaceSettings
    from balai.marketplace.main import create_app as marketplace_app

    return [
        ("identity", identity_app, IdentitySettings),
        ("letters", letters_app, LettersSettings),
        ("aid", aid_app, AidSettings),
        ("marketplace", marketplace_app, MarketplaceSettings),
    ]


def build_stack(
    shared: dict[str, Any],
    pwa_dist: Path | None = None,
    *,
    database_url_template: str = "",
    per_service: dict[str, dict[str, Any]] | None = None,
    on_started: Callable[[Starlette], Coroutine[Any, Any, None]] | None = None,
) -> Starlette:
    """`shared` holds the settings every service gets (data dir, NATS, Redis, origin...).

    With `database_url_template` (e.g. `postgresql+asyncpg://postgres@127.0.0.1/balai_{service}`) each
    service uses its own PostgreSQL database instead of an SQLite file."""
    apps: dict[str, FastAPI] = {}
    for name, factory, settings_type in service_entries():
        values = {**shared, **(per_service or {}).get(name, {})}
        if database_url_template:
            values["database_url"] = database_url_template.format(service=name)
        apps[name] = factory(settings_type(**values))

    @contextlib.asynccontextmanager
    async def lifespan(root: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for app in apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            task = asyncio.create_task(on_started(root)) if on_started else None
            yield
            if task is not None and not task.done():
                task.cancel()

    routes: list[Any] = [Mount(f"/api/{name}", app=app) for name, app in apps.items()]
    routes.append(Mount("/v", app=verify_page_app(apps["letters"])))  # public letter verification pages
    routes.append(Route("/healthz", _health))
    if pwa_dist is not None and (pwa_dist / "index.html").exists():
        routes.append(Mount("/", app=PwaFiles(directory=pwa_dist, server_prefixes=SERVER_PREFIXES)))
    else:
        routes.append(Route("/", _landing))
    return Starlette(routes=routes, lifespan=lifespan)


# Files whose name stays the same across releases: the browser must ask every time (a stale service worker
# or index.html would keep an old app alive). Hashed files under assets/ never change: cache for a year.
# Paths that belong to the server, never to the PWA's client-side router.
SERVER_PREFIXES = ("api", "v", "healthz")


async def _health(_: Request) -> Response:
    return Response('{"status":"ok"}', media_type="application/json")


async def _landing(_: Request) -> Response:
    links = "".join(
        f'<li><a href="/api/{name}/docs">{name}</a></li>' for name in ("identity", "letters", "aid", "marketplace")
    )
    return HTMLResponse(
        "<!doctype html><html lang='id'><meta charset='utf-8'><title>Balai</title>"
        "<h1>Balai</h1><p>Platform desa cerdas. Aplikasi (PWA) belum dibangun; dokumentasi API:</p>"
        f"<ul>{links}</ul></html>"
    )
