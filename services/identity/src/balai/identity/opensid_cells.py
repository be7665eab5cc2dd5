"""Reading single cells of an OpenSID resident sheet into Python values (pure).

Cells arrive as openpyxl gives them (``str``, ``int``, ``float``, ``datetime``, ``None``) or, from CSV,
as strings. Each reader returns the value or raises :class:`CellError` with an Indonesian message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TypeVar

from balai.identity.opensid_codes import lookup_label
from balai.identity.vocab import LabelledEnum

CellValue = str | int | float | dt.datetime | dt.date | dt.time | bool | None

L = TypeVar("L", bound=LabelledEnum)

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_EMPTY_MARKERS = frozenset({"", "-", "--"})


class CellError(ValueError):
    """A cell that cannot be read; ``str(exc)`` is the Indonesian message."""


def text(value: CellValue, *, dash_is_empty: bool = True, max_length: int | None = None) -> str | None:
    """Trimmed text with inner whitespace collapsed; None for an empty cell (and for ``-``, by default)."""
    if value is None:
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
    significant digits), so callers flag numeric cells. An apostrophe prefix and spaces are dropped.
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
    if re.fullmatch(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+", s):  # "3.31709E+15" from a CSV saved by Excel
        raise CellError(
            f"tertulis dalam notasi ilmiah ({s}), sehingga digitnya sudah hilang; format kolom sebagai teks "
            "dan ketik ulang nomornya"
        )
    if re.fullmatch(r"[0-9]+(?:\.0+)?", s):  # "3317094501900001.0" from some CSV exports
        s = s.split(".", 1)[0]
    return s, False


def code(value: CellValue, table: Mapping[int, L], field: str) -> L | None:
    """A coded column: the OpenSID number, or (leniently) the label written out; None when empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"kode {field} harus bilangan bulat, bukan {value}")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        s = str(value).strip()
        if s in _EMPTY_MARKERS:
            return None
        if not re.fullmatch(r"[0-9]+(?:\.0+)?", s):
            member = lookup_label(table, s)
            if member is None:
                raise CellError(f"'{s}' bukan kode {field} (lihat sheet Kode Data)")
            return member
        number = int(s.split(".", 1)[0])
    try:
        return table[number]
    except KeyError:
        known = ", ".join(str(k) for k in sorted(table))
        raise CellError(f"kode {field} {number} tidak dikenal (yang berlaku: {known})") from None


def date(value: CellValue) -> dt.date | None:
    """A date cell: an Excel date, an Excel serial number, or text YYYY-MM-DD / DD-MM-YYYY / DD/MM/YYYY."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if not 1 <= value < 2_958_466:
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
    raise CellError(f"'{s}' bukan tanggal (gunakan format TTTT-BB-HH, misalnya 1990-01-31)")


def rt_rw(value: CellValue) -> str | None:
    """RT/RW number: digits zero-padded to 3 (``"1"`` -> ``"001"``); ``-`` or 0 means none."""
    s = text(value)
    if s is None:
        return None
    if s.isdigit():
        return None if int(s) == 0 else s.zfill(3)
    if len(s) > 10:
        raise CellError(f"'{s}' bukan nomor RT/RW")
    return s.upper()
