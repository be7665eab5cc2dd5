"""Indonesian formatting helpers for letters: dates, month names, Roman months (calendar words and
date formats come from balai.common.indonesian, which the kiosk tickets share).

Pure functions, no locale dependency (``strftime`` would depend on the machine's locale).
"""

from __future__ import annotations

import datetime as dt

from balai.common.indonesian import BULAN, HARI, format_hari_tanggal, format_tanggal

__all__ = [
    "BULAN",
    "HARI",
    "bulan_romawi",
    "format_hari_tanggal",
    "format_rupiah",
    "format_tanggal",
    "terbilang",
    "to_roman",
    "umur",
]

_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(number: int) -> str:
    """Roman numeral for 1..3999 (``11`` -> ``"XI"``)."""
    if not 1 <= number <= 3999:
        raise ValueError(f"Roman numerals cover 1..3999, got {number}")
    out: list[str] = []
    for value, symbol in _ROMAN:
        count, number = divmod(number, value)
        out.append(symbol * count)
    return "".join(out)


def bulan_romawi(value: dt.date | int) -> str:
    """The month as a Roman numeral, as used in letter numbers (November -> ``"XI"``)."""
    month = value if isinstance(value, int) else value.month
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return to_roman(month)


def umur(born: dt.date, on: dt.date) -> int:
    """Age in whole years on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def format_rupiah(amount: int | None, *, empty: str = "-") -> str:
    """``1750000`` -> ``"Rp1.750.000"`` (Indonesian thousands separator)."""
    if amount is None:
        return empty
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_SKALA = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(n: int) -> str:
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_SATUAN[tens]} puluh {_SATUAN[rest]}".strip()
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_SATUAN[hundreds]} ratus"
    return f"{head} {_below_thousand(rest)}".strip()


def terbilang(n: int) -> str:
    """Number in Indonesian words: ``1750000`` -> ``"satu juta tujuh ratus lima puluh ribu"``."""
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n == 0:
        return "nol"
    if n >= 10**15:
        raise ValueError("terbilang supports numbers below 10^15")
    words: list[str] = []
    for value, name in _SKALA:
        count, n = divmod(n, value)
        if count:
            words.append(f"{terbilang(count)} {name}")
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words.append(f"{_below_thousand(thousands)} ribu")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)
