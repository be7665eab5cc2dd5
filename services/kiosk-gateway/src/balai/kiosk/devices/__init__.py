"""Kiosk devices: the e-KTP card reader (PC/SC), the A4 printer (CUPS) and the ticket printer (ESC/POS).

Importing this package loads no driver library: pyscard, pycups and python-escpos are imported when a
device is first used, so the gateway runs (and its other tests run) on a machine without them.
"""

from balai.kiosk.devices.cardreader import CardReader, PcscCardReader, list_pcsc_readers
from balai.kiosk.devices.config import (
    A4PrinterConfig,
    CardReaderConfig,
    DeviceConfig,
    TicketPrinterConfig,
    load_device_config,
    parse_device_config,
)
from balai.kiosk.devices.events import CardEvent, CardPresented, CardRemoved, ReaderError, ReadersChanged
from balai.kiosk.devices.messages import MESSAGES, message_text
from balai.kiosk.devices.printer import (
    CupsPrinter,
    DocumentPrinter,
    JobUpdate,
    PrintError,
    PrinterStatus,
)
from balai.kiosk.devices.ticket import (
    EscposTicketPrinter,
    IsolatedTicketPrinter,
    QueueTicket,
    TicketPrinter,
    TicketPrintError,
)

__all__ = [
    "MESSAGES",
    "A4PrinterConfig",
    "CardEvent",
    "CardPresented",
    "CardReader",
    "CardReaderConfig",
    "CardRemoved",
    "CupsPrinter",
    "DeviceConfig",
    "DocumentPrinter",
    "EscposTicketPrinter",
    "IsolatedTicketPrinter",
    "JobUpdate",
    "PcscCardReader",
    "PrintError",
    "PrinterStatus",
    "QueueTicket",
    "ReaderError",
    "ReadersChanged",
    "TicketPrintError",
    "TicketPrinter",
    "TicketPrinterConfig",
    "list_pcsc_readers",
    "load_device_config",
    "message_text",
    "parse_device_config",
]
