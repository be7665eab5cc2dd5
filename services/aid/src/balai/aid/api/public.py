"""Routes: the public check (cek bantuan), a resident's own aid, statistics."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from balai.aid.api.deps import AppSettings, NumberHasher
from balai.aid.api.schemas.beneficiaries import BeneficiaryOut
from balai.aid.api.schemas.disbursements import DisbursementOut
from balai.aid.api.schemas.programs import ProgramOut
from balai.aid.api.schemas.public import CheckIn, CheckOut, EnrolmentOut, MyAidOut, StatsOut
from balai.aid.handlers import reads
from balai.aid.handlers.reads import area_of
from balai.aid.uow import UoW
from balai.common.auth import Caller
from balai.common.ratelimit import RateLimiter
from balai.common.service import runtime_of

router = APIRouter(tags=["public"])


def _client(request: Request) -> str:
    """The client's address. Behind a reverse proxy, run uvicorn with `--proxy-headers` and
    `--forwarded-allow-ips=<proxy>` so this is the caller, not the proxy."""
    return request.client.host if request.client else "unknown"


@router.post("/check", summary="Cek bantuan: is this NIK enrolled? (public, rate-limited, masked)")
async def check(body: CheckIn, request: Request, uow: UoW, hasher: NumberHasher, settings: AppSettings) -> CheckOut:
    runtime = runtime_of(request)
    assert runtime.redis is not None
    limiter = RateLimiter(
        runtime.redis, runtime.redis_key("check"), limit=settings.check_rate_limit, window=settings.check_rate_window
    )
    await limiter.check(_client(request))
    async with uow:
        return CheckOut.model_validate(await reads.check_aid(body.nik, uow, hasher))


@router.get("/me/aid", summary="A signed-in resident's own and family's aid, in full")
async def my_aid(caller: Caller, uow: UoW) -> MyAidOut:
    async with uow:
        own = await reads.own_aid(uow, caller)
    return MyAidOut(
        resident_id=own.resident_id,
        family_members=own.family_members,
        enrolments=[
            EnrolmentOut(
                beneficiary=BeneficiaryOut.model_validate(b),
                program=ProgramOut.of(p),
                disbursements=[DisbursementOut.model_validate(d) for d in paid],
            )
            for b, p, paid in own.enrolments
        ],
    )


@router.get("/stats", summary="Recipients and amounts per program and period for a village, district or regency")
async def stats(
    area: str,
    caller: Caller,
    uow: UoW,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    program_id: UUID | None = None,
) -> StatsOut:
    async with uow:
        return StatsOut.model_validate(await reads.area_statistics(area_of(area), year, program_id, uow, caller))
