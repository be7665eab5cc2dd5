"""The read model of identity: villages, residents and families, kept from identity's events.

Events may arrive out of order (the relay publishes concurrently; a consumer retries), so every
write carries the event's time and only a newer event overwrites (`as_of`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, Select, Table, and_, select, update

from balai.aid.domain.model import ResidentInfo, ResidentStatus
from balai.aid.models import families, residents, villages
from balai.aid.repositories.base import Repository, chunks


def _resident(row: Row[Any]) -> ResidentInfo:
    return ResidentInfo(
        resident_id=row.resident_id,
        village=row.village,
        family_id=row.family_id,
        kk_hash=row.kk_hash,
        nik_hash=row.nik_hash,
        name=row.name,
        status=ResidentStatus(row.status),
    )


def _residents() -> Select[Any]:
    """Residents with their family's KK hash."""
    return select(*residents.c, families.c.kk_hash).outerjoin(families, families.c.family_id == residents.c.family_id)


class ResidentRepository(Repository):
    async def upsert_village(self, values: dict[str, str]) -> None:
        statement = self.upsert(villages).values(**values)
        changing = {k: v for k, v in values.items() if k != "code"}
        await self.session.execute(statement.on_conflict_do_update(index_elements=["code"], set_=changing))

    async def village_names(self, codes: Collection[str]) -> dict[str, str]:
        if not codes:
            return {}
        rows = await self.session.execute(select(villages.c.code, villages.c.name).where(villages.c.code.in_(codes)))
        return {str(row[0]): str(row[1]) for row in rows.all()}

    async def _upsert_newer(self, table: Table, key: str, values: dict[str, Any], as_of: datetime) -> bool:
        """Insert or update the row keyed `key` unless a newer event already did; True when applied."""
        row = {**values, "as_of": as_of}
        statement = self.upsert(table).values(**row)
        changing = {k: statement.excluded[k] for k in row if k != key}
        result = await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[key], set_=changing, where=table.c.as_of <= statement.excluded.as_of
            )
        )
        return bool(getattr(result, "rowcount", 1))

    async def upsert_resident(self, values: dict[str, Any], as_of: datetime) -> bool:
        """Insert or update a resident unless a newer event already did; True when applied."""
        return await self._upsert_newer(residents, "resident_id", values, as_of)

    async def set_status(
        self, resident_id: UUID, village: str, status: ResidentStatus, on: date, as_of: datetime
    ) -> bool:
        """A death or move; a resident not seen yet is remembered with an empty name."""
        existing = await self.session.scalar(select(residents.c.as_of).where(residents.c.resident_id == resident_id))
        if existing is None:
            values = {"resident_id": resident_id, "village": village, "name": "", "status": status.value}
            return await self.upsert_resident({**values, "status_on": on, "family_id": None, "nik_hash": None}, as_of)
        result = await self.session.execute(
            update(residents)
            .where(residents.c.resident_id == resident_id, residents.c.as_of <= as_of)
            .values(status=status.value, status_on=on, as_of=as_of)
        )
        return bool(getattr(result, "rowcount", 1))

    async def get(self, resident_id: UUID) -> ResidentInfo | None:
        row = (await self.session.execute(_residents().where(residents.c.resident_id == resident_id))).first()
        return _resident(row) if row else None

    async def by_nik_hashes(self, hashes: Collection[str]) -> dict[str, ResidentInfo]:
        found: dict[str, ResidentInfo] = {}
        for chunk in chunks(hashes):
            for row in (await self.session.execute(_residents().where(residents.c.nik_hash.in_(chunk)))).all():
                found[row.nik_hash] = _resident(row)
        return found

    async def family_members(self, family_id: UUID) -> list[ResidentInfo]:
        query = _residents().where(residents.c.family_id == family_id)
        return [_resident(r) for r in (await self.session.execute(query)).all()]

    async def upsert_family(self, values: dict[str, Any], as_of: datetime) -> bool:
        return await self._upsert_newer(families, "family_id", values, as_of)

    async def set_members(self, family_id: UUID, members: Collection[UUID], as_of: datetime) -> None:
        """The family's member list is the event's list: join the listed, release the others."""
        if members:
            await self.session.execute(
                update(residents)
                .where(residents.c.resident_id.in_(list(members)), residents.c.as_of <= as_of)
                .values(family_id=family_id)
            )
        await self.session.execute(
            update(residents)
            .where(
                and_(
                    residents.c.family_id == family_id,
                    residents.c.resident_id.not_in(list(members)),
                    residents.c.as_of <= as_of,
                )
            )
            .values(family_id=None)
        )
