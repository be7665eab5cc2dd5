"""HTTP routes of the marketplace service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["marketplace"])
