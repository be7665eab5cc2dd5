"""An SQLite file through the standard library's ``sqlite3``, for a service on a small PC (the kiosk
gateway): the same file, PRAGMAs and transaction behaviour as `balai.common.db` gives SQLite, and a unit
of work of the same shape (``async with uow: ...; await uow.commit()``), without SQLAlchemy in the process
(~20 MB of a kiosk's RSS; see docs/adr/0030-kiosk-memory.md).

- Each unit of work takes its own connection (a small pool keeps a few open), so one unit holding a write
  transaction (a ticket number while the ticket prints) makes another writer wait (``busy_timeout``),
  as with SQLAlchemy's pool.
- Every call runs in a worker thread; a lock per connection keeps the calls on one connection in order.
- ``sqlite3``'s default transaction handling is the one SQLAlchemy's pysqlite/aiosqlite dialects use: a
  ``BEGIN`` before the first INSERT/UPDATE/DELETE, reads outside a transaction until then.
- Timestamps are stored as SQLAlchemy's SQLite ``DateTime`` stores them (``YYYY-MM-DD HH:MM:SS.ffffff``,
  UTC, no offset) and JSON as its ``JSON`` type does, so the same tables work from both (Alembic migrates
  them with SQLAlchemy, in a child process).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

__all__ = [
    "LiteConnection",
    "LiteDatabase",
    "LiteUnitOfWork",
    "from_json",
    "from_timestamp",
    "sqlite_file",
    "to_json",
    "to_timestamp",
]

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any]

_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?:///(?P<path>[^?]*)(?:\?.*)?$")


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (``sqlite+aiosqlite:///relative.db``, ``sqlite:////absolute.db``); None
    for an in-memory database or a URL that is not SQLite."""
    match = _SQLITE_URL.match(url)
    if match is None or match["path"] in ("", ":memory:"):
        return None
    return Path(match["path"])


def to_timestamp(moment: datetime | None) -> str | None:
    """As SQLAlchemy's SQLite DateTime writes it: UTC wall time, microseconds, no offset."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


def from_timestamp(value: str | None) -> datetime | None:
    """A stored timestamp, back as an aware UTC datetime."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_json(value: Any) -> str | None:
    """As SQLAlchemy's JSON type writes it (``json.dumps`` with its defaults); None stays SQL NULL."""
    return None if value is None else json.dumps(value)


def from_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


class LiteConnection:
    """One ``sqlite3`` connection; every call runs in a worker thread, one at a time."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw
        self._lock = threading.Lock()

    async def _call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                return fn(self._raw)

        return await asyncio.to_thread(locked)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; returns the number of rows it changed."""
        return await self._call(lambda c: c.execute(sql, params).rowcount)

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = await self._call(lambda c: c.execute(sql, params).fetchone())
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = await self._call(lambda c: c.execute(sql, params).fetchall())
        return rows

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def commit(self) -> None:
        await self._call(lambda c: c.commit())

    async def rollback(self) -> None:
        await self._call(lambda c: c.rollback())

    def close(self) -> None:
        with self._lock:
            self._raw.close()


class LiteDatabase:
    """The service's SQLite file (the URL as in settings: ``sqlite+aiosqlite:///.../kiosk.db``)."""

    def __init__(self, url: str, *, pool_size: int = 4, busy_timeout_s: float = 30.0) -> None:
        path = sqlite_file(url)
        if path is None:
            raise ValueError(f"not an SQLite file: {url!r} (an in-memory database is not shared between connections)")
        self.url = url
        self.path = path
        self._pool_size = pool_size
        self._timeout = busy_timeout_s
        self._idle: list[LiteConnection] = []

    @property
    def is_sqlite(self) -> bool:
        return True

    def _open(self) -> LiteConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        raw = sqlite3.connect(self.path, timeout=self._timeout, check_same_thread=False)
        raw.row_factory = sqlite3.Row
        for pragma in (  # as balai.common.db sets them for SQLite
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={int(self._timeout * 1000)}",
        ):
            raw.execute(pragma)
        return LiteConnection(raw)

    async def acquire(self) -> LiteConnection:
        if self._idle:
            return self._idle.pop()
        return await asyncio.to_thread(self._open)

    async def release(self, connection: LiteConnection) -> None:
        """Roll back anything uncommitted and keep the connection for the next unit. One that cannot be
        rolled back (a cancelled call may still be running on it) is closed in the background instead."""
        try:
            await connection.rollback()
        except BaseException:
            asyncio.get_running_loop().run_in_executor(None, connection.close)
            raise
        if len(self._idle) < self._pool_size:
            self._idle.append(connection)
        else:
            connection.close()

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[LiteConnection]:
        """A connection for a few statements; rolled back (anything uncommitted) and returned after."""
        conn = await self.acquire()
        try:
            yield conn
        finally:
            await self.release(conn)

    async def ping(self) -> bool:
        try:
            async with self.connection() as conn:
                return bool(await conn.scalar("SELECT 1"))
        except (sqlite3.Error, OSError):
            return False

    async def dispose(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class LiteUnitOfWork:
    """Base unit of work on a `LiteDatabase`: one transaction; services add their repositories on
    ``self.connection`` in ``__aenter__``. Nothing is kept unless ``commit()`` is called."""

    connection: LiteConnection

    def __init__(self, db: LiteDatabase) -> None:
        self._db = db

    async def __aenter__(self) -> Self:
        self.connection = await self._db.acquire()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._db.release(self.connection)  # rolls back anything uncommitted (a no-op after commit)

    async def commit(self) -> None:
        await self.connection.commit()

    async def rollback(self) -> None:
        await self.connection.rollback()
