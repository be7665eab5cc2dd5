"""Request and response bodies (pydantic). Rupiah are strict integers: `300000.0` is refused."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from balai.aid.domain.exclusions import Conflict, ExclusionRule
from balai.aid.domain.model import (
    KIND_LABELS,
    Beneficiary,
    BeneficiaryStatus,
    BenefitKind,
    Disbursement,
    DisbursementStatus,
    FundSource,
    PeriodKind,
    Program,
    ProgramKind,
    Source,
    Target,
    Unit,
)
from balai.aid.domain.programs import program_periods
from balai.common.timestamps import UtcDateTime

Rupiah = Annotated[StrictInt, Field(ge=1, le=100_000_000)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BenefitIO(Body):
    kind: BenefitKind = BenefitKind.CASH
    amount_rupiah: Rupiah | None = None
    goods: str = Field(default="", max_length=200)


class ProgramIn(Body):
    name: str = Field(min_length=3, max_length=200)
    kind: ProgramKind
    source_of_funds: FundSource
    target: Target
    description: str = Field(default="", max_length=2000)
    starts_on: date
    ends_on: date | None = None
    period: PeriodKind = PeriodKind.MONTHLY
    benefit: BenefitIO = Field(default_factory=BenefitIO)
    village: str | None = Field(default=None, description="A village's own program: its code.")
    villages: list[str] = Field(default_factory=list, max_length=1000, description="Regency-wide: covered villages.")


class ProgramOut(BaseModel):
    id: UUID
    name: str
    kind: ProgramKind
    kind_label: str
    source_of_funds: FundSource
    target: Target
    description: str
    starts_on: date
    ends_on: date | None
    period: PeriodKind
    periods: list[str]
    benefit: BenefitIO
    owner: str
    regency_wide: bool
    villages: list[str]

    @classmethod
    def of(cls, p: Program) -> ProgramOut:
        return cls(
            id=p.id,
            name=p.name,
            kind=p.kind,
            kind_label=KIND_LABELS[p.kind],
            source_of_funds=p.source_of_funds,
            target=p.target,
            description=p.description,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            period=p.period_kind,
            periods=program_periods(p),
            benefit=BenefitIO(kind=p.benefit.kind, amount_rupiah=p.benefit.amount_rupiah, goods=p.benefit.goods),
            owner=p.owner,
            regency_wide=p.regency_wide,
            villages=list(p.villages),
        )


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


class RemovalIn(Body):
    reason: str = Field(min_length=3, max_length=300)


class ReviewIn(Body):
    decision: str = Field(pattern="^(keep|remove)$")
    note: str = Field(min_length=3, max_length=300)


class PlanIn(Body):
    village: str


class DisbursementIn(Body):
    period: str = Field(max_length=10)
    status: DisbursementStatus
    disbursed_on: date | None = None
    amount_rupiah: Rupiah | None = None
    disbursed_by: str = Field(default="", max_length=120)
    proof_ref: str = Field(default="", max_length=120)
    reason: str = Field(default="", max_length=300)


class DisbursementOut(BaseModel):
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

    @classmethod
    def of(cls, d: Disbursement) -> DisbursementOut:
        return cls(
            beneficiary_id=d.beneficiary_id,
            program_id=d.program_id,
            village=d.village,
            period=d.period,
            status=d.status,
            amount_rupiah=d.amount_rupiah,
            disbursed_on=d.disbursed_on,
            disbursed_by=d.disbursed_by,
            proof_ref=d.proof_ref,
            failure_reason=d.failure_reason,
            recorded_at=d.recorded_at,
        )


class RuleIn(Body):
    name: str = Field(min_length=3, max_length=200)
    kinds: list[ProgramKind] = Field(min_length=1)
    excludes: list[ProgramKind] = Field(min_length=1)
    unit: Unit = Unit.FAMILY
    village: str | None = Field(default=None, description="Empty: every village (regency admin only).")


class RuleOut(BaseModel):
    id: UUID
    name: str
    kinds: list[ProgramKind]
    excludes: list[ProgramKind]
    unit: Unit
    village: str | None

    @classmethod
    def of(cls, r: ExclusionRule) -> RuleOut:
        return cls(
            id=r.id,
            name=r.name,
            kinds=sorted(r.kinds),
            excludes=sorted(r.excludes),
            unit=r.unit,
            village=r.village,
        )


class ConflictSide(BaseModel):
    beneficiary_id: UUID
    program_id: UUID
    program: str
    kind: ProgramKind
    village: str


class ConflictOut(BaseModel):
    rule: RuleOut
    enrolments: list[ConflictSide]

    @classmethod
    def of(cls, c: Conflict) -> ConflictOut:
        sides = [
            ConflictSide(
                beneficiary_id=e.beneficiary_id,
                program_id=e.program_id,
                program=e.program_name,
                kind=e.kind,
                village=e.village,
            )
            for e in (c.first, c.second)
        ]
        return cls(rule=RuleOut.of(c.rule), enrolments=sides)


class CheckIn(Body):
    nik: str = Field(max_length=30, description="The NIK to check; hashed on arrival, answered masked.")


class BeneficiaryDetailOut(BeneficiaryOut):
    """A beneficiary with every disbursement recorded for them."""

    disbursements: list[DisbursementOut]


class PlanOut(BaseModel):
    period: str = Field(examples=["2026-11"])
    planned: int = Field(description="beneficiaries planned for the period")
    held_for_review: int = Field(description="left out until an operator settles their review flag")


# --- the public check and a resident's own aid --------------------------------------------------


class LatestDisbursementOut(BaseModel):
    period: str
    status: DisbursementStatus
    date: dt.date | None


class CheckedProgramOut(BaseModel):
    """An active enrolment found for the NIK: no amounts, no reasons, no ids."""

    program: str = Field(description="the program's name")
    kind: ProgramKind
    kind_label: str
    village: str = Field(description="compact Kemendagri code")
    village_name: str
    name: str = Field(description="the beneficiary's name, masked")
    status: Literal["active", "under_review"]
    latest_disbursement: LatestDisbursementOut | None


class CheckOut(BaseModel):
    """Cek bantuan: what anyone may learn by typing a NIK."""

    nik: str = Field(description="the NIK, masked", examples=["331709**********"])
    enrolled: bool
    programs: list[CheckedProgramOut]


class EnrolmentOut(BaseModel):
    beneficiary: BeneficiaryOut
    program: ProgramOut
    disbursements: list[DisbursementOut]


class MyAidOut(BaseModel):
    """A signed-in resident's own and their family's enrolments, in full."""

    resident_id: UUID
    family_members: int = Field(description="other members of the resident's family (KK)")
    enrolments: list[EnrolmentOut]


# --- statistics ----------------------------------------------------------------------------------


class BeneficiaryCountsOut(BaseModel):
    active: int
    flagged: int = Field(description="active, but held for review")
    removed: int


class PeriodStatsOut(BaseModel):
    period: str
    planned: int
    disbursed: int
    failed: int
    recipients: int
    amount_planned: int = Field(description="rupiah")
    amount_disbursed: int = Field(description="rupiah")


class ProgramStatsOut(BaseModel):
    program_id: UUID
    name: str
    kind: ProgramKind
    kind_label: str
    target: Target
    beneficiaries: BeneficiaryCountsOut
    amount_disbursed: int = Field(description="rupiah")
    periods: list[PeriodStatsOut] = Field(description="oldest first")


class VillageStatsOut(BaseModel):
    village: str = Field(description="compact Kemendagri code")
    name: str
    beneficiaries: int
    recipients: int
    amount_disbursed: int = Field(description="rupiah")


class StatsTotalsOut(BaseModel):
    beneficiaries: int
    recipients: int
    amount_disbursed: int = Field(description="rupiah")


class StatsOut(BaseModel):
    """Recipients and amounts per program and period in a village, district or regency."""

    area: str = Field(description="compact Kemendagri code")
    level: Literal["village", "district", "regency"]
    year: int | None = Field(description="null: every year")
    programs: list[ProgramStatsOut]
    villages: list[VillageStatsOut]
    totals: StatsTotalsOut


# --- imports -------------------------------------------------------------------------------------


class ImportedProgramOut(BaseModel):
    id: UUID | None = Field(description="null in a dry run that would create the program")
    name: str
    kind: ProgramKind
    target: Target
    created: bool = Field(description="the workbook's program sheet made a new program")


class RejectedRowOut(BaseModel):
    row: int
    code: str
    message: str
    name: str
    nik: str = Field(description="masked")


class FlaggedRowOut(BaseModel):
    """A row enrolled with something to look at: held for review, or warnings."""

    row: int
    name: str
    nik: str = Field(description="masked")
    review: bool = Field(description="held for review: not paid until an operator settles it")
    codes: list[str]
    messages: list[str]


class ImportReportOut(BaseModel):
    """What an import did (or, in a dry run, would do) with every row."""

    dry_run: bool
    layout: Literal["opensid", "dtks"]
    file_sha256: str
    program: ImportedProgramOut
    rows: int
    new: int = Field(description="rows enrolled")
    unchanged: int = Field(description="rows already enrolled")
    rejected: list[RejectedRowOut]
    flagged: list[FlaggedRowOut]
