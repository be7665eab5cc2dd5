"""Enrolling beneficiaries (by an operator or an import), removing them, and flagging them for review.

One decision, `assess`, serves both paths, so an import row and a form entry meet the same rules:
- the program must cover the village;
- the same person/family/household/group once per program (a second time: 409 / a rejected row;
  the same row imported again: unchanged, which makes re-imports idempotent);
- the exclusion rules (e.g. no BLT Dana Desa for a PKH family);
- a resident recorded as deceased or moved away is refused on a form and flagged on an import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from balai.aid.domain.errors import DomainError, conflict, invalid
from balai.aid.domain.events import BeneficiaryEnrolled, BeneficiaryFlagged, BeneficiaryRemoved
from balai.aid.domain.exclusions import ExclusionRule, find_violation
from balai.aid.domain.model import (
    FLAG_LABELS,
    TARGET_LABELS,
    Beneficiary,
    BeneficiaryStatus,
    Enrolment,
    Flag,
    Program,
    ResidentInfo,
    ResidentStatus,
    Source,
    Target,
)
from balai.aid.domain.programs import clean_text


@dataclass(frozen=True, slots=True)
class Applicant:
    """Who is to be enrolled, with personal numbers already hashed."""

    nik_hash: str | None
    kk_hash: str | None = None
    reference: str = ""
    """Household (RTM) number or group code, for programs targeting those."""
    name: str = ""
    address: str = ""
    participant_no: str = ""
    resident: ResidentInfo | None = None

    @property
    def family_hash(self) -> str | None:
        return self.kk_hash or (self.resident.kk_hash if self.resident else None)


class Outcome(StrEnum):
    NEW = "new"
    REACTIVATE = "reactivate"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Assessment:
    outcome: Outcome
    code: str = ""
    message: str = ""
    status: int = 422
    flag: Flag | None = None
    warnings: tuple[tuple[str, str], ...] = field(default=())
    existing: Beneficiary | None = None


def member_key(target: Target, applicant: Applicant) -> str:
    if target is Target.PERSON:
        if not applicant.nik_hash:
            raise invalid("nik_required", "NIK penerima wajib diisi untuk program sasaran penduduk.")
        return f"nik:{applicant.nik_hash}"
    if target is Target.FAMILY:
        if not applicant.family_hash:
            raise invalid("kk_required", "Nomor KK wajib diisi untuk program sasaran keluarga.")
        return f"kk:{applicant.family_hash}"
    reference = re.sub(r"\s+", "", applicant.reference).upper()
    if not reference or len(reference) > 60:
        what = "nomor rumah tangga (RTM)" if target is Target.HOUSEHOLD else "kode kelompok"
        raise invalid("reference_required", f"Isi {what} (paling banyak 60 karakter) untuk program ini.")
    return f"{'rtm' if target is Target.HOUSEHOLD else 'grp'}:{reference}"


def _names_differ(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^A-Z]", "", s.upper())

    return bool(a and b) and norm(a) != norm(b)


def assess(
    program: Program,
    village: str,
    applicant: Applicant,
    *,
    existing: Beneficiary | None,
    others: Sequence[Enrolment],
    rules: Sequence[ExclusionRule],
    from_import: bool,
) -> Assessment:
    """What enrolling `applicant` would do. Raises DomainError only for an unusable request."""
    if not program.covers(village):
        raise invalid("village_not_covered", "Program ini tidak mencakup desa tersebut.")
    who = TARGET_LABELS[program.target].capitalize()
    if existing is not None and existing.status is BeneficiaryStatus.ACTIVE:
        if from_import and existing.village == village:
            return Assessment(Outcome.UNCHANGED, existing=existing)
        where = "" if existing.village == village else " melalui desa lain"
        return Assessment(
            Outcome.REJECTED, "duplicate_beneficiary", f"{who} ini sudah terdaftar di program ini{where}.", 409
        )
    if existing is not None and from_import:
        return Assessment(
            Outcome.REJECTED,
            "previously_removed",
            f"{who} ini pernah dikeluarkan dari program ini ({existing.removed_reason or 'tanpa alasan'}); "
            "daftarkan ulang lewat formulir bila memang benar.",
            409,
        )
    resident = applicant.resident
    flag = {ResidentStatus.DECEASED: Flag.DECEASED, ResidentStatus.MOVED: Flag.MOVED}.get(
        resident.status if resident else ResidentStatus.LIVING
    )
    if flag is not None and not from_import:
        return Assessment(Outcome.REJECTED, f"resident_{flag.value}", f"Penduduk ini {FLAG_LABELS[flag]}.", 422)
    violation = find_violation(
        program.kind, program.id, village, (applicant.nik_hash, applicant.family_hash), others, rules
    )
    if violation is not None:
        return Assessment(Outcome.REJECTED, "excluded_by_rule", violation.message(program.kind), 409)
    warnings: list[tuple[str, str]] = []
    if applicant.nik_hash and resident is None:
        warnings.append(("not_in_register", "NIK belum ada di data penduduk Balai; periksa kembali NIK-nya."))
    if resident is not None and resident.village != village:
        warnings.append(("registered_elsewhere", "Penduduk ini terdaftar di desa lain."))
    if resident is not None and _names_differ(applicant.name, resident.name):
        warnings.append(("name_mismatch", f"Nama di berkas berbeda dengan data penduduk ({resident.name})."))
    if flag is not None:
        warnings.append((f"resident_{flag.value}", f"Penduduk ini {FLAG_LABELS[flag]}; ditandai untuk ditinjau."))
    outcome = Outcome.REACTIVATE if existing is not None else Outcome.NEW
    return Assessment(outcome, flag=flag, warnings=tuple(warnings), existing=existing)


def admit(
    program: Program,
    village: str,
    applicant: Applicant,
    assessment: Assessment,
    *,
    beneficiary_id: UUID,
    by: str,
    source: Source,
    now: datetime,
) -> tuple[Beneficiary, BeneficiaryEnrolled]:
    """The beneficiary an accepted assessment produces (new, or a removed one enrolled again)."""
    if assessment.outcome not in (Outcome.NEW, Outcome.REACTIVATE):
        raise DomainError(assessment.code, assessment.message, status=assessment.status)
    resident = applicant.resident
    flag = assessment.flag
    beneficiary = Beneficiary(
        id=assessment.existing.id if assessment.existing else beneficiary_id,
        program_id=program.id,
        village=village,
        target=program.target,
        member_key=member_key(program.target, applicant),
        nik_hash=applicant.nik_hash,
        kk_hash=applicant.family_hash,
        resident_id=resident.resident_id if resident else None,
        family_id=resident.family_id if resident else None,
        name=clean_text(applicant.name or (resident.name if resident else ""))[:200],
        address=clean_text(applicant.address)[:300],
        participant_no=clean_text(applicant.participant_no)[:60],
        status=BeneficiaryStatus.ACTIVE,
        flag=flag,
        flag_note=FLAG_LABELS[flag] if flag else "",
        source=source,
        enrolled_by=by,
        enrolled_at=now,
    )
    return beneficiary, BeneficiaryEnrolled(beneficiary, program.kind)


def enrol(
    program: Program,
    village: str,
    applicant: Applicant,
    *,
    existing: Beneficiary | None,
    others: Sequence[Enrolment],
    rules: Sequence[ExclusionRule],
    beneficiary_id: UUID,
    by: str,
    now: datetime,
) -> tuple[Beneficiary, BeneficiaryEnrolled]:
    """An operator's enrolment: every refusal is an error (409 for duplicates and exclusions)."""
    assessment = assess(program, village, applicant, existing=existing, others=others, rules=rules, from_import=False)
    return admit(
        program, village, applicant, assessment, beneficiary_id=beneficiary_id, by=by, source=Source.OPERATOR, now=now
    )


