"""The ``[devices]`` section of the kiosk gateway's config file (TOML).

Independent of ``balai.common`` for now: :func:`load_device_config` reads a TOML file and validates its
``[devices]`` table; the gateway's service settings can embed :class:`DeviceConfig` as a field later.

.. code-block:: toml

    [devices.card_reader]
    reader_filter = "ACS ACR1252|Virtual PCD 00 00"   # regex, case-insensitive; "" = every reader

    [devices.a4_printer]
    queue = "A4"                 # the CUPS queue name (lpstat -p)

    [devices.ticket_printer]
    connection = "network"       # or "usb"
    host = "192.168.1.60"
    port = 9100
    profile = "TM-T20II"         # python-escpos capability profile; omit for the generic one
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "A4PrinterConfig",
    "CardReaderConfig",
    "DeviceConfig",
    "TicketPrinterConfig",
    "load_device_config",
    "parse_device_config",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CardReaderConfig(_Model):
    """PC/SC card reader(s), reached through pcscd."""

    reader_filter: str = Field(
        default="",
        description="Regular expression (case-insensitive, searched anywhere in the reader name) choosing "
        "which PC/SC readers the kiosk uses; empty = every reader.",
    )
    poll_timeout_s: float = Field(
        default=1.0, gt=0, le=10, description="Longest single wait on pcscd; stop() cancels it at once."
    )
    read_attempts: int = Field(
        default=2, ge=1, le=5, description="Tries to connect and read the UID before reporting an error."
    )
    retry_delay_s: float = Field(default=0.15, ge=0, le=2)
    service_retry_s: float = Field(
        default=2.0, gt=0, le=60, description="How often to try again while pcscd is not reachable."
    )

    @field_validator("reader_filter")
    @classmethod
    def _valid_regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"reader_filter is not a valid regular expression: {exc}") from exc
        return value

    def matches(self, reader: str) -> bool:
        return not self.reader_filter or re.search(self.reader_filter, reader, re.IGNORECASE) is not None


class A4PrinterConfig(_Model):
    """The A4 printer, as a CUPS queue."""

    queue: str = Field(min_length=1, description="CUPS queue (destination) name.")
    cups_server: str | None = Field(
        default=None,
        description="CUPS server: host[:port] or a domain socket path; None = libcups default "
        "(CUPS_SERVER, client.conf, then the local socket).",
    )
    job_timeout_s: float = Field(default=120.0, gt=0, le=3600)
    poll_interval_s: float = Field(default=0.2, gt=0, le=10)
    cancel_on_failure: bool = Field(
        default=True,
        description="Cancel a job that failed or timed out, so a resident's letter does not come out later, "
        "unattended, when the printer is fixed.",
    )
    options: dict[str, str] = Field(default_factory=lambda: {"media": "A4"})


class TicketPrinterConfig(_Model):
    """A thermal ticket/receipt printer speaking ESC/POS, on the network (port 9100) or USB."""

    connection: Literal["network", "usb"] = "network"
    host: str | None = None
    port: int = Field(default=9100, ge=1, le=65535)
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    usb_vendor_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    usb_product_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    profile: str | None = Field(
        default=None, description="python-escpos capability profile (e.g. 'TM-T20II'); None = 'default'."
    )
    native_qr: bool = Field(
        default=True, description="Let the printer draw the QR (GS ( k); False sends it as an image."
    )
    cut: Literal["FULL", "PART", "NONE"] = "PART"

    @model_validator(mode="after")
    def _endpoint(self) -> TicketPrinterConfig:
        if self.connection == "network" and not self.host:
            raise ValueError("a network ticket printer needs 'host'")
        if self.connection == "usb" and (self.usb_vendor_id is None or self.usb_product_id is None):
            raise ValueError("a USB ticket printer needs 'usb_vendor_id' and 'usb_product_id'")
        return self


class DeviceConfig(_Model):
    card_reader: CardReaderConfig = Field(default_factory=CardReaderConfig)
    a4_printer: A4PrinterConfig | None = None
    ticket_printer: TicketPrinterConfig | None = None


def parse_device_config(data: Mapping[str, Any]) -> DeviceConfig:
    """Validate the ``[devices]`` table of an already parsed config (missing table = defaults)."""
    section = data.get("devices", {})
    if not isinstance(section, Mapping):
        raise ValueError("[devices] must be a table")
    return DeviceConfig.model_validate(dict(section))


def load_device_config(path: str | Path) -> DeviceConfig:
    """Read ``path`` (TOML) and validate its ``[devices]`` table."""
    with Path(path).open("rb") as fh:
        return parse_device_config(tomllib.load(fh))
