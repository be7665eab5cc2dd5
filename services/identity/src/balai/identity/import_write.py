"""Writing a planned import inside one open unit of work: bulk statements, then the events.

Nothing here commits: the caller commits the rows, their events and the audit row together, so an
import is all or nothing. Events are emitted only for real changes: a new resident (or one arriving from
another village), a changed profile, a new card binding, and each family whose membership changed.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from balai.common.ids import uuid7
from balai.common.privacy import keyed_ref, personal_number_hash
from balai.contracts.identity import CardBoundV1, ResidentRegisteredV1, ResidentUpdatedV1
from balai.identity.import_plan import ImportPlan, PlannedRow
from balai.identity.nik import mask_nik
from balai.identity.regions import dotted_code
from balai.identity.register_domain import PROFILE_FIELDS, ROW_FIELDS, Family, profile_of
from balai.identity.register_handlers import emit_families
from balai.identity.repo_register import CHUNK, now
from balai.identity.uow import IdentityUnitOfWork

Progress = Callable[[str, int, int], None]
#: Changes that alter a family's member list (and so emit FamilyChangedV1).
MEMBERSHIP_CHANGES = frozenset({"kk_number", "relationship", "status", "village"})


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    arrivals: int = 0
    new_families: int = 0
    cards_bound: int = 0
    families_changed: int = 0
    events: int = 0


def _row_values(p: PlannedRow, village: str, family: Family, key: str) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(p.fields, name) for name in ROW_FIELDS}
    values["extras"] = dict(p.fields.extras)
    status = p.record.status.value
    keep_status = p.existing is not None and p.existing.status == status and p.action != "arrival"
    values.update(
        village=village,
        family_id=family.id,
        nik_hash=p.existing.nik_hash if p.existing else personal_number_hash(p.fields.nik, key, kind="nik"),
        status=status,
        status_date=p.existing.status_date if keep_status and p.existing else None,
        status_note=p.existing.status_note if keep_status and p.existing else "",
        review_flags=list(p.flags),
    )
    return values


async def apply_plan(
    uow: IdentityUnitOfWork,
    plan: ImportPlan,
    families: MutableMapping[str, Family],
    *,
    key: str,
    actor: str,
    progress: Progress | None = None,
) -> WriteCounts:
    """Write ``plan`` (rows, families, cards) and queue its events; ``families`` gains the new ones."""
    counts = WriteCounts()
    village, stamp = plan.village, now()
    new_families = []
    for kk in sorted(plan.new_families):
        family = families[kk] = Family(uuid7(), village, kk, personal_number_hash(kk, key, kind="kk"))
        new_families.append(
            {"id": family.id, "village": village, "kk_number": kk, "kk_hash": family.kk_hash, "created_at": stamp}
        )
    await uow.register.add_families(new_families)
    counts.new_families = len(new_families)

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    bindings: list[dict[str, Any]] = []
    touched: set[UUID] = {families[kk].id for kk in plan.new_families}
    written: list[tuple[UUID, PlannedRow, str]] = []  # (resident id, row, nik hash)
    for p in plan.rows:
        family = families[p.record.kk_number]
        resident_id = p.existing.id if p.existing is not None else uuid7()
        if p.bind_card:
            bindings.append(
                {
                    "uid": p.bind_card,
                    "resident_id": resident_id,
                    "village": village,
                    "bound_at": stamp,
                    "bound_by": actor,
                }
            )
        if p.action == "unchanged":
            continue
        values = _row_values(p, village, family, key) | {"updated_at": stamp}
        if p.existing is None:
            inserts.append(values | {"id": resident_id, "created_at": stamp})
            touched.add(family.id)
        else:
            updates.append(values | {"_id": resident_id})
            if MEMBERSHIP_CHANGES.intersection(p.changed):
                touched.add(family.id)
                if p.existing.family_id is not None:
                    touched.add(p.existing.family_id)
        written.append((resident_id, p, values["nik_hash"]))

    total = len(inserts) + len(updates)
    for start in range(0, len(inserts), CHUNK):
        await uow.register.add_residents(inserts[start : start + CHUNK])
        if progress is not None:
            progress("write", min(start + CHUNK, len(inserts)), total)
    for start in range(0, len(updates), CHUNK):
        await uow.register.update_residents(updates[start : start + CHUNK])
        if progress is not None:
            progress("write", len(inserts) + min(start + CHUNK, len(updates)), total)
    for resident_id, p, _ in written:
        if p.action == "arrival":
            await uow.register.move_cards(resident_id, village)
    await uow.register.add_cards(bindings)

    actions = [p.action for _, p, _ in written]
    counts.new, counts.arrivals, counts.updated = (actions.count(a) for a in ("new", "arrival", "update"))
    counts.cards_bound = len(bindings)
    counts.events = _emit_residents(uow, village, written, families) + _emit_cards(uow, village, bindings, key)
    by_id = {f.id: f for f in families.values()}
    missing = touched - by_id.keys()
    by_id.update(await uow.register.families_by_id(missing))
    await emit_families(uow, [by_id[family_id] for family_id in sorted(touched)])
    counts.families_changed = len(touched)
    counts.events += len(touched)
    return counts


def _emit_residents(
    uow: IdentityUnitOfWork,
    village: str,
    written: list[tuple[UUID, PlannedRow, str]],
    families: MutableMapping[str, Family],
) -> int:
    code, emitted = dotted_code(village), 0
    for resident_id, p, nik_hash in written:
        family_id = families[p.record.kk_number].id
        profile = profile_of(p.fields, p.record.status.value)
        if p.action in ("new", "arrival"):
            event: Any = ResidentRegisteredV1(
                resident_id=resident_id,
                village_code=code,
                family_id=family_id,
                nik_hash=nik_hash,
                nik_masked=mask_nik(p.fields.nik),
                profile=profile,
            )
        else:
            visible = [("family" if c == "kk_number" else c) for c in p.changed if c in PROFILE_FIELDS | {"kk_number"}]
            if not visible:
                continue
            event = ResidentUpdatedV1(
                resident_id=resident_id, village_code=code, family_id=family_id, profile=profile, changed=visible
            )
        uow.emit(event, village=village, subject=str(resident_id))
        emitted += 1
    return emitted


def _emit_cards(uow: IdentityUnitOfWork, village: str, bindings: list[dict[str, Any]], key: str) -> int:
    for binding in bindings:
        uow.emit(
            CardBoundV1(
                resident_id=binding["resident_id"],
                village_code=dotted_code(village),
                card_ref=keyed_ref(binding["uid"], key, kind="card"),
            ),
            village=village,
            subject=str(binding["resident_id"]),
        )
    return len(bindings)
