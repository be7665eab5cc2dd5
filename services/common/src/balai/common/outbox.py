"""The outbox relay: publishes committed, unsent outbox rows to JetStream and marks them sent.

- Rows are claimed with `FOR UPDATE SKIP LOCKED` (PostgreSQL), so two relays never publish the same
  row at the same moment; SQLite has a single writer, which serialises relays anyway.
- `Nats-Msg-Id` is the event id: if a relay dies after publishing but before marking a row sent, the
  row is published again and JetStream drops the duplicate inside its window; the consumer inbox
  catches anything older.
- While NATS is down, publishing fails, the rows stay unsent, and the relay backs off (up to 10 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from balai.common.bus import Bus, cancelling
from balai.common.db import Database
from balai.common.messaging_tables import MessagingTables
from balai.common.metrics import OUTBOX_PUBLISHED, OUTBOX_UNSENT

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        tables: MessagingTables,
        *,
        service: str,
        batch_size: int = 200,
        idle_interval: float = 0.5,
        max_backoff: float = 10.0,
        keep_published: timedelta = timedelta(days=7),
    ) -> None:
        self._db = db
        self._bus = bus
        self._outbox = tables.outbox
        self._service = service
        self._batch_size = batch_size
        self._idle = idle_interval
        self._max_backoff = max_backoff
        self._keep = keep_published
        self._wake = asyncio.Event()
        self._last_cleanup = datetime.min.replace(tzinfo=UTC)

    def wake(self) -> None:
        """Called after a commit that wrote events: publish now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.0
        stream_ok = False
        while True:
            if cancelling():  # asked to stop, though a publish may have swallowed the cancellation
                raise asyncio.CancelledError
            try:
                await self._bus.wait_ready()
                if not stream_ok:  # after a failure the stream may be missing (a fresh NATS): make sure
                    await self._bus.ensure_stream(self._service)
                    stream_ok = True
                sent = await self.publish_pending()
                backoff = 0.0
                await self._cleanup_if_due()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if cancelling():
                    raise asyncio.CancelledError from exc
                stream_ok = False
                backoff = min(max(backoff * 2, 0.25), self._max_backoff)
                log.warning("outbox relay of %s: %s; retrying in %.2fs", self._service, exc, backoff)
                await asyncio.sleep(backoff * (0.8 + 0.4 * random.random()))
                continue
            if sent < self._batch_size:
                self._wake.clear()
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
                # that arrives just as the event is set, and the relay would never stop.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._idle):
                        await self._wake.wait()

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were sent. Raises when NATS refuses."""
        outbox = self._outbox
        async with self._db.session() as session, session.begin():
            rows = (
                await session.execute(
                    select(outbox.c.seq, outbox.c.event_id, outbox.c.subject, outbox.c.payload)
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.seq)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            results: list[Any] = await asyncio.gather(
                *(self._bus.publish(r.subject, r.payload, msg_id=str(r.event_id)) for r in rows),
                return_exceptions=True,
            )
            sent = [r.seq for r, res in zip(rows, results, strict=True) if not isinstance(res, BaseException)]
            failed = [r.seq for r, res in zip(rows, results, strict=True) if isinstance(res, BaseException)]
            now = datetime.now(UTC)
            if sent:
                await session.execute(update(outbox).where(outbox.c.seq.in_(sent)).values(published_at=now))
            if failed:
                error = next(res for res in results if isinstance(res, BaseException))
                await session.execute(
                    update(outbox)
                    .where(outbox.c.seq.in_(failed))
                    .values(attempts=outbox.c.attempts + 1, last_error=str(error)[:500])
                )
        OUTBOX_PUBLISHED.labels(self._service).inc(len(sent))
        if failed:
            raise ConnectionError(f"{len(failed)} of {len(rows)} events not published: {error}")
        return len(sent)

    async def unsent_count(self) -> int:
        async with self._db.session() as session:
            count = await session.scalar(
                select(func.count()).select_from(self._outbox).where(self._outbox.c.published_at.is_(None))
            )
        OUTBOX_UNSENT.labels(self._service).set(count or 0)
        return int(count or 0)

    async def _cleanup_if_due(self) -> None:
        now = datetime.now(UTC)
        if now - self._last_cleanup < timedelta(hours=1):
            return
        self._last_cleanup = now
        async with self._db.session() as session, session.begin():
            await session.execute(delete(self._outbox).where(self._outbox.c.published_at < now - self._keep))
