"""Unit of work of the kiosk gateway: the only code that talks SQL (the offline queue, ticket numbers).

Plain SQL through the standard library's sqlite3 (`balai.common.litedb`): no SQLAlchemy in the gateway's
process (memory, see docs/adr/0030-kiosk-memory.md). The tables are described in `balai.kiosk.models`
(SQLAlchemy, for Alembic) and stored the way SQLAlchemy stores them (timestamps, JSON), so a queue
written by an earlier gateway reads the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from balai.common.litedb import LiteConnection, LiteUnitOfWork, from_json, from_timestamp, to_json, to_timestamp

__all__ = ["KioskUnitOfWork", "PendingRequest"]

PENDING, SENT, WAITING_AUTH, FAILED = "pending", "sent", "waiting_auth", "failed"

COLUMNS = (
    "id",
    "idempotency_key",
    "subject",
    "village",
    "letter_type",
    "body",
    "access_token",
    "token_expires_at",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "response",
    "created_at",
    "sent_at",
)
_TIMESTAMPS = frozenset({"token_expires_at", "next_attempt_at", "created_at", "sent_at"})
_JSON = frozenset({"body", "response"})
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM pending_requests"  # noqa: S608 - constant column names


def _stored(name: str, value: Any) -> Any:
    if name in _TIMESTAMPS:
        return to_timestamp(value)
    if name in _JSON:
        return to_json(value)
    return value


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
        values = {name: row[name] for name in cls.__dataclass_fields__}
        for name in ("token_expires_at", "next_attempt_at", "created_at"):
            values[name] = from_timestamp(values[name])
        for name in ("body", "response"):
            values[name] = from_json(values[name])
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

    def __init__(self, connection: LiteConnection) -> None:
        self._c = connection

    async def add(self, **values: Any) -> None:
        values = {"status": PENDING, "attempts": 0, **values}
        names = [name for name in COLUMNS if name in values]
        if unknown := set(values) - set(names):
            raise ValueError(f"not columns of pending_requests: {sorted(unknown)}")
        await self._c.execute(
            f"INSERT INTO pending_requests ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",  # noqa: S608
            [_stored(name, values[name]) for name in names],
        )

    async def get(self, request_id: str) -> PendingRequest | None:
        row = await self._c.fetchone(f"{_SELECT} WHERE id = ?", (request_id,))
        return PendingRequest.of(row) if row else None

    async def by_key(self, key: str) -> PendingRequest | None:
        row = await self._c.fetchone(f"{_SELECT} WHERE idempotency_key = ?", (key,))
        return PendingRequest.of(row) if row else None

    async def next_due(self, now: datetime) -> tuple[PendingRequest | None, datetime | None]:
        """The oldest request due now, else None and when the next one falls due."""
        row = await self._c.fetchone(
            f"{_SELECT} WHERE status = ? AND next_attempt_at <= ? ORDER BY created_at LIMIT 1",
            (PENDING, to_timestamp(now)),
        )
        if row is not None:
            return PendingRequest.of(row), None
        later = await self._c.scalar("SELECT min(next_attempt_at) FROM pending_requests WHERE status = ?", (PENDING,))
        return None, from_timestamp(later)

    async def all_due(self, now: datetime) -> None:
        """The link is back: every pending request is due now, whatever its backoff."""
        await self._c.execute(
            "UPDATE pending_requests SET next_attempt_at = ? WHERE status = ?", (to_timestamp(now), PENDING)
        )

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
        names = [name for name in COLUMNS if name in values]
        if unknown := set(values) - set(names):
            raise ValueError(f"not columns of pending_requests: {sorted(unknown)}")
        await self._c.execute(
            f"UPDATE pending_requests SET {', '.join(f'{name} = ?' for name in names)} WHERE id = ?",  # noqa: S608
            [*(_stored(name, values[name]) for name in names), request_id],
        )

    async def give_token(self, subject: str, token: str, expires_at: datetime, now: datetime) -> int:
        """The resident logged in again: their unsent requests get the new token and are due now."""
        return await self._c.execute(
            "UPDATE pending_requests SET access_token = ?, token_expires_at = ?, status = ?, next_attempt_at = ?"
            " WHERE subject = ? AND status IN (?, ?)",
            (token, to_timestamp(expires_at), PENDING, to_timestamp(now), subject, PENDING, WAITING_AUTH),
        )

    async def of_subject(self, subject: str) -> list[PendingRequest]:
        rows = await self._c.fetchall(
            f"{_SELECT} WHERE subject = ? AND status != ? ORDER BY created_at", (subject, SENT)
        )
        return [PendingRequest.of(row) for row in rows]

    async def counts(self) -> dict[str, int]:
        rows = await self._c.fetchall("SELECT status, count(*) FROM pending_requests GROUP BY status")
        return {str(status): int(count) for status, count in rows}

    async def purge_sent(self, before: datetime) -> None:
        await self._c.execute(
            "DELETE FROM pending_requests WHERE status = ? AND sent_at < ?", (SENT, to_timestamp(before))
        )


class TicketCounters:
    """Queue ticket numbers: 1, 2, 3... per service and day."""

    def __init__(self, connection: LiteConnection) -> None:
        self._c = connection

    async def next_number(self, day: str, service: str) -> int:
        current = await self._c.scalar(
            "SELECT last_number FROM ticket_counters WHERE day = ? AND service = ?", (day, service)
        )
        if current is None:
            await self._c.execute(
                "INSERT INTO ticket_counters (day, service, last_number) VALUES (?, ?, 1)", (day, service)
            )
            return 1
        await self._c.execute(
            "UPDATE ticket_counters SET last_number = ? WHERE day = ? AND service = ?", (current + 1, day, service)
        )
        return int(current) + 1


class KioskUnitOfWork(LiteUnitOfWork):
    """Repositories hang off the connection: ``uow.requests``, ``uow.tickets``."""

    requests: PendingRequests
    tickets: TicketCounters

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.requests = PendingRequests(self.connection)
        self.tickets = TicketCounters(self.connection)
        return self
