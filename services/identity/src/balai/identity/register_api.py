"""Routes of the village register: villages, residents, families, the resident's own view, statistics.

Parse -> handler; every handler checks the caller's scope before it touches data. ``router`` bundles the
village and statistics routes too, so main.py includes one router for the whole register.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from balai.common.errors import Problem
from balai.common.idempotency import run_idempotent
from balai.identity.register_access import sees_full_numbers
from balai.identity.register_deps import Ctx, UowFactory, VillageCode
from balai.identity.register_handlers import kk_of, register_resident, update_resident
from balai.identity.register_queries import get_family, get_resident, list_residents, my_family, my_record
from balai.identity.register_schemas import (
    DeathIn,
    FamilyOut,
    MoveIn,
    ResidentIn,
    ResidentOut,
    ResidentPage,
    ResidentPatch,
)
from balai.identity.register_stats_api import router as stats_router
from balai.identity.register_status_handlers import mark_reviewed, move_resident, record_death
from balai.identity.register_village_api import router as village_router
from balai.identity.uow import IdentityUnitOfWork
from balai.identity.vocab import ResidentStatus

router = APIRouter()
router.include_router(village_router)
router.include_router(stats_router)
residents_router = APIRouter(tags=["residents"])

Page = Annotated[int, Query(ge=1, le=100_000)]
Size = Annotated[int, Query(ge=1, le=200)]


def _duplicate() -> Problem:
    return Problem(409, "nik_exists", "NIK atau nomor KK ini baru saja didaftarkan oleh permintaan lain.")


@residents_router.post(
    "/villages/{code}/residents",
    response_model=ResidentOut,
    status_code=201,
    summary="Register a resident; the KK number creates or joins the family. Takes an Idempotency-Key.",
)
async def post_resident(
    code: VillageCode,
    body: ResidentIn,
    ctx: Ctx,
    uows: UowFactory,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    data = body.fields()

    async def work(uow: IdentityUnitOfWork) -> tuple[int, Any]:
        resident = await register_resident(uow, code, data, ctx)
        full = sees_full_numbers(ctx.caller, code)
        return 201, ResidentOut.of(resident, data.kk_number, full=full).model_dump(mode="json")

    try:
        result = await run_idempotent(
            uows,
            scope=f"residents:{ctx.caller.subject}",
            key=idempotency_key,
            request={"village": code, **body.model_dump(mode="json")},
            work=work,
        )
    except IntegrityError:
        raise _duplicate() from None
    return result.as_response()


@residents_router.get(
    "/villages/{code}/residents",
    response_model=ResidentPage,
    summary="Residents of a village: search by name (contains) or NIK prefix (digits), one page",
)
async def search_residents(
    code: VillageCode,
    ctx: Ctx,
    uows: UowFactory,
    q: Annotated[str | None, Query(max_length=60)] = None,
    status: ResidentStatus | None = None,
    page: Page = 1,
    size: Size = 50,
) -> ResidentPage:
    return await list_residents(
        uows(), code, ctx, text=q, status=status.value if status else None, flagged=False, page=page, size=size
    )


@residents_router.get(
    "/villages/{code}/residents/review",
    response_model=ResidentPage,
    summary="Residents whose data is flagged for review (NIK disagreeing with the record, ...)",
)
async def flagged_residents(
    code: VillageCode, ctx: Ctx, uows: UowFactory, page: Page = 1, size: Size = 50
) -> ResidentPage:
    return await list_residents(uows(), code, ctx, text=None, status=None, flagged=True, page=page, size=size)


@residents_router.get("/residents/{resident_id}", response_model=ResidentOut, summary="One resident")
async def read_resident(resident_id: UUID, ctx: Ctx, uows: UowFactory) -> ResidentOut:
    return await get_resident(uows(), resident_id, ctx)


@residents_router.patch("/residents/{resident_id}", response_model=ResidentOut, summary="Correct a resident's data")
async def patch_resident(resident_id: UUID, body: ResidentPatch, ctx: Ctx, uows: UowFactory) -> ResidentOut:
    try:
        changes = body.changes()
    except ValueError as exc:
        raise Problem(422, "validation", f"Isian wajib tidak boleh dikosongkan ({exc}).") from None
    try:
        resident, kk = await update_resident(uows(), resident_id, changes, ctx)
    except IntegrityError:
        raise _duplicate() from None
    return ResidentOut.of(resident, kk, full=sees_full_numbers(ctx.caller, resident.village))


@residents_router.post("/residents/{resident_id}/move", response_model=ResidentOut, summary="Record a move out")
async def post_move(resident_id: UUID, body: MoveIn, ctx: Ctx, uows: UowFactory) -> ResidentOut:
    resident = await move_resident(uows(), resident_id, body.moved_on, body.destination, ctx)
    return await _out(uows, resident_id, ctx, resident.village)


@residents_router.post("/residents/{resident_id}/death", response_model=ResidentOut, summary="Record a death")
async def post_death(resident_id: UUID, body: DeathIn, ctx: Ctx, uows: UowFactory) -> ResidentOut:
    resident = await record_death(uows(), resident_id, body.died_on, body.note, ctx)
    return await _out(uows, resident_id, ctx, resident.village)


@residents_router.post(
    "/residents/{resident_id}/reviewed", response_model=ResidentOut, summary="Mark the flagged data as reviewed"
)
async def post_reviewed(resident_id: UUID, ctx: Ctx, uows: UowFactory) -> ResidentOut:
    resident = await mark_reviewed(uows(), resident_id, ctx)
    return await _out(uows, resident_id, ctx, resident.village)


async def _out(uows: UowFactory, resident_id: UUID, ctx: Ctx, village: str) -> ResidentOut:
    async with uows() as uow:
        resident = await uow.register.resident(resident_id)
        assert resident is not None
        kk = await kk_of(uow, resident)
    return ResidentOut.of(resident, kk, full=sees_full_numbers(ctx.caller, village))


@residents_router.get(
    "/villages/{code}/families/{family_id}", response_model=FamilyOut, summary="A family (KK) and its members"
)
async def read_family(code: VillageCode, family_id: UUID, ctx: Ctx, uows: UowFactory) -> FamilyOut:
    return await get_family(uows(), code, family_id, ctx)


@residents_router.get("/me", response_model=ResidentOut, summary="The signed-in resident's own record")
async def read_me(ctx: Ctx, uows: UowFactory) -> ResidentOut:
    return await my_record(uows(), ctx)


@residents_router.get("/me/family", response_model=FamilyOut, summary="The signed-in resident's family")
async def read_my_family(ctx: Ctx, uows: UowFactory) -> FamilyOut:
    return await my_family(uows(), ctx)


router.include_router(residents_router)
