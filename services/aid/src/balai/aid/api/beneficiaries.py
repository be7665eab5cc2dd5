"""Routes: enrolling, listing, removing and reviewing beneficiaries."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from balai.aid.api.deps import IdempotencyKey, NumberHasher, write
from balai.aid.api.schemas.beneficiaries import BeneficiaryDetailOut, BeneficiaryOut, EnrolIn, RemovalIn, ReviewIn
from balai.aid.api.schemas.disbursements import DisbursementOut
from balai.aid.domain.model import BeneficiaryStatus
from balai.aid.handlers import enrolment, reads
from balai.aid.handlers.access import visible_beneficiary
from balai.aid.handlers.enrolment import Decision, EnrolBeneficiary
from balai.aid.handlers.reads import area_of
from balai.aid.uow import AidUnitOfWork, UoW
from balai.common.auth import Caller

router = APIRouter(tags=["beneficiaries"])


@router.post(
    "/programs/{program_id}/beneficiaries", status_code=201, response_model=BeneficiaryOut, summary="Enrol someone"
)
async def enrol(
    program_id: UUID,
    body: EnrolIn,
    caller: Caller,
    request: Request,
    hasher: NumberHasher,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    cmd = EnrolBeneficiary(
        program_id=program_id,
        village=area_of(body.village, village_only=True),
        resident_id=body.resident_id,
        nik=body.nik,
        kk=body.kk,
        name=body.name,
        address=body.address,
        reference=body.reference,
        participant_no=body.participant_no,
    )

    async def work(uow: AidUnitOfWork) -> BeneficiaryOut:
        return BeneficiaryOut.model_validate(await enrolment.enrol_beneficiary(cmd, uow, caller, hasher))

    fingerprint = {"program_id": str(program_id), **body.model_dump(mode="json")}
    return await write(request, caller, "enrol", work, status=201, key=idempotency_key, body=fingerprint)


@router.get("/beneficiaries", response_model=list[BeneficiaryOut], summary="Beneficiaries of a village")
async def list_beneficiaries(
    village: str,
    caller: Caller,
    uow: UoW,
    program_id: UUID | None = None,
    status: BeneficiaryStatus | None = None,
    under_review: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[BeneficiaryOut]:
    async with uow:
        found = await reads.beneficiaries_in(
            area_of(village, village_only=True),
            uow,
            caller,
            program_id=program_id,
            status=status,
            flagged=under_review,
            limit=limit,
            offset=offset,
        )
    return [BeneficiaryOut.model_validate(b) for b in found]


@router.get("/beneficiaries/{beneficiary_id}", summary="One beneficiary with their disbursements")
async def get_beneficiary(beneficiary_id: UUID, caller: Caller, uow: UoW) -> BeneficiaryDetailOut:
    async with uow:
        beneficiary = await visible_beneficiary(uow, beneficiary_id, caller)
        paid = await uow.disbursements.for_beneficiaries([beneficiary.id])
    summary = BeneficiaryOut.model_validate(beneficiary)
    return BeneficiaryDetailOut(**dict(summary), disbursements=[DisbursementOut.model_validate(d) for d in paid])


@router.post("/beneficiaries/{beneficiary_id}/removal", response_model=BeneficiaryOut, summary="Take off a program")
async def remove(beneficiary_id: UUID, body: RemovalIn, caller: Caller, request: Request) -> Any:
    async def work(uow: AidUnitOfWork) -> BeneficiaryOut:
        return BeneficiaryOut.model_validate(
            await enrolment.remove_beneficiary(beneficiary_id, body.reason, uow, caller)
        )

    return await write(request, caller, "remove", work)


@router.post("/beneficiaries/{beneficiary_id}/review", response_model=BeneficiaryOut, summary="Settle a review flag")
async def review(beneficiary_id: UUID, body: ReviewIn, caller: Caller, request: Request) -> Any:
    async def work(uow: AidUnitOfWork) -> BeneficiaryOut:
        return BeneficiaryOut.model_validate(
            await enrolment.review_beneficiary(beneficiary_id, Decision(body.decision), body.note, uow, caller)
        )

    return await write(request, caller, "review", work)
