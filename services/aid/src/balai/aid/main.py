"""The aid service: social-aid programs, beneficiaries, periods, disbursements, public check."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from balai.aid.api import router
from balai.aid.config import Settings
from balai.aid.domain.errors import DomainError
from balai.aid.handlers import EVENT_HANDLERS
from balai.aid.models import messaging, metadata
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import JwksFetcher
from balai.common.errors import Problem, problem_response
from balai.common.service import ServiceDefinition, create_service_app

log = logging.getLogger(__name__)

SERVICE = ServiceDefinition(
    name="aid",
    title="Balai Aid",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=AidUnitOfWork,
    consumes={"identity": EVENT_HANDLERS},
    uses_redis=True,
)


async def _on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(Problem(exc.status, exc.code, exc.detail, **exc.extra), request)


async def _on_integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """Two requests raced for the same unique thing (e.g. the same person into one program)."""
    log.warning("integrity error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    problem = Problem(
        409, "concurrent_change", "Data yang sama baru saja diubah permintaan lain. Muat ulang lalu coba lagi."
    )
    return problem_response(problem, request)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    app = create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    return app
