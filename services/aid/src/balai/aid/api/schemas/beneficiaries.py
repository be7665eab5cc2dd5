"""Bodies of the beneficiary routes: enrolling, listing, removing and reviewing."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from balai.aid.api.schemas import Body
from balai.aid.api.schemas.disbursements import DisbursementOut
from balai.aid.domain.model import Beneficiary, BeneficiaryStatus, Source, Target
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
    review_note: str
    source: Source
    enrolled_at: UtcDateTime
    removed_reason: str

    @classmethod
    def of(cls, b: Beneficiary) -> BeneficiaryOut:
        return cls(
            id=b.id,
            program_id=b.program_id,
            village=b.village,
            target=b.target,
            resident_id=b.resident_id,
            family_id=b.family_id,
            name=b.name,
            address=b.address,
            participant_no=b.participant_no,
            status=b.status.value,
            under_review=b.flag is not None,
            review_note=b.flag_note,
            source=b.source.value,
            enrolled_at=b.enrolled_at,
            removed_reason=b.removed_reason,
        )


class BeneficiaryDetailOut(BeneficiaryOut):
    """A beneficiary with every disbursement recorded for them."""

    disbursements: list[DisbursementOut]


class RemovalIn(Body):
    reason: str = Field(min_length=3, max_length=300)


class ReviewIn(Body):
    decision: str = Field(pattern="^(keep|remove)$")
    note: str = Field(min_length=3, max_length=300)
