"""Planning an import against the register (pure): which rows are new, changed, unchanged or refused.

The parser (:mod:`balai.identity.opensid`) judges each row on its own; the plan adds what only the
register knows: a NIK registered in another village (that person must move out there first), a KK
number of another village, a card bound to someone else, and values longer than the register stores.
Rows whose data is identical to the register are ``unchanged``, so importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID

from balai.identity.opensid import ImportIssue, ImportPreview, ImportRow, ResidentRecord
from balai.identity.register_domain import FLAG_SOURCES, Family, Resident, ResidentFields, changed_fields
from balai.identity.vocab import Citizenship, ResidentStatus

Action = Literal["new", "update", "unchanged", "arrival"]
#: Column widths of the register that the OpenSID parser allows to be longer.
MAX_LENGTHS: Mapping[str, tuple[str, int]] = {
    "birth_place": ("tempatlahir", 80),
    "dusun": ("dusun", 80),
    "rw": ("rw", 5),
    "rt": ("rt", 5),
    "street": ("alamat", 200),
    "name": ("nama", 120),
}
#: Cards the parser flags as unusable for login are not bound (the operator re-binds them at a kiosk).
UNBINDABLE_CARD_FLAGS = frozenset({"card.cascade_fragment", "card.random_uid"})


@dataclass(frozen=True, slots=True)
class PlannedRow:
    row: int
    record: ResidentRecord
    fields: ResidentFields
    action: Action
    existing: Resident | None
    changed: tuple[str, ...]
    flags: tuple[dict[str, Any], ...]  # the review flags the resident will have
    bind_card: str | None  # canonical UID to bind, when not bound yet
    file_flags: tuple[dict[str, Any], ...] = ()  # what the file itself raised on this row


@dataclass
class ImportPlan:
    village: str
    preview: ImportPreview
    rows: list[PlannedRow] = field(default_factory=list)
    errors: dict[int, list[ImportIssue]] = field(default_factory=dict)  # register-based row errors
    new_families: set[str] = field(default_factory=set)  # KK numbers

    @property
    def rejected_rows(self) -> list[tuple[int, tuple[ImportIssue, ...]]]:
        rejected = [(r.row, r.errors) for r in self.preview.rejected]
        rejected += [(row, tuple(issues)) for row, issues in self.errors.items()]
        return sorted(rejected)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)


def fields_of(record: ResidentRecord, existing: Resident | None) -> ResidentFields:
    """The register fields an OpenSID row sets; the phone (not in OpenSID) stays as it is."""
    extras: dict[str, Any] = {
        key: value
        for key, value in (
            ("father_name", record.father_name),
            ("father_nik", record.father_nik),
            ("mother_name", record.mother_name),
            ("mother_nik", record.mother_nik),
            ("blood_type", record.blood_type.value if record.blood_type else None),
        )
        if value
    }
    if record.extras:
        extras["opensid"] = dict(record.extras)
    return ResidentFields(
        nik=record.nik,
        kk_number=record.kk_number,
        name=record.name,
        sex=record.sex.value,
        birth_date=record.birth_date,
        relationship=record.relationship.value,
        birth_place=record.birth_place or "",
        religion=record.religion.value if record.religion else "",
        marital_status=record.marital_status.value if record.marital_status else "",
        occupation=record.occupation.value if record.occupation else "",
        education=record.education.value if record.education else "",
        nationality=(record.citizenship or Citizenship.INDONESIAN).value,
        dusun=record.dusun or "",
        rw=record.rw or "",
        rt=record.rt or "",
        street=record.address or "",
        phone=existing.phone if existing is not None else "",
        extras=extras,
    )


def _too_long(row: int, data: ResidentFields) -> list[ImportIssue]:
    issues = []
    for name, (column, limit) in MAX_LENGTHS.items():
        value = getattr(data, name)
        if len(value) > limit:
            issues.append(
                ImportIssue(
                    row, column, "cell.too_long", f"Kolom {column} terlalu panjang (paling banyak {limit} karakter)."
                )
            )
    return issues


def plan_import(
    village: str,
    preview: ImportPreview,
    *,
    existing: Mapping[str, Resident],
    families: Mapping[str, Family],
    family_kk: Mapping[UUID, str],
    cards: Mapping[str, UUID],
    headed: Collection[UUID] = frozenset(),
) -> ImportPlan:
    """Plan every accepted row of ``preview`` against the register's current rows.

    ``existing``: residents by NIK (any village); ``families``: by KK number (any village);
    ``family_kk``: KK number of each existing resident's family; ``cards``: card UID -> resident id;
    ``headed``: existing families that have a head already (a file adding members to them lacks none).
    """
    plan = ImportPlan(village, preview)
    for row in preview.rows:
        record = row.resident
        if not row.accepted or record is None:
            continue
        family = families.get(record.kk_number)
        if family is not None and family.id in headed:
            row = dataclasses.replace(row, flags=tuple(f for f in row.flags if f.code != "family.no_head"))
        planned, issues = _plan_row(village, row, record, existing, families, family_kk, cards)
        if issues:
            plan.errors[row.row] = issues
        elif planned is not None:
            plan.rows.append(planned)
            if planned.record.kk_number not in families:
                plan.new_families.add(planned.record.kk_number)
    return plan


def _plan_row(
    village: str,
    row: ImportRow,
    record: ResidentRecord,
    existing: Mapping[str, Resident],
    families: Mapping[str, Family],
    family_kk: Mapping[UUID, str],
    cards: Mapping[str, UUID],
) -> tuple[PlannedRow | None, list[ImportIssue]]:
    current = existing.get(record.nik)
    data = fields_of(record, current)
    issues = _too_long(row.row, data)
    if current is not None and current.village != village and current.status != ResidentStatus.MOVED.value:
        issues.append(
            ImportIssue(
                row.row,
                "nik",
                "nik.other_village",
                "NIK ini terdaftar di desa lain; penduduk itu harus dicatat pindah dari sana terlebih dahulu.",
            )
        )
    family = families.get(record.kk_number)
    if family is not None and family.village != village:
        issues.append(ImportIssue(row.row, "no_kk", "kk.other_village", "Nomor KK ini terdaftar di desa lain."))
    card_codes = {f.code for f in row.flags}
    bind = record.card_uid if record.card_uid and not card_codes & UNBINDABLE_CARD_FLAGS else None
    if bind is not None:
        holder = cards.get(bind)
        if holder is not None and (current is None or holder != current.id):
            issues.append(
                ImportIssue(
                    row.row, "tag_id_card", "card.taken", "Kartu ini sudah terhubung dengan penduduk lain di Balai."
                )
            )
        elif holder is not None:
            bind = None  # already bound to this resident
    if issues:
        return None, issues
    file_flags = tuple({"code": f.code, "message": f.message, "column": f.column} for f in row.flags)
    status = record.status.value
    if current is None:
        return PlannedRow(row.row, record, data, "new", None, (), file_flags, bind, file_flags), []
    if current.village != village:
        return PlannedRow(row.row, record, data, "arrival", current, ("village",), file_flags, bind, file_flags), []
    current_kk = family_kk.get(current.family_id) if current.family_id else None
    changed = tuple(changed_fields(current, current_kk, data, status))
    flags = file_flags if FLAG_SOURCES.intersection(changed) else tuple(current.review_flags)
    action: Action = "update" if changed else "unchanged"
    return PlannedRow(row.row, record, data, action, current, changed, flags, bind, file_flags), []
