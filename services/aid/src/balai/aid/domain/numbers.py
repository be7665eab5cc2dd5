"""Checking NIK and KK numbers before they are hashed (the numbers themselves are never kept)."""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGITS = re.compile(r"^\d{16}$")

Hasher = Callable[[str, str], str]
"""(number, kind "nik"/"kk") -> keyed hash (`balai.common.privacy.personal_number_hash` with the deployment key)."""


def compact_number(value: str) -> str:
    """Spaces, dots, dashes and an Excel apostrophe removed."""
    return re.sub(r"[\s.\-]", "", value).lstrip("'")


def nik_problem(nik: str) -> str | None:
    """Why `nik` cannot be a NIK (Indonesian), or None when it can."""
    if not _DIGITS.match(nik):
        return "NIK harus 16 angka."
    if not 11 <= int(nik[:2]) <= 94:
        return "Dua angka pertama NIK bukan kode provinsi."
    day, month = int(nik[6:8]), int(nik[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return "Angka ke-7 dan ke-8 NIK bukan tanggal lahir yang mungkin."
    if not 1 <= month <= 12:
        return "Angka ke-9 dan ke-10 NIK bukan bulan lahir yang mungkin."
    if nik[12:] == "0000":
        return "Empat angka terakhir NIK tidak boleh 0000."
    return None


def kk_problem(kk: str) -> str | None:
    if not _DIGITS.match(kk):
        return "Nomor KK harus 16 angka."
    if not 11 <= int(kk[:2]) <= 94:
        return "Dua angka pertama nomor KK bukan kode provinsi."
    if kk[12:] == "0000":
        return "Empat angka terakhir nomor KK tidak boleh 0000."
    return None
