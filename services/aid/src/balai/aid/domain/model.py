"""The values of the aid domain: vocabularies and the records handlers load and save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID


class ProgramKind(StrEnum):
    PKH = "pkh"
    BPNT = "bpnt"
    BLT_DD = "blt_dd"
    KIS_PBI = "kis_pbi"
    BST = "bst"
    VILLAGE = "village"


KIND_LABELS: dict[ProgramKind, str] = {
    ProgramKind.PKH: "PKH (Program Keluarga Harapan)",
    ProgramKind.BPNT: "BPNT/Sembako",
    ProgramKind.BLT_DD: "BLT Dana Desa",
    ProgramKind.KIS_PBI: "KIS PBI (iuran BPJS Kesehatan)",
    ProgramKind.BST: "Bantuan Sosial Tunai (BST)",
    ProgramKind.VILLAGE: "program desa",
}


class FundSource(StrEnum):
    APBN = "apbn"
    APBD = "apbd"
    APBDES = "apbdes"
    OTHER = "other"


class Target(StrEnum):
    PERSON = "person"
    FAMILY = "family"
    HOUSEHOLD = "household"
    GROUP = "group"


TARGET_LABELS: dict[Target, str] = {
    Target.PERSON: "penduduk",
    Target.FAMILY: "keluarga",
    Target.HOUSEHOLD: "rumah tangga",
    Target.GROUP: "kelompok",
}


class PeriodKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    ONCE = "once"


class BenefitKind(StrEnum):
    CASH = "cash"
    GOODS = "goods"


class BeneficiaryStatus(StrEnum):
    ACTIVE = "active"
    REMOVED = "removed"


class Flag(StrEnum):
    """Why an enrolment waits for an operator's review (no payment meanwhile)."""

    DECEASED = "deceased"
    MOVED = "moved"


FLAG_LABELS: dict[Flag, str] = {Flag.DECEASED: "tercatat meninggal dunia", Flag.MOVED: "tercatat pindah keluar desa"}


class Source(StrEnum):
    OPERATOR = "operator"
    IMPORT = "import"


class DisbursementStatus(StrEnum):
    PLANNED = "planned"
    DISBURSED = "disbursed"
    FAILED = "failed"


class Unit(StrEnum):
    """What an exclusion rule compares: the same family (KK, or NIK when no KK is known) or the same person."""

    FAMILY = "family"
    PERSON = "person"


class ResidentStatus(StrEnum):
    LIVING = "living"
    MOVED = "moved"
    DECEASED = "deceased"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Benefit:
    kind: BenefitKind
    amount_rupiah: int | None = None
    """Cash per period (or the rupiah value of the goods); None when not known yet."""
    goods: str = ""


@dataclass(frozen=True, slots=True)
class Program:
    id: UUID
    name: str
    kind: ProgramKind
    source_of_funds: FundSource
    target: Target
    description: str
    starts_on: date
    ends_on: date | None
    period_kind: PeriodKind
    benefit: Benefit
    owner: str
    """The village code (a village's own program) or the regency code (a regency-wide program)."""
    villages: tuple[str, ...]
    created_by: str
    created_at: datetime

    @property
    def regency_wide(self) -> bool:
        return len(self.owner) == 4

    @property
    def regency(self) -> str:
        return self.owner[:4]

    def covers(self, village: str) -> bool:
        return village in self.villages


@dataclass(frozen=True, slots=True)
class ResidentInfo:
    """A resident as aid knows them from identity's events (no NIK, only its keyed hash)."""

    resident_id: UUID
    village: str
    family_id: UUID | None
    kk_hash: str | None
    nik_hash: str | None
    name: str
    status: ResidentStatus


@dataclass(frozen=True, slots=True)
class Beneficiary:
    id: UUID
    program_id: UUID
    village: str
    target: Target
    member_key: str
    """Who is enrolled, unique per program: `nik:<hash>`, `kk:<hash>`, `rtm:<no>` or `grp:<code>`."""
    nik_hash: str | None
    kk_hash: str | None
    resident_id: UUID | None
    family_id: UUID | None
    name: str
    address: str
    participant_no: str
    status: BeneficiaryStatus
    flag: Flag | None
    flag_note: str
    source: Source
    enrolled_by: str
    enrolled_at: datetime
    removed_reason: str = ""

    @property
    def under_review(self) -> bool:
        """Flagged (death, moving away): no planning or payment until an operator settles it."""
        return self.flag is not None


@dataclass(frozen=True, slots=True)
class Enrolment:
    """An active enrolment somewhere, as the exclusion rules see it."""

    beneficiary_id: UUID
    program_id: UUID
    program_name: str
    kind: ProgramKind
    village: str
    nik_hash: str | None
    kk_hash: str | None


@dataclass(frozen=True, slots=True)
class Disbursement:
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
    recorded_by: str
    recorded_at: datetime
