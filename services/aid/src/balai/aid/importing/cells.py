"""Reading single cells (as openpyxl or the CSV reader give them) into values, with Indonesian errors."""

from __future__ import annotations

import datetime as dt
import re

from balai.aid.importing.workbook import CellValue

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_EMPTY = frozenset({"", "-", "--"})
_SCIENTIFIC = re.compile(r"^[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+$")


class CellError(ValueError):
    """`str(exc)` is the Indonesian message."""


def header_key(value: CellValue) -> str:
    """`No. Peserta` -> `nopeserta`: headers compare without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", str(value).lower()) if value is not None else ""


def text(value: CellValue, *, max_length: int = 200) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    s = re.sub(r"\s+", " ", str(value)).strip()
    if s in _EMPTY:
        return ""
    if len(s) > max_length:
        raise CellError(f"terlalu panjang ({len(s)} karakter, paling banyak {max_length})")
    return s


def number(value: CellValue) -> tuple[str, bool]:
    """A NIK/KK-like number as digits, and whether the cell was numeric (Excel keeps 15 digits only)."""
    if value is None or isinstance(value, bool):
        return "", False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("berisi angka pecahan, bukan nomor")
        return str(int(value)), True
    raw = str(value).strip()
    if _SCIENTIFIC.match(raw):
        raise CellError("tertulis dalam notasi ilmiah sehingga digitnya hilang; format kolom sebagai teks")
    if re.fullmatch(r"[0-9]+\.0+", raw):  # "3317094501900001.0" from some CSV exports
        raw = raw.split(".", 1)[0]
    return re.sub(r"[\s.\-]", "", raw).lstrip("'"), False


def day(value: CellValue) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise CellError(f"'{s[:20]}' bukan tanggal (gunakan format TTTT-BB-HH)")


def small_int(value: CellValue) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
