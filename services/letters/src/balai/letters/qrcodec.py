"""Binary codec of the QR payload body (see :mod:`balai.letters.qr` for the layout and signing)."""

from __future__ import annotations

import datetime as dt
import re
import struct
from dataclasses import dataclass

__all__ = ["FORMAT_VERSION", "MalformedQrError", "QrError", "QrPayload", "decode_body", "encode_body"]

FORMAT_VERSION = 1
_EPOCH = dt.date(2000, 1, 1)
_VILLAGE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,16}$")
_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
_MAX_NUMBER = 64
_MAX_HOLDER = 32


class QrError(ValueError):
    """Base of every QR verification failure."""


class MalformedQrError(QrError):
    """The text is not a letter QR of a known format, or it is damaged."""


@dataclass(frozen=True, slots=True)
class QrPayload:
    """What the QR asserts about one letter."""

    code: str  # verification code from new_verification_code()
    letter_number: str  # "470/012/33.17.09.2016/XI/2026"
    type_code: str  # letter type slug, e.g. "domisili"
    village_code: str  # "33.17.09.2016"
    issued_on: dt.date
    valid_until: dt.date | None
    holder_ref: str  # opaque reference to the holder chosen by the caller (never a NIK)
    digest: bytes  # content_digest() of the letter's data, 16 bytes


def _days(value: dt.date) -> int:
    days = (value - _EPOCH).days
    if not 1 <= days <= 0xFFFF:
        raise ValueError(f"date {value} is outside the payload's range")
    return days


def _str8(value: str, what: str, limit: int) -> bytes:
    raw = value.encode("utf-8")
    if not raw or len(raw) > limit:
        raise ValueError(f"{what} must be 1..{limit} bytes of UTF-8")
    return bytes([len(raw)]) + raw


def encode_body(payload: QrPayload, key_id: str) -> bytes:
    """The unsigned body; raises ``ValueError`` if a field does not fit the format."""
    if not _KEY_ID_RE.match(key_id):
        raise ValueError("key_id must be 1..16 characters of A-Z a-z 0-9 . _ -")
    if not _TYPE_RE.match(payload.type_code):
        raise ValueError("type_code must be a lower-case slug of at most 32 characters")
    if not _VILLAGE_RE.match(payload.village_code):
        raise ValueError("village_code must look like 33.17.09.2016")
    if len(payload.digest) != 16:
        raise ValueError("digest must be 16 bytes (content_digest())")
    valid_until = 0 if payload.valid_until is None else _days(payload.valid_until)
    return b"".join(
        (
            bytes([FORMAT_VERSION]),
            _str8(key_id, "key_id", 16),
            _str8(payload.letter_number, "letter_number", _MAX_NUMBER),
            _str8(payload.type_code, "type_code", 32),
            int(payload.village_code.replace(".", "")).to_bytes(5, "big"),
            struct.pack(">HH", _days(payload.issued_on), valid_until),
            _str8(payload.holder_ref, "holder_ref", _MAX_HOLDER),
            payload.digest,
        )
    )


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise MalformedQrError("the payload is truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def str8(self) -> str:
        length = self.take(1)[0]
        try:
            return self.take(length).decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedQrError("the payload holds invalid text") from None


def decode_body(body: bytes, code: str) -> tuple[QrPayload, str]:
    """``(payload, key_id)`` from an unsigned body; raises :class:`MalformedQrError`."""
    reader = _Reader(body)
    version = reader.take(1)[0]
    if version != FORMAT_VERSION:
        raise MalformedQrError(f"unsupported payload version {version}")
    key_id = reader.str8()
    number = reader.str8()
    type_code = reader.str8()
    village_digits = f"{int.from_bytes(reader.take(5), 'big'):010d}"
    issued, valid = struct.unpack(">HH", reader.take(4))
    holder_ref = reader.str8()
    digest = reader.take(16)
    if reader.pos != len(body):
        raise MalformedQrError("unexpected bytes after the payload")
    if len(village_digits) != 10 or not issued:
        raise MalformedQrError("the payload holds an invalid village code or date")
    village = f"{village_digits[:2]}.{village_digits[2:4]}.{village_digits[4:6]}.{village_digits[6:]}"
    payload = QrPayload(
        code=code,
        letter_number=number,
        type_code=type_code,
        village_code=village,
        issued_on=_EPOCH + dt.timedelta(days=issued),
        valid_until=_EPOCH + dt.timedelta(days=valid) if valid else None,
        holder_ref=holder_ref,
        digest=digest,
    )
    return payload, key_id
