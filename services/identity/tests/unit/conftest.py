"""Builders for resident files in OpenSID's import layout (the tests make their own files)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from balai.identity.opensid_codes import OPENSID_COLUMNS
from balai.identity.regions import RegionIndex, default_regions

TODAY = dt.date(2025, 6, 1)

# Kaliori (33.17.09), Rembang: where Mojowarno is.
KALIORI = "331709"


def resident(**overrides: Any) -> dict[str, Any]:
    """One valid row: a woman born 5 January 1990, head of family, NIK consistent with the record."""
    row: dict[str, Any] = {
        "alamat": "Jl. Raya Mojowarno 1",
        "dusun": "Krajan",
        "rw": "001",
        "rt": "002",
        "nama": "Siti Aminah",
        "no_kk": "3317090101100001",
        "nik": "3317094501900001",
        "sex": 2,
        "tempatlahir": "Rembang",
        "tanggallahir": dt.datetime(1990, 1, 5),
        "agama_id": 1,
        "pendidikan_kk_id": 5,
        "pendidikan_sedang_id": 18,
        "pekerjaan_id": 9,
        "status_kawin": 2,
        "kk_level": 1,
        "warganegara_id": 1,
        "nama_ayah": "Sukardi",
        "nama_ibu": "Sumiyati",
        "golongan_darah_id": 13,
        "status_dasar": 1,
    }
    row.update(overrides)
    return row


def build_xlsx(
    rows: Iterable[Mapping[str, Any]],
    *,
    sheet: str = "Data Penduduk",
    columns: Sequence[str] = OPENSID_COLUMNS,
    trailing_blank_rows: int = 0,
    end_marker: bool = False,
    extra_sheets: Sequence[str] = ("Kode Data",),
) -> bytes:
    """An .xlsx in OpenSID's layout: header row, one row per mapping, optional template footer."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(list(columns))
    for row in rows:
        ws.append([row.get(col) for col in columns])
    for _ in range(trailing_blank_rows):
        ws.append([None] * len(columns))
    if end_marker:
        ws.append([None, "###", "Isi data penduduk di baris-baris di atas bagian hijau ini."])
        ws.append([None, None, "Jangan ubah isi formula di baris di atas."])
    for name in extra_sheets:
        wb.create_sheet(name).append(["sex", "id"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_csv(
    rows: Iterable[Mapping[str, Any]], *, delimiter: str = ",", columns: Sequence[str] = OPENSID_COLUMNS
) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        values = [row.get(col) for col in columns]
        writer.writerow(
            ["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else v for v in values]
        )
    return buf.getvalue().encode("utf-8")


@pytest.fixture(scope="session")
def regions() -> RegionIndex:
    return default_regions()


@pytest.fixture
def make_resident() -> Callable[..., dict[str, Any]]:
    return resident


@pytest.fixture
def make_xlsx() -> Callable[..., bytes]:
    return build_xlsx


@pytest.fixture
def make_csv() -> Callable[..., bytes]:
    return build_csv


@pytest.fixture
def today() -> dt.date:
    return TODAY