def remove(beneficiary: Beneficiary, reason: str) -> tuple[Beneficiary, BeneficiaryRemoved | None]:
    """Take someone off a program (kept for the record). Removing twice changes nothing."""
    reason = clean_text(reason)
    if not 3 <= len(reason) <= 300:
        raise invalid("reason_required", "Sebutkan alasan pengeluaran dari program (3-300 karakter).")
    if beneficiary.status is BeneficiaryStatus.REMOVED:
        return beneficiary, None
    removed = replace(beneficiary, status=BeneficiaryStatus.REMOVED, removed_reason=reason, flag=None, flag_note="")
    return removed, BeneficiaryRemoved(removed, reason)


def flag(beneficiary: Beneficiary, reason: Flag, since: date | None) -> tuple[Beneficiary, BeneficiaryFlagged | None]:
    """Hold an enrolment for review (death, moving away). Flagging again for the same reason changes nothing."""
    if beneficiary.status is not BeneficiaryStatus.ACTIVE or beneficiary.flag is reason:
        return beneficiary, None
    note = FLAG_LABELS[reason] + (f" sejak {since.isoformat()}" if since else "")
    flagged = replace(beneficiary, flag=reason, flag_note=note)
    return flagged, BeneficiaryFlagged(flagged, reason, since)


def clear_flag(beneficiary: Beneficiary, note: str) -> Beneficiary:
    """An operator reviewed the flag and keeps the enrolment (e.g. the family's new head receives it)."""
    note = clean_text(note)
    if not 3 <= len(note) <= 300:
        raise invalid("note_required", "Tuliskan catatan hasil peninjauan (3-300 karakter).")
    if beneficiary.status is not BeneficiaryStatus.ACTIVE:
        raise conflict("beneficiary_removed", "Penerima ini sudah dikeluarkan dari program.")
    if not beneficiary.under_review:
        return beneficiary  # nothing to settle (e.g. a retried review)
    return replace(beneficiary, flag=None, flag_note=f"ditinjau: {note}")
