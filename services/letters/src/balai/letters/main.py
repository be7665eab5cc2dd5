"""The letters service: letter types and templates, requests, numbering, signing, PDFs, QR verification, archive."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import ServiceDefinition, create_service_app
from balai.letters.api import router
from balai.letters.config import Settings
from balai.letters.models import messaging, metadata
from balai.letters.uow import LettersUnitOfWork

SERVICE = ServiceDefinition(
    name="letters",
    title="Balai Letters",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=LettersUnitOfWork,
    uses_redis=False,
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
