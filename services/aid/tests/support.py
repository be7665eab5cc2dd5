"""Shared by the aid tests: valid NIK/KK numbers, files in OpenSID's and DTKS's layouts, a hasher.

Files are built here with openpyxl in the layout of OpenSID's `format_impor_program_bantuan.xlsx`
(sheets "Program" and "Peserta"); the reference file itself is never copied into the repository.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from balai.common.privacy import personal_number_hash

MOJOWARNO = "3317092016"  # Kaliori, Rembang
BANGGI = "3317092005"  # Kaliori, Rembang: same district
SULANG = "3317102001"  # another district of Rembang
HASH_KEY = "test-key-for-hashes"


def nik(n: int, area: str = "331709") -> str:
    """A valid-looking NIK: area, birth day (women +40), month, year, serial."""
    day = n % 28 + 1 + (40 if n % 2 else 0)
    return f"{area}{day:02d}{n % 12 + 1:02d}{70 + n % 30:02d}{n + 1:04d}"


def kk(n: int, area: str = "331709") -> str:
    return f"{area}{n % 28 + 1:02d}{n % 12 + 1:02d}{10 + n % 15:02d}{n + 1:04d}"


def hasher(number: str, kind: str) -> str:
    return personal_number_hash(number, HASH_KEY, kind=kind)


def opensid_workbook(
    participants: Sequence[Sequence[Any]],
    *,
    name: str = "BLT Dana Desa 2026",
    target: Any = 2,
    source: Any = "Dana Desa",
    start: str = "2026-01-01",
    end: str = "2026-12-31",
    with_program: bool = True,
) -> bytes:
    """Rows of Peserta: (peserta, no_peserta, nik, nama, tempat_lahir, tanggal_lahir, alamat)."""
    book = Workbook()
    first = book.active
    assert first is not None
    if with_program:
        first.title = "Program"
        for row in [
            ("ID Program", ""),
            ("Nama Program", name),
            ("Sasaran Program", target),
            ("Keterangan", "Bantuan langsung tunai dari Dana Desa"),
            ("Asal Dana", source),
            ("Rentang Waktu (Awal)", start),
            ("Rentang Waktu (Akhir)", end),
            ("###", None),
            ("Catatan:", None),
            ("2. Sasaran : 1 = Penduduk, 2 = Keluarga, 3 = Rumah Tangga, 4 = Kelompok", None),
        ]:
            first.append(row)
        sheet = book.create_sheet("Peserta")
    else:
        first.title = "Peserta"
        sheet = first
    sheet.append(("Peserta", "No. Peserta", "NIK", "Nama", "Tempat Lahir", "Tanggal Lahir", "Alamat"))
    for row in participants:
        sheet.append(tuple(row))
    sheet.append(("###", None, None, None, None, None, None))
    sheet.append(("Catatan:", None, None, None, None, None, None))
    sheet.append(("1. Sesuaikan kolom peserta (A) berdasarkan sasaran", None, None, None, None, None, None))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dtks_csv(rows: Sequence[Sequence[Any]], header: Sequence[str] = ("NIK", "No KK", "Nama", "Alamat")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def dtks_xlsx(
    rows: Sequence[Sequence[Any]], header: Sequence[str] = ("IDDTKS", "NIK", "NOKK", "NAMA", "ALAMAT")
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DTKS"
    sheet.append(tuple(header))
    for row in rows:
        sheet.append(tuple(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
