"""Exclusion rules between programs, e.g. a BLT Dana Desa family may not also receive PKH or BPNT.

A rule names two sets of program kinds: someone enrolled in a program of a kind in `kinds` may not
be enrolled in a program of a kind in `excludes` (and the other way round). A group of mutually
exclusive kinds is a rule whose two sets are equal. A rule compares families (same KK, or the same
NIK when no KK is known) or persons (same NIK), and applies regency-wide or in one village.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from balai.aid.domain.errors import invalid
from balai.aid.domain.model import KIND_LABELS, Enrolment, ProgramKind, Unit
from balai.aid.domain.programs import clean_text


@dataclass(frozen=True, slots=True)
class ExclusionRule:
    id: UUID
    name: str
    kinds: frozenset[ProgramKind]
    excludes: frozenset[ProgramKind]
    unit: Unit
    village: str | None
    """None: every village of the deployment (set by a regency admin)."""
    created_by: str = ""
    created_at: datetime | None = None

    def forbids(self, a: ProgramKind, b: ProgramKind) -> bool:
        return (a in self.kinds and b in self.excludes) or (a in self.excludes and b in self.kinds)

    def applies_in(self, village: str) -> bool:
        return self.village is None or self.village == village

    def same_unit(self, a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
        """`a`, `b` are (nik_hash, kk_hash) pairs."""
        if a[0] is not None and a[0] == b[0]:
            return True
        return self.unit is Unit.FAMILY and a[1] is not None and a[1] == b[1]


@dataclass(frozen=True, slots=True)
class Violation:
    rule: ExclusionRule
    other: Enrolment

    def message(self, kind: ProgramKind) -> str:
        unit = "Keluarga ini" if self.rule.unit is Unit.FAMILY else "Penduduk ini"
        return (
            f"{unit} sudah menerima {self.other.program_name} ({KIND_LABELS[self.other.kind]}), sedangkan aturan "
            f"'{self.rule.name}' melarang penerima {KIND_LABELS[kind]} juga menerima "
            f"{KIND_LABELS[self.other.kind]}."
        )


def new_rule(
    *,
    rule_id: UUID,
    name: str,
    kinds: Iterable[ProgramKind],
    excludes: Iterable[ProgramKind],
    unit: Unit,
    village: str | None,
    created_by: str,
    now: datetime,
) -> ExclusionRule:
    left, right = frozenset(kinds), frozenset(excludes)
    if not left or not right:
        raise invalid("rule_kinds", "Aturan pengecualian perlu jenis program di kedua sisi.")
    title = clean_text(name)
    if not 3 <= len(title) <= 200:
        raise invalid("rule_name", "Nama aturan harus 3-200 karakter.")
    return ExclusionRule(rule_id, title, left, right, unit, village, created_by, now)


def find_violation(
    kind: ProgramKind,
    program_id: UUID,
    village: str,
    who: tuple[str | None, str | None],
    others: Sequence[Enrolment],
    rules: Sequence[ExclusionRule],
) -> Violation | None:
    """The first rule an enrolment of (nik_hash, kk_hash) `who` into a `kind` program would break."""
    for rule in rules:
        if not rule.applies_in(village):
            continue
        for other in others:
            if other.program_id == program_id or not rule.forbids(kind, other.kind):
                continue
            if rule.same_unit(who, (other.nik_hash, other.kk_hash)):
                return Violation(rule, other)
    return None


@dataclass(frozen=True, slots=True)
class Conflict:
    rule: ExclusionRule
    first: Enrolment
    second: Enrolment


def find_conflicts(pairs: Iterable[tuple[Enrolment, Enrolment]], rules: Sequence[ExclusionRule]) -> list[Conflict]:
    """Existing enrolments that break a rule; `pairs` are candidates sharing a NIK or KK hash."""
    seen: set[tuple[UUID, UUID, UUID]] = set()
    found: list[Conflict] = []
    for a, b in pairs:
        if a.program_id == b.program_id:
            continue
        first, second = sorted((a, b), key=lambda e: str(e.beneficiary_id))
        for rule in rules:
            key = (rule.id, first.beneficiary_id, second.beneficiary_id)
            if key in seen or not rule.forbids(first.kind, second.kind):
                continue
            if not (rule.applies_in(first.village) or rule.applies_in(second.village)):
                continue
            if rule.same_unit((first.nik_hash, first.kk_hash), (second.nik_hash, second.kk_hash)):
                seen.add(key)
                found.append(Conflict(rule, first, second))
    return found
