"""Repository of village notices (SQL only, no rules): rows <-> :class:`~balai.identity.notices_domain.Notice`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, case, func, insert, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.timestamps import as_utc
from balai.identity.models import notices
from balai.identity.notices_domain import Notice, NoticeCategory

#: Board order: pinned first, then the newest (ids are UUIDv7, so the id breaks ties by creation).
_BOARD = (notices.c.pinned.desc(), notices.c.published_at.desc(), notices.c.id.desc())


def _notice(row: Row[Any]) -> Notice:
    m = row._mapping
    return Notice(
        id=m["id"],
        village=m["village"],
        title=m["title"],
        body=m["body"],
        category=NoticeCategory.of(m["category"]),
        pinned=bool(m["pinned"]),
        published_at=as_utc(m["published_at"]),
        expires_on=m["expires_on"],
        author_id=m["author_id"],
        author_name=m["author_name"],
        author_role=m["author_role"],
        archived_at=as_utc(m["archived_at"]) if m["archived_at"] is not None else None,
        created_at=as_utc(m["created_at"]),
        updated_at=as_utc(m["updated_at"]),
    )


def _active(now: dt.datetime, today: dt.date) -> ColumnElement[bool]:
    """The notices on the public board (the same rule as ``notices_domain.is_active``)."""
    return and_(
        notices.c.archived_at.is_(None),
        notices.c.published_at <= now,
        or_(notices.c.expires_on.is_(None), notices.c.expires_on >= today),
    )


class NoticeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, values: Mapping[str, Any]) -> None:
        await self.session.execute(insert(notices).values(**values))

    async def update(self, notice_id: UUID, values: Mapping[str, Any]) -> None:
        await self.session.execute(update(notices).where(notices.c.id == notice_id).values(**values))

    async def get(self, village: str, notice_id: UUID, *, for_update: bool = False) -> Notice | None:
        """The notice ``notice_id`` if it belongs to ``village`` (another village's id is not found)."""
        query = select(notices).where(notices.c.id == notice_id, notices.c.village == village)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _notice(row) if row is not None else None

    async def active(self, village: str, notice_id: UUID, *, now: dt.datetime, today: dt.date) -> Notice | None:
        query = select(notices).where(notices.c.id == notice_id, notices.c.village == village, _active(now, today))
        row = (await self.session.execute(query)).first()
        return _notice(row) if row is not None else None

    async def board(
        self, village: str, *, now: dt.datetime, today: dt.date, limit: int, offset: int
    ) -> tuple[list[Notice], int]:
        """The public board of a village, one page, and how many notices it holds."""
        where = (notices.c.village == village, _active(now, today))
        total = int(await self.session.scalar(select(func.count()).select_from(notices).where(*where)) or 0)
        rows = await self.session.execute(select(notices).where(*where).order_by(*_BOARD).limit(limit).offset(offset))
        return [_notice(r) for r in rows], total

    async def every(self, village: str, *, limit: int, offset: int) -> tuple[list[Notice], int]:
        """Every notice of a village (archived and expired too): the current ones first, then archived."""
        where = notices.c.village == village
        total = int(await self.session.scalar(select(func.count()).select_from(notices).where(where)) or 0)
        archived_last = case((notices.c.archived_at.is_(None), 0), else_=1)
        query = select(notices).where(where).order_by(archived_last, *_BOARD).limit(limit).offset(offset)
        return [_notice(r) for r in await self.session.execute(query)], total
