"""Routes: programs, exclusion rules and the conflicts report."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from balai.aid.api.deps import IdempotencyKey, write
from balai.aid.api.schemas.programs import ConflictOut, ProgramIn, ProgramOut, RuleIn, RuleOut
from balai.aid.domain.model import Benefit
from balai.aid.domain.programs import CreateProgram
from balai.aid.handlers import programs, reads
from balai.aid.handlers.access import visible_program
from balai.aid.handlers.programs import CreateRule
from balai.aid.handlers.reads import area_of
from balai.aid.uow import AidUnitOfWork, UoW
from balai.common.auth import Caller

router = APIRouter(tags=["programs"])


@router.post("/programs", status_code=201, response_model=ProgramOut, summary="Create a program")
async def create_program(
    body: ProgramIn, caller: Caller, request: Request, idempotency_key: IdempotencyKey = None
) -> Any:
    cmd = CreateProgram(
        name=body.name,
        kind=body.kind,
        source_of_funds=body.source_of_funds,
        target=body.target,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        period_kind=body.period,
        benefit=Benefit(body.benefit.kind, body.benefit.amount_rupiah, body.benefit.goods),
        village=area_of(body.village, village_only=True) if body.village is not None else None,
        villages=tuple(area_of(v, village_only=True) for v in body.villages),
        description=body.description,
        created_by=caller.subject,
    )

    async def work(uow: AidUnitOfWork) -> ProgramOut:
        return ProgramOut.of(await programs.create_program(cmd, uow, caller))

    return await write(
        request, caller, "program", work, status=201, key=idempotency_key, body=body.model_dump(mode="json")
    )


@router.get("/programs", response_model=list[ProgramOut], summary="Programs covering a village, district or regency")
async def list_programs(area: str, caller: Caller, uow: UoW) -> list[ProgramOut]:
    async with uow:
        return [ProgramOut.of(p) for p in await reads.programs_in(area_of(area), uow, caller)]


@router.get("/programs/{program_id}", response_model=ProgramOut, summary="One program")
async def get_program(program_id: UUID, caller: Caller, uow: UoW) -> ProgramOut:
    async with uow:
        return ProgramOut.of(await visible_program(uow, program_id, caller))


@router.get("/exclusion-rules", response_model=list[RuleOut], summary="Exclusion rules in force in a village")
async def list_rules(village: str, caller: Caller, uow: UoW) -> list[RuleOut]:
    async with uow:
        return [RuleOut.of(r) for r in await reads.rules_in(area_of(village, village_only=True), uow, caller)]


@router.post("/exclusion-rules", status_code=201, response_model=RuleOut, summary="Add an exclusion rule")
async def create_rule(body: RuleIn, caller: Caller, request: Request, idempotency_key: IdempotencyKey = None) -> Any:
    cmd = CreateRule(
        name=body.name,
        kinds=tuple(body.kinds),
        excludes=tuple(body.excludes),
        unit=body.unit,
        village=area_of(body.village, village_only=True) if body.village else None,
    )

    async def work(uow: AidUnitOfWork) -> RuleOut:
        return RuleOut.of(await programs.create_rule(cmd, uow, caller))

    return await write(
        request, caller, "rule", work, status=201, key=idempotency_key, body=body.model_dump(mode="json")
    )


@router.delete("/exclusion-rules/{rule_id}", status_code=204, summary="Delete an exclusion rule")
async def delete_rule(rule_id: UUID, caller: Caller, uow: UoW) -> Response:
    async with uow:
        await programs.delete_rule(rule_id, uow, caller)
        await uow.commit()
    return Response(status_code=204)


@router.get("/exclusion-conflicts", response_model=list[ConflictOut], summary="Existing enrolments that break a rule")
async def list_conflicts(village: str, caller: Caller, uow: UoW) -> list[ConflictOut]:
    async with uow:
        return [ConflictOut.of(c) for c in await reads.conflicts_in(area_of(village, village_only=True), uow, caller)]
