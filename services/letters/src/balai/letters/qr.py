"""The signed QR printed on every letter: compact binary payload, Ed25519 signature, verification URL.

QR text layout (one string, a URL a phone camera opens)::

    HTTPS://BALAI.EXAMPLE.GO.ID/v/K7QD2M4XW9ZP3HTF6RBN5JYA#19546732544970606471...
    \\_______ origin ________/   \\___ code, 24 base32 ___/ \\_ payload, decimal _/

* origin: the deployment's ``https://host[:port]`` in upper case (scheme and host are case-insensitive),
  so it and the code ride in the QR's alphanumeric mode (5.5 bits a character); only ``v`` and ``#`` are
  byte mode. Phones open ``https://host/v/{code}``.
* ``code``: 15 random bytes (120 bits) in base32, the lookup key of ``/v/{code}``; unguessable.
* fragment: the signed payload as one decimal number, in the QR's numeric mode (3.3 bits a digit, about
  8.03 bits a byte). Browsers never send a fragment to the server; offline checkers read and verify it.

Payload (binary, version 1): ``ver u8 | key_id str8 | number str8 | type str8 | village 5 bytes |
issued u16 | valid_until u16 | holder_ref str8 | digest 16 bytes | signature 64 bytes`` where ``str8`` is a
length byte plus UTF-8, dates are days since 2000-01-01 (0 = no end) and the village code's 10 digits are a
40-bit integer. The signature covers a domain tag, the origin and the code as well, so none of them can be
swapped without breaking it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from segno import consts as segno_consts

from balai.letters import qrcodec
from balai.letters.qrcodec import MalformedQrError, QrError, QrPayload

__all__ = [
    "BadSignatureError",
    "MalformedQrError",
    "QrError",
    "QrPayload",
    "UnknownKeyError",
    "VerifiedPayload",
    "content_digest",
    "key_id_for",
    "make_qr",
    "new_verification_code",
    "normalize_origin",
    "qr_png_data_uri",
    "qr_segments",
    "sign_payload",
    "verification_url",
    "verify_qr_text",
]

_DOMAIN = b"balai/letter-qr/v1\x00"
_MAX_TEXT = 1000
_CODE_RE = re.compile(r"^[A-Z2-7]{24}$")
_RUNS = re.compile(r"(?P<num>[0-9]{24,})|(?P<alnum>[0-9A-Z $%*+\-./:]{12,})")


class UnknownKeyError(QrError):
    """The payload names a key id the checker does not know (another village, or a retired key)."""


class BadSignatureError(QrError):
    """The signature does not match: the payload, code or origin was altered, or it was forged."""


@dataclass(frozen=True, slots=True)
class VerifiedPayload:
    payload: QrPayload
    key_id: str
    origin: str
    code: str

    @property
    def verify_url(self) -> str:
        return f"{self.origin}/v/{self.code}"

    def expired(self, on: dt.date) -> bool:
        valid_until = self.payload.valid_until
        return valid_until is not None and on > valid_until


def new_verification_code() -> str:
    """A fresh random verification code: 120 bits as 24 upper-case base32 characters."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def content_digest(data: Mapping[str, Any]) -> bytes:
    """First 16 bytes of SHA-256 over canonical JSON of ``data`` (sorted keys, dates as ISO strings)."""

    def default(value: Any) -> Any:
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        raise TypeError(f"cannot digest {type(value).__name__}")

    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=default)
    return hashlib.sha256(canonical.encode("utf-8")).digest()[:16]


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """A short stable key id: 8 base32 characters of SHA-256 over the raw public key."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b32encode(hashlib.sha256(raw).digest()[:5]).decode("ascii")


def normalize_origin(origin: str) -> str:
    """``"HTTPS://Balai.Example.ID/"`` -> ``"https://balai.example.id"``; rejects paths, queries, userinfo."""
    parts = urlsplit(origin.strip())
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise ValueError(f"origin must be like https://host[:port], got {origin!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"origin must have no path, query, fragment or user, got {origin!r}")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}{port}"


def verification_url(origin: str, code: str) -> str:
    """The public page of a letter: ``https://host/v/{code}``."""
    return f"{normalize_origin(origin)}/v/{code}"


def _signed_message(origin: str, code: str, body: bytes) -> bytes:
    return _DOMAIN + origin.encode("ascii") + b"\x00" + base64.b32decode(code) + body


