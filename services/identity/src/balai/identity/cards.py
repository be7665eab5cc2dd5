"""e-KTP card UID normalisation: one canonical form, whatever reader the UID came from.

**Canonical form.** Uppercase hexadecimal of the UID bytes in *reader order* (the order the card sends
them during ISO/IEC 14443-3 anticollision, UID0 first — what PC/SC ``GET DATA`` ``FF CA 00 00 00``
returns), no separators: a 4-byte UID ``04 A2 3B 12`` is ``"04A23B12"``; a 7-byte UID is 14 hex digits.
This is the form stored for a card binding and compared at kiosk login.

**Accepted inputs** (:func:`normalize_card_uid`):

- ``bytes``: the UID as returned by a PC/SC reader's ``GET DATA`` (data only; use
  :func:`uid_from_pcsc_response` when the status word ``90 00`` is still attached).
- a hex string: it must *look* hex — contain a letter A–F, a ``0x`` prefix, or separators between byte
  pairs (``"04:A2:3B:12"``, ``"04 a2 3b 12"``, ``"04-A2-3B-12"``). Case is ignored.
- a decimal string (digits only, as a keyboard-wedge USB reader types it, and as OpenSID stores it in
  ``tag_id_card``). A digits-only string is **always read as decimal**: a hex UID that happens to contain
  no letters must be given with separators or ``0x`` to be read as hex.

**Byte order of the decimal form.** Keyboard-wedge ("HID", "USB keyboard emulation") 13.56 MHz readers
— the cheap readers Indonesian villages use with OpenSID, and most common Mifare/ISO 14443-A desk
readers — type the UID as an unsigned integer read **little-endian**, i.e. with UID0 as the least
significant byte, zero-padded to 10 digits for a 4-byte UID: a card that PC/SC or Android reports as
``1C 78 F2 BF`` is typed as ``3220338716`` (= ``0xBFF2781C``). That is the factory default of these
readers (their "10H"/"10D" output), and it is what OpenSID's users have in ``tag_id_card`` (OpenSID issue
#2016 shows such a 10-digit value; issue #4595 notes 4-byte UIDs give 0–4294967295 and 7-byte UIDs up to
17 digits). So ``decimal_byte_order="little"`` is the default. Some readers are configured (or made) to
send the bytes most-significant first — notably 125 kHz EM4100 readers, which cannot read an e-KTP
anyway — so ``"big"`` is available per deployment or per import, and :func:`decimal_candidates` lists both
readings for an operator who is unsure which one a reader uses.

The UID length of a decimal is inferred from its value: up to 2**32-1 is a 4-byte UID, up to 2**56-1 a
7-byte UID, up to 2**80-1 a 10-byte UID. A number of at most 10 digits above 2**32-1 is rejected (a
reader typing 4 bytes cannot produce it). A 7-byte UID whose three most significant bytes are zero
would be misread as 4 bytes, a chance of about 1 in 2**24 — accepted.

**Known reader pitfall.** Many keyboard-wedge readers only ever type 4 bytes; for a 7-byte UID they
type the first cascade level, ``88 UID0 UID1 UID2`` (``0x88`` is the ISO 14443-3 cascade tag). Such a
value can never match the full 7-byte UID that a PC/SC kiosk reader reports. :func:`is_cascade_fragment`
detects it so the operator can be told to bind the card at a PC/SC reader instead. Likewise
:func:`is_random_uid` detects a 4-byte random ID (first byte ``08``), which changes on every tap and
cannot be bound at all.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "ByteOrder",
    "decimal_candidates",
    "is_cascade_fragment",
    "is_random_uid",
    "normalize_card_uid",
    "uid_from_decimal",
    "uid_from_hex",
    "uid_from_pcsc_response",
]

ByteOrder = Literal["little", "big"]

#: UID sizes in bytes accepted from bytes/hex: ISO 14443-A single/double/triple size (4, 7, 10) and
#: 8-byte UIDs (ISO 15693 / FeliCa IDm), which some PC/SC readers also return for GET DATA.
UID_LENGTHS: frozenset[int] = frozenset({4, 7, 8, 10})
_DECIMAL_SIZES: tuple[int, ...] = (4, 7, 10)
_SEPARATED_HEX = re.compile(r"[0-9A-Fa-f]{2}(?:[:\- ][0-9A-Fa-f]{2})+")
_PLAIN_HEX = re.compile(r"(?:0[xX])?[0-9A-Fa-f]+")
_CASCADE_TAG = 0x88
_RANDOM_UID_PREFIX = 0x08


def _from_bytes(uid: bytes) -> str:
    if len(uid) not in UID_LENGTHS:
        raise ValueError(f"a card UID has 4, 7, 8 or 10 bytes, got {len(uid)} — is this the UID (GET DATA) response?")
    if not any(uid) or all(b == 0xFF for b in uid):
        raise ValueError("a card UID of all 00 or all FF bytes means no card was read")
    return uid.hex().upper()


def uid_from_hex(text: str) -> str:
    """Canonical UID from hex text: ``"04:a2:3b:12"``, ``"04 A2 3B 12"``, ``"0x04A23B12"``, ``"04A23B12"``."""
    s = text.strip()
    if _SEPARATED_HEX.fullmatch(s):
        digits = re.sub(r"[:\- ]", "", s)
    elif _PLAIN_HEX.fullmatch(s):
        digits = s[2:] if s[:2] in ("0x", "0X") else s
    else:
        raise ValueError(f"not a hexadecimal card UID: {text!r}")
    if len(digits) % 2:
        raise ValueError(f"a hex card UID needs whole bytes (an even number of digits): {text!r}")
    return _from_bytes(bytes.fromhex(digits))


def uid_from_decimal(text: str, byte_order: ByteOrder = "little") -> str:
    """Canonical UID from the decimal number a keyboard-wedge reader types (see the module docstring)."""
    s = text.strip()
    if not (s.isascii() and s.isdigit()):
        raise ValueError(f"not a decimal card number: {text!r}")
    if byte_order not in ("little", "big"):
        raise ValueError(f"byte order must be 'little' or 'big', not {byte_order!r}")
    value = int(s)
    if len(s) <= 10 and value >= 1 << 32:
        raise ValueError(f"a 10-digit card number is a 4-byte UID, at most 4294967295: {text!r}")
    for size in _DECIMAL_SIZES:
        if value < 1 << (8 * size):
            return _from_bytes(value.to_bytes(size, byte_order))
    raise ValueError(f"decimal card number too large for a card UID: {text!r}")


def normalize_card_uid(value: bytes | bytearray | memoryview | str, *, decimal_byte_order: ByteOrder = "little") -> str:
    """The canonical UID (uppercase hex, reader order) of a UID given as bytes, hex text or decimal text.

    Raises ValueError with a readable reason for anything that is not a card UID.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        return _from_bytes(bytes(value))
    if not isinstance(value, str):
        raise TypeError(f"a card UID is bytes or str, not {type(value).__name__}")
    s = value.strip()
    if not s:
        raise ValueError("empty card UID")
    if s.isascii() and s.isdigit():
        return uid_from_decimal(s, decimal_byte_order)
    return uid_from_hex(s)


