"""The offline queue: letter requests are written to SQLite first, then delivered by ONE sender task.

Exactly once: each request has an idempotency key, sent as ``Idempotency-Key``. A request the centre took
but whose answer was lost (link dropped, PC restarted) is sent again with the same key and the letters
service answers with the request it already made. Only one task sends, so two sends of one row never race.

Backoff: attempts wait 2 s, 4 s, 8 s... up to 5 min (with jitter); when the link comes back, every pending
request is due at once. A request whose resident token ran out (identity's kiosk sessions last 5 minutes)
waits as ``waiting_auth`` until that resident logs in at this kiosk again; one the centre refuses (422,
403...) is ``failed`` with the centre's reason. Nothing is lost when the PC restarts: the row is on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from balai.common.errors import Problem
from balai.kiosk.centre import CentreClient, CentreRejected, CentreUnavailable
from balai.kiosk.session import ActiveSession
from balai.kiosk.uow import FAILED, PENDING, SENT, WAITING_AUTH, KioskUnitOfWork, PendingRequest

__all__ = ["RequestQueue"]

log = logging.getLogger(__name__)

EXPIRED = "Sesi penduduk berakhir sebelum permintaan terkirim; akan dikirim saat penduduk masuk kembali."
SENT_KEEP = timedelta(days=7)
MAX_RETRIES_REFUSED = 20
"""A centre that answers "not now" (409, 429, 5xx) that often has a real problem with the request; a centre
that cannot be reached at all is waited for without limit."""


class RequestQueue:
    def __init__(
        self,
        uow: Callable[[], KioskUnitOfWork],
        centre: CentreClient,
        *,
        backoff: tuple[float, float] = (2.0, 300.0),
        on_outcome: Callable[[PendingRequest], object] | None = None,
    ) -> None:
        self._uow = uow
        self._centre = centre
        self._backoff = backoff
        self._on_outcome = on_outcome
        self._wake = asyncio.Event()
        self._all_due = False
        self._waiters: dict[str, asyncio.Future[PendingRequest]] = {}

    # -- taking requests -------------------------------------------------------------------------------
    async def take(self, session: ActiveSession, body: dict[str, Any], key: str | None = None) -> PendingRequest:
        """Write the request to the queue (the screen's retry with the same key gets the same row)."""
        key = key or uuid.uuid4().hex
        if not session.village:
            raise Problem(409, "no_village", "Sesi ini tidak terhubung ke sebuah desa. Mohon hubungi petugas desa.")
        now = datetime.now(UTC)
        token_left = max(0.0, session.expires_at - time.monotonic())
        async with self._uow() as uow:
            existing = await uow.requests.by_key(key)
            if existing is not None:
                if existing.subject != session.subject:
                    raise Problem(409, "key_in_use", "Kunci permintaan sudah dipakai. Mohon ulangi.")
                return existing
            request_id = str(uuid.uuid4())
            await uow.requests.add(
                id=request_id,
                idempotency_key=key,
                subject=session.subject,
                village=session.village,
                letter_type=str(body["type"]),
                body=body,
                access_token=session.token,
                token_expires_at=now + timedelta(seconds=token_left),
                next_attempt_at=now,
                created_at=now,
            )
            await uow.commit()
            row = await uow.requests.get(request_id)
        assert row is not None
        self.wake()
        return row

    async def outcome(self, request_id: str, timeout: float) -> PendingRequest | None:
        """Wait up to ``timeout`` for the first attempt to send ``request_id``; its row after that."""
        future = self._waiters.setdefault(request_id, asyncio.get_running_loop().create_future())
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.shield(future)
        except TimeoutError:
            async with self._uow() as uow:
                return await uow.requests.get(request_id)
        finally:
            if future.done() or future.cancelled():
                self._waiters.pop(request_id, None)

    def wake(self, *, all_due: bool = False) -> None:
        """Look at the queue now; ``all_due``: the link is back, forget the backoff."""
        self._all_due = self._all_due or all_due
        self._wake.set()

    async def resident_back(self, session: ActiveSession) -> None:
        """A resident logged in: their requests waiting for a token get this session's token."""
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=max(0.0, session.expires_at - time.monotonic()))
        async with self._uow() as uow:
            changed = await uow.requests.give_token(session.subject, session.token, expires, now)
            await uow.commit()
        if changed:
            self.wake()

    async def of_subject(self, subject: str) -> list[PendingRequest]:
        async with self._uow() as uow:
            return await uow.requests.of_subject(subject)

    async def counts(self) -> dict[str, int]:
        async with self._uow() as uow:
            counts = await uow.requests.counts()
        return {status: counts.get(status, 0) for status in (PENDING, WAITING_AUTH, FAILED)}

    # -- sending ---------------------------------------------------------------------------------------
    async def run(self) -> None:
        async with self._uow() as uow:
            await uow.requests.purge_sent(datetime.now(UTC) - SENT_KEEP)
            await uow.commit()
        while True:
            self._wake.clear()
            now = datetime.now(UTC)
            async with self._uow() as uow:
                if self._all_due:
                    self._all_due = False
                    await uow.requests.all_due(now)
                    await uow.commit()
                row, next_at = await uow.requests.next_due(now)
            if row is not None:
                await self._deliver(row)
                continue
            wait = None if next_at is None else max(0.05, (next_at - now).total_seconds())
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def _deliver(self, row: PendingRequest) -> None:
        now = datetime.now(UTC)
        if not row.access_token or row.token_expires_at is None or row.token_expires_at <= now or not row.village:
            await self._settle(row.id, park=(WAITING_AUTH, EXPIRED))
            return
        try:
            response = await self._centre.submit_request(row.access_token, row.village, row.body, row.idempotency_key)
        except CentreUnavailable as exc:
            await self._settle(row.id, retry=(row.attempts + 1, str(exc), None))
        except CentreRejected as exc:
            if exc.status == 401:
                await self._settle(row.id, park=(WAITING_AUTH, EXPIRED))
            elif (exc.status in (408, 409, 425, 429) or exc.status >= 500) and row.attempts < MAX_RETRIES_REFUSED:
                await self._settle(row.id, retry=(row.attempts + 1, f"{exc.status} {exc.code}", exc.retry_after))
            else:
                await self._settle(row.id, park=(FAILED, exc.detail))
        else:
            log.info("queued request %s delivered after %d failed attempt(s)", row.id, row.attempts)
            await self._settle(row.id, sent=response)

    async def _settle(
        self,
        request_id: str,
        *,
        sent: dict[str, Any] | None = None,
        park: tuple[str, str] | None = None,
        retry: tuple[int, str, int | None] | None = None,
    ) -> None:
        now = datetime.now(UTC)
        async with self._uow() as uow:
            if sent is not None:
                await uow.requests.mark_sent(request_id, sent, now)
            elif park is not None:
                await uow.requests.park(request_id, *park)
            elif retry is not None:
                attempts, error, retry_after = retry
                at = now + timedelta(seconds=retry_after or self._delay(attempts))
                await uow.requests.retry_later(request_id, attempts, at, error)
            await uow.commit()
            row = await uow.requests.get(request_id)
        assert row is not None
        if row.status != SENT and retry is not None:
            log.info("queued request %s not sent (attempt %d): %s", request_id, row.attempts, row.last_error)
        waiter = self._waiters.pop(request_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(row)
        if self._on_outcome is not None:
            self._on_outcome(row)

    def _delay(self, attempts: int) -> float:
        first, longest = self._backoff
        return float(min(longest, first * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2))
