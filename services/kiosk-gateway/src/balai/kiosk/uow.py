"""Unit of work of the kiosk gateway: the only code that talks SQL (the offline queue, ticket numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.uow import UnitOfWork
from balai.kiosk.models import pending_requests, ticket_counters

__all__ = ["KioskUnitOfWork", "PendingRequest"]

PENDING, SENT, WAITING_AUTH, FAILED = "pending", "sent", "waiting_auth", "failed"


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; everything stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class PendingRequest:
    id: str
    idempotency_key: str
    subject: str
    village: str | None
    letter_type: str
    body: dict[str, Any]
    access_token: str | None
    token_expires_at: datetime | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    response: dict[str, Any] | None
    created_at: datetime

    @classmethod
    def of(cls, row: Any) -> PendingRequest:
        values = {name: getattr(row, name) for name in cls.__dataclass_fields__}
        for name in ("token_expires_at", "next_attempt_at", "created_at"):
            values[name] = _utc(values[name])
        return cls(**values)

    def public(self) -> dict[str, Any]:
        """What the screen may show (no token)."""
        return {
            "local_id": self.id,
            "letter_type": self.letter_type,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "attempts": self.attempts,
            "error": self.last_error if self.status == FAILED else None,
            "request": self.response,
        }


class PendingRequests:
    """The offline queue of letter requests."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, **values: Any) -> None:
        await self._s.execute(insert(pending_requests).values(status=PENDING, attempts=0, **values))

    async def get(self, request_id: str) -> PendingRequest | None:
        row = (await self._s.execute(select(pending_requests).where(pending_requests.c.id == request_id))).first()
        return PendingRequest.of(row) if row else None

    async def by_key(self, key: str) -> PendingRequest | None:
        query = select(pending_requests).where(pending_requests.c.idempotency_key == key)
        row = (await self._s.execute(query)).first()
        return PendingRequest.of(row) if row else None

    async def next_due(self, now: datetime) -> tuple[PendingRequest | None, datetime | None]:
        """The oldest request due now, else None and when the next one falls due."""
        t = pending_requests.c
        due = select(pending_requests).where(t.status == PENDING, t.next_attempt_at <= now)
        row = (await self._s.execute(due.order_by(t.created_at).limit(1))).first()
        if row is not None:
            return PendingRequest.of(row), None
        later = await self._s.scalar(select(func.min(t.next_attempt_at)).where(t.status == PENDING))
        return None, _utc(later)

    async def all_due(self, now: datetime) -> None:
        """The link is back: every pending request is due now, whatever its backoff."""
        t = pending_requests.c
        await self._s.execute(update(pending_requests).where(t.status == PENDING).values(next_attempt_at=now))

    async def mark_sent(self, request_id: str, response: dict[str, Any], now: datetime) -> None:
        await self._set(request_id, status=SENT, response=response, sent_at=now, last_error=None)

    async def retry_later(self, request_id: str, attempts: int, at: datetime, error: str) -> None:
        await self._set(request_id, attempts=attempts, next_attempt_at=at, last_error=error[:500])

    async def park(self, request_id: str, status: str, error: str) -> None:
        """waiting_auth or failed: the token is of no more use."""
        await self._set(request_id, status=status, last_error=error[:500])

    async def _set(self, request_id: str, **values: Any) -> None:
        if values.get("status") in (SENT, WAITING_AUTH, FAILED):
            values.update(access_token=None, token_expires_at=None)
        await self._s.execute(update(pending_requests).where(pending_requests.c.id == request_id).values(**values))

    async def give_token(self, subject: str, token: str, expires_at: datetime, now: datetime) -> int:
        """The resident logged in again: their unsent requests get the new token and are due now."""
        t = pending_requests.c
        result = await self._s.execute(
            update(pending_requests)
            .where(t.subject == subject, t.status.in_([PENDING, WAITING_AUTH]))
            .values(access_token=token, token_expires_at=expires_at, status=PENDING, next_attempt_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def of_subject(self, subject: str) -> list[PendingRequest]:
        t = pending_requests.c
        query = select(pending_requests).where(t.subject == subject, t.status != SENT).order_by(t.created_at)
        return [PendingRequest.of(row) for row in (await self._s.execute(query)).all()]

    async def counts(self) -> dict[str, int]:
        t = pending_requests.c
        rows = (await self._s.execute(select(t.status, func.count()).group_by(t.status))).all()
        return {str(status): int(count) for status, count in rows}

    async def purge_sent(self, before: datetime) -> None:
        t = pending_requests.c
        await self._s.execute(delete(pending_requests).where(and_(t.status == SENT, t.sent_at < before)))


class TicketCounters:
    """Queue ticket numbers: 1, 2, 3... per service and day."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def next_number(self, day: str, service: str) -> int:
        t = ticket_counters.c
        where = and_(t.day == day, t.service == service)
        current = await self._s.scalar(select(t.last_number).where(where))
        if current is None:
            await self._s.execute(insert(ticket_counters).values(day=day, service=service, last_number=1))
            return 1
        await self._s.execute(update(ticket_counters).where(where).values(last_number=current + 1))
        return int(current) + 1


class KioskUnitOfWork(UnitOfWork):
    """Repositories hang off the session: ``uow.requests``, ``uow.tickets``."""

    requests: PendingRequests
    tickets: TicketCounters

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.requests = PendingRequests(self.session)
        self.tickets = TicketCounters(self.session)
        return self
