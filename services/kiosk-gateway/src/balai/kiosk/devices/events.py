"""Events the card reader delivers to the gateway (and on to the kiosk screen).

Plain frozen dataclasses, built in the reader's thread and handed to the asyncio loop. ``as_json()`` gives
the shape the local bridge can send over its WebSocket; it never carries more than the card UID (no NIK).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from balai.kiosk.devices.messages import message_text

__all__ = ["CardEvent", "CardPresented", "CardRemoved", "ReaderError", "ReadersChanged"]


@dataclass(frozen=True, slots=True)
class CardPresented:
    """A card was placed on ``reader`` and its UID was read.

    ``uid_hex`` is the canonical card identity: uppercase hex of the UID bytes in the order the reader
    returned them for ``GET DATA`` (``FF CA 00 00 00``), e.g. ``"04A23B12"`` or ``"04112233445566"``.
    ``atr`` is the card's ATR as uppercase hex.
    """

    reader: str
    uid_hex: str
    atr: str

    def as_json(self) -> dict[str, object]:
        return {"type": "card.presented", "reader": self.reader, "uid": self.uid_hex, "atr": self.atr}


@dataclass(frozen=True, slots=True)
class CardRemoved:
    """The slot of ``reader`` became empty (after a read, or after a failed read)."""

    reader: str

    def as_json(self) -> dict[str, object]:
        return {"type": "card.removed", "reader": self.reader}


@dataclass(frozen=True, slots=True)
class ReaderError:
    """Something went wrong on ``reader`` (``""`` when not tied to one reader, e.g. pcscd is down).

    ``message_id`` is a stable key (``card.read_failed``...) whose Indonesian text is :attr:`message`;
    ``detail`` is technical (PC/SC error text, status word) for logs and telemetry, not for the screen.
    The reader keeps running after every ReaderError.
    """

    reader: str
    message_id: str
    detail: str = ""

    @property
    def message(self) -> str:
        return message_text(self.message_id)

    def as_json(self) -> dict[str, object]:
        return {
            "type": "reader.error",
            "reader": self.reader,
            "message_id": self.message_id,
            "message": self.message,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class ReadersChanged:
    """The set of usable readers (after the name filter) changed; sent once at start too."""

    readers: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {"type": "readers.changed", "readers": list(self.readers)}


CardEvent = CardPresented | CardRemoved | ReaderError | ReadersChanged
