"""Value rules shared by shops, products and orders: texts, WhatsApp numbers, rupiah, categories."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from balai.common.errors import Problem

MAX_PRICE = 1_000_000_000
"""Rp1 milyar: above any village product; guards against a mistyped extra zero or three."""

CATEGORIES: dict[str, str] = {
    "makanan": "Makanan",
    "minuman": "Minuman",
    "kerajinan": "Kerajinan tangan",
    "pakaian": "Pakaian dan kain (batik, tenun)",
    "pertanian": "Hasil pertanian",
    "peternakan": "Hasil peternakan",
    "perikanan": "Hasil perikanan",
    "kebutuhan_rumah": "Kebutuhan rumah tangga",
    "jasa": "Jasa",
    "lainnya": "Lainnya",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_MOBILE = re.compile(r"^8[1-9]\d{7,10}$")
"""An Indonesian mobile number without the country code: 8xx plus 7 to 10 digits (10-13 digits as 08...)."""


def invalid(code: str, detail: str, **extra: Any) -> Problem:
    return Problem(422, code, detail, **extra)


def conflict(code: str, detail: str, **extra: Any) -> Problem:
    return Problem(409, code, detail, **extra)


def clean_text(value: str, label: str, *, max_len: int, min_len: int = 1, multiline: bool = False) -> str:
    """NFC-normalised text without control or invisible characters, trimmed. Stored and answered as
    plain text: nothing here is ever HTML, the PWA renders it as text."""
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = "\n".join(_SPACES.sub(" ", _CONTROL.sub("", line)).strip() for line in text.split("\n"))
        text = _MANY_NEWLINES.sub("\n\n", text).strip()
    else:
        text = _SPACES.sub(" ", _CONTROL.sub("", text.replace("\n", " "))).strip()
    if min_len and not text:
        raise invalid("required", f"{label} wajib diisi.")
    if len(text) < min_len:
        raise invalid("too_short", f"{label} minimal {min_len} karakter.")
    if len(text) > max_len:
        raise invalid("too_long", f"{label} maksimal {max_len} karakter.")
    return text


def whatsapp_number(value: str) -> str:
    """`0812-3456-7890`, `+62 812 3456 7890`, `62812...` -> `+6281234567890` (E.164)."""
    digits = re.sub(r"[\s().\-]", "", value.strip())
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise invalid("invalid_whatsapp", "Nomor WhatsApp harus nomor seluler Indonesia (+62).")
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not _MOBILE.match(national):
        raise invalid("invalid_whatsapp", "Nomor WhatsApp harus nomor seluler Indonesia, misalnya 0812-3456-7890.")
    return "+62" + national


def rupiah(value: int, label: str = "Harga") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid("invalid_price", f"{label} harus bilangan bulat rupiah.")
    if not 1 <= value <= MAX_PRICE:
        raise invalid("invalid_price", f"{label} harus antara Rp1 dan {format_rupiah(MAX_PRICE)}.")
    return value


def format_rupiah(amount: int) -> str:
    """`12500` -> `Rp12.500` (Indonesian thousands separator)."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def category(value: str) -> str:
    slug = value.strip().lower()
    if slug not in CATEGORIES:
        raise invalid("invalid_category", f"Kategori tidak dikenal. Pilih salah satu: {', '.join(CATEGORIES)}.")
    return slug


def reason(value: str, label: str = "Alasan") -> str:
    return clean_text(value, label, min_len=5, max_len=300)


def dotted(village: str) -> str:
    """`3317092016` -> `33.17.09.2016`; shorter area codes likewise."""
    parts = [village[:2], village[2:4], village[4:6], village[6:]]
    return ".".join(p for p in parts if p)


def area_parts(village: str) -> tuple[str, str]:
    """The district (6 digits) and regency (4 digits) a compact village code lies in."""
    return village[:6], village[:4]
