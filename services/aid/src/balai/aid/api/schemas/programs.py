"""Bodies of the program routes: programs, exclusion rules and the conflicts report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from balai.aid.api.schemas import Body, Rupiah
from balai.aid.domain.exclusions import Conflict, ExclusionRule
from balai.aid.domain.model import KIND_LABELS, BenefitKind, FundSource, PeriodKind, Program, ProgramKind, Target, Unit
from balai.aid.domain.programs import program_periods


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
