"""The thermal ticket/receipt printer: ESC/POS through python-escpos, on the network (port 9100) or USB.

A ticket is first rendered to bytes with python-escpos' ``Dummy`` printer and the configured capability
profile, then sent in one write to the printer (``Network(host, port)`` or ``Usb(vendor, product)``): a
ticket never comes out half-printed because of a slow link, and :func:`render_ticket` is testable alone.
Blocking: run :meth:`EscposTicketPrinter.print_ticket` with ``asyncio.to_thread``.

The gateway prints through :class:`IsolatedTicketPrinter`: the same printer, in a short-lived child
process (:func:`print_in_child`, the ticket as JSON on stdin). python-escpos brings Pillow,
qrcode and PyYAML, about 10 MB that a serving kiosk would otherwise keep after its first ticket
(docs/adr/0030-kiosk-memory.md); a ticket costs ~0.4 s more, and a crash while printing cannot take the
gateway down.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from balai.common.indonesian import format_hari_tanggal
from balai.kiosk.devices.config import TicketPrinterConfig
from balai.kiosk.devices.messages import message_text

__all__ = [
    "EscposTicketPrinter",
    "IsolatedTicketPrinter",
    "QueueTicket",
    "TicketPrintError",
    "TicketPrinter",
    "format_indonesian_datetime",
    "render_ticket",
]

log = logging.getLogger(__name__)

_ZONES = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}


@dataclass(frozen=True, slots=True)
class QueueTicket:
    """What a queue ticket shows. ``issued_at`` should be timezone-aware (WIB/WITA/WIT is printed)."""

    village: str  # "Desa Mojowarno"
    service: str  # "Layanan Surat Keterangan"
    number: str  # "A-012"
    issued_at: datetime
    qr_data: str | None = None  # e.g. a URL to follow the queue; printed as a QR code when given
    note: str | None = "Mohon menunggu panggilan."


class TicketPrintError(Exception):
    def __init__(self, message_id: str, detail: str = "") -> None:
        super().__init__(f"{message_id}: {detail}")
        self.message_id = message_id
        self.detail = detail

    @property
    def message(self) -> str:
        return message_text(self.message_id)


class TicketPrinter(Protocol):
    def print_ticket(self, ticket: QueueTicket) -> None: ...


def format_indonesian_datetime(moment: datetime) -> tuple[str, str]:
    """("Senin, 23 November 2026", "14:05 WIB") — the zone name only for UTC+7/+8/+9."""
    day = format_hari_tanggal(moment)
    offset = moment.utcoffset()
    zone = _ZONES.get(offset) if offset is not None else None
    return day, f"{moment:%H:%M}" + (f" {zone}" if zone else "")


def render_ticket(
    ticket: QueueTicket,
    *,
    profile: str | None = None,
    native_qr: bool = True,
    cut: Literal["FULL", "PART", "NONE"] = "PART",
) -> bytes:
    """The ticket as ESC/POS bytes for a printer of ``profile`` (python-escpos capability profile)."""
    from escpos.printer import Dummy  # python-escpos: imported on use (its import writes a cache file)

    p: Any = Dummy(profile=profile) if profile else Dummy()
    columns = int(p.profile.get_columns("a") or 32)
    rule = "-" * columns
    day, clock = format_indonesian_datetime(ticket.issued_at)

    p.hw("INIT")
    p.set_with_default(align="center", bold=True)
    p.textln(ticket.village.upper())
    p.set_with_default(align="center")
    p.textln(ticket.service)
    p.textln(rule)
    p.textln("Nomor Antrean")
    p.set_with_default(align="center", bold=True, custom_size=True, width=4, height=4)
    p.textln(ticket.number)
    p.set_with_default(align="center")
    p.textln(rule)
    p.textln(day)
    p.textln(clock)
    if ticket.qr_data:
        p.ln()
        if native_qr:
            p.qr(ticket.qr_data, size=6, native=True)  # aligned by the "center" set above
        else:
            p.qr(ticket.qr_data, size=6, native=False, center=True)
    if ticket.note:
        p.ln()
        p.textln(ticket.note)
    p.set_with_default()
    if cut == "NONE":
        p.print_and_feed(4)
    else:
        p.cut(mode=cut)
    return bytes(p.output)


class EscposTicketPrinter:
    """A :class:`TicketPrinter` for one ESC/POS printer from the config."""

    def __init__(self, config: TicketPrinterConfig) -> None:
        self._config = config

    @property
    def config(self) -> TicketPrinterConfig:
        return self._config

    def render(self, ticket: QueueTicket) -> bytes:
        return render_ticket(
            ticket, profile=self._config.profile, native_qr=self._config.native_qr, cut=self._config.cut
        )

    def print_ticket(self, ticket: QueueTicket) -> None:
        """Print one ticket. Raises :class:`TicketPrintError` (``ticket.unreachable`` / ``ticket.failed``)."""
        data = self.render(ticket)
        self.send_raw(data)
        log.info("ticket %s printed (%d bytes)", ticket.number, len(data))

    def send_raw(self, data: bytes) -> None:
        """Send already rendered ESC/POS bytes in one write."""
        from escpos.exceptions import DeviceNotFoundError

        device = self._device()
        try:
            device.open()
        except DeviceNotFoundError as exc:
            raise TicketPrintError("ticket.unreachable", str(exc).strip()) from exc
        try:
            device._raw(data)
        except Exception as exc:  # socket or USB errors mid-write
            raise TicketPrintError("ticket.failed", repr(exc)) from exc
        finally:
            try:
                device.close()
            except Exception as exc:
                log.debug("closing the ticket printer failed: %r", exc)

    def _device(self) -> Any:
        cfg = self._config
        kwargs: dict[str, Any] = {"profile": cfg.profile} if cfg.profile else {}
        if cfg.connection == "network":
            from escpos.printer import Network

            return Network(host=cfg.host or "", port=cfg.port, timeout=cfg.timeout_s, **kwargs)
        from escpos.printer import Usb

        return Usb(cfg.usb_vendor_id, cfg.usb_product_id, timeout=int(cfg.timeout_s * 1000), **kwargs)


class IsolatedTicketPrinter:
    """A :class:`TicketPrinter` running :class:`EscposTicketPrinter` in a child process for each ticket."""

    CHILD_EXTRA_S = 20.0  # interpreter start and imports, on top of the printer's own timeout

    def __init__(self, config: TicketPrinterConfig) -> None:
        self._config = config

    @property
    def config(self) -> TicketPrinterConfig:
        return self._config

    def print_ticket(self, ticket: QueueTicket) -> None:
        """Print one ticket. Raises :class:`TicketPrintError` as :class:`EscposTicketPrinter` does; a child
        that fails otherwise (killed, crashed, timed out) is ``ticket.failed``."""
        job = {
            "config": self._config.model_dump(mode="json"),
            "ticket": {**asdict(ticket), "issued_at": ticket.issued_at.isoformat()},
        }
        try:
            done = subprocess.run(  # noqa: S603 - this interpreter, this module, no shell
                [sys.executable, "-c", _CHILD],
                input=json.dumps(job),
                capture_output=True,
                text=True,
                timeout=self._config.timeout_s + self.CHILD_EXTRA_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise TicketPrintError("ticket.failed", "the ticket process timed out") from exc
        if done.returncode == 0:
            log.info("ticket %s printed", ticket.number)
            return
        try:
            failure = json.loads(done.stdout.strip().splitlines()[-1])
            raise TicketPrintError(str(failure["message_id"]), str(failure.get("detail", "")))
        except (ValueError, KeyError, IndexError, TypeError):
            raise TicketPrintError("ticket.failed", done.stderr.strip()[-500:]) from None


_CHILD = "from balai.kiosk.devices.ticket import print_in_child; raise SystemExit(print_in_child())"


def print_in_child() -> int:
    """The child's side: print the ticket given on stdin (see :class:`IsolatedTicketPrinter`)."""
    job = json.loads(sys.stdin.read())
    ticket = QueueTicket(**{**job["ticket"], "issued_at": datetime.fromisoformat(job["ticket"]["issued_at"])})
    try:
        EscposTicketPrinter(TicketPrinterConfig(**job["config"])).print_ticket(ticket)
    except TicketPrintError as exc:
        sys.stdout.write(json.dumps({"message_id": exc.message_id, "detail": exc.detail}) + "\n")
        return 3
    return 0
