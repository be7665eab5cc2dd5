"""Domain events: what happened, in the domain's own terms. `balai.aid.events` turns them into contracts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from balai.aid.domain.model import Beneficiary, Disbursement, Flag, Program, ProgramKind


@dataclass(frozen=True, slots=True)
class ProgramCreated:
    program: Program


@dataclass(frozen=True, slots=True)
class BeneficiaryEnrolled:
    beneficiary: Beneficiary
    program_kind: ProgramKind


@dataclass(frozen=True, slots=True)
class BeneficiaryRemoved:
    beneficiary: Beneficiary
    reason: str


@dataclass(frozen=True, slots=True)
class BeneficiaryFlagged:
    beneficiary: Beneficiary
    reason: Flag
    since: date | None


@dataclass(frozen=True, slots=True)
class DisbursementRecorded:
    disbursement: Disbursement


DomainEvent = ProgramCreated | BeneficiaryEnrolled | BeneficiaryRemoved | BeneficiaryFlagged | DisbursementRecorded
