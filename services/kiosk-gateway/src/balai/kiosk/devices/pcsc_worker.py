"""The PC/SC watch loop: one thread around ``SCardGetStatusChange``, talking to pcscd through pyscard.

It runs in its own thread (pyscard releases the GIL while it waits on pcscd) and hands every event to
``emit``, which the owner makes thread-safe. No pyscard import happens until :meth:`PcscWorker.run`.

Why not pyscard's CardMonitor/ReaderMonitor: in pyscard 2.3.1 their threads never end by themselves,
each opens its own context, and a card's UID would be read from an observer callback. One loop gives a
clean stop (``SCardCancel`` + join), one ordered event stream and one place for error handling.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from balai.kiosk.devices.config import CardReaderConfig
from balai.kiosk.devices.events import CardEvent, CardPresented, CardRemoved, ReaderError, ReadersChanged

__all__ = ["GET_UID_APDU", "PNP_READER", "PcscWorker", "uid_from_response"]

log = logging.getLogger(__name__)

#: Contactless GET DATA, P1=00: the card's UID (PC/SC part 3), answered by the reader itself.
GET_UID_APDU: list[int] = [0xFF, 0xCA, 0x00, 0x00, 0x00]
#: pcsc-lite's pseudo reader whose state changes when a reader is plugged or unplugged.
PNP_READER = "\\\\?PnP?\\Notification"
_UID_LENGTHS = frozenset({4, 7, 8, 10})


class _ServiceLost(Exception):
    """pcscd went away (or our context became invalid): start over with a new context."""


def uid_from_response(response: bytes) -> tuple[str | None, ReaderError | None]:
    """Check a GET DATA response (data + SW1 SW2): the canonical UID, or the error to report."""
    if len(response) < 2:
        return None, ReaderError("", "card.read_failed", f"short response {response.hex().upper()}")
    data, sw = response[:-2], response[-2:]
    if sw != b"\x90\x00":
        return None, ReaderError("", "card.uid_rejected", f"GET DATA status word {sw.hex().upper()}")
    if len(data) not in _UID_LENGTHS or not any(data) or all(b == 0xFF for b in data):
        return None, ReaderError("", "card.uid_invalid", f"{len(data)}-byte UID rejected")
    return data.hex().upper(), None


class PcscWorker:
    """The body of the reader thread. ``run()`` returns once ``stopping`` is set (and ``cancel()`` called)."""

    def __init__(self, config: CardReaderConfig, emit: Callable[[CardEvent], None], stopping: threading.Event) -> None:
        self._config = config
        self._emit = emit
        self._stopping = stopping
        self._sc: Any = None
        self._ctx: int | None = None
        self._ctx_lock = threading.Lock()
        self._readers: tuple[str, ...] | None = None  # last set announced with ReadersChanged
        self._states: dict[str, int] = {}
        self._present: set[str] = set()
        self._service_down = False

    # -- lifecycle ---------------------------------------------------------------------------------
    def run(self) -> None:
        from smartcard import scard  # pyscard: imported in the thread, never at module import

        self._sc = scard
        while not self._stopping.is_set():
            hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hr != scard.SCARD_S_SUCCESS:
                self._lost(self._error_text(hr))
                self._stopping.wait(self._config.service_retry_s)
                continue
            with self._ctx_lock:
                self._ctx = ctx
            try:
                self._watch(ctx)
            except _ServiceLost as exc:
                self._lost(str(exc))
                self._stopping.wait(self._config.service_retry_s)
            except Exception as exc:  # the reader must keep running: report, back off, start over
                log.exception("card reader loop failed")
                self._emit(ReaderError("", "reader.failure", repr(exc)))
                self._stopping.wait(self._config.service_retry_s)
            finally:
                with self._ctx_lock:
                    self._ctx = None
                scard.SCardReleaseContext(ctx)

    def cancel(self) -> None:
        """Wake the thread out of SCardGetStatusChange (call after setting ``stopping``)."""
        with self._ctx_lock:
            if self._ctx is not None and self._sc is not None:
                self._sc.SCardCancel(self._ctx)

    # -- the watch loop ----------------------------------------------------------------------------
    def _watch(self, ctx: int) -> None:
        sc = self._sc
        self._refresh_readers(ctx)
        pnp_state = sc.SCARD_STATE_UNAWARE
        timeout_ms = int(self._config.poll_timeout_s * 1000)
        while not self._stopping.is_set():
            readers = self._readers or ()
            query = [(name, self._states.get(name, sc.SCARD_STATE_UNAWARE)) for name in readers]
            query.append((PNP_READER, pnp_state))
            hr, result = sc.SCardGetStatusChange(ctx, timeout_ms, query)
            if self._stopping.is_set():
                return
            if hr in (sc.SCARD_E_TIMEOUT, sc.SCARD_E_CANCELLED):
                self._refresh_readers(ctx)  # also covers a pcsc-lite built without PnP notification
                continue
            if hr in (sc.SCARD_E_UNKNOWN_READER, sc.SCARD_E_READER_UNAVAILABLE):
                self._refresh_readers(ctx)
                continue
            self._check(hr)
            if hr != sc.SCARD_S_SUCCESS:
                self._stopping.wait(self._config.retry_delay_s or 0.1)
                self._refresh_readers(ctx)
                continue
            for name, event_state, atr in result:
                if name == PNP_READER:
                    if event_state & sc.SCARD_STATE_CHANGED:
                        self._refresh_readers(ctx)
                    pnp_state = event_state
                    continue
                self._on_state(ctx, name, self._states.get(name, sc.SCARD_STATE_UNAWARE), event_state, bytes(atr))

    def _on_state(self, ctx: int, reader: str, previous: int, current: int, atr: bytes) -> None:
        sc = self._sc
        self._states[reader] = current
        if not current & sc.SCARD_STATE_CHANGED and previous != sc.SCARD_STATE_UNAWARE:
            return
        present = bool(current & sc.SCARD_STATE_PRESENT)
        # pcsc-lite counts card events in the high 16 bits: a new count while still present means the
        # card was swapped between two polls.
        swapped = (
            present
            and reader in self._present
            and previous != sc.SCARD_STATE_UNAWARE
            and (previous >> 16) != (current >> 16)
        )
        if reader in self._present and (not present or swapped):
            self._present.discard(reader)
            self._emit(CardRemoved(reader))
        if present and reader not in self._present:
            self._present.add(reader)
            if current & sc.SCARD_STATE_MUTE:
                self._emit(ReaderError(reader, "card.mute", f"ATR {atr.hex().upper()}"))
            else:
                self._emit(self._read_card(ctx, reader, atr))

    def _read_card(self, ctx: int, reader: str, atr: bytes) -> CardEvent:
        sc = self._sc
        gone = (sc.SCARD_E_NO_SMARTCARD, sc.SCARD_W_REMOVED_CARD)
        error = ReaderError(reader, "card.connect_failed")
        for attempt in range(self._config.read_attempts):
            if attempt:
                self._stopping.wait(self._config.retry_delay_s)
            hr, card, protocol = sc.SCardConnect(
                ctx, reader, sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1
            )
            if hr != sc.SCARD_S_SUCCESS:
                self._check(hr)
                message_id = "card.read_failed" if hr in gone else "card.connect_failed"
                error = ReaderError(reader, message_id, f"SCardConnect: {self._error_text(hr)}")
                if hr in gone:
                    break
                continue
            try:
                hr, response = sc.SCardTransmit(card, protocol, GET_UID_APDU)
            finally:
                sc.SCardDisconnect(card, sc.SCARD_LEAVE_CARD)
            if hr != sc.SCARD_S_SUCCESS:
                self._check(hr)
                error = ReaderError(reader, "card.read_failed", f"SCardTransmit: {self._error_text(hr)}")
                continue
            uid, problem = uid_from_response(bytes(response))
            if uid is not None:
                log.info("card read on %r: %d-byte UID", reader, len(uid) // 2)
                return CardPresented(reader, uid, atr.hex().upper())
            assert problem is not None
            error = ReaderError(reader, problem.message_id, problem.detail)
            if problem.message_id != "card.read_failed":  # the card answered: no retry
                return error
            # An empty/short answer: vpcd (and some readers) report a card lost mid-command that way.
        log.warning("card on %r not read: %s (%s)", reader, error.message_id, error.detail)
        return error

    # -- readers and service -----------------------------------------------------------------------
    def _refresh_readers(self, ctx: int) -> None:
        sc = self._sc
        hr, names = sc.SCardListReaders(ctx, [])
        if hr == sc.SCARD_E_NO_READERS_AVAILABLE:
            names = []
        else:
            self._check(hr)
        readers = tuple(name for name in names if self._config.matches(name))
        if self._service_down:
            log.info("pcscd reachable again")
            self._service_down = False
        if readers == self._readers:
            return
        for gone in sorted(self._present - set(readers)):
            self._present.discard(gone)
            self._emit(CardRemoved(gone))
        self._states = {name: self._states.get(name, sc.SCARD_STATE_UNAWARE) for name in readers}
        self._readers = readers
        self._emit(ReadersChanged(readers))
        if not readers:
            self._emit(ReaderError("", "reader.none", "no PC/SC reader matches the filter"))

    def _check(self, hr: int) -> None:
        sc = self._sc
        if hr in (sc.SCARD_E_NO_SERVICE, sc.SCARD_E_SERVICE_STOPPED, sc.SCARD_E_INVALID_HANDLE, sc.SCARD_F_COMM_ERROR):
            raise _ServiceLost(self._error_text(hr))
        if hr != sc.SCARD_S_SUCCESS and hr not in (
            sc.SCARD_E_NO_SMARTCARD,
            sc.SCARD_W_REMOVED_CARD,
            sc.SCARD_W_RESET_CARD,
            sc.SCARD_W_UNRESPONSIVE_CARD,
            sc.SCARD_W_UNPOWERED_CARD,
            sc.SCARD_E_NOT_TRANSACTED,
        ):
            log.warning("PC/SC: %s", self._error_text(hr))

    def _lost(self, detail: str) -> None:
        """pcscd unreachable: say so once per outage; cards and readers are gone until it returns."""
        for reader in sorted(self._present):
            self._emit(CardRemoved(reader))
        self._present.clear()
        self._states.clear()
        if self._readers:
            self._emit(ReadersChanged(()))
        self._readers = None
        if not self._service_down:
            self._service_down = True
            log.warning("pcscd not reachable: %s", detail)
            self._emit(ReaderError("", "reader.service_unavailable", detail))

    def _error_text(self, hr: int) -> str:
        text = str(self._sc.SCardGetErrorMessage(hr))
        return f"{text} (0x{hr & 0xFFFFFFFF:08X})"
