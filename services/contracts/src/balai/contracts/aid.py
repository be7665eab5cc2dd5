"""Events published by the aid service.

Like identity's, no full NIK or KK number appears here: a beneficiary is named by its id, identity's
resident/family ids where known, and the keyed hashes (`nik_hash`, `kk_hash`, see
`balai.common.privacy`). Amounts are integer rupiah. Program kinds: `pkh`, `bpnt` (BPNT/Sembako),
`blt_dd` (BLT Dana Desa), `kis_pbi`, `bst`, `village` (a village's own program); new kinds may appear.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from balai.contracts.base import EventContract, event

_PROGRAM_ID = "0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a60"
_BENEFICIARY_ID = "0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a61"
_RESIDENT_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e"
_FAMILY_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d20"
_NIK_HASH = "5f2b7c8e0a6d4f1e9b3c2a7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f"
_KK_HASH = "9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d"


class Benefit(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    kind: Literal["cash", "goods"]
    amount_rupiah: int | None = None
    """Per beneficiary and period (cash), or the rupiah value of the goods; None when not set."""
    goods: str = ""


@event
class ProgramCreatedV1(EventContract):
    """An aid program was defined: by a village (`owner_code` = the village) or regency-wide by a regency
    admin (`owner_code` = the regency; the envelope's village is then the regency code)."""

    event_type: ClassVar[str] = "aid.program.created"
    program_id: UUID
    name: str
    kind: str
    source_of_funds: str
    """`apbn`, `apbd`, `apbdes` or `other`."""
    target: str
    """`person`, `family`, `household` or `group`."""
    owner_code: str
    village_codes: list[str]
    starts_on: date
    ends_on: date | None
    period: str
    """How often it pays: `monthly`, `quarterly`, `yearly` or `once`."""
    benefit: Benefit
    example: ClassVar[dict[str, Any]] = {
        "program_id": _PROGRAM_ID,
        "name": "BLT Dana Desa 2026",
        "kind": "blt_dd",
        "source_of_funds": "apbdes",
        "target": "family",
        "owner_code": "33.17.09.2016",
        "village_codes": ["33.17.09.2016"],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "period": "monthly",
        "benefit": {"kind": "cash", "amount_rupiah": 300000, "goods": ""},
    }


@event
class BeneficiaryEnrolledV1(EventContract):
    """A person, family, household or group was enrolled in a program (by an operator or an import)."""

    event_type: ClassVar[str] = "aid.beneficiary.enrolled"
    beneficiary_id: UUID
    program_id: UUID
    program_kind: str
    village_code: str
    target: str
    resident_id: UUID | None
    family_id: UUID | None
    nik_hash: str | None
    kk_hash: str | None
    source: Literal["operator", "import"]
    under_review: bool = False
    """Enrolled from an import although identity records the person as deceased or moved away."""
    enrolled_at: datetime
    example: ClassVar[dict[str, Any]] = {
        "beneficiary_id": _BENEFICIARY_ID,
        "program_id": _PROGRAM_ID,
        "program_kind": "blt_dd",
        "village_code": "33.17.09.2016",
        "target": "family",
        "resident_id": _RESIDENT_ID,
        "family_id": _FAMILY_ID,
        "nik_hash": _NIK_HASH,
        "kk_hash": _KK_HASH,
        "source": "operator",
        "under_review": False,
        "enrolled_at": "2026-01-12T02:15:00Z",
    }


@event
class BeneficiaryRemovedV1(EventContract):
    """A beneficiary was taken off a program (the record stays, with the reason)."""

    event_type: ClassVar[str] = "aid.beneficiary.removed"
    beneficiary_id: UUID
    program_id: UUID
    village_code: str
    resident_id: UUID | None
    reason: str
    example: ClassVar[dict[str, Any]] = {
        "beneficiary_id": _BENEFICIARY_ID,
        "program_id": _PROGRAM_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "reason": "Hasil musyawarah desa: sudah mampu",
    }


@event
class BeneficiaryFlaggedV1(EventContract):
    """An enrolment is held for an operator's review (no payment meanwhile) because identity recorded
    the beneficiary's death or move out of the village."""

    event_type: ClassVar[str] = "aid.beneficiary.flagged"
    beneficiary_id: UUID
    program_id: UUID
    village_code: str
    resident_id: UUID | None
    reason: Literal["deceased", "moved"]
    since: date | None
    example: ClassVar[dict[str, Any]] = {
        "beneficiary_id": _BENEFICIARY_ID,
        "program_id": _PROGRAM_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "reason": "deceased",
        "since": "2026-11-02",
    }


@event
class DisbursementRecordedV1(EventContract):
    """The outcome of one period's disbursement to one beneficiary: disbursed (date, amount, who,
    proof) or failed (reason). Subject: `<beneficiary_id>:<period>`."""

    event_type: ClassVar[str] = "aid.disbursement.recorded"
    beneficiary_id: UUID
    program_id: UUID
    village_code: str
    period: str
    """`2026-03` (monthly, once), `2026-Q1` (quarterly) or `2026` (yearly)."""
    status: Literal["disbursed", "failed"]
    amount_rupiah: int | None
    disbursed_on: date | None
    disbursed_by: str
    proof_ref: str
    failure_reason: str
    example: ClassVar[dict[str, Any]] = {
        "beneficiary_id": _BENEFICIARY_ID,
        "program_id": _PROGRAM_ID,
        "village_code": "33.17.09.2016",
        "period": "2026-03",
        "status": "disbursed",
        "amount_rupiah": 300000,
        "disbursed_on": "2026-03-10",
        "disbursed_by": "Bendahara Desa Mojowarno",
        "proof_ref": "KW-BLT/2026/03/017",
        "failure_reason": "",
    }
