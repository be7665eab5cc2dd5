"""Participant rows -> hashed candidates (or a rejected row with its reason).

The NIK and KK of a row are checked, hashed with the deployment's key and masked here; nothing
after this module sees them in clear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from balai.aid.domain.model import Target
from balai.aid.domain.numbers import Hasher, kk_problem, nik_problem
from balai.aid.importing.layouts import Participants
from balai.aid.importing.workbook import Row
from balai.common.privacy import mask_personal_number
from balai.common.sheets import CellError, CellValue, number_id, text

_NUMERIC_CELL = (
    "numeric_cell",
    "NIK/KK tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit; pastikan angka terakhirnya benar.",
)


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int
    code: str
    message: str
    name: str = ""
    nik: str = ""
    """Masked (`331709**********`), never the full number."""

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "code": self.code, "message": self.message, "name": self.name, "nik": self.nik}


@dataclass(frozen=True, slots=True)
class ParsedRow:
    row: int
    nik_hash: str
    nik_masked: str
    kk_hash: str | None
    reference: str
    name: str
    address: str
    participant_no: str
    warnings: tuple[tuple[str, str], ...] = field(default=())


def _cell(row: Row, columns: dict[str, int], name: str) -> CellValue:
    idx = columns.get(name)
    return row[idx] if idx is not None and idx < len(row) else None


def parse_row(
    number_: int, row: Row, participants: Participants, target: Target, hasher: Hasher
) -> ParsedRow | RowIssue:
    columns = participants.columns
    try:
        name = text(_cell(row, columns, "name"), max_length=200) or ""
        address = text(_cell(row, columns, "address"), max_length=300) or ""
        participant_no = text(_cell(row, columns, "participant_no"), max_length=60) or ""
    except CellError as exc:
        return RowIssue(number_, "cell_invalid", f"Isian tidak valid: {exc}.")
    try:
        nik, nik_numeric = number_id(_cell(row, columns, "nik"))
    except CellError as exc:
        return RowIssue(number_, "nik_invalid", f"NIK {exc}.", name)
    if not nik:
        return RowIssue(number_, "nik_missing", "NIK wajib diisi.", name)
    problem = nik_problem(nik)
    if problem:
        return RowIssue(number_, "nik_invalid", problem, name, mask_personal_number(nik))
    masked = mask_personal_number(nik)
    warnings = [_NUMERIC_CELL] if nik_numeric else []
    member_column = "member" if participants.layout == "opensid" else "kk"
    try:
        member, member_numeric = number_id(_cell(row, columns, member_column))
    except CellError as exc:
        return RowIssue(number_, "member_invalid", f"Kolom peserta/KK {exc}.", name, masked)
    kk_hash: str | None = None
    reference = ""
    if participants.layout == "opensid" and target is Target.PERSON and member and member != nik:
        return RowIssue(
            number_,
            "member_mismatch",
            "Untuk program sasaran penduduk, kolom Peserta harus sama dengan NIK.",
            name,
            masked,
        )
    if target is Target.FAMILY or (participants.layout == "dtks" and member):
        if not member:
            return RowIssue(number_, "kk_missing", "Nomor KK wajib diisi untuk program sasaran keluarga.", name, masked)
        problem = kk_problem(member)
        if problem:
            return RowIssue(number_, "kk_invalid", problem, name, masked)
        kk_hash = hasher(member, "kk")
        if member_numeric and _NUMERIC_CELL not in warnings:
            warnings.append(_NUMERIC_CELL)
    elif target in (Target.HOUSEHOLD, Target.GROUP):
        reference = text(_cell(row, columns, "member"), max_length=60) or ""
        if not reference:
            what = "nomor rumah tangga (RTM)" if target is Target.HOUSEHOLD else "kode kelompok"
            return RowIssue(number_, "member_missing", f"Kolom Peserta ({what}) wajib diisi.", name, masked)
    return ParsedRow(
        row=number_,
        nik_hash=hasher(nik, "nik"),
        nik_masked=masked,
        kk_hash=kk_hash,
        reference=reference,
        name=name,
        address=address,
        participant_no=participant_no,
        warnings=tuple(warnings),
    )


def parse_rows(participants: Participants, target: Target, hasher: Hasher) -> list[ParsedRow | RowIssue]:
    return [parse_row(n, row, participants, target, hasher) for n, row in participants.rows]
