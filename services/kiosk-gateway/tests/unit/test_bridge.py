"""The bridge end to end with fake devices and a fake centre, over a real loopback port and WebSocket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from balai.common.testing.harness import eventually
from balai.kiosk.centre import CentreRejected
from balai.kiosk.config import Settings
from balai.kiosk.main import create_app
from balai.kiosk.testing import FakeCardReader, FakeCentre, FakePrinter
from balai.kiosk.testing_bridge import Screen, running_app, screen_at, serve_app

CARD, PIN = "04A23B12", "240517"
ORIGIN = "http://127.0.0.1:8787"


@pytest.fixture
def idle_timeout_s() -> float:
    return 60.0


@pytest.fixture
async def screen(
    make_settings: Callable[..., Settings], centre: FakeCentre, card_reader: FakeCardReader, idle_timeout_s: float
) -> AsyncIterator[Screen]:
    def build(port: int):  # type: ignore[no-untyped-def]
        settings = make_settings(bridge_port=port, idle_timeout_s=idle_timeout_s)
        return create_app(settings, centre=centre, card_reader=card_reader, printer=FakePrinter())

    async with serve_app(build) as (_, base), screen_at(base) as kiosk_screen:
        yield kiosk_screen


async def test_card_pin_letters_print_and_card_removed(
    screen: Screen, card_reader: FakeCardReader, centre: FakeCentre
) -> None:
    hello = json.loads(await screen.ws.recv())
    assert hello["type"] == "hello"
    assert hello["card"] == {"present": False, "uid": None}
    card_reader.place(CARD)
    assert (await screen.next("card.presented"))["uid"] == CARD
    login = await screen.http.post("/bridge/session", json={"pin": PIN})
    assert login.json()["status"] == "active", login.text
    started = await screen.next("session.started")
    assert started["idle_timeout_s"] == 60.0
    types = await screen.http.get("/bridge/letter-types")
    assert types.json()["items"][0]["code"] == "domisili"
    submitted = await screen.http.post("/bridge/requests", json={"type": "domisili", "fields": {}})
    assert submitted.status_code == 201
    letters = (await screen.http.get("/bridge/letters")).json()
    assert [item["type"] for item in letters["items"]] == ["domisili"]
    printed = await screen.http.post("/bridge/print", json={"letter_id": "L-1"})
    assert printed.status_code == 202, printed.text
    updates = [await screen.next("print.status") for _ in range(3)]
    assert [u["state"] for u in updates] == ["queued", "printing", "done"]
    assert updates[-1]["final"] is True
    assert updates[-1]["message"] == "Surat selesai dicetak. Silakan ambil di printer."
    card_reader.remove()
    assert (await screen.next("card.removed"))["type"] == "card.removed"
    assert (await screen.next("session.ended"))["reason"] == "card_removed"
    after = await screen.http.get("/bridge/letters")
    assert after.status_code == 401
    assert after.json()["code"] == "no_session"


@pytest.mark.parametrize("idle_timeout_s", [1.0])
async def test_idle_session_ends_and_activity_messages_keep_it(screen: Screen) -> None:
    login = await screen.http.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
    assert login.status_code == 200
    for _ in range(4):  # 1.6 s of touches, idle timeout 1 s
        await asyncio.sleep(0.4)
        await screen.ws.send(json.dumps({"type": "activity"}))
    status = (await screen.http.get("/bridge/status")).json()
    assert status["session"]["active"] is True
    assert (await screen.next("session.ended", timeout=3))["reason"] == "idle"


async def test_letters_arriving_after_the_card_was_taken_are_not_shown(
    screen: Screen, card_reader: FakeCardReader, centre: FakeCentre
) -> None:
    card_reader.place(CARD)
    await screen.next("card.presented")
    assert (await screen.http.post("/bridge/session", json={"pin": PIN})).status_code == 200
    centre.delay = 0.3
    pending = asyncio.create_task(screen.http.get("/bridge/letters"))
    await asyncio.sleep(0.1)
    card_reader.remove()
    late = await pending
    assert late.status_code == 409
    assert late.json()["code"] == "session_ended"


async def test_logout(screen: Screen) -> None:
    await screen.http.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
    assert (await screen.http.delete("/bridge/session")).status_code == 204
    assert (await screen.next("session.ended"))["reason"] == "logout"


async def test_wrong_pin_is_the_centres_indonesian_problem(screen: Screen) -> None:
    wrong = await screen.http.post("/bridge/session", json={"pin": "999990", "card_uid": CARD})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "NIK atau PIN salah."
    malformed = await screen.http.post("/bridge/session", json={"pin": "12", "card_uid": CARD})
    assert malformed.status_code == 422


async def test_heartbeat_reports_devices_and_tolerates_a_missing_endpoint(
    make_settings: Callable[..., Settings], centre: FakeCentre, card_reader: FakeCardReader
) -> None:
    printer = FakePrinter()
    app = create_app(make_settings(), centre=centre, card_reader=card_reader, printer=printer)
    async with running_app(app, ORIGIN):
        gateway = app.state.gateway
        assert await gateway.heartbeats.beat() is True
        status = centre.heartbeats[-1]
        assert status["readers"] == ["Fake Reader 00 00"]
        assert status["card_present"] is False
        assert status["a4_printer"]["state"] == "idle"
        assert status["queue_length"] == 0
        assert set(status) >= {"version", "uptime_s", "ticket_printer", "queue", "session_active"}
        assert len(json.dumps(status)) < 8000
        centre.heartbeat_endpoint = False
        assert await gateway.heartbeats.beat() is False  # 404: logged once, no crash


async def test_readiness_is_database_centre_and_devices(
    make_settings: Callable[..., Settings], centre: FakeCentre, card_reader: FakeCardReader
) -> None:
    app = create_app(make_settings(pcsc_enabled=True), centre=centre, card_reader=card_reader, printer=FakePrinter())
    async with running_app(app, ORIGIN) as bridge:
        ready = await bridge.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {
            "database": True,
            "centre": True,
            "enrolled": True,
            "card_reader": True,
            "a4_printer": True,
        }
        centre.online = False
        await app.state.gateway.link.probe()
        unready = await bridge.get("/readyz")
        assert unready.status_code == 503
        assert unready.json()["checks"]["centre"] is False


async def test_an_unenrolled_kiosk_says_so(make_settings: Callable[..., Settings], centre: FakeCentre) -> None:
    settings = make_settings(centre={"url": "http://centre.test", "device_id": ""})
    async with running_app(create_app(settings, centre=centre), ORIGIN) as bridge:
        refused = await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
        assert refused.status_code == 503
        assert refused.json()["code"] == "kiosk_not_enrolled"
        assert (await bridge.get("/readyz")).json()["checks"]["enrolled"] is False


async def test_a_kiosk_picks_up_its_id_once_an_operator_enrols_it(
    make_settings: Callable[..., Settings], centre: FakeCentre, tmp_path: Path
) -> None:
    settings = make_settings(centre={"url": "http://centre.test", "village": "3317092016"}, enrolment_poll_s=0.05)
    app = create_app(settings, centre=centre)
    async with running_app(app, ORIGIN) as bridge:
        await eventually_true(lambda: centre.whoami_asked >= 2)  # asked, and asks again while not enrolled
        assert (await bridge.get("/readyz")).json()["checks"]["enrolled"] is False

        centre.enrolment = {"device_id": "0193a7e2-0000-7000-8000-00000000d002", "village": "3317091999"}
        await eventually_true(lambda: centre.whoami_asked >= 4)
        assert app.state.gateway.device_id == "", "enrolled for another village: not taken"

        centre.enrolment = {"device_id": "0193a7e2-0000-7000-8000-00000000d003", "village": "3317092016"}
        await eventually_true(lambda: app.state.gateway.device_id != "")
        assert (await bridge.get("/readyz")).json()["checks"]["enrolled"] is True
        login = await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
        assert login.json()["status"] == "active", login.text
    assert (tmp_path / "device_id").read_text().strip() == "0193a7e2-0000-7000-8000-00000000d003"

    asked = centre.whoami_asked
    async with running_app(create_app(settings, centre=centre), ORIGIN) as bridge:  # the PC restarts
        assert (await bridge.get("/readyz")).json()["checks"]["enrolled"] is True
        await asyncio.sleep(0.2)
    assert centre.whoami_asked == asked, "an enrolled kiosk does not ask again"


async def eventually_true(check: Callable[[], bool], timeout: float = 5.0) -> None:
    async def held() -> bool:
        return check()

    await eventually(held, timeout=timeout, what="the gateway to catch up")


async def test_documents_go_to_the_centre_while_online_only(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    async with running_app(create_app(make_settings(), centre=centre), ORIGIN) as bridge:
        photo = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
        headers = {"Content-Type": "image/png"}
        refused = await bridge.post("/bridge/uploads?kind=pengantar_rt_rw", content=photo, headers=headers)
        assert refused.status_code == 401, "only in a session"
        await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
        uploaded = await bridge.post("/bridge/uploads?kind=pengantar_rt_rw", content=photo, headers=headers)
        assert uploaded.status_code == 201, uploaded.text
        assert centre.uploads == [("pengantar_rt_rw", "image/png", len(photo))]
        bad_kind = await bridge.post("/bridge/uploads?kind=../x", content=photo, headers=headers)
        assert bad_kind.status_code == 422
        too_big = await bridge.post("/bridge/uploads?kind=ktp", content=b"\0" * (5 * 1024 * 1024 + 1))
        assert too_big.status_code == 413
        centre.online = False
        offline = await bridge.post("/bridge/uploads?kind=pengantar_rt_rw", content=photo, headers=headers)
        assert offline.status_code == 503
        assert "terhubung" in offline.json()["detail"]


async def test_greeting_name_and_aid_come_from_the_centre_for_this_session_only(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    centre.residents[CARD].aid = {"enrolments": [{"program": {"name": "BLT Dana Desa 2026"}}]}
    async with running_app(create_app(make_settings(), centre=centre), ORIGIN) as bridge:
        assert (await bridge.get("/bridge/aid")).status_code == 401, "only in a session"
        login = await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
        assert login.json()["resident_name"] == "Siti Aminah"
        aid = await bridge.get("/bridge/aid")
        assert aid.status_code == 200, aid.text
        assert aid.json()["enrolments"][0]["program"]["name"] == "BLT Dana Desa 2026"
        centre.online = False
        offline = await bridge.get("/bridge/aid")
        assert offline.status_code == 503
        assert offline.json()["code"] == "centre_offline"


async def test_a_centre_without_the_name_still_logs_in(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    async def no_name(token: str) -> str | None:
        raise CentreRejected(404, "not_found", "Tidak ditemukan.")

    centre.resident_name = no_name  # type: ignore[method-assign]
    async with running_app(create_app(make_settings(), centre=centre), ORIGIN) as bridge:
        login = await bridge.post("/bridge/session", json={"pin": PIN, "card_uid": CARD})
        assert login.status_code == 200, login.text
        assert login.json() == {"status": "active", "expires_in": 300, "idle_timeout_s": 60.0}  # no name to greet
