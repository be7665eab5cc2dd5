"""The HTTP face every service shares, whatever runs behind it: problem details, metrics, correlation ids,
``/healthz``, ``/readyz``, ``/metrics`` and a lifespan that starts and stops the service's runtime.

Used by `balai.common.service.create_service_app` (central services: SQLAlchemy, NATS, Redis) and by
`balai.common.edge.create_edge_service_app` (the kiosk gateway: stdlib sqlite3, no events). This module
imports neither SQLAlchemy nor a message-bus client.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from balai.common.errors import install_problem_handlers
from balai.common.logs import correlation_id
from balai.common.metrics import MetricsMiddleware, metrics_endpoint

__all__ = ["CorrelationMiddleware", "ServiceRuntime", "service_app"]


class ServiceRuntime(Protocol):
    """What the app needs from a runtime: start, stop and readiness checks."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def readiness(self) -> dict[str, bool]: ...


class CorrelationMiddleware:
    """Takes X-Correlation-ID (or makes one) for logs and the events this request causes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-correlation-id", b"").decode("latin-1")[:64]
        token = correlation_id.set(incoming or str(uuid.uuid4()))
        try:
            await self.app(scope, receive, send)
        finally:
            correlation_id.reset(token)


def service_app(
    *,
    name: str,
    title: str,
    version: str,
    runtime: ServiceRuntime,
    routers: Sequence[APIRouter],
    readiness_summary: str = "Readiness: database, NATS (and Redis where used)",
) -> FastAPI:
    """The app of a service: `runtime` starts with the app's lifespan and answers `/readyz`."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, version=version, lifespan=lifespan, docs_url="/docs", openapi_url="/openapi.json")
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.add_middleware(MetricsMiddleware, service=name)
    app.add_middleware(CorrelationMiddleware)

    @app.get("/healthz", tags=["ops"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": name}

    @app.get("/readyz", tags=["ops"], summary=readiness_summary)
    async def readyz(request: Request) -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    for router in routers:
        app.include_router(router)
    return app
