"""HTTP routes of the aid service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["aid"])
