"""Routes: planning a period, recording disbursements, listing them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from balai.aid.api.deps import IdempotencyKey, write
from balai.aid.api.schemas.disbursements import DisbursementIn, DisbursementOut, PlanIn, PlanOut
from balai.aid.domain.disbursements import RecordDisbursement
from balai.aid.handlers import disbursements, reads
from balai.aid.handlers.disbursements import PlanPeriod
from balai.aid.handlers.reads import area_of
from balai.aid.uow import AidUnitOfWork, UoW
from balai.common.auth import Caller

router = APIRouter(tags=["disbursements"])


@router.post(
    "/programs/{program_id}/periods/{period}/plan",
    response_model=PlanOut,
    summary="Plan a period for a village's beneficiaries",
)
async def plan(
    program_id: UUID,
    period: str,
    body: PlanIn,
    caller: Caller,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    cmd = PlanPeriod(program_id, area_of(body.village, village_only=True), period[:10])

    async def work(uow: AidUnitOfWork) -> PlanOut:
        return PlanOut.model_validate(await disbursements.plan_period(cmd, uow, caller))

    fingerprint = {"program_id": str(program_id), "period": period, "village": cmd.village}
    return await write(request, caller, "plan", work, key=idempotency_key, body=fingerprint)


@router.post(
    "/beneficiaries/{beneficiary_id}/disbursements",
    response_model=DisbursementOut,
    summary="Record a period's disbursement (disbursed or failed)",
)
async def record(
    beneficiary_id: UUID,
    body: DisbursementIn,
    caller: Caller,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    cmd = RecordDisbursement(
        period=body.period,
        status=body.status,
        disbursed_on=body.disbursed_on,
        amount_rupiah=body.amount_rupiah,
        disbursed_by=body.disbursed_by,
        proof_ref=body.proof_ref,
        reason=body.reason,
        by=caller.subject,
    )

    async def work(uow: AidUnitOfWork) -> DisbursementOut:
        return DisbursementOut.model_validate(await disbursements.record_disbursement(beneficiary_id, cmd, uow, caller))

    fingerprint = {"beneficiary_id": str(beneficiary_id), **body.model_dump(mode="json")}
    return await write(request, caller, "disburse", work, key=idempotency_key, body=fingerprint)


@router.get(
    "/programs/{program_id}/disbursements", response_model=list[DisbursementOut], summary="A village's disbursements"
)
async def list_disbursements(
    program_id: UUID, village: str, caller: Caller, uow: UoW, period: str | None = None
) -> list[DisbursementOut]:
    async with uow:
        found = await reads.disbursements_of(program_id, area_of(village, village_only=True), period, uow, caller)
    return [DisbursementOut.model_validate(d) for d in found]
