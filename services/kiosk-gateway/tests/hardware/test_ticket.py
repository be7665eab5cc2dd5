"""The ESC/POS ticket printer over TCP, against a listener standing in for a network printer (port 9100),
configured from a TOML file like the gateway's."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from balai.kiosk.devices import (
    EscposTicketPrinter,
    IsolatedTicketPrinter,
    QueueTicket,
    TicketPrinterConfig,
    TicketPrintError,
    load_device_config,
)

pytestmark = pytest.mark.hardware

WIB = timezone(timedelta(hours=7))
ESC_INIT = b"\x1b@"
CUT = {"FULL": b"\x1dV\x00", "PART": b"\x1dV\x01"}
TICKET = QueueTicket(
    village="Desa Mojowarno",
    service="Layanan Surat Keterangan",
    number="A-012",
    issued_at=datetime(2026, 11, 23, 14, 5, tzinfo=WIB),
    qr_data="https://balai.example/antrean/3317092016/A-012",
)


def config_file(tmp_path: Path, port: int, profile: str, cut: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(
        f"""
[devices.card_reader]
reader_filter = "Virtual PCD 00 00"

[devices.a4_printer]
queue = "A4"

[devices.ticket_printer]
connection = "network"
host = "127.0.0.1"
port = {port}
profile = "{profile}"
cut = "{cut}"
"""
    )
    return path


@pytest.mark.parametrize(("profile", "cut"), [("TM-T20II", "PART"), ("default", "FULL")])
def test_ticket_bytes_reach_the_network_printer(raw_printer: Any, tmp_path: Path, profile: str, cut: str) -> None:
    config = load_device_config(config_file(tmp_path, raw_printer.port, profile, cut))
    assert config.ticket_printer is not None
    assert config.card_reader.matches("Virtual PCD 00 00")
    printer = EscposTicketPrinter(config.ticket_printer)

    printer.print_ticket(TICKET)
    data = raw_printer.wait_job()

    assert data.startswith(ESC_INIT)
    for text in (b"DESA MOJOWARNO", b"Layanan Surat Keterangan", b"Nomor Antrean", b"A-012"):
        assert text in data
    assert b"Senin, 23 November 2026" in data
    assert b"14:05 WIB" in data
    assert TICKET.qr_data is not None
    assert TICKET.qr_data.encode() in data  # a native QR carries its payload verbatim (GS ( k)
    assert b"\x1d(k" in data
    assert CUT[cut] in data[-8:]  # the cut comes last
    assert data == printer.render(TICKET)  # one write, exactly what was rendered


def test_ticket_without_qr_and_without_cutter(raw_printer: Any) -> None:
    printer = EscposTicketPrinter(
        TicketPrinterConfig(host="127.0.0.1", port=raw_printer.port, cut="NONE", profile="POS-5890")
    )
    printer.print_ticket(QueueTicket("Desa Mojowarno", "Bantuan Sosial", "B-003", TICKET.issued_at, note=None))
    data = raw_printer.wait_job()
    assert b"B-003" in data
    assert b"\x1d(k" not in data
    assert CUT["FULL"] not in data
    assert CUT["PART"] not in data


def test_unreachable_ticket_printer_raises_a_clear_error(raw_printer: Any) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = EscposTicketPrinter(TicketPrinterConfig(host="127.0.0.1", port=port, timeout_s=2))
    with pytest.raises(TicketPrintError) as failed:
        printer.print_ticket(TICKET)
    assert failed.value.message_id == "ticket.unreachable"
    assert "Printer tiket" in failed.value.message


def test_the_gateway_prints_in_a_child_the_same_bytes(raw_printer: Any) -> None:
    """What the gateway uses: the ticket printed by a short-lived child process (python-escpos and Pillow
    never load into the serving gateway), byte for byte what the in-process printer renders."""
    config = TicketPrinterConfig(host="127.0.0.1", port=raw_printer.port, profile="TM-T20II")
    IsolatedTicketPrinter(config).print_ticket(TICKET)
    assert raw_printer.wait_job() == EscposTicketPrinter(config).render(TICKET)


def test_the_childs_printer_errors_come_back_as_they_are() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = IsolatedTicketPrinter(TicketPrinterConfig(host="127.0.0.1", port=port, timeout_s=2))
    with pytest.raises(TicketPrintError) as failed:
        printer.print_ticket(TICKET)
    assert failed.value.message_id == "ticket.unreachable"
    assert "Printer tiket" in failed.value.message
