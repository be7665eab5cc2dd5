"""Bodies of the disbursement routes: planning a period, recording and listing disbursements."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from balai.aid.api.schemas import Body, Rupiah
from balai.aid.domain.model import DisbursementStatus
from balai.common.timestamps import UtcDateTime


class PlanIn(Body):
    village: str


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    period: str = Field(examples=["2026-11"])
    planned: int = Field(description="beneficiaries planned for the period")
    held_for_review: int = Field(description="left out until an operator settles their review flag")


class DisbursementIn(Body):
    period: str = Field(max_length=10)
    status: DisbursementStatus
    disbursed_on: date | None = None
    amount_rupiah: Rupiah | None = None
    disbursed_by: str = Field(default="", max_length=120)
    proof_ref: str = Field(default="", max_length=120)
    reason: str = Field(default="", max_length=300)


class DisbursementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # model_validate(a Disbursement): all but who recorded it

    beneficiary_id: UUID
    program_id: UUID
    village: str
    period: str
    status: DisbursementStatus
    amount_rupiah: int | None
    disbursed_on: date | None
    disbursed_by: str
    proof_ref: str
    failure_reason: str
    recorded_at: UtcDateTime
