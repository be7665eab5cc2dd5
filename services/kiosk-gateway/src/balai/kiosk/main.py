"""The kiosk gateway: runs on the kiosk PC (e-KTP reader, printers, local bridge, offline queue).

Built on the edge service shape (`balai.common.edge`: the common app, settings, problem details,
``/healthz``, ``/readyz``, ``/metrics``, Alembic migrations at start, a unit of work) over its own SQLite
file through the standard library's sqlite3: not a central service, it publishes no events, uses no
NATS, Redis or SQLAlchemy (memory: docs/adr/0030-kiosk-memory.md), its readiness is database + centre +
devices, and everything it serves is for the kiosk's own screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from balai.common.edge import EdgeRuntime, EdgeServiceDefinition, create_edge_service_app
from balai.common.pwa import PwaFiles
from balai.kiosk.api import router
from balai.kiosk.centre import CentreClient
from balai.kiosk.centre_http import HttpCentreClient
from balai.kiosk.config import Settings
from balai.kiosk.devices import CardReader, DocumentPrinter, TicketPrinter
from balai.kiosk.gateway import VERSION, Gateway
from balai.kiosk.guard import LoopbackGuard
from balai.kiosk.keys import DeviceKey
from balai.kiosk.uow import KioskUnitOfWork

__all__ = ["SERVICE", "create_app"]


SERVICE = EdgeServiceDefinition(
    name="kiosk",
    title="Balai Kiosk gateway",
    settings_type=Settings,
    migrations=Path(__file__).parent / "migrations",
    schema="balai.kiosk.models",  # SQLAlchemy tables, for Alembic only
    routers=[router],
    uow_type=KioskUnitOfWork,
    version=VERSION,
)


def create_app(
    settings: Settings | None = None,
    *,
    centre: CentreClient | None = None,
    card_reader: CardReader | None = None,
    printer: DocumentPrinter | None = None,
    ticket_printer: TicketPrinter | None = None,
    key: DeviceKey | None = None,
) -> FastAPI:
    """The gateway app. Devices left out are built from ``settings.devices``; ``centre`` defaults to the
    HTTPS client on ``settings.centre`` (tests inject one on ``httpx.ASGITransport``, or a fake)."""
    settings = settings or Settings()
    app = create_edge_service_app(SERVICE, settings)
    runtime: EdgeRuntime = app.state.runtime

    def uow() -> KioskUnitOfWork:
        unit = runtime.uow()
        assert isinstance(unit, KioskUnitOfWork)
        return unit

    gateway = Gateway(
        settings,
        uow,
        runtime.db.ping,
        centre or HttpCentreClient(settings.centre, user_agent=f"balai-kiosk/{VERSION}"),
        card_reader=card_reader,
        printer=printer,
        ticket_printer=ticket_printer,
        key=key,
    )
    app.state.gateway = gateway
    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app):  # database migrated, common runtime up
            await gateway.start()
            try:
                yield
            finally:
                await gateway.stop()

    app.router.lifespan_context = lifespan
    runtime.readiness_checks.append(gateway.readiness)  # database, centre, enrolment, devices
    if settings.pwa_dir:
        # the kiosk screen itself (/kiosk), served from this PC so it opens while the link is down
        pwa = PwaFiles(directory=settings.pwa_dir, server_prefixes=("bridge", "healthz", "readyz", "metrics"))
        app.mount("/", pwa, name="pwa")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "Idempotency-Key", "Authorization"],
            allow_private_network=True,  # Chromium's Private Network Access: a public page calling loopback
        )
    app.add_middleware(
        LoopbackGuard, allowed_hosts=settings.allowed_hosts, allowed_origins=settings.allowed_origins
    )  # outermost: nothing answers a request that is not from this kiosk's screen
    return app
