"""The PC/SC card reader against pcscd + vsmartcard-vpcd, with cards emulated on vpcd's socket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import pytest

from balai.kiosk.devices import (
    CardEvent,
    CardPresented,
    CardReader,
    CardReaderConfig,
    CardRemoved,
    PcscCardReader,
    ReaderError,
    ReadersChanged,
)
from balai.kiosk.devices.testing import CONTACTLESS_ATR, GET_UID, VPCD_READER

pytestmark = pytest.mark.hardware

CONFIG = CardReaderConfig(reader_filter=f"^{VPCD_READER}$", service_retry_s=0.2)
E = TypeVar("E", bound=CardEvent)


async def expect(reader: PcscCardReader, kind: type[E], timeout: float = 5.0) -> E:
    """The very next event, which must be of ``kind`` (nothing is skipped: spurious events fail)."""
    event = await asyncio.wait_for(reader.events.get(), timeout)
    assert isinstance(event, kind), f"expected {kind.__name__}, got {event!r}"
    return event


async def assert_quiet(reader: PcscCardReader, seconds: float = 0.3) -> None:
    await asyncio.sleep(seconds)
    assert reader.events.empty(), f"unexpected event {reader.events.get_nowait()!r}"


@pytest.fixture
async def reader(pcscd: Any) -> AsyncIterator[PcscCardReader]:
    card_reader = PcscCardReader(CONFIG)
    await card_reader.start()
    assert (await expect(card_reader, ReadersChanged)).readers == (VPCD_READER,)
    yield card_reader
    await card_reader.stop()
    assert not card_reader.running


@pytest.mark.parametrize("uid", ["04A23B12", "04112233445566"], ids=["4-byte", "7-byte"])
async def test_card_placed_gives_its_uid_and_removed_gives_card_removed(
    reader: PcscCardReader, virtual_card: Callable[..., Any], record_timing: Callable[[str, float], None], uid: str
) -> None:
    card = virtual_card(uid)
    card.place()
    presented = await expect(reader, CardPresented)
    record_timing("card placed -> CardPresented", time.monotonic() - card.placed_at)
    assert presented == CardPresented(VPCD_READER, uid, CONTACTLESS_ATR.hex().upper())
    assert card.apdus == [GET_UID]  # the UID came from the contactless GET DATA command, once
    assert reader.cards == {VPCD_READER: uid}

    card.remove()
    assert await expect(reader, CardRemoved) == CardRemoved(VPCD_READER)
    record_timing("card removed -> CardRemoved", time.monotonic() - card.removed_at)
    assert reader.cards == {}
    await assert_quiet(reader)


async def test_error_status_gives_reader_error_and_the_reader_keeps_working(
    reader: PcscCardReader, virtual_card: Callable[..., Any]
) -> None:
    refused = virtual_card("04A23B12", uid_status=bytes.fromhex("6A81"))  # function not supported
    refused.place()
    error = await expect(reader, ReaderError)
    assert (error.reader, error.message_id) == (VPCD_READER, "card.uid_rejected")
    assert "6A81" in error.detail
    assert "e-KTP" in error.message  # an Indonesian sentence telling the resident what to do
    assert refused.apdus == [GET_UID]  # an answered error is not retried
    assert reader.cards == {}
    refused.remove()
    assert await expect(reader, CardRemoved) == CardRemoved(VPCD_READER)

    good = virtual_card("04C0FFEE")
    good.place()
    assert (await expect(reader, CardPresented)).uid_hex == "04C0FFEE"
    good.remove()
    await expect(reader, CardRemoved)


async def test_card_pulled_half_way_gives_reader_error_then_next_card_reads(
    reader: PcscCardReader, virtual_card: Callable[..., Any]
) -> None:
    pulled = virtual_card("04A23B12", hang_up_on=GET_UID)  # gone while the reader waits for the UID
    pulled.place()
    error = await expect(reader, ReaderError)
    assert error.reader == VPCD_READER
    assert error.message_id in ("card.read_failed", "card.connect_failed")
    assert "Kartu" in error.message
    assert await expect(reader, CardRemoved) == CardRemoved(VPCD_READER)

    good = virtual_card("04112233445566")
    good.place()
    assert (await expect(reader, CardPresented)).uid_hex == "04112233445566"
    good.remove()
    await expect(reader, CardRemoved)


async def test_events_also_reach_the_callback_in_the_loop(pcscd: Any, virtual_card: Callable[..., Any]) -> None:
    loop = asyncio.get_running_loop()
    seen: list[tuple[CardEvent, bool]] = []

    def on_event(event: CardEvent) -> None:
        seen.append((event, asyncio.get_running_loop() is loop))

    card_reader = PcscCardReader(CONFIG, on_event=on_event)
    assert isinstance(card_reader, CardReader)
    async with card_reader:
        await expect(card_reader, ReadersChanged)
        card = virtual_card("04A23B12")
        card.place()
        await expect(card_reader, CardPresented)
        card.remove()
        await expect(card_reader, CardRemoved)
    assert [type(e) for e, _ in seen] == [ReadersChanged, CardPresented, CardRemoved]
    assert all(in_loop for _, in_loop in seen)


async def test_card_already_on_the_reader_at_start_is_read(pcscd: Any, virtual_card: Callable[..., Any]) -> None:
    card = virtual_card("04A23B12")
    card.place()
    await asyncio.sleep(0.5)  # pcscd has seen it before the gateway starts
    async with PcscCardReader(CONFIG) as card_reader:
        await expect(card_reader, ReadersChanged)
        assert (await expect(card_reader, CardPresented)).uid_hex == "04A23B12"


async def test_reader_filter_and_no_matching_reader(pcscd: Any) -> None:
    async with PcscCardReader(CardReaderConfig(reader_filter="00 01$")) as card_reader:
        assert (await expect(card_reader, ReadersChanged)).readers == ("Virtual PCD 00 01",)
    async with PcscCardReader(CardReaderConfig(reader_filter="ACS ACR1252")) as card_reader:
        assert (await expect(card_reader, ReadersChanged)).readers == ()
        assert (await expect(card_reader, ReaderError)).message_id == "reader.none"


async def test_stop_is_prompt_even_with_a_long_poll(pcscd: Any, record_timing: Callable[[str, float], None]) -> None:
    card_reader = PcscCardReader(CardReaderConfig(reader_filter=CONFIG.reader_filter, poll_timeout_s=10))
    await card_reader.start()
    await expect(card_reader, ReadersChanged)
    await asyncio.sleep(0.2)  # now blocked in SCardGetStatusChange
    started = time.monotonic()
    await card_reader.stop()
    record_timing("reader stop (SCardCancel + join)", time.monotonic() - started)
    assert not card_reader.running
    assert time.monotonic() - started < 1.0


async def test_pcscd_restart_is_reported_and_survived(
    reader: PcscCardReader, pcscd: Any, virtual_card: Callable[..., Any]
) -> None:
    await asyncio.to_thread(pcscd.stop)
    assert (await expect(reader, ReadersChanged)).readers == ()
    down = await expect(reader, ReaderError)
    assert down.message_id == "reader.service_unavailable"
    assert "Layanan pembaca kartu" in down.message

    await asyncio.to_thread(pcscd.start)
    await asyncio.to_thread(pcscd.wait_ready)
    assert (await expect(reader, ReadersChanged, timeout=10)).readers == (VPCD_READER,)
    card = virtual_card("04A23B12")
    card.place()
    assert (await expect(reader, CardPresented)).uid_hex == "04A23B12"
    card.remove()
    await expect(reader, CardRemoved)


async def test_quick_card_swap_gives_removed_then_the_new_card(
    reader: PcscCardReader, virtual_card: Callable[..., Any]
) -> None:
    first, second = virtual_card("04A23B12"), virtual_card("04112233445566")
    first.place()
    assert (await expect(reader, CardPresented)).uid_hex == "04A23B12"
    first.remove()
    second.place()  # at once: pcscd may never report the slot empty in between
    assert await expect(reader, CardRemoved) == CardRemoved(VPCD_READER)
    assert (await expect(reader, CardPresented)).uid_hex == "04112233445566"
    assert reader.cards == {VPCD_READER: "04112233445566"}
    second.remove()
    await expect(reader, CardRemoved)
    await assert_quiet(reader)


async def test_a_failed_first_read_is_retried(reader: PcscCardReader, virtual_card: Callable[..., Any]) -> None:
    card = virtual_card("04A23B12", responses={GET_UID: [b"\x63", bytes.fromhex("04A23B12") + b"\x90\x00"]})
    card.place()  # the first GET DATA gets a truncated answer, as when the card slips mid-command
    assert (await expect(reader, CardPresented)).uid_hex == "04A23B12"
    assert card.apdus == [GET_UID, GET_UID]
    card.remove()
    await expect(reader, CardRemoved)
