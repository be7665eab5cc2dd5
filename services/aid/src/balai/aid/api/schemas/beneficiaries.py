"""Bodies of the beneficiary routes: enrolling, listing, removing and reviewing."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from balai.aid.api.schemas import Body
from balai.aid.api.schemas.disbursements import DisbursementOut
from balai.aid.domain.model import BeneficiaryStatus, Source, Target
from balai.common.timestamps import UtcDateTime


class EnrolIn(Body):
    village: str
    resident_id: UUID | None = None
    nik: str | None = Field(default=None, max_length=30, description="Hashed on arrival; never stored or echoed.")
    kk: str | None = Field(default=None, max_length=30)
    name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    reference: str = Field(default="", max_length=60, description="Household (RTM) number or group code.")
    participant_no: str = Field(default="", max_length=60)


class BeneficiaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True)  # model_validate(a Beneficiary)

    id: UUID
    program_id: UUID
    village: str
    target: Target
    resident_id: UUID | None
    family_id: UUID | None
    name: str
    address: str
    participant_no: str
    status: BeneficiaryStatus
    under_review: bool
    review_note: str = Field(validation_alias="flag_note")
    source: Source
    enrolled_at: UtcDateTime
    removed_reason: str


class BeneficiaryDetailOut(BeneficiaryOut):
    """A beneficiary with every disbursement recorded for them."""

    disbursements: list[DisbursementOut]


class RemovalIn(Body):
    reason: str = Field(min_length=3, max_length=300)


class ReviewIn(Body):
    decision: str = Field(pattern="^(keep|remove)$")
    note: str = Field(min_length=3, max_length=300)
