"""Repository of per-village configuration, signing keys and the read model of identity (SQL only)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.letters.models import known_residents, known_villages, signing_keys, village_letter_types, village_settings
from balai.letters.policy import VillageSettings
from balai.letters.records import KnownResident, KnownVillage, SigningKey
from balai.letters.village_types import TypeRow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class VillageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _upsert(self, table: Any, keys: dict[str, Any], values: dict[str, Any]) -> None:
        where = [table.c[name] == value for name, value in keys.items()]
        result = await self.session.execute(update(table).where(*where).values(**values))
        if getattr(result, "rowcount", 0) == 0:
            await self.session.execute(insert(table).values(**keys, **values))

    # --- settings --------------------------------------------------------------------------
    async def settings(self, village: str) -> VillageSettings:
        row = (
            await self.session.execute(select(village_settings).where(village_settings.c.village == village))
        ).first()
        if row is None:
            return VillageSettings()
        return VillageSettings(
            number_format=row.number_format,
            sequence_scope=row.sequence_scope,
            operator_may_sign=frozenset(row.operator_may_sign),
            secretary_check=row.secretary_check,
            operator_title=row.operator_title,
        )

    async def put_settings(self, village: str, settings: VillageSettings, by: str) -> None:
        values = settings.to_json() | {"updated_at": _now(), "updated_by": by[:64]}
        await self._upsert(village_settings, {"village": village}, values)

    # --- letter types ----------------------------------------------------------------------
    async def type_rows(self, village: str) -> list[TypeRow]:
        t = village_letter_types
        rows = await self.session.execute(select(t).where(t.c.village == village).order_by(t.c.code))
        return [TypeRow(r.code, r.custom, r.definition, r.template, r.documents, r.enabled) for r in rows]

    async def put_type(self, village: str, row: TypeRow, by: str) -> None:
        values = {
            "custom": row.custom,
            "definition": dict(row.definition),
            "template": row.template,
            "documents": [dict(d) for d in row.documents] if row.documents is not None else None,
            "enabled": row.enabled,
            "updated_at": _now(),
            "updated_by": by[:64],
        }
        await self._upsert(village_letter_types, {"village": village, "code": row.code}, values)

    async def delete_type(self, village: str, code: str) -> bool:
        t = village_letter_types
        result = await self.session.execute(delete(t).where(t.c.village == village, t.c.code == code))
        return bool(getattr(result, "rowcount", 0))

    # --- signing keys ----------------------------------------------------------------------
    async def active_key(self, village: str) -> SigningKey | None:
        t = signing_keys
        row = (await self.session.execute(select(t).where(t.c.village == village, t.c.retired_at.is_(None)))).first()
        return None if row is None else SigningKey(**row._mapping)

    async def key(self, key_id: str) -> SigningKey | None:
        row = (await self.session.execute(select(signing_keys).where(signing_keys.c.key_id == key_id))).first()
        return None if row is None else SigningKey(**row._mapping)

    async def keys(self, village: str | None = None) -> list[SigningKey]:
        query = select(signing_keys).order_by(signing_keys.c.village, signing_keys.c.created_at)
        if village is not None:
            query = query.where(signing_keys.c.village == village)
        return [SigningKey(**r._mapping) for r in await self.session.execute(query)]

    async def add_key(self, key: SigningKey) -> None:
        await self.session.execute(insert(signing_keys).values(**dataclasses.asdict(key)))

    # --- read model of identity -------------------------------------------------------------
    async def village(self, code: str) -> KnownVillage | None:
        t = known_villages
        row = (await self.session.execute(select(t).where(t.c.code == code))).first()
        if row is None:
            return None
        return KnownVillage(row.code, row.name, row.district_name, row.regency_name)

    async def put_village(self, village: KnownVillage) -> None:
        values = {"name": village.name, "district_name": village.district_name, "regency_name": village.regency_name}
        await self._upsert(known_villages, {"code": village.code}, values | {"enabled_at": _now()})

    async def resident(self, resident_id: UUID) -> KnownResident | None:
        t = known_residents
        row = (await self.session.execute(select(t).where(t.c.id == resident_id))).first()
        if row is None:
            return None
        return KnownResident(row.id, row.village, row.name, row.status, row.nik_masked)

    async def put_resident(self, resident_id: UUID, values: dict[str, Any]) -> None:
        await self._upsert(known_residents, {"id": resident_id}, values | {"updated_at": _now()})

    async def update_resident(self, resident_id: UUID, values: dict[str, Any]) -> bool:
        t = known_residents
        result = await self.session.execute(update(t).where(t.c.id == resident_id).values(**values, updated_at=_now()))
        return bool(getattr(result, "rowcount", 0))
