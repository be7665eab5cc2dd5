"""Repository of the village register: villages, families, residents (SQL only, no rules).

Rows are mapped to the plain dataclasses of :mod:`balai.identity.register_domain`. Bulk methods take
lists so an import of thousands of rows is a handful of statements, and ``IN`` lists are chunked to stay
within the drivers' parameter limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import String, bindparam, cast, func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from balai.identity.models import cards, families, residents, villages
from balai.identity.register_domain import MEMBER_STATUSES, Family, Resident, Village
from balai.identity.vocab import FamilyRelationship

T = TypeVar("T")
CHUNK = 1000
_VILLAGE_COLUMNS = [c for c in villages.c if c.name != "logo_png"]
_NO_FLAGS = "[]"


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _village(row: Row[Any]) -> Village:
    m = row._mapping
    return Village(
        code=m["code"],
        name=m["name"],
        district_code=m["district_code"],
        district_name=m["district_name"],
        regency_code=m["regency_code"],
        regency_name=m["regency_name"],
        province_name=m["province_name"],
        head_name=m["head_name"],
        address=m["address"],
        phone=m["phone"],
        email=m["email"],
        has_logo=bool(m["has_logo"]),
        enabled_at=m["enabled_at"],
        enabled_by=m["enabled_by"],
    )


def _resident(row: Row[Any]) -> Resident:
    m = row._mapping
    return Resident(**{name: m[name] for name in Resident.__dataclass_fields__})


def _family(row: Row[Any]) -> Family:
    m = row._mapping
    return Family(id=m["id"], village=m["village"], kk_number=m["kk_number"], kk_hash=m["kk_hash"])


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class RegisterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- villages -------------------------------------------------------------------------------------
    def _village_select(self) -> Any:
        return select(*_VILLAGE_COLUMNS, villages.c.logo_png.is_not(None).label("has_logo"))

    async def village(self, code: str) -> Village | None:
        row = (await self.session.execute(self._village_select().where(villages.c.code == code))).first()
        return _village(row) if row is not None else None

    async def villages(self, *, area_prefix: str | None = None) -> list[Village]:
        """Enabled villages, by code; ``area_prefix`` (a compact district or regency code) narrows them."""
        query = self._village_select().order_by(villages.c.code)
        if area_prefix:
            query = query.where(villages.c.code.startswith(area_prefix, autoescape=True))
        return [_village(r) for r in (await self.session.execute(query)).all()]

    async def add_village(self, values: Mapping[str, Any]) -> None:
        await self.session.execute(insert(villages).values(**values))

    async def update_village(self, code: str, values: Mapping[str, Any]) -> None:
        await self.session.execute(update(villages).where(villages.c.code == code).values(**values))

    async def village_logo(self, code: str) -> bytes | None:
        logo: bytes | None = await self.session.scalar(select(villages.c.logo_png).where(villages.c.code == code))
        return logo

    # -- families -------------------------------------------------------------------------------------
    async def family(self, family_id: UUID) -> Family | None:
        row = (await self.session.execute(select(families).where(families.c.id == family_id))).first()
        return _family(row) if row is not None else None

    async def families_by_kk(self, kk_numbers: Iterable[str]) -> dict[str, Family]:
        found: dict[str, Family] = {}
        for chunk in _chunks(sorted(set(kk_numbers))):
            rows = await self.session.execute(select(families).where(families.c.kk_number.in_(chunk)))
            found.update({r.kk_number: _family(r) for r in rows})
        return found

    async def families_by_id(self, ids: Iterable[UUID]) -> dict[UUID, Family]:
        found: dict[UUID, Family] = {}
        for chunk in _chunks(sorted(set(ids))):
            rows = await self.session.execute(select(families).where(families.c.id.in_(chunk)))
            found.update({r.id: _family(r) for r in rows})
        return found

    async def add_families(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(families), list(rows))

    # -- residents ------------------------------------------------------------------------------------
    async def resident(self, resident_id: UUID, *, for_update: bool = False) -> Resident | None:
        query = select(residents).where(residents.c.id == resident_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _resident(row) if row is not None else None

    async def resident_by_nik(self, nik: str) -> Resident | None:
        row = (await self.session.execute(select(residents).where(residents.c.nik == nik))).first()
        return _resident(row) if row is not None else None

    async def residents_by_nik(self, niks: Iterable[str]) -> dict[str, Resident]:
        found: dict[str, Resident] = {}
        for chunk in _chunks(sorted(set(niks))):
            rows = await self.session.execute(select(residents).where(residents.c.nik.in_(chunk)))
            found.update({r.nik: _resident(r) for r in rows})
        return found

    async def members(self, family_ids: Iterable[UUID]) -> dict[UUID, list[Resident]]:
        """Every resident (any status) of the given families."""
        found: dict[UUID, list[Resident]] = {}
        for chunk in _chunks(sorted(set(family_ids))):
            rows = await self.session.execute(select(residents).where(residents.c.family_id.in_(chunk)))
            for r in rows:
                found.setdefault(r.family_id, []).append(_resident(r))
        return found

    async def families_with_head(self, family_ids: Iterable[UUID]) -> set[UUID]:
        """Those of the given families that have a living or missing head."""
        found: set[UUID] = set()
        for chunk in _chunks(sorted(set(family_ids))):
            rows = await self.session.execute(
                select(residents.c.family_id)
                .where(
                    residents.c.family_id.in_(chunk),
                    residents.c.relationship == FamilyRelationship.HEAD.value,
                    residents.c.status.in_(MEMBER_STATUSES),
                )
                .distinct()
            )
            found.update(r.family_id for r in rows)
        return found

    async def add_residents(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(residents), list(rows))

    async def update_resident(self, resident_id: UUID, values: Mapping[str, Any]) -> None:
        await self.session.execute(update(residents).where(residents.c.id == resident_id).values(**values))

    async def update_residents(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Executemany update: each mapping holds ``_id`` and the same set of columns."""
        if not rows:
            return
        columns = [k for k in rows[0] if k != "_id"]
        statement = (
            update(residents)
            .where(residents.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in columns})
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(statement, list(rows))

    async def search(
        self,
        village: str,
        *,
        text: str | None = None,
        status: str | None = None,
        flagged: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Resident], int]:
        """Residents of a village by name (contains, any case) or NIK prefix (digits), one page + total."""
        conditions: list[Any] = [residents.c.village == village]
        if status:
            conditions.append(residents.c.status == status)
        if flagged:
            conditions.append(cast(residents.c.review_flags, String) != _NO_FLAGS)
        if text:
            term = text.strip()
            if term.isdigit():
                conditions.append(residents.c.nik.startswith(term, autoescape=True))
            else:
                pattern = f"%{_like_escape(term.lower())}%"
                conditions.append(func.lower(residents.c.name).like(pattern, escape="\\"))
        total = int(await self.session.scalar(select(func.count()).select_from(residents).where(*conditions)) or 0)
        query = select(residents).where(*conditions).order_by(residents.c.name, residents.c.id)
        rows = await self.session.execute(query.limit(limit).offset(offset))
        return [_resident(r) for r in rows], total

    # -- cards ----------------------------------------------------------------------------------------
    async def cards_by_uid(self, uids: Iterable[str]) -> dict[str, UUID]:
        """Card UID -> the resident it is bound to."""
        found: dict[str, UUID] = {}
        for chunk in _chunks(sorted(set(uids))):
            rows = await self.session.execute(select(cards.c.uid, cards.c.resident_id).where(cards.c.uid.in_(chunk)))
            found.update({r.uid: r.resident_id for r in rows})
        return found

    async def add_cards(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(cards), list(rows))

    async def move_cards(self, resident_id: UUID, village: str) -> None:
        await self.session.execute(update(cards).where(cards.c.resident_id == resident_id).values(village=village))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
