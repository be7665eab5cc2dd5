"""Unit of work: one database transaction holding the state change, its outgoing events (outbox)
and, for consumers, the processed-event record (inbox). All three commit together or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Self
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.db import Database
from balai.common.envelope import Contract, Envelope
from balai.common.messaging_tables import MessagingTables


class UnitOfWork:
    """Base unit of work; services subclass it to add their repositories on `self.session`."""

    session: AsyncSession

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        *,
        bus_prefix: str = "",
        on_commit: Callable[[], None] | None = None,
        correlation_id: str | None = None,
    ) -> None:
        self._db = db
        self.tables = tables
        self._bus_prefix = bus_prefix
        self._on_commit = on_commit
        self.correlation_id = correlation_id
        self.events: list[Envelope] = []

    async def __aenter__(self) -> Self:
        self.session = self._db.sessions()
        self.events = []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self.session.rollback()  # a no-op after commit; undoes anything uncommitted
        finally:
            await self.session.close()

    def emit(self, payload: Contract, *, village: str, subject: str) -> Envelope:
        """Queue an event; it is written to the outbox in the same transaction at commit."""
        envelope = Envelope.wrap(payload, village=village, subject=subject, correlation_id=self.correlation_id)
        self.events.append(envelope)
        return envelope

    async def commit(self) -> None:
        published = bool(self.events)
        if self.events:
            now = datetime.now(UTC)
            await self.session.execute(
                insert(self.tables.outbox),
                [
                    {
                        "event_id": e.id,
                        "subject": e.bus_subject(self._bus_prefix),
                        "type": e.type,
                        "payload": e.to_bytes(),
                        "created_at": now,
                        "attempts": 0,
                    }
                    for e in self.events
                ],
            )
        await self.session.commit()
        self.events = []
        if published and self._on_commit is not None:
            self._on_commit()

    async def rollback(self) -> None:
        self.events = []
        await self.session.rollback()

    async def already_processed(self, consumer: str, event_id: UUID) -> bool:
        inbox = self.tables.inbox
        row = await self.session.execute(
            select(inbox.c.event_id).where(inbox.c.consumer == consumer, inbox.c.event_id == event_id)
        )
        return row.first() is not None

    async def mark_processed(self, consumer: str, event_id: UUID) -> None:
        await self.session.execute(
            insert(self.tables.inbox).values(consumer=consumer, event_id=event_id, processed_at=datetime.now(UTC))
        )
