"""The two layouts we read: OpenSID's aid import (sheets "Program" and "Peserta") and DTKS-style lists.

OpenSID "Program" is key/value rows (ID Program, Nama Program, Sasaran Program 1-4, Keterangan,
Asal Dana 1-5 or its name, Rentang Waktu (Awal)/(Akhir)) ending at "###"; "Peserta" has the columns
Peserta (NIK / KK / RTM / group code, by target), No. Peserta, NIK, Nama, Tempat Lahir, Tanggal Lahir,
Alamat, also ending at "###" (the template's notes follow). DTKS lists have a header row with at
least NIK (and KK for family programs), usually Nama and Alamat, in any order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from balai.aid.domain.model import FundSource, PeriodKind, ProgramKind, Target
from balai.aid.importing.workbook import Book, Numbered, Row, file_problem
from balai.common.sheets import CellError, date, header_key, small_int, text

END_MARKER = "###"
PROGRAM_SHEET, PARTICIPANT_SHEET = "Program", "Peserta"

_TARGETS = {1: Target.PERSON, 2: Target.FAMILY, 3: Target.HOUSEHOLD, 4: Target.GROUP}
_SOURCES = {1: FundSource.APBN, 2: FundSource.APBD, 3: FundSource.APBD, 4: FundSource.APBDES, 5: FundSource.OTHER}
_SOURCE_NAMES = {
    "pusat": FundSource.APBN,
    "apbn": FundSource.APBN,
    "provinsi": FundSource.APBD,
    "kabkota": FundSource.APBD,
    "kabupaten": FundSource.APBD,
    "kota": FundSource.APBD,
    "apbd": FundSource.APBD,
    "danadesa": FundSource.APBDES,
    "apbdes": FundSource.APBDES,
    "lainlain": FundSource.OTHER,
    "lainlainhibah": FundSource.OTHER,
    "hibah": FundSource.OTHER,
}
DEFAULT_PERIODS = {
    ProgramKind.PKH: PeriodKind.QUARTERLY,
    ProgramKind.BPNT: PeriodKind.MONTHLY,
    ProgramKind.BLT_DD: PeriodKind.MONTHLY,
    ProgramKind.KIS_PBI: PeriodKind.MONTHLY,
    ProgramKind.BST: PeriodKind.MONTHLY,
    ProgramKind.VILLAGE: PeriodKind.ONCE,
}
_OPENSID_COLUMNS = {
    "peserta": "member",
    "nopeserta": "participant_no",
    "nik": "nik",
    "nama": "name",
    "alamat": "address",
}
_DTKS_COLUMNS = {
    "nik": "nik",
    "noktp": "nik",
    "nomornik": "nik",
    "nikart": "nik",
    "kk": "kk",
    "nokk": "kk",
    "nomorkk": "kk",
    "nokartukeluarga": "kk",
    "nomorkartukeluarga": "kk",
    "nama": "name",
    "namalengkap": "name",
    "namapenerima": "name",
    "namaart": "name",
    "namakrt": "name",
    "alamat": "address",
    "alamatlengkap": "address",
    "iddtks": "participant_no",
    "idtks": "participant_no",
    "nopeserta": "participant_no",
    "nomorpeserta": "participant_no",
}


@dataclass(frozen=True, slots=True)
class ProgramSheet:
    name: str
    target: Target
    source_of_funds: FundSource
    description: str
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Participants:
    layout: str
    """"opensid" or "dtks"."""
    columns: dict[str, int]
    """field (member, participant_no, nik, kk, name, address) -> 0-based column."""
    rows: list[Numbered]


def infer_kind(name: str) -> ProgramKind:
    n = name.lower()
    if re.search(r"\bpkh\b|keluarga harapan", n):
        return ProgramKind.PKH
    if re.search(r"\bbpnt\b|sembako|pangan non ?tunai", n):
        return ProgramKind.BPNT
    if re.search(r"\bblt\b|langsung tunai", n) and re.search(r"dana desa|\bdd\b|\bdesa\b", n):
        return ProgramKind.BLT_DD
    if re.search(r"\bkis\b|\bpbi\b|jaminan kesehatan|bpjs", n):
        return ProgramKind.KIS_PBI
    if re.search(r"\bbst\b|bantuan sosial tunai", n):
        return ProgramKind.BST
    return ProgramKind.VILLAGE


def _until_marker(rows: list[Numbered]) -> list[Numbered]:
    for i, (_, row) in enumerate(rows):
        if any(isinstance(c, str) and c.strip() == END_MARKER for c in row[:3]):
            return rows[:i]
    return rows


def read_program_sheet(book: Book) -> ProgramSheet:
    rows = book.sheet(PROGRAM_SHEET)
    if rows is None:
        raise file_problem("missing_sheet", "Workbook tidak memiliki sheet 'Program' (format impor OpenSID).")
    values = {header_key(r[0]): r[1] if len(r) > 1 else None for _, r in _until_marker(rows) if r}
    try:
        name = text(values.get("namaprogram"), max_length=200) or ""
        starts_on = date(values.get("rentangwaktuawal"))
        ends_on = date(values.get("rentangwaktuakhir"))
        description = text(values.get("keterangan"), max_length=2000) or ""
    except CellError as exc:
        raise file_problem("program_sheet", f"Sheet 'Program': {exc}.") from exc
    if not name:
        raise file_problem("program_sheet", "Sheet 'Program': 'Nama Program' wajib diisi.")
    target = _TARGETS.get(small_int(values.get("sasaranprogram")) or 0)
    if target is None:
        raise file_problem(
            "program_sheet",
            "Sheet 'Program': 'Sasaran Program' harus 1 (penduduk), 2 (keluarga), 3 (rumah tangga) atau 4 (kelompok).",
        )
    source = _SOURCES.get(small_int(values.get("asaldana")) or 0) or _SOURCE_NAMES.get(
        header_key(values.get("asaldana"))
    )
    if source is None:
        raise file_problem(
            "program_sheet",
            "Sheet 'Program': 'Asal Dana' harus 1-5 atau Pusat, Provinsi, Kab/Kota, Dana Desa, Lain-lain.",
        )
    if starts_on is None:
        raise file_problem("program_sheet", "Sheet 'Program': 'Rentang Waktu (Awal)' wajib diisi (TTTT-BB-HH).")
    return ProgramSheet(name, target, source, description, starts_on, ends_on)


def _columns(header: Row, names: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for idx, cell in enumerate(header):
        field = names.get(header_key(cell))
        if field is not None and field not in columns:
            columns[field] = idx
    return columns


def read_participants(book: Book, target: Target) -> Participants:
    """OpenSID's "Peserta" sheet when there is one, else a DTKS-style list on the first sheet (or CSV)."""
    opensid = book.sheet(PARTICIPANT_SHEET)
    if opensid is not None:
        if not opensid:
            raise file_problem("missing_columns", "Sheet 'Peserta' kosong.")
        columns = _columns(opensid[0][1], _OPENSID_COLUMNS)
        if "member" not in columns or "nik" not in columns:
            raise file_problem(
                "missing_columns",
                "Sheet 'Peserta' harus memiliki kolom 'Peserta' dan 'NIK' pada baris pertama (format OpenSID).",
            )
        return Participants("opensid", columns, _until_marker(opensid[1:]))
    if target not in (Target.PERSON, Target.FAMILY):
        raise file_problem(
            "layout_for_target",
            "Daftar gaya DTKS hanya untuk program sasaran penduduk atau keluarga; gunakan format OpenSID "
            "(sheet 'Peserta') untuk rumah tangga atau kelompok.",
        )
    rows = next(iter(book.sheets.values()), [])
    if not rows:
        raise file_problem("empty_file", "Berkas tidak berisi baris apa pun.")
    columns = _columns(rows[0][1], _DTKS_COLUMNS)
    needed = ["nik"] + (["kk"] if target is Target.FAMILY else [])
    missing = [n.upper() for n in needed if n not in columns]
    if missing:
        raise file_problem(
            "missing_columns",
            f"Baris pertama harus berisi nama kolom; kolom wajib tidak ditemukan: {', '.join(missing)}. "
            "Format yang dikenali: sheet 'Peserta' OpenSID, atau daftar dengan kolom NIK, KK, Nama, Alamat.",
        )
    return Participants("dtks", columns, _until_marker(rows[1:]))
