"""What every repository shares: its session, dialect-aware upserts, and area-code columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from balai.aid.domain.views import area_level


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def upsert(self, table: Table) -> Any:
        """An INSERT that supports `on_conflict_do_update/nothing` on both PostgreSQL and SQLite."""
        bind = self.session.bind
        if bind is not None and bind.dialect.name == "sqlite":
            return sqlite.insert(table)
        return postgresql.insert(table)


def areas(village: str) -> dict[str, str]:
    """The area columns of a row in `village`."""
    return {"village": village, "district": village[:6], "regency": village[:4]}


def in_area(table: Table, area: str) -> ColumnElement[bool]:
    """`village = ...`, `district = ...` or `regency = ...` by the length of the code."""
    column = {"village": "village", "district": "district", "regency": "regency"}[area_level(area)]
    return table.c[column] == area


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones: the same either way."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
