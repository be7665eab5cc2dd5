"""Repository of signed letters and their gap-free number counters (SQL only, no rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from balai.letters.models import letters, number_counters
from balai.letters.policy import AllocatedNumber
from balai.letters.records import Letter

_LETTER_FIELDS = tuple(Letter.__dataclass_fields__)


def _letter(row: Row[Any]) -> Letter:
    data = row._mapping
    return Letter(**{name: data[name] for name in _LETTER_FIELDS})


class LetterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    # --- numbering -----------------------------------------------------------------------------
    async def next_value(self, village: str, year: int, key: str) -> int:
        """Reserve the next number of (village, year, key) until this transaction ends.

        PostgreSQL: the counter row is locked with SELECT ... FOR UPDATE, so concurrent signings queue
        on it and a rolled-back signing gives its number back. SQLite has one writer: the UPDATE comes
        first, which takes the database's write lock before the value is read.
        """
        t = number_counters
        where = (t.c.village == village, t.c.year == year, t.c.sequence_key == key)
        if self._postgres:
            current = await self.session.scalar(select(t.c.last_value).where(*where).with_for_update())
            if current is None:
                await self.session.execute(
                    pg_insert(t)
                    .values(village=village, year=year, sequence_key=key, last_value=0)
                    .on_conflict_do_nothing()
                )
                current = await self.session.scalar(select(t.c.last_value).where(*where).with_for_update())
            await self.session.execute(update(t).where(*where).values(last_value=t.c.last_value + 1))
            return int(current or 0) + 1
        await self.session.execute(
            sqlite_insert(t).values(village=village, year=year, sequence_key=key, last_value=0).on_conflict_do_nothing()
        )
        await self.session.execute(update(t).where(*where).values(last_value=t.c.last_value + 1))
        return int(await self.session.scalar(select(t.c.last_value).where(*where)) or 0)

    async def counters(self, village: str, year: int) -> dict[str, int]:
        t = number_counters
        rows = await self.session.execute(
            select(t.c.sequence_key, t.c.last_value).where(t.c.village == village, t.c.year == year)
        )
        return {r.sequence_key: int(r.last_value) for r in rows}

    # --- letters -------------------------------------------------------------------------------
    async def add(self, letter: Letter, number: AllocatedNumber) -> None:
        values = {name: getattr(letter, name) for name in _LETTER_FIELDS}
        values.update(year=number.year, sequence_key=number.sequence_key, nomor=number.nomor)
        await self.session.execute(insert(letters).values(**values))

    async def get(self, request_id: UUID) -> Letter | None:
        row = (await self.session.execute(select(letters).where(letters.c.request_id == request_id))).first()
        return None if row is None else _letter(row)

    async def by_code(self, code: str) -> Letter | None:
        row = (await self.session.execute(select(letters).where(letters.c.code == code))).first()
        return None if row is None else _letter(row)

    async def set_rendered(
        self,
        request_id: UUID,
        *,
        pdf_key: str,
        sha256: str,
        size: int,
        digest: str,
        data: dict[str, Any],
        signer: tuple[str, str, str | None],
    ) -> None:
        """The PDF is archived; ``signer`` is (name, position, on behalf of) as printed."""
        await self.session.execute(
            update(letters)
            .where(letters.c.request_id == request_id)
            .values(
                pdf_key=pdf_key,
                pdf_sha256=sha256,
                pdf_size=size,
                digest=digest,
                archive_data=data,
                signer_name=signer[0],
                signer_position=signer[1],
                signer_on_behalf_of=signer[2],
                rendered_at=dt.datetime.now(dt.UTC),
            )
        )

    async def set_revoked(self, request_id: UUID, *, by: str, reason: str, at: dt.datetime) -> None:
        await self.session.execute(
            update(letters)
            .where(letters.c.request_id == request_id)
            .values(revoked_at=at, revoked_by=by, revocation_reason=reason)
        )

    async def archive(self, village: str, *, year: int | None, before: str | None, limit: int) -> Sequence[Any]:
        """Signed letters of a village, newest number first (keyset by (year, sequence key, nomor))."""
        t = letters
        query = select(
            t.c.request_id,
            t.c.number,
            t.c.type_code,
            t.c.type_title,
            t.c.resident_id,
            t.c.holder_name_masked,
            t.c.issued_on,
            t.c.valid_until,
            t.c.signer_name,
            t.c.pdf_sha256,
            t.c.rendered_at,
            t.c.revoked_at,
            t.c.signed_at,
        ).where(t.c.village == village)
        if year is not None:
            query = query.where(t.c.year == year)
        if before is not None:
            query = query.where(t.c.signed_at < dt.datetime.fromisoformat(before))
        return (await self.session.execute(query.order_by(t.c.signed_at.desc()).limit(limit))).all()
