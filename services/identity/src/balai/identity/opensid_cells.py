"""Reading single cells of an OpenSID resident sheet into Python values (pure).

The general readers (text, NIK/KK numbers, dates) are shared with aid's import in
:mod:`balai.common.sheets`; here are the resident sheet's own: OpenSID's coded columns and RT/RW numbers.
Each reader returns the value or raises :class:`CellError` with an Indonesian message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from balai.common.sheets import CellError, CellValue, date, number_id, text
from balai.identity.opensid_codes import lookup_label
from balai.identity.vocab import LabelledEnum

__all__ = ["CellError", "CellValue", "code", "date", "number_id", "rt_rw", "text"]

L = TypeVar("L", bound=LabelledEnum)


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
        s = text(value)
        if s is None:
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
