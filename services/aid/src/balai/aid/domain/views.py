"""Shaping answers from what the repositories found (pure): the public check and the statistics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from balai.aid.domain.model import KIND_LABELS, DisbursementStatus, ProgramKind
from balai.common.privacy import mask_name


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One active enrolment found for a NIK, with its latest disbursement (if any)."""

    program_name: str
    kind: ProgramKind
    village: str
    village_name: str
    name: str
    flagged: bool
    period: str | None
    disbursement_status: DisbursementStatus | None
    disbursed_on: date | None


def public_answer(nik_masked: str, rows: Sequence[CheckRow]) -> dict[str, Any]:
    """What anyone may learn by typing a NIK: names masked, no amounts, no reasons, no ids."""
    return {
        "nik": nik_masked,
        "enrolled": bool(rows),
        "programs": [
            {
                "program": row.program_name,
                "kind": row.kind.value,
                "kind_label": KIND_LABELS[row.kind],
                "village": row.village,
                "village_name": row.village_name,
                "name": mask_name(row.name),
                "status": "under_review" if row.flagged else "active",
                "latest_disbursement": None
                if row.period is None or row.disbursement_status is None
                else {
                    "period": row.period,
                    "status": row.disbursement_status.value,
                    "date": row.disbursed_on.isoformat() if row.disbursed_on else None,
                },
            }
            for row in rows
        ],
    }


def area_level(code: str) -> str:
    return {4: "regency", 6: "district", 10: "village"}[len(code)]


@dataclass(frozen=True, slots=True)
class ProgramHead:
    id: UUID
    name: str
    kind: ProgramKind
    target: str


@dataclass(frozen=True, slots=True)
class EnrolmentCount:
    program_id: UUID
    village: str
    active: int
    flagged: int
    removed: int


@dataclass(frozen=True, slots=True)
class DisbursementSum:
    program_id: UUID
    period: str
    status: DisbursementStatus
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class VillageSum:
    village: str
    recipients: int
    amount: int


def _period_entry(period: str) -> dict[str, Any]:
    return {
        "period": period,
        "planned": 0,
        "disbursed": 0,
        "failed": 0,
        "recipients": 0,
        "amount_planned": 0,
        "amount_disbursed": 0,
    }


def statistics(
    area: str,
    programs: Iterable[ProgramHead],
    enrolments: Iterable[EnrolmentCount],
    sums: Iterable[DisbursementSum],
    village_sums: Iterable[VillageSum],
    village_names: dict[str, str],
    *,
    year: int | None,
) -> dict[str, Any]:
    """Aggregates (already grouped by the database) arranged for the PWA's charts."""
    by_program: dict[UUID, dict[str, Any]] = {
        p.id: {
            "program_id": str(p.id),
            "name": p.name,
            "kind": p.kind.value,
            "kind_label": KIND_LABELS[p.kind],
            "target": p.target,
            "beneficiaries": {"active": 0, "flagged": 0, "removed": 0},
            "amount_disbursed": 0,
            "periods": {},
        }
        for p in programs
    }
    villages: dict[str, dict[str, Any]] = {}

    def village(code: str) -> dict[str, Any]:
        entry = {"village": code, "name": village_names.get(code, ""), "beneficiaries": 0, "recipients": 0}
        return villages.setdefault(code, {**entry, "amount_disbursed": 0})

    for e in enrolments:
        counts = by_program[e.program_id]["beneficiaries"]
        counts["active"] += e.active
        counts["flagged"] += e.flagged
        counts["removed"] += e.removed
        village(e.village)["beneficiaries"] += e.active
    for s in sums:
        entry = by_program[s.program_id]
        period = entry["periods"].setdefault(s.period, _period_entry(s.period))
        period[s.status.value] += s.count
        if s.status is DisbursementStatus.DISBURSED:
            period["recipients"] += s.count
            period["amount_disbursed"] += s.amount
            entry["amount_disbursed"] += s.amount
        elif s.status is DisbursementStatus.PLANNED:
            period["amount_planned"] += s.amount
    for v in village_sums:
        village(v.village).update(recipients=v.recipients, amount_disbursed=v.amount)
    listed = [
        {**entry, "periods": sorted(entry["periods"].values(), key=lambda p: p["period"])}
        for entry in sorted(by_program.values(), key=lambda e: (e["kind"], e["name"]))
    ]
    village_list = sorted(villages.values(), key=lambda v: v["village"])
    return {
        "area": area,
        "level": area_level(area),
        "year": year,
        "programs": listed,
        "villages": village_list,
        "totals": {
            "beneficiaries": sum(e["beneficiaries"]["active"] for e in listed),
            "recipients": sum(v["recipients"] for v in village_list),
            "amount_disbursed": sum(e["amount_disbursed"] for e in listed),
        },
    }
