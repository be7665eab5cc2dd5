"""Import preview for residents in OpenSID's layout (sheet "Data Penduduk", or CSV with its header).

:func:`parse_opensid_workbook` reads the whole file and returns an :class:`ImportPreview`: for every
data row either a :class:`ResidentRecord` or the row's errors (row number, column, Indonesian message),
plus soft flags (NIK/record disagreements and the like) for the operator to review. Nothing is written
anywhere; committing the preview is the service's job. A file that cannot be used at all gives exactly
one file-level error and no rows.

Rules beyond single cells: blank rows are skipped, the template's ``###`` marker ends the data, a NIK or
card that occurs on more than one row is an error on each of those rows (which row is right is the
operator's call), and each family (KK) should have exactly one head (flag otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from balai.identity.cards import ByteOrder
from balai.identity.opensid_cells import CellValue
from balai.identity.opensid_codes import OPENSID_COLUMNS
from balai.identity.opensid_read import FileProblem, Source, open_table
from balai.identity.opensid_rows import ImportIssue, ResidentRecord, RowResult, parse_row
from balai.identity.regions import DistrictLookup, default_regions
from balai.identity.vocab import FamilyRelationship

__all__ = ["ImportIssue", "ImportPreview", "ImportRow", "ResidentRecord", "parse_opensid_workbook"]

DEFAULT_MAX_ROWS = 100_000


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    resident: ResidentRecord | None  # None when the row has errors
    errors: tuple[ImportIssue, ...] = ()
    flags: tuple[ImportIssue, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.resident is not None and not self.errors


@dataclass(frozen=True, slots=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    file_errors: tuple[ImportIssue, ...] = ()
    source_format: str | None = None  # "xlsx" or "csv"
    sheet: str | None = None
    ignored_columns: tuple[str, ...] = ()  # header names that are not OpenSID columns

    @property
    def ok(self) -> bool:
        """True when the file is usable and no row was rejected (flags are allowed)."""
        return not self.file_errors and all(r.accepted for r in self.rows)

    @property
    def residents(self) -> tuple[ResidentRecord, ...]:
        return tuple(r.resident for r in self.rows if r.accepted and r.resident is not None)

    @property
    def rejected(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if not r.accepted)

    @property
    def flagged(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.accepted and r.flags)

    @property
    def families(self) -> Mapping[str, tuple[ResidentRecord, ...]]:
        """Accepted residents grouped by KK number, in file order."""
        groups: dict[str, list[ResidentRecord]] = defaultdict(list)
        for resident in self.residents:
            groups[resident.kk_number].append(resident)
        return {kk: tuple(members) for kk, members in groups.items()}


def parse_opensid_workbook(
    source: Source,
    *,
    regions: DistrictLookup | None = None,
    card_byte_order: ByteOrder = "little",
    today: dt.date | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    on_row: Callable[[int], None] | None = None,
) -> ImportPreview:
    """Parse an OpenSID resident file (path or bytes; .xlsx/.xlsm workbook or CSV) into a preview.

    ``card_byte_order`` is how the village's keyboard-wedge reader typed ``tag_id_card`` (see
    :mod:`balai.identity.cards`). ``on_row`` is called with each data row number as it is parsed (for a
    progress bar). Files with more than ``max_rows`` data rows are refused.
    """
    lookup = regions if regions is not None else default_regions()
    today = today or dt.date.today()
    try:
        table = open_table(source)
        results: list[RowResult] = []
        for number, cells in table.rows:
            if len(results) >= max_rows:
                raise FileProblem(
                    "file.too_many_rows",
                    f"Berkas berisi lebih dari {max_rows} baris data; bagi menjadi beberapa berkas.",
                )
            results.append(parse_row(number, _cells_by_column(table.columns, cells), lookup, card_byte_order, today))
            if on_row is not None:
                on_row(number)
    except FileProblem as problem:
        return ImportPreview((), (ImportIssue(None, None, problem.code, problem.message),))
    if not results:
        issue = ImportIssue(None, None, "file.no_rows", "Berkas tidak berisi satu pun baris data penduduk.")
        return ImportPreview((), (issue,), table.format, table.sheet)
    rows = _cross_row_checks(results)
    ignored = tuple(c for c in table.columns if c not in OPENSID_COLUMNS)
    return ImportPreview(rows, (), table.format, table.sheet, ignored)


def _cells_by_column(columns: Mapping[str, int], cells: Sequence[CellValue]) -> dict[str, CellValue]:
    return {name: (cells[idx] if idx < len(cells) else None) for name, idx in columns.items()}


def _cross_row_checks(results: list[RowResult]) -> tuple[ImportRow, ...]:
    """Duplicates across rows (errors) and family heads (flags), then freeze into ImportRows."""
    nik_rows: dict[str, list[int]] = defaultdict(list)
    card_rows: dict[str, list[int]] = defaultdict(list)
    for r in results:
        if r.nik:
            nik_rows[r.nik].append(r.row)
        if r.card_uid:
            card_rows[r.card_uid].append(r.row)

    extra_errors: dict[int, list[ImportIssue]] = defaultdict(list)
    for column, index, code, template in (
        (
            "nik",
            nik_rows,
            "nik.duplicate",
            "NIK ini juga dipakai di baris {others}; satu NIK hanya untuk satu penduduk.",
        ),
        (
            "tag_id_card",
            card_rows,
            "card.duplicate",
            "Kartu (tag_id_card) ini juga dipakai di baris {others}; satu kartu hanya untuk satu penduduk.",
        ),
    ):
        for numbers in index.values():
            for n in numbers if len(numbers) > 1 else ():
                others = ", ".join(str(o) for o in numbers if o != n)
                extra_errors[n].append(ImportIssue(n, column, code, template.format(others=others)))

    extra_flags = _family_flags(
        [r.resident for r in results if r.resident is not None and not r.errors and r.row not in extra_errors]
    )
    rows: list[ImportRow] = []
    for r in results:
        errors = tuple(r.errors) + tuple(extra_errors.get(r.row, ()))
        flags = tuple(r.flags) + tuple(extra_flags.get(r.row, ()))
        resident = None if errors else r.resident
        rows.append(ImportRow(r.row, resident, errors, flags))
    return tuple(rows)


def _family_flags(residents: list[ResidentRecord]) -> dict[int, list[ImportIssue]]:
    flags: dict[int, list[ImportIssue]] = defaultdict(list)
    families: dict[str, list[ResidentRecord]] = defaultdict(list)
    for resident in residents:
        families[resident.kk_number].append(resident)
    for members in families.values():
        heads = [m for m in members if m.relationship is FamilyRelationship.HEAD]
        if not heads:
            first = members[0].row
            flags[first].append(
                ImportIssue(
                    first,
                    "kk_level",
                    "family.no_head",
                    "Keluarga (KK) ini tidak memiliki kepala keluarga (kk_level 1) di antara "
                    f"{len(members)} anggotanya.",
                )
            )
        for extra in heads[1:]:
            flags[extra.row].append(
                ImportIssue(
                    extra.row,
                    "kk_level",
                    "family.many_heads",
                    f"KK ini sudah memiliki kepala keluarga di baris {heads[0].row}.",
                )
            )
    return flags