def uid_from_pcsc_response(response: bytes | bytearray | list[int]) -> str:
    """Canonical UID from a full ``GET DATA`` response, data followed by SW1 SW2.

    ``90 00`` is success; any other status word (``6A 81`` function not supported, ``63 00`` no card
    information) raises ValueError.
    """
    raw = bytes(response)
    if len(raw) < 2:
        raise ValueError("a PC/SC response carries at least the status word SW1 SW2")
    data, sw = raw[:-2], raw[-2:]
    if sw != b"\x90\x00":
        raise ValueError(f"the reader refused GET DATA (status {sw.hex().upper()})")
    return _from_bytes(data)


def decimal_candidates(text: str) -> dict[ByteOrder, str]:
    """Both readings of a decimal number, for diagnosing which byte order a reader uses.

    A reading that cannot be a UID is left out.
    """
    out: dict[ByteOrder, str] = {}
    for order in ("little", "big"):
        try:
            out[order] = uid_from_decimal(text, order)
        except ValueError:
            continue
    return out


def is_cascade_fragment(canonical_uid: str) -> bool:
    """True for a 4-byte value starting with the cascade tag 88: the first part of a 7-byte UID."""
    raw = bytes.fromhex(canonical_uid)
    return len(raw) == 4 and raw[0] == _CASCADE_TAG


def is_random_uid(canonical_uid: str) -> bool:
    """True for a 4-byte random ID (first byte 08), which changes on every tap and cannot be bound."""
    raw = bytes.fromhex(canonical_uid)
    return len(raw) == 4 and raw[0] == _RANDOM_UID_PREFIX
