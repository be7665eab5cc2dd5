"""Open an OpenSID resident file (xlsx/xlsm workbook or CSV) as a header plus numbered rows.

Only this module touches the file. Problems that make the whole file unusable raise
:class:`FileProblem` carrying one Indonesian message.
"""

from __future__ import annotations

import csv
import io
import os
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from balai.identity.opensid_cells import CellValue
from balai.identity.opensid_codes import END_MARKER, REQUIRED_COLUMNS, SHEET_NAME

Source = str | os.PathLike[str] | bytes

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_CSV_DELIMITERS = (",", ";", "\t")


class FileProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Table:
    format: str  # "xlsx" or "csv"
    sheet: str | None
    columns: dict[str, int]  # normalised header name -> 0-based index
    rows: Iterator[tuple[int, Sequence[CellValue]]]  # (spreadsheet row number, cells), header is row 1


def open_table(source: Source) -> Table:
    data = _read(source)
    if data.startswith(_OLE_MAGIC):
        raise FileProblem(
            "file.legacy_xls",
            "Berkas .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx lalu impor lagi.",
        )
    if data.startswith(_ZIP_MAGIC):
        return _open_workbook(data)
    return _open_csv(data)


def _read(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    try:
        with open(source, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise FileProblem("file.unreadable", f"Berkas tidak dapat dibaca: {exc.strerror or exc}.") from exc


def _header(cells: Sequence[CellValue]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for idx, cell in enumerate(cells):
        name = str(cell).strip().lower() if cell is not None else ""
        if name and name not in columns:
            columns[name] = idx
    return columns


def _check_columns(columns: dict[str, int], where: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise FileProblem(
            "file.missing_columns",
            f"{where} tidak memiliki kolom wajib: {', '.join(missing)}. Baris pertama harus berisi "
            "nama kolom format impor OpenSID (alamat, dusun, rw, rt, nama, no_kk, nik, sex, ...).",
        )


def _is_blank(cells: Sequence[CellValue]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _data_rows(rows: Iterator[Sequence[CellValue]]) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """Numbered rows after the header, skipping blank rows, stopping at the template's ``###`` marker."""
    for number, cells in enumerate(rows, start=2):
        if _is_blank(cells):
            continue
        if any(isinstance(c, str) and c.strip() == END_MARKER for c in cells[:3]):
            return
        yield number, cells


def _open_workbook(data: bytes) -> Table:
    from openpyxl import load_workbook  # imported on use: keeps module import cheap

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" on the template
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileProblem(
            "file.not_a_workbook",
            "Berkas bukan workbook Excel (.xlsx/.xlsm) yang valid atau rusak.",
        ) from exc
    except Exception as exc:  # openpyxl raises assorted errors (InvalidFileException, XML errors)
        raise FileProblem("file.not_a_workbook", "Berkas bukan workbook Excel yang dapat dibaca.") from exc

    by_name = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
    candidates = [by_name[SHEET_NAME.lower()]] if SHEET_NAME.lower() in by_name else workbook.worksheets
    for sheet in candidates:
        sheet.reset_dimensions()  # the stored dimension may be wrong (some exporters write "A1")
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        columns = _header(first or ())
        if all(c in columns for c in REQUIRED_COLUMNS) or len(candidates) == 1:
            _check_columns(columns, f"Sheet '{sheet.title}'")
            return Table("xlsx", sheet.title, columns, _closing(workbook, _data_rows(rows)))
    workbook.close()
    raise FileProblem(
        "file.missing_sheet",
        f"Workbook tidak memiliki sheet '{SHEET_NAME}' (atau sheet lain dengan kolom format impor OpenSID).",
    )


def _closing(
    workbook: object, rows: Iterator[tuple[int, Sequence[CellValue]]]
) -> Iterator[tuple[int, Sequence[CellValue]]]:
    try:
        yield from rows
    finally:
        close = getattr(workbook, "close", None)
        if callable(close):
            close()


def _open_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise FileProblem("file.not_a_workbook", "Berkas bukan workbook Excel (.xlsx) maupun CSV.")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")
    first_line = content.split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise FileProblem("file.bad_csv", f"CSV tidak dapat dibaca: {exc}.") from exc
    columns = _header(first or ())
    _check_columns(columns, "Berkas CSV")
    return Table("csv", None, columns, _csv_rows(reader))


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """Rows numbered by CSV record (header = 1), blank cells as None."""
    cells: Iterator[Sequence[CellValue]] = ([c if c.strip() else None for c in row] for row in reader)
    try:
        yield from _data_rows(cells)
    except csv.Error as exc:
        raise FileProblem("file.bad_csv", f"CSV tidak dapat dibaca: {exc}.") from exc
