"""The gateway's running parts, wired together: card reader -> session, centre link, offline queue sender,
printers, heartbeats, and the event hub the screen listens to. Built by ``create_app``; started and
stopped by the app's lifespan (after the service's database is migrated)."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import time
from collections.abc import Callable, Coroutine
from importlib.util import find_spec
from typing import Any

from balai.common.bus import stop_tasks
from balai.common.errors import Problem
from balai.kiosk.centre import CentreClient
from balai.kiosk.config import Settings
from balai.kiosk.devices import (
    CardPresented,
    CardReader,
    CardRemoved,
    CupsPrinter,
    DocumentPrinter,
    IsolatedTicketPrinter,
    PcscCardReader,
    ReaderError,
    ReadersChanged,
    TicketPrinter,
)
from balai.kiosk.enrolment import known_device_id, wait_for_enrolment
from balai.kiosk.hub import EventHub
from balai.kiosk.keys import DeviceKey
from balai.kiosk.link import CentreLink
from balai.kiosk.printing import PrintService, TicketService
from balai.kiosk.sender import RequestQueue
from balai.kiosk.session import SessionManager
from balai.kiosk.telemetry import Heartbeats
from balai.kiosk.uow import KioskUnitOfWork, PendingRequest

__all__ = ["Gateway"]

log = logging.getLogger(__name__)

VERSION = "0.1.0"
NOT_ENROLLED = "Anjungan ini belum didaftarkan di kantor desa. Mohon hubungi petugas desa."


def release_memory() -> None:
    """Hand the memory freed after start-up (import-time garbage) back to the OS: a kiosk PC is small.
    glibc keeps freed heap pages otherwise; elsewhere (musl, macOS) this does nothing."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class Gateway:
    def __init__(
        self,
        settings: Settings,
        uow: Callable[[], KioskUnitOfWork],
        db_ping: Callable[[], Coroutine[Any, Any, bool]],
        centre: CentreClient,
        *,
        card_reader: CardReader | None = None,
        printer: DocumentPrinter | None = None,
        ticket_printer: TicketPrinter | None = None,
        key: DeviceKey | None = None,
    ) -> None:
        self.settings = settings
        self.device_id = known_device_id(settings)
        """This kiosk's id at the centre: from the config, or picked up after an operator enrolled it."""
        self.started_at = time.monotonic()
        self.hub = EventHub()
        self.centre = centre
        self._db_ping = db_ping
        self._key = key
        devices = settings.devices
        if card_reader is None and settings.pcsc_enabled:
            if find_spec("smartcard") is None:
                log.error("pyscard is not installed: no PC/SC card reader (install the 'hardware' extra)")
            else:
                card_reader = PcscCardReader(devices.card_reader)
        self.card_reader = card_reader
        if printer is None and devices.a4_printer is not None:
            printer = CupsPrinter(devices.a4_printer)
        if ticket_printer is None and devices.ticket_printer is not None:
            ticket_printer = IsolatedTicketPrinter(devices.ticket_printer)  # python-escpos stays out of this process
        self.link = CentreLink(centre, self.hub, probe_interval_s=settings.probe_interval_s)
        centre.on_reachable = self._reachable
        self.session = SessionManager(centre, self.sign, self.hub, idle_timeout_s=settings.idle_timeout_s)
        self.queue = RequestQueue(uow, centre, backoff=settings.sender_backoff_s, on_outcome=self._request_outcome)
        self.session.on_start.append(lambda s: self._spawn(self.queue.resident_back(s), "resident-back"))
        self.printing = PrintService(printer, self.hub)
        self.tickets = TicketService(
            ticket_printer,
            devices.ticket_printer,
            uow,
            village=settings.village_name,
            service=settings.ticket_service,
        )
        self.heartbeats = Heartbeats(
            centre, self.telemetry, self._sign_or_none, interval_s=settings.heartbeat_interval_s
        )
        self.reader_error: str | None = None
        self.letter_types: dict[str, list[dict[str, Any]]] = {}
        """Village -> the last letter types from the centre (not personal), shown while offline."""
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- device credential ---------------------------------------------------------------------------
    @property
    def key(self) -> DeviceKey:
        if self._key is None:
            self._key = DeviceKey.load_or_create(self.settings.key_path)
        return self._key

    def sign(self, audience: str) -> str:
        if not self.device_id:
            raise Problem(503, "kiosk_not_enrolled", NOT_ENROLLED)
        return self.key.assertion(self.device_id, audience, clock_offset=self.centre.clock_offset)

    def _sign_or_none(self, audience: str) -> str | None:
        return self.sign(audience) if self.device_id else None

    def _enrolled(self, device_id: str) -> None:
        self.device_id = device_id
        self.hub.publish(self.snapshot())  # screens stop saying "not enrolled"

    # -- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        self.started_at = time.monotonic()
        _ = self.key  # made on first start
        if self.card_reader is not None:
            await self.card_reader.start()
            self._spawn(self._card_events(self.card_reader), "card-events")
        self._spawn(self.session.watch(), "session-watch")
        self._spawn(self.link.run(), "centre-link")
        self._spawn(self.queue.run(), "request-sender")
        self._spawn(self.heartbeats.run(), "heartbeats")
        if not self.device_id:
            self._spawn(wait_for_enrolment(self.centre, self.key, self.settings, self._enrolled), "enrolment")
        release_memory()

    async def stop(self) -> None:
        self.session.end("logout")
        await stop_tasks(list(self._tasks))
        if self.card_reader is not None:
            await self.card_reader.stop()
        await self.centre.aclose()

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.create_task(coro, name=f"kiosk-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("gateway task %s stopped", task.get_name(), exc_info=task.exception())

    # -- wiring ----------------------------------------------------------------------------------------
    async def _card_events(self, reader: CardReader) -> None:
        while True:
            event = await reader.events.get()
            if isinstance(event, CardPresented):
                self.reader_error = None
                self.session.card_presented(event.uid_hex)
                self.hub.publish({"type": "card.presented", "uid": event.uid_hex, "reader": event.reader})
            elif isinstance(event, CardRemoved):
                self.hub.publish({"type": "card.removed", "reader": event.reader})
                self.session.card_removed()
            elif isinstance(event, ReaderError):
                self.reader_error = event.message_id
                self.hub.publish(
                    {
                        "type": "reader.error",
                        "reader": event.reader,
                        "message_id": event.message_id,
                        "message": event.message,
                    }
                )
            elif isinstance(event, ReadersChanged):
                self.hub.publish(self.reader_status())

    def _reachable(self, reachable: bool) -> None:
        was = self.link.online
        self.link.report(reachable)
        if reachable and was is not True:
            self.queue.wake(all_due=True)

    def _request_outcome(self, row: PendingRequest) -> None:
        session = self.session.current
        if session is not None and session.subject == row.subject:
            self.hub.publish({"type": "request.updated", **row.public()})

    # -- status ----------------------------------------------------------------------------------------
    def reader_status(self) -> dict[str, Any]:
        readers = list(self.card_reader.readers) if self.card_reader else []
        return {
            "type": "reader.status",
            "connected": bool(readers),
            "name": readers[0] if readers else None,
            "readers": readers,
        }

    def snapshot(self) -> dict[str, Any]:
        """What a screen that just connected needs to know (sent first on the WebSocket)."""
        session = self.session.remaining()
        return {
            "type": "hello",
            "version": VERSION,
            "centre": "online" if self.link.online else "offline" if self.link.online is False else "unknown",
            "enrolled": bool(self.device_id),
            "card": {"present": self.session.card is not None, "uid": self.session.card},
            "session": {"active": session is not None, **(session or {})},
            "idle_timeout_s": self.settings.idle_timeout_s,
        }

    def greeting(self) -> list[dict[str, Any]]:
        """The events a newly connected screen gets: the snapshot, the reader, the card on it if any."""
        events = [self.snapshot(), self.reader_status()]
        if self.session.card is not None:
            events.append({"type": "card.presented", "uid": self.session.card})
        return events

    async def telemetry(self) -> dict[str, Any]:
        """The heartbeat's status (no card UID, nothing about the resident)."""
        queue = await self.queue.counts()
        reader = self.card_reader
        return {
            "version": VERSION,
            "uptime_s": int(time.monotonic() - self.started_at),
            "readers": list(reader.readers) if reader else [],
            "card_present": self.session.card is not None,
            "reader_error": self.reader_error,
            "session_active": self.session.current is not None,
            "a4_printer": await self.printing.status(),
            "ticket_printer": {"configured": self.tickets.configured, "reachable": await self.tickets.reachable()},
            "queue": queue,
            "queue_length": queue["pending"] + queue["waiting_auth"],
        }

    async def status(self) -> dict[str, Any]:
        telemetry = await self.telemetry()
        a4 = telemetry["a4_printer"]
        return {
            **self.snapshot(),
            **telemetry,
            "type": "status",
            "device_id": self.device_id or None,
            "village": self.settings.centre.village or None,
            "reader": {k: v for k, v in self.reader_status().items() if k in ("connected", "name")},
            "printer": {"ready": bool(a4.get("ok")), "message": " ".join(a4.get("messages", []))},
            "centre_online": bool(self.link.online),
            "centre_since": self.link.changed_at,
            "heartbeats_sent": self.heartbeats.sent,
        }

    async def readiness(self) -> dict[str, bool]:
        """Database + centre reachable + enrolled + the devices this kiosk is configured with."""
        if self.link.online is None:
            await self.link.probe()
        checks = {
            "database": await self._db_ping(),
            "centre": bool(self.link.online),
            "enrolled": bool(self.device_id),
        }
        if self.settings.pcsc_enabled:
            checks["card_reader"] = self.card_reader is not None and bool(self.card_reader.readers)
        if self.printing.configured:
            a4 = await self.printing.status()
            checks["a4_printer"] = a4.get("state") != "unknown" and bool(a4.get("accepting_jobs"))
        if self.tickets.configured:
            checks["ticket_printer"] = await self.tickets.reachable() is not False
        return checks
