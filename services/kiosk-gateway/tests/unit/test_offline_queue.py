"""The offline queue with a fake centre on the gateway's own SQLite file: requests taken while the centre
is unreachable are delivered when it returns, each exactly once, across a restart of the kiosk PC."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from balai.kiosk.centre import CentreRejected
from balai.kiosk.config import Settings
from balai.kiosk.main import create_app
from balai.kiosk.testing import FakeCentre
from balai.kiosk.testing_bridge import running_app

CARD, PIN = "04A23B12", "240517"
ORIGIN = "http://127.0.0.1:8787"
REQUEST = {"type": "domisili", "fields": {"keperluan": "Melamar pekerjaan"}}


async def login(bridge: httpx.AsyncClient) -> None:
    answer = await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "active"


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_online_request_is_submitted_at_once(make_settings: Callable[..., Settings], centre: FakeCentre) -> None:
    async with running_app(create_app(make_settings(), centre=centre), ORIGIN) as bridge:
        await login(bridge)
        answer = await bridge.post("/bridge/requests", json=REQUEST, headers={"Idempotency-Key": "screen-key-1"})
        assert answer.status_code == 201, answer.text
        assert answer.json()["status"] == "submitted"
        assert answer.json()["request"]["type"] == "domisili"
        again = await bridge.post("/bridge/requests", json=REQUEST, headers={"Idempotency-Key": "screen-key-1"})
        assert again.json()["local_id"] == answer.json()["local_id"], "the screen's retry is the same request"
    assert centre.submissions == ["screen-key-1"]
    assert len(centre.requests) == 1


async def test_offline_request_is_queued_and_sent_once_when_the_link_returns(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    app = create_app(make_settings(request_wait_s=0.5), centre=centre)
    async with running_app(app, ORIGIN) as bridge:
        events: list[dict[str, Any]] = []
        app.state.gateway.hub.published = events
        await login(bridge)
        centre.online = False
        queued = await bridge.post("/bridge/requests", json=REQUEST)
        assert queued.status_code == 202, queued.text
        assert queued.json()["status"] == "queued"
        status = (await bridge.get("/bridge/status")).json()
        assert status["centre"] == "offline"
        assert status["queue"]["pending"] == 1
        assert {"type": "centre.offline"} in events
        letters = (await bridge.get("/bridge/letters")).json()
        assert letters["centre_online"] is False
        assert [q["status"] for q in letters["queued"]] == ["pending"]
        await asyncio.sleep(0.5)  # a few attempts fail meanwhile (backoff)
        centre.online = True
        await eventually(lambda: len(centre.requests) == 1)
        await eventually(lambda: {"type": "centre.online"} in events)
        await eventually(lambda: any(e["type"] == "request.updated" and e["status"] == "sent" for e in events))
        await asyncio.sleep(0.3)
        status = (await bridge.get("/bridge/status")).json()
        assert status["queue"] == {"pending": 0, "waiting_auth": 0, "failed": 0}
    assert len(set(centre.submissions)) == 1


async def test_a_lost_answer_is_resent_with_the_same_key(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    centre.lose_answers = 2
    async with running_app(create_app(make_settings(request_wait_s=3), centre=centre), ORIGIN) as bridge:
        await login(bridge)
        answer = await bridge.post("/bridge/requests", json=REQUEST)
        assert answer.status_code == 202  # the first answer was lost
        await eventually(lambda: len(centre.submissions) == 3)
    assert len(centre.requests) == 1, "the centre made one request"
    assert len(set(centre.submissions)) == 1, "always with the same Idempotency-Key"


async def test_queued_requests_survive_a_restart(make_settings: Callable[..., Settings], centre: FakeCentre) -> None:
    settings = make_settings(request_wait_s=0.2)
    centre.online = False
    first = create_app(settings, centre=centre)
    async with running_app(first, ORIGIN) as bridge:
        centre.online = True
        await login(bridge)
        centre.online = False
        for n in range(3):
            queued = await bridge.post("/bridge/requests", json={**REQUEST, "n": n})
            assert queued.status_code == 202
    assert centre.requests == {}
    # the PC restarts; the link is back
    centre.online = True
    second = create_app(settings, centre=centre)
    async with running_app(second, ORIGIN) as bridge:
        await eventually(lambda: len(centre.requests) == 3)
        await asyncio.sleep(0.2)
        assert (await bridge.get("/bridge/status")).json()["queue"]["pending"] == 0
    assert len(centre.submissions) == 3, "each sent exactly once"
    assert sorted(r["n"] for r in centre.requests.values()) == [0, 1, 2]


async def test_a_request_whose_token_ran_out_waits_for_the_resident(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    centre.token_ttl = 6  # the gateway treats it as 1 s
    async with running_app(create_app(make_settings(request_wait_s=0.2), centre=centre), ORIGIN) as bridge:
        await login(bridge)
        centre.online = False
        assert (await bridge.post("/bridge/requests", json=REQUEST)).status_code == 202
        await asyncio.sleep(1.2)
        centre.online = True
        status = await wait_status(bridge, lambda s: s["queue"]["waiting_auth"] == 1)
        assert status["session"]["active"] is False
        assert centre.requests == {}
        centre.token_ttl = 300
        await login(bridge)  # the same resident comes back
        await eventually(lambda: len(centre.requests) == 1)


async def wait_status(
    bridge: httpx.AsyncClient, check: Callable[[dict[str, Any]], bool], timeout: float = 5.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = (await bridge.get("/bridge/status")).json()
        if check(status):
            return status
        assert time.monotonic() < deadline, status
        await asyncio.sleep(0.05)


async def test_a_request_the_centre_refuses_is_failed_with_its_reason(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    async def refuse(*_: object) -> dict[str, Any]:
        raise CentreRejected(422, "unknown_letter_type", "Jenis surat tidak dikenal.")

    centre.submit_request = refuse  # type: ignore[method-assign,assignment]
    async with running_app(create_app(make_settings(), centre=centre), ORIGIN) as bridge:
        await login(bridge)
        answer = await bridge.post("/bridge/requests", json={"type": "unknown"})
        assert answer.status_code == 422
        assert answer.json()["status"] == "failed"
        assert answer.json()["error"] == "Jenis surat tidak dikenal."
