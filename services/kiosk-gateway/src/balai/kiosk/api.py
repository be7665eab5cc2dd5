"""HTTP routes of the kiosk gateway service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["kiosk"])
