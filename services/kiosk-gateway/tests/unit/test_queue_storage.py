"""The queue's rows are stored as SQLAlchemy stored them before the gateway moved to sqlite3: a kiosk
upgraded with requests still queued sends them, and the tables (made by Alembic from the models) are
read and written the same way by both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from balai.common.db import create_engine
from balai.common.litedb import LiteDatabase
from balai.common.migrations import upgrade
from balai.kiosk.main import SERVICE
from balai.kiosk.models import metadata, pending_requests, ticket_counters
from balai.kiosk.uow import PENDING, SENT, KioskUnitOfWork


async def test_a_queue_written_with_sqlalchemy_is_read_and_written_the_same_way(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kiosk.db'}"
    now = datetime(2026, 11, 23, 8, 0, 0, 250000, tzinfo=UTC)
    body = {"type": "domisili", "fields": {"keperluan": "Melamar pekerjaan", "nama": "Sítí"}}
    engine = create_engine(url)
    try:
        await upgrade(engine, SERVICE.migrations, metadata)
        async with engine.begin() as conn:  # as the SQLAlchemy gateway wrote it
            await conn.execute(
                insert(pending_requests).values(
                    id="old-1",
                    idempotency_key="screen-key-1",
                    subject="resident-1",
                    village="3317092016",
                    letter_type="domisili",
                    body=body,
                    access_token="token",
                    token_expires_at=now + timedelta(minutes=5),
                    status=PENDING,
                    attempts=2,
                    next_attempt_at=now,
                    created_at=now - timedelta(minutes=1),
                )
            )
            await conn.execute(insert(ticket_counters).values(day="2026-11-23", service="Layanan", last_number=7))
        db = LiteDatabase(url)
        try:
            async with KioskUnitOfWork(db) as uow:
                due, later = await uow.requests.next_due(now)
                assert due is not None
                assert later is None
                assert due.id == "old-1"
                assert due.body == body
                assert due.next_attempt_at == now
                assert due.token_expires_at == now + timedelta(minutes=5)
                assert due.created_at == now - timedelta(minutes=1)
                assert (await uow.requests.by_key("screen-key-1")) == due
                assert await uow.requests.next_due(now - timedelta(seconds=1)) == (None, now)
                assert await uow.requests.counts() == {PENDING: 1}
                assert await uow.tickets.next_number("2026-11-23", "Layanan") == 8
                await uow.requests.mark_sent("old-1", {"id": "letter-1", "status": "submitted"}, now)
                await uow.requests.add(
                    id="new-1",
                    idempotency_key="screen-key-2",
                    subject="resident-1",
                    village="3317092016",
                    letter_type="sku",
                    body={"type": "sku", "fields": {}},
                    access_token="token",
                    token_expires_at=now + timedelta(minutes=5),
                    next_attempt_at=now,
                    created_at=now,
                )
                await uow.commit()
        finally:
            await db.dispose()
        async with engine.connect() as conn:  # and SQLAlchemy reads what sqlite3 wrote
            rows = {r.id: r for r in (await conn.execute(select(pending_requests))).all()}
            counter = await conn.scalar(select(ticket_counters.c.last_number))
        assert rows["old-1"].status == SENT
        assert rows["old-1"].response == {"id": "letter-1", "status": "submitted"}
        assert rows["old-1"].access_token is None, "the token goes with delivery"
        assert rows["old-1"].sent_at.replace(tzinfo=UTC) == now
        assert rows["new-1"].body == {"type": "sku", "fields": {}}
        assert rows["new-1"].next_attempt_at.replace(tzinfo=UTC) == now
        assert (rows["new-1"].status, rows["new-1"].attempts) == (PENDING, 0)
        assert counter == 8
    finally:
        await engine.dispose()
