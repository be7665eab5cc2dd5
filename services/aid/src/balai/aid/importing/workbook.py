"""Reading an uploaded file (bytes) into sheets of cell rows, refusing what is not safe to open.

A workbook (.xlsx) is a zip of XML: its entries and total uncompressed size are checked before
openpyxl opens it (zip bombs), and openpyxl parses the XML through defusedxml (entity attacks).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from balai.aid.domain.errors import DomainError
from balai.common.sheets import CellValue

Row = tuple[CellValue, ...]
Numbered = tuple[int, Row]
"""A non-blank row and its number as the spreadsheet shows it (row 1 = the header)."""

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_ZIP_ENTRIES = 500
_MAX_COLUMNS = 60


def file_problem(code: str, detail: str) -> DomainError:
    return DomainError(f"import_{code}", detail, status=422)


@dataclass(frozen=True, slots=True)
class Book:
    format: str
    """"xlsx" or "csv"."""
    sheets: dict[str, list[Numbered]]
    """Sheet title -> its non-blank rows; a CSV is one sheet named "csv"."""

    def sheet(self, name: str) -> list[Numbered] | None:
        for title, rows in self.sheets.items():
            if title.strip().lower() == name.lower():
                return rows
        return None


def read_book(data: bytes, *, max_rows: int, max_unzipped: int) -> Book:
    if not data.strip():
        raise file_problem("empty_file", "Berkas kosong.")
    if data.startswith(_OLE_MAGIC):
        raise file_problem(
            "legacy_xls", "Berkas .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx lalu impor lagi."
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, max_rows, max_unzipped)
    return _read_csv(data, max_rows)


def _check_zip(data: bytes, max_unzipped: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise file_problem("not_a_workbook", "Berkas bukan workbook Excel (.xlsx) yang valid atau rusak.") from exc
    if len(entries) > _MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > max_unzipped:
        raise file_problem(
            "workbook_too_large", "Isi workbook terlalu besar untuk diimpor; pecah menjadi beberapa berkas."
        )
    if not any(e.filename == "xl/workbook.xml" for e in entries):
        raise file_problem("not_a_workbook", "Berkas zip ini bukan workbook Excel (.xlsx).")


def _read_xlsx(data: bytes, max_rows: int, max_unzipped: int) -> Book:
    _check_zip(data, max_unzipped)
    from openpyxl import load_workbook  # imported on use: keeps the service's import cheap

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises assorted errors (InvalidFileException, XML, KeyError)
        raise file_problem("not_a_workbook", "Workbook Excel tidak dapat dibaca; mungkin berkasnya rusak.") from exc
    try:
        sheets: dict[str, list[Numbered]] = {}
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some exporters store a wrong dimension
            rows = sheet.iter_rows(values_only=True, max_col=_MAX_COLUMNS)
            sheets[sheet.title] = _numbered((tuple(r) for r in rows), max_rows)
    except DomainError:
        raise
    except Exception as exc:
        raise file_problem("not_a_workbook", "Isi workbook Excel rusak atau tidak dapat dibaca.") from exc
    finally:
        workbook.close()
    return Book("xlsx", sheets)


def _read_csv(data: bytes, max_rows: int) -> Book:
    if b"\x00" in data[:4096]:
        raise file_problem("not_a_table", "Berkas bukan workbook Excel (.xlsx) maupun CSV.")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")
    first_line = content.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    records = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        rows = _numbered((tuple(c if c.strip() else None for c in r[:_MAX_COLUMNS]) for r in records), max_rows)
    except csv.Error as exc:
        raise file_problem("bad_csv", f"CSV tidak dapat dibaca: {exc}.") from exc
    return Book("csv", {"csv": rows})


def is_blank(row: Row) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _numbered(rows: Iterator[Row], max_rows: int) -> list[Numbered]:
    numbered: list[Numbered] = []
    for number, row in enumerate(rows, start=1):
        if is_blank(row):
            continue
        if len(numbered) > max_rows + 20:  # room for the header and a template's notes below the data
            raise file_problem("too_many_rows", f"Berkas berisi lebih dari {max_rows} baris peserta; pecah berkasnya.")
        numbered.append((number, row))
    return numbered
