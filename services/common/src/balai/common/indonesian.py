"""Indonesian calendar words and date formats, shared by every service that prints or shows a date
(letters, kiosk tickets). Pure functions: no dependency on the machine's locale, as strftime would have."""

from __future__ import annotations

import datetime as dt

__all__ = ["BULAN", "HARI", "format_hari_tanggal", "format_tanggal"]

BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Monday first, matching ``date.weekday()``.
HARI: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def format_tanggal(value: dt.date | None, *, empty: str = "-") -> str:
    """``date(2026, 11, 23)`` -> ``"23 November 2026"``; ``None`` -> ``empty``."""
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def format_hari_tanggal(value: dt.date | None, *, empty: str = "-") -> str:
    """``date(2026, 11, 23)`` -> ``"Senin, 23 November 2026"``."""
    if value is None:
        return empty
    return f"{HARI[value.weekday()]}, {format_tanggal(value)}"
