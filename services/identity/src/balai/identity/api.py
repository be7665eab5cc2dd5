"""HTTP routes of the identity service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["identity"])
