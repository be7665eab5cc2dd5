"""HTTP routes of the letters service: parse -> handler, no business logic here.

Public verification (``/verify/{code}`` JSON and the ``/v/{code}`` page) is here; the workflow routes
are in :mod:`balai.letters.api_requests`, the village configuration in :mod:`balai.letters.api_villages`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from balai.letters.api_deps import CtxDep
from balai.letters.api_requests import router as requests_router
from balai.letters.api_villages import router as villages_router
from balai.letters.schemas_verification import UnknownCodeOut, VerificationOut
from balai.letters.verification import check_rate, verify_code
from balai.letters.verify_page import verify_page

router = APIRouter(tags=["letters"])
router.include_router(requests_router)
router.include_router(villages_router)

_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@router.get(
    "/verify/{code}",
    tags=["verification"],
    summary="Public: is the letter with this code genuine, valid, expired or revoked? (rate-limited per address)",
    response_model=VerificationOut,
    responses={404: {"model": UnknownCodeOut, "description": "unknown code (every unknown code answers the same)"}},
)
async def verify(code: str, request: Request, ctx: CtxDep) -> JSONResponse:
    await check_rate(ctx.limiter, request.client.host if request.client else "unknown")
    status, answer = await verify_code(ctx.unit_of_work, code, ctx.today(), ctx.settings.timezone)
    return JSONResponse(answer.model_dump(mode="json"), status_code=status, headers=_NO_STORE)


@router.get(
    "/v/{code}",
    tags=["verification"],
    response_class=Response,
    summary="Public verification page in Bahasa Indonesia (the URL in every letter's QR)",
)
async def verify_html(code: str, request: Request, ctx: CtxDep) -> Response:
    return await verify_page(ctx, request, code)
