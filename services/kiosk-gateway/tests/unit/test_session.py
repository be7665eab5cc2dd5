"""The kiosk session with a fake centre: card + PIN, card removal, idle timeout, token expiry, PIN change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from balai.common.errors import Problem
from balai.kiosk.centre import CentreRejected
from balai.kiosk.hub import EventHub
from balai.kiosk.keys import DeviceKey
from balai.kiosk.session import SessionManager
from balai.kiosk.testing import FakeCentre, FakeResident

CARD, PIN, SUBJECT = "04A23B12", "240517", "resident-1"
KEY = DeviceKey.generate()


def types(hub: EventHub) -> list[str]:
    return [e["type"] for e in hub.published or []]


@pytest.fixture
def centre() -> FakeCentre:
    return FakeCentre(residents={CARD: FakeResident(SUBJECT, PIN)})


@pytest.fixture
def hub() -> EventHub:
    hub = EventHub()
    hub.published = []
    return hub


@pytest.fixture
async def sessions(centre: FakeCentre, hub: EventHub) -> AsyncIterator[SessionManager]:
    manager = SessionManager(centre, lambda aud: KEY.assertion("device-1", aud), hub, idle_timeout_s=0.6)
    watcher = asyncio.create_task(manager.watch())
    yield manager
    watcher.cancel()


async def test_card_and_pin_start_a_session_and_removing_the_card_ends_it(
    sessions: SessionManager, hub: EventHub, centre: FakeCentre
) -> None:
    sessions.card_presented(CARD)
    answer = await sessions.login(PIN)
    assert answer["status"] == "active"
    assert centre.logins == [CARD]
    session = sessions.require()
    assert session.subject == SUBJECT
    session.cache["letters"] = [{"id": "x"}]
    sessions.card_removed()
    assert hub.published is not None
    assert hub.published[-1] == {"type": "session.ended", "reason": "card_removed"}
    assert not session.alive
    assert session.token == ""
    assert session.cache == {}, "nothing of the previous resident is kept"
    with pytest.raises(Problem) as refused:
        sessions.require()
    assert refused.value.status == 401
    with pytest.raises(Problem) as ended:
        session.check()
    assert ended.value.code == "session_ended"


async def test_idle_timeout_ends_the_session_and_activity_keeps_it(sessions: SessionManager, hub: EventHub) -> None:
    sessions.card_presented(CARD)
    await sessions.login(PIN)
    for _ in range(5):  # 0.75 s of use, touched every 0.15 s: still there
        await asyncio.sleep(0.15)
        sessions.touch()
    assert sessions.current is not None
    await asyncio.sleep(0.9)
    assert sessions.current is None
    assert hub.published is not None
    assert hub.published[-1] == {"type": "session.ended", "reason": "idle"}


async def test_token_expiry_ends_the_session(centre: FakeCentre, hub: EventHub) -> None:
    centre.token_ttl = 6  # the gateway stops 5 s early: 1 s
    manager = SessionManager(centre, lambda aud: KEY.assertion("d", aud), hub, idle_timeout_s=60)
    watcher = asyncio.create_task(manager.watch())
    try:
        await manager.login(PIN, card_uid=CARD)
        await asyncio.sleep(1.3)
        assert manager.current is None
        assert hub.published is not None
        assert hub.published[-1] == {"type": "session.ended", "reason": "expired"}
    finally:
        watcher.cancel()


async def test_typed_card_number_and_logout(sessions: SessionManager, hub: EventHub) -> None:
    answer = await sessions.login(PIN, card_uid=f" {CARD} ")
    assert answer["status"] == "active"
    assert sessions.current is not None
    assert sessions.current.from_reader is False
    sessions.end("logout")
    assert types(hub)[-2:] == ["session.started", "session.ended"]
    assert hub.published is not None
    assert hub.published[-1]["reason"] == "logout"


async def test_a_card_on_the_reader_wins_over_a_typed_number(sessions: SessionManager, centre: FakeCentre) -> None:
    sessions.card_presented(CARD)
    await sessions.login(PIN, card_uid="99999999")
    assert centre.logins == [CARD]


async def test_no_card_wrong_pin_lockout_and_offline_are_clear_problems(
    sessions: SessionManager, centre: FakeCentre
) -> None:
    with pytest.raises(Problem) as no_card:
        await sessions.login(PIN)
    assert (no_card.value.status, no_card.value.code) == (409, "no_card")
    sessions.card_presented(CARD)
    with pytest.raises(Problem) as wrong:
        await sessions.login("999990")
    assert (wrong.value.status, wrong.value.detail) == (401, "NIK atau PIN salah.")

    async def locked(*_: object) -> None:
        raise CentreRejected(429, "locked_out", "Terlalu banyak percobaan salah.", retry_after=120)

    centre.kiosk_login = locked  # type: ignore[method-assign,assignment]
    with pytest.raises(Problem) as lockout:
        await sessions.login(PIN)
    assert lockout.value.status == 429
    assert lockout.value.headers == {"Retry-After": "120"}
    del centre.kiosk_login
    centre.online = False
    with pytest.raises(Problem) as offline:
        await sessions.login(PIN)
    assert (offline.value.status, offline.value.code) == (503, "centre_offline")
    assert sessions.current is None


async def test_card_taken_off_during_login_gives_no_session(sessions: SessionManager, centre: FakeCentre) -> None:
    centre.delay = 0.2
    sessions.card_presented(CARD)
    login = asyncio.create_task(sessions.login(PIN))
    await asyncio.sleep(0.05)
    sessions.card_removed()
    with pytest.raises(Problem) as removed:
        await login
    assert removed.value.code == "card_removed"
    assert sessions.current is None


async def test_another_card_ends_the_previous_residents_session(sessions: SessionManager, hub: EventHub) -> None:
    sessions.card_presented(CARD)
    await sessions.login(PIN)
    sessions.card_presented("04FFEE01")  # no removal seen (a quick swap)
    assert sessions.current is None
    assert hub.published is not None
    assert hub.published[-1] == {"type": "session.ended", "reason": "card_removed"}


async def test_first_login_changes_the_pin_then_logs_in_with_it(sessions: SessionManager, centre: FakeCentre) -> None:
    centre.residents[CARD].must_change_pin = True
    sessions.card_presented(CARD)
    assert await sessions.login(PIN) == {"status": "must_change_pin"}
    assert sessions.current is None
    answer = await sessions.change_pin("481526")
    assert answer["status"] == "active"
    assert centre.residents[CARD].pin == "481526"
    assert centre.logins == [CARD, CARD]


async def test_pin_change_is_forgotten_when_the_card_goes(sessions: SessionManager, centre: FakeCentre) -> None:
    centre.residents[CARD].must_change_pin = True
    sessions.card_presented(CARD)
    await sessions.login(PIN)
    sessions.card_removed()
    with pytest.raises(Problem) as nothing:
        await sessions.change_pin("481526")
    assert nothing.value.code == "no_pin_change"
