"""Printing at the kiosk: an issued letter on the A4 printer (CUPS), a queue ticket on the thermal printer.

The device calls block, so they run in threads. A print job is followed in its own daemon thread (a job
may wait up to ``job_timeout_s`` on a printer that is off: that must never hold up the gateway's
shutdown) and every change is pushed to the screen as a ``print.status`` event. Print events carry the
job id and the message only: a job that ends after the resident's session still reports "take your
letter", but nothing that names the resident.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from balai.common.errors import Problem
from balai.kiosk.devices import (
    DocumentPrinter,
    JobUpdate,
    PrintError,
    QueueTicket,
    TicketPrinter,
    TicketPrintError,
    message_text,
)
from balai.kiosk.devices.config import TicketPrinterConfig
from balai.kiosk.hub import EventHub
from balai.kiosk.uow import KioskUnitOfWork

__all__ = ["PrintService", "TicketService"]

log = logging.getLogger(__name__)

REACHABLE_TTL_S = 20.0


def _update_event(update: JobUpdate) -> dict[str, Any]:
    """``print.status``: ``state`` queued / printing / done / error for the screen; ``outcome`` (CUPS)
    and ``message_id`` for detail."""
    if update.final:
        state = "done" if update.outcome == "completed" else "error"
    else:
        state = "printing" if update.outcome == "processing" else "queued"
    return {
        "type": "print.status",
        "job_id": str(update.job_id),
        "state": state,
        "message": update.message,
        "message_id": update.message_id,
        "outcome": update.outcome,
        "final": update.final,
    }


class PrintService:
    def __init__(self, printer: DocumentPrinter | None, hub: EventHub) -> None:
        self._printer = printer
        self._hub = hub
        self._following: set[int] = set()

    @property
    def configured(self) -> bool:
        return self._printer is not None

    @property
    def busy(self) -> bool:
        return bool(self._following)

    async def print_pdf(self, pdf: bytes, title: str) -> int:
        """Submit the PDF; returns the CUPS job id. Raises Problem 503 with the Indonesian reason."""
        printer = self._printer
        if printer is None:
            raise Problem(503, "printer.not_found", message_text("printer.not_found"))
        if self.busy:
            raise Problem(409, "print_in_progress", "Surat sebelumnya masih dicetak. Mohon tunggu.")
        try:
            job_id = await asyncio.to_thread(printer.print_pdf, pdf, title)
        except PrintError as exc:
            raise Problem(503, exc.message_id, exc.message) from exc
        self._following.add(job_id)
        self._hub.publish(_update_event(JobUpdate(job_id, "pending", "printer.waiting")))
        loop = asyncio.get_running_loop()
        threading.Thread(
            target=self._follow, args=(printer, job_id, loop), name=f"print-job-{job_id}", daemon=True
        ).start()
        return job_id

    def _follow(self, printer: DocumentPrinter, job_id: int, loop: asyncio.AbstractEventLoop) -> None:
        """In the job's thread: hand every update to the loop."""

        def send(event: dict[str, Any], done: bool = False) -> None:
            def deliver() -> None:
                if done:
                    self._following.discard(job_id)
                self._hub.publish(event)

            if not loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the gateway stops
                    loop.call_soon_threadsafe(deliver)

        try:
            for update in printer.follow_job(job_id):
                send(_update_event(update), done=update.final)
        except Exception as exc:
            log.exception("following print job %d failed", job_id)
            send(_update_event(JobUpdate(job_id, "aborted", "printer.error", repr(exc), final=True)), done=True)

    async def status(self) -> dict[str, Any]:
        if self._printer is None:
            return {"configured": False}
        try:
            status = await asyncio.to_thread(self._printer.status)
        except PrintError as exc:
            return {"configured": True, "ok": False, "state": "unknown", "message_ids": [exc.message_id]}
        return {
            "configured": True,
            "ok": status.ok,
            "state": status.state,
            "accepting_jobs": status.accepting_jobs,
            "reasons": list(status.reasons),
            "message_ids": list(status.message_ids),
            "messages": [message_text(mid) for mid in status.message_ids],
        }


class TicketService:
    """Queue tickets numbered per day and service (A-001...); a number is used only once it printed."""

    def __init__(
        self,
        printer: TicketPrinter | None,
        config: TicketPrinterConfig | None,
        uow: Callable[[], KioskUnitOfWork],
        *,
        village: str,
        service: str,
    ) -> None:
        self._printer = printer
        self._config = config
        self._uow = uow
        self._village = village
        self._service = service
        self._lock = asyncio.Lock()
        self._reachable: tuple[float, bool] = (-REACHABLE_TTL_S, False)

    @property
    def configured(self) -> bool:
        return self._printer is not None

    async def issue(self, service: str | None = None) -> dict[str, Any]:
        printer = self._printer
        if printer is None:
            raise Problem(503, "ticket.not_configured", "Anjungan ini tidak memiliki printer tiket.")
        service = service or self._service
        now = datetime.now().astimezone()
        async with self._lock, self._uow() as uow:
            number = f"A-{await uow.tickets.next_number(now.date().isoformat(), service):03d}"
            ticket = QueueTicket(village=self._village, service=service, number=number, issued_at=now)
            try:
                await asyncio.to_thread(printer.print_ticket, ticket)
            except TicketPrintError as exc:
                raise Problem(503, exc.message_id, exc.message) from exc  # the number stays unused
            await uow.commit()
        return {"number": number, "service": service, "issued_at": now.isoformat()}

    async def reachable(self) -> bool | None:
        """Whether the network ticket printer accepts a connection (None: USB or none, not checked).
        Checked at most every ``REACHABLE_TTL_S``: the screen may ask for the status often."""
        config = self._config
        if config is None or config.connection != "network" or not config.host:
            return None
        checked_at, answer = self._reachable
        if time.monotonic() - checked_at < REACHABLE_TTL_S:
            return answer

        def connect() -> bool:
            try:
                with socket.create_connection((config.host or "", config.port), timeout=2):
                    return True
            except OSError:
                return False

        answer = await asyncio.to_thread(connect)
        self._reachable = (time.monotonic(), answer)
        return answer
