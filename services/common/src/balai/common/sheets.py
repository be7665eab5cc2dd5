"""Reading single spreadsheet cells into values (pure), for the OpenSID imports of identity and aid.

Cells arrive as openpyxl gives them (``str``, ``int``, ``float``, ``datetime``, ``None``) or, from CSV, as
strings. Village spreadsheets are typed by hand, so a reader is lenient with what a person means ("-" for
empty, ``3317094501900001.0`` from a CSV export, dates in the usual Indonesian orders, Excel serial dates)
and strict where digits were lost (a NIK Excel turned into ``3.31709E+15``). Each reader returns the value
or raises :class:`CellError`, whose text is an Indonesian message for the operator.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["CellError", "CellValue", "date", "header_key", "number_id", "small_int", "text"]

CellValue = str | int | float | dt.datetime | dt.date | dt.time | bool | None

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LAST_EXCEL_SERIAL = 2_958_466  # 9999-12-31
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_EMPTY_MARKERS = frozenset({"", "-", "--"})
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")


class CellError(ValueError):
    """A cell that cannot be read; ``str(exc)`` is the Indonesian message."""


def header_key(value: CellValue) -> str:
    """``No. Peserta`` -> ``nopeserta``: headers compare without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", str(value).lower()) if value is not None else ""


def text(value: CellValue, *, dash_is_empty: bool = True, max_length: int | None = None) -> str | None:
    """Trimmed text with inner whitespace collapsed; None for an empty cell (and for ``-``, by default).

    A whole number stored as a float reads as the integer; a date-time at midnight as the date; a
    checkbox (bool) cell is not text and reads as empty.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    s = re.sub(r"\s+", " ", str(value)).strip()
    if not s or (dash_is_empty and s in _EMPTY_MARKERS):
        return None
    if max_length is not None and len(s) > max_length:
        raise CellError(f"terlalu panjang ({len(s)} karakter, paling banyak {max_length})")
    return s


def number_id(value: CellValue) -> tuple[str | None, bool]:
    """A NIK/KK-like number as a digit string, and whether the cell was numeric.

    A number typed into Excel without a text format loses digits after the 15th (Excel keeps 15
    significant digits), so callers flag numeric cells. An apostrophe prefix, spaces and the dots or
    dashes people group digits with (``3317.0945.0190.0001``) are dropped; the caller checks the digits.
    """
    if value is None or isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("berisi angka pecahan, bukan nomor")
        return str(int(value)), True
    s = re.sub(r"\s+", "", str(value)).lstrip("'")
    if s in _EMPTY_MARKERS:
        return None, False
    if _SCIENTIFIC.fullmatch(s):  # "3.31709E+15" from a CSV saved by Excel
        raise CellError(
            f"tertulis dalam notasi ilmiah ({s}), sehingga digitnya sudah hilang; format kolom sebagai teks "
            "dan ketik ulang nomornya"
        )
    if re.fullmatch(r"[0-9]+\.0+", s):  # "3317094501900001.0" from some CSV exports
        s = s.split(".", 1)[0]
    return re.sub(r"[.\-]", "", s) or None, False


def date(value: CellValue) -> dt.date | None:
    """A date cell: an Excel date, an Excel serial number, or text YYYY-MM-DD / DD-MM-YYYY / DD/MM/YYYY
    (also YYYY/MM/DD and DD.MM.YYYY, and with a time after it); None when empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if not 1 <= value < _LAST_EXCEL_SERIAL:
            raise CellError(f"angka {value} bukan tanggal")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, dt.time):
        raise CellError("berisi jam, bukan tanggal")
    s = str(value).strip()
    if s in _EMPTY_MARKERS:
        return None
    s = s.split(" ", 1)[0].split("T", 1)[0]  # "1990-01-03 00:00:00"
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise CellError(f"'{s[:20]}' bukan tanggal (gunakan format TTTT-BB-HH, misalnya 1990-01-31)")


def small_int(value: CellValue) -> int | None:
    """A small code number (1, 2.0, " 3 "); None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