def _to_digits(blob: bytes) -> str:
    # The blob starts with the non-zero version byte, so the integer round-trips without a length.
    return str(int.from_bytes(blob, "big"))


def _from_digits(text: str) -> bytes:
    if not text.isascii() or not text.isdigit() or len(text) > _MAX_TEXT or text.startswith("0"):
        raise MalformedQrError("the payload is not a decimal number")
    number = int(text)
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def sign_payload(payload: QrPayload, private_key: Ed25519PrivateKey, *, key_id: str, origin: str) -> str:
    """The QR text for ``payload``: ``{origin}/v/{code}#{signed payload}``."""
    origin = normalize_origin(origin)
    if not _CODE_RE.match(payload.code):
        raise ValueError("payload.code must come from new_verification_code()")
    body = qrcodec.encode_body(payload, key_id)
    signature = private_key.sign(_signed_message(origin, payload.code, body))
    # Scheme and host are case-insensitive: upper case lets them ride in the QR's alphanumeric mode.
    return f"{origin.upper()}/v/{payload.code}#{_to_digits(body + signature)}"


def verify_qr_text(text: str, public_keys: Mapping[str, Ed25519PublicKey]) -> VerifiedPayload:
    """Parse and verify scanned QR text against the villages' public keys (by key id).

    Raises :class:`MalformedQrError` (not a Balai letter QR, or damaged), :class:`UnknownKeyError`
    (key id not in ``public_keys``) or :class:`BadSignatureError` (altered or forged).
    """
    text = text.strip()
    if len(text) > _MAX_TEXT or text.count("#") != 1:
        raise MalformedQrError("not a letter QR: expected one URL with a '#' payload")
    url, fragment = text.split("#")
    try:
        parts = urlsplit(url)
        origin = normalize_origin(f"{parts.scheme}://{parts.netloc}")
    except ValueError as exc:
        raise MalformedQrError(f"not a letter QR: {exc}") from None
    segments = parts.path.split("/")
    if len(segments) != 3 or segments[0] or segments[1].lower() != "v" or parts.query:
        raise MalformedQrError("not a letter QR: the URL path must be /v/{code}")
    code = segments[2].upper()
    if not _CODE_RE.match(code):
        raise MalformedQrError("the verification code is malformed")
    blob = _from_digits(fragment)
    if len(blob) <= 64:
        raise MalformedQrError("the payload is too short")
    body, signature = blob[:-64], blob[-64:]
    payload, key_id = qrcodec.decode_body(body, code)
    public_key = public_keys.get(key_id)
    if public_key is None:
        raise UnknownKeyError(f"unknown signing key {key_id!r}")
    try:
        public_key.verify(signature, _signed_message(origin, code, body))
    except InvalidSignature:
        raise BadSignatureError("the signature does not match: the QR was altered or forged") from None
    return VerifiedPayload(payload=payload, key_id=key_id, origin=origin, code=code)


def qr_segments(text: str) -> list[tuple[str, int]]:
    """Split ``text`` into (content, mode) segments for the smallest QR: long digit runs in numeric mode
    (3.3 bits a digit), long runs of upper-case/URL characters in alphanumeric mode (5.5 bits a character),
    the rest (the lower-case URL prefix, '#') in byte mode."""
    segments: list[tuple[str, int]] = []
    pos = 0
    for match in _RUNS.finditer(text):
        if match.start() > pos:
            segments.append((text[pos : match.start()], segno_consts.MODE_BYTE))
        mode = segno_consts.MODE_NUMERIC if match.lastgroup == "num" else segno_consts.MODE_ALPHANUMERIC
        segments.append((match.group(0), mode))
        pos = match.end()
    if pos < len(text):
        segments.append((text[pos:], segno_consts.MODE_BYTE))
    return segments


def make_qr(text: str, *, error: str = "M") -> segno.QRCode:
    """The QR symbol for ``text`` (error correction M by default: ~15% of a smudged print recoverable)."""
    # segno accepts a list of (content, mode) segments; its type hints only name the single-string form.
    return segno.make_qr(cast(Any, qr_segments(text)), error=error, boost_error=False)


def qr_png_data_uri(text: str, *, scale: int = 4, border: int = 2) -> str:
    """The QR as a PNG ``data:`` URI, ready for an ``<img>`` in a letter template."""
    uri: str = make_qr(text).png_data_uri(scale=scale, border=border)
    return uri
