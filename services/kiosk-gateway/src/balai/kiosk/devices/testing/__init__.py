"""The kiosk device stack for tests, with no hardware: a card emulated on vsmartcard-vpcd's socket,
pcscd and cupsd run in the foreground and stopped by pid, cups-pdf queues, CUPS test backends that report
paper-out or offline, a TCP listener standing in for a network ESC/POS printer, and a hand-written PDF.

Used by the gateway's hardware tests and reusable by cross-service kiosk journeys. Test machines only:
vpcd listens on every interface. Nothing here runs at import time.
"""

from balai.kiosk.devices.testing.daemons import (
    CupsDaemon,
    Daemon,
    PcscDaemon,
    StackUnavailable,
    find_program,
    running_pids,
    wait_until,
)
from balai.kiosk.devices.testing.fakes import RawPrinter, minimal_pdf
from balai.kiosk.devices.testing.vcard import (
    CONTACTLESS_ATR,
    GET_UID,
    VPCD_PORT,
    VPCD_READER,
    VirtualCard,
    slot_state,
    wait_slot_empty,
)

__all__ = [
    "CONTACTLESS_ATR",
    "GET_UID",
    "VPCD_PORT",
    "VPCD_READER",
    "CupsDaemon",
    "Daemon",
    "PcscDaemon",
    "RawPrinter",
    "StackUnavailable",
    "VirtualCard",
    "find_program",
    "minimal_pdf",
    "running_pids",
    "slot_state",
    "wait_slot_empty",
    "wait_until",
]
