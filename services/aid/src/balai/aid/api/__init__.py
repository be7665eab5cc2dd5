"""HTTP routes of the aid service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

from balai.aid.api import beneficiaries, disbursements, imports, programs, public

router = APIRouter()
for module in (programs, beneficiaries, disbursements, imports, public):
    router.include_router(module.router)
