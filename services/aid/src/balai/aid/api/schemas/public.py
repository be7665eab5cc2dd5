"""Bodies of the public routes: the public check (cek bantuan), a resident's own aid, statistics."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from balai.aid.api.schemas import Body
from balai.aid.api.schemas.beneficiaries import BeneficiaryOut
from balai.aid.api.schemas.disbursements import DisbursementOut
from balai.aid.api.schemas.programs import ProgramOut
from balai.aid.domain.model import DisbursementStatus, ProgramKind, Target


class CheckIn(Body):
    nik: str = Field(max_length=30, description="The NIK to check; hashed on arrival, answered masked.")


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
