"""Card readers: the :class:`CardReader` protocol and its PC/SC implementation (pcscd via pyscard).

.. code-block:: python

    reader = PcscCardReader(CardReaderConfig(reader_filter="ACR1252"))
    async with reader:                      # start(): the PC/SC thread begins watching
        event = await reader.events.get()   # CardPresented / CardRemoved / ReaderError / ReadersChanged

Events are produced in the reader's own thread and handed to the asyncio loop that called ``start()``
with ``loop.call_soon_threadsafe``: they land, in order, on :attr:`PcscCardReader.events` and, if given,
in the ``on_event`` callback (called in the loop; it must not block).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType, TracebackType
from typing import Protocol, Self, runtime_checkable

from balai.kiosk.devices.config import CardReaderConfig
from balai.kiosk.devices.events import CardEvent, CardPresented, CardRemoved, ReadersChanged
from balai.kiosk.devices.pcsc_worker import PcscWorker

__all__ = ["CardReader", "PcscCardReader", "list_pcsc_readers"]

log = logging.getLogger(__name__)


@runtime_checkable
class CardReader(Protocol):
    """What the gateway needs from a card reader, whatever the technology behind it."""

    @property
    def events(self) -> asyncio.Queue[CardEvent]:
        """Every event, in order. One consumer (the gateway's session logic) should drain it."""
        ...

    @property
    def readers(self) -> tuple[str, ...]:
        """The readers in use now (as last announced by ReadersChanged)."""
        ...

    @property
    def cards(self) -> Mapping[str, str]:
        """Reader name -> UID of the card on it now (only cards whose UID was read)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class PcscCardReader:
    """A :class:`CardReader` on pcscd: readers appearing/disappearing, cards placed/removed, UID read.

    ``config`` chooses the readers (``reader_filter``) and the timings; ``on_event``, if given, is called
    in the event loop for each event, after it is put on :attr:`events`.
    """

    def __init__(
        self,
        config: CardReaderConfig | None = None,
        *,
        on_event: Callable[[CardEvent], object] | None = None,
    ) -> None:
        self._config = config or CardReaderConfig()
        self._on_event = on_event
        self._events: asyncio.Queue[CardEvent] = asyncio.Queue()
        self._readers: tuple[str, ...] = ()
        self._cards: dict[str, str] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._worker: PcscWorker | None = None

    # -- CardReader ----------------------------------------------------------------------------------
    @property
    def events(self) -> asyncio.Queue[CardEvent]:
        return self._events

    @property
    def readers(self) -> tuple[str, ...]:
        return self._readers

    @property
    def cards(self) -> Mapping[str, str]:
        return MappingProxyType(self._cards)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    async def start(self) -> None:
        """Start watching pcscd in a background thread. Returns at once; events follow on :attr:`events`.

        If pcscd is not running, a ``ReaderError(message_id="reader.service_unavailable")`` is delivered
        and the thread keeps trying every ``service_retry_s``.
        """
        if self.running:
            return
        self._loop = asyncio.get_running_loop()
        self._stopping.clear()
        self._worker = PcscWorker(self._config, self._emit, self._stopping)
        self._thread = threading.Thread(target=self._worker.run, name="pcsc-card-reader", daemon=True)
        self._thread.start()

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and wait for it (it ends within ``poll_timeout_s``, normally at once)."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        self._stopping.set()
        # SCardCancel only wakes a call already blocked: repeat it until the thread is out, so a stop
        # that lands between the thread's flag check and its next wait does not cost a whole poll.
        deadline = time.monotonic() + timeout
        while thread.is_alive() and time.monotonic() < deadline:
            worker.cancel()
            await asyncio.to_thread(thread.join, 0.05)
        if thread.is_alive():
            log.warning("card reader thread did not stop within %.1f s", timeout)
        self._thread = None
        self._worker = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # -- thread -> loop ------------------------------------------------------------------------------
    def _emit(self, event: CardEvent) -> None:
        """Called in the reader thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._deliver, event)
        except RuntimeError:  # the loop closed between the check and the call
            log.debug("event dropped, loop closed: %r", type(event).__name__)

    def _deliver(self, event: CardEvent) -> None:
        """Called in the loop, in the order the thread emitted."""
        if isinstance(event, CardPresented):
            self._cards[event.reader] = event.uid_hex
        elif isinstance(event, CardRemoved):
            self._cards.pop(event.reader, None)
        elif isinstance(event, ReadersChanged):
            self._readers = event.readers
            for reader in [r for r in self._cards if r not in event.readers]:
                del self._cards[reader]
        self._events.put_nowait(event)
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("card event callback failed")


def list_pcsc_readers(config: CardReaderConfig | None = None) -> list[str]:
    """The PC/SC readers pcscd knows now (after the config's filter). Blocking; raises if pcscd is down."""
    from smartcard import scard

    config = config or CardReaderConfig()
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        raise ConnectionError(f"pcscd not reachable: {scard.SCardGetErrorMessage(hr)}")
    try:
        hr, names = scard.SCardListReaders(ctx, [])
        if hr == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hr != scard.SCARD_S_SUCCESS:
            raise ConnectionError(f"SCardListReaders: {scard.SCardGetErrorMessage(hr)}")
        return [str(name) for name in names if config.matches(str(name))]
    finally:
        scard.SCardReleaseContext(ctx)
