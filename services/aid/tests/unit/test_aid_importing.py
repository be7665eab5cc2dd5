"""Reading OpenSID aid workbooks and DTKS lists, and planning their rows (no database)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, date, datetime

import pytest

from balai.aid.domain.errors import DomainError
from balai.aid.domain.model import (
    Benefit,
    BenefitKind,
    FundSource,
    PeriodKind,
    ProgramKind,
    ResidentInfo,
    ResidentStatus,
    Target,
)
from balai.aid.domain.programs import CreateProgram, new_program
from balai.aid.domain.views import CheckRow, public_answer
from balai.aid.importing.layouts import infer_kind, read_participants, read_program_sheet
from balai.aid.importing.plan import ImportContext, plan_import, report
from balai.aid.importing.rows import ParsedRow, RowIssue, parse_rows
from balai.aid.importing.workbook import read_book

from ..support import MOJOWARNO, dtks_csv, dtks_xlsx, hasher, kk, nik, opensid_workbook

LIMITS = {"max_rows": 1000, "max_unzipped": 10 * 1024 * 1024}


def book(data: bytes):  # type: ignore[no-untyped-def]
    return read_book(data, **LIMITS)


def family_program(target: Target = Target.FAMILY):  # type: ignore[no-untyped-def]
    cmd = CreateProgram(
        "BLT Dana Desa 2026",
        ProgramKind.BLT_DD,
        FundSource.APBDES,
        target,
        date(2026, 1, 1),
        date(2026, 12, 31),
        PeriodKind.MONTHLY,
        Benefit(BenefitKind.CASH, 300_000),
        MOJOWARNO,
    )
    return new_program(cmd, program_id=uuid.uuid4(), now=datetime(2026, 1, 1, tzinfo=UTC))[0]


def test_program_sheet_in_opensids_layout() -> None:
    data = opensid_workbook(
        [], name="Bantuan Sosial Tunai", target=1, source="Pusat", start="2020-04-01", end="2020-12-31"
    )
    sheet = read_program_sheet(book(data))
    assert (sheet.name, sheet.target, sheet.source_of_funds) == ("Bantuan Sosial Tunai", Target.PERSON, FundSource.APBN)
    assert (sheet.starts_on, sheet.ends_on) == (date(2020, 4, 1), date(2020, 12, 31))
    assert read_program_sheet(book(opensid_workbook([], source=4))).source_of_funds is FundSource.APBDES
    assert infer_kind(sheet.name) is ProgramKind.BST


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("PKH Tahap 1", ProgramKind.PKH),
        ("Program Keluarga Harapan", ProgramKind.PKH),
        ("Bantuan Pangan Non Tunai", ProgramKind.BPNT),
        ("Kartu Sembako", ProgramKind.BPNT),
        ("BLT Dana Desa 2026", ProgramKind.BLT_DD),
        ("BLT-DD", ProgramKind.BLT_DD),
        ("KIS PBI APBD", ProgramKind.KIS_PBI),
        ("Bedah Rumah", ProgramKind.VILLAGE),
    ],
)
def test_kind_is_guessed_from_the_name(name: str, kind: ProgramKind) -> None:
    assert infer_kind(name) is kind


def test_rows_are_hashed_masked_and_rejected_with_reasons() -> None:
    rows = [
        (kk(1), "P-001", nik(1), "SITI AMINAH", "Rembang", "1990-01-05", "RT 003 RW 002 Dusun Krajan"),
        (kk(2), "P-002", int(nik(2)), "SUPARMI", None, None, "Krajan"),  # a numeric cell: warn
        (None, "P-003", nik(3), "TANPA KK", None, None, None),
        (kk(4), None, "33170945019", "NIK PENDEK", None, None, None),
        (kk(5), None, "3.31709E+15", "NOTASI ILMIAH", None, None, None),
        (kk(6), None, None, "TANPA NIK", None, None, None),
        (kk(1), None, nik(7), "KK GANDA", None, None, None),
    ]
    participants = read_participants(book(opensid_workbook(rows)), Target.FAMILY)
    parsed = parse_rows(participants, Target.FAMILY, hasher)
    assert [type(p).__name__ for p in parsed] == ["ParsedRow", "ParsedRow"] + ["RowIssue"] * 4 + ["ParsedRow"]
    first = parsed[0]
    assert isinstance(first, ParsedRow)
    assert first.row == 2
    assert first.nik_hash == hasher(nik(1), "nik")
    assert first.kk_hash == hasher(kk(1), "kk")
    assert first.nik_masked == nik(1)[:6] + "*" * 10
    assert isinstance(parsed[1], ParsedRow)
    assert parsed[1].warnings[0][0] == "numeric_cell"
    codes = [p.code for p in parsed if isinstance(p, RowIssue)]
    assert codes == ["kk_missing", "nik_invalid", "nik_invalid", "nik_missing"]

    program = family_program()
    ctx = ImportContext(program, MOJOWARNO, existing={}, residents={}, others=[], rules=[])
    plan = plan_import(parsed, ctx)
    result = report(plan, layout="opensid", file_sha256="x", dry_run=True, program={})
    assert (result["rows"], result["new"], result["unchanged"]) == (7, 2, 0)
    assert [r["code"] for r in result["rejected"]] == [
        "kk_missing",
        "nik_invalid",
        "nik_invalid",
        "nik_missing",
        "duplicate_in_file",
    ]
    assert result["rejected"][-1]["message"] == "Peserta yang sama sudah ada pada baris 2."
    text = json.dumps(result)
    for n in range(1, 8):
        assert nik(n) not in text, "no full NIK in a report"
        assert kk(n) not in text, "no full KK in a report"


def test_person_program_wants_peserta_equal_to_nik_and_flags_the_deceased() -> None:
    rows = [
        (nik(1), "1", nik(1), "AHLUL", "MANGSIT", "1970-05-20", "RT 004"),
        (nik(9), "2", nik(2), "LAIN", None, None, None),
    ]
    participants = read_participants(book(opensid_workbook(rows, target=1)), Target.PERSON)
    parsed = parse_rows(participants, Target.PERSON, hasher)
    assert isinstance(parsed[1], RowIssue)
    assert parsed[1].code == "member_mismatch"
    gone = ResidentInfo(uuid.uuid4(), MOJOWARNO, None, None, hasher(nik(1), "nik"), "Ahlul", ResidentStatus.DECEASED)
    ctx = ImportContext(family_program(Target.PERSON), MOJOWARNO, {}, {gone.nik_hash or "": gone}, [], [])
    plan = plan_import(parsed, ctx)
    assert plan.flagged[0]["review"] is True
    assert "resident_deceased" in plan.flagged[0]["codes"]


def test_dtks_lists_as_csv_and_xlsx() -> None:
    csv_rows = [(nik(1), kk(1), "Siti", "Krajan"), (nik(2), "", "Tanpa KK", "")]
    parsed = parse_rows(read_participants(book(dtks_csv(csv_rows)), Target.FAMILY), Target.FAMILY, hasher)
    assert isinstance(parsed[0], ParsedRow)
    assert isinstance(parsed[1], RowIssue)
    assert parsed[1].code == "kk_missing"
    xlsx = dtks_xlsx([("DTKS-01", nik(3), kk(3), "Parmi", "Ngulahan")])
    participants = read_participants(book(xlsx), Target.PERSON)
    assert participants.layout == "dtks"
    row = parse_rows(participants, Target.PERSON, hasher)[0]
    assert isinstance(row, ParsedRow)
    assert row.participant_no == "DTKS-01"
    assert row.kk_hash == hasher(kk(3), "kk")


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "import_empty_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "import_legacy_xls"),
        (b"PK\x03\x04 broken zip", "import_not_a_workbook"),
        (_zip({"hello.txt": b"hi"}), "import_not_a_workbook"),
        (_zip({"xl/workbook.xml": b"<not-xml", "[Content_Types].xml": b"<x/>"}), "import_not_a_workbook"),
        (_zip({"xl/workbook.xml": b"0" * (11 * 1024 * 1024)}), "import_workbook_too_large"),
        (b"\x00\x01\x02binary", "import_not_a_table"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(data: bytes, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        book(data)
    assert caught.value.code == code
    assert caught.value.detail.endswith(".")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (dtks_csv([(nik(1), "Siti")], header=("Nama", "Alamat")), "import_missing_columns"),
        (dtks_csv([(nik(1), "Siti")], header=("NIK", "Nama")), "import_missing_columns"),  # family needs KK
        (opensid_workbook([], with_program=False, name="x"), None),
    ],
)
def test_layout_problems(data: bytes, code: str | None) -> None:
    if code is None:
        assert read_participants(book(data), Target.FAMILY).rows == []
        with pytest.raises(DomainError, match="sheet 'Program'"):
            read_program_sheet(book(data))
        return
    with pytest.raises(DomainError) as caught:
        read_participants(book(data), Target.FAMILY)
    assert caught.value.code == code


def test_too_many_rows() -> None:
    rows = [(nik(i), kk(i), "x", "y") for i in range(30)]
    with pytest.raises(DomainError, match="lebih dari 5 baris"):
        read_book(dtks_csv(rows), max_rows=5, max_unzipped=1024 * 1024)


def test_program_sheet_errors() -> None:
    for kwargs, message in [
        ({"target": 9}, "Sasaran Program"),
        ({"source": "Entah"}, "Asal Dana"),
        ({"start": "kemarin"}, "bukan tanggal"),
        ({"name": ""}, "Nama Program"),
    ]:
        with pytest.raises(DomainError, match=message):
            read_program_sheet(book(opensid_workbook([], **kwargs)))  # type: ignore[arg-type]


def test_public_answer_masks_and_holds_no_numbers() -> None:
    row = CheckRow(
        "BLT Dana Desa 2026", ProgramKind.BLT_DD, MOJOWARNO, "Mojowarno", "Siti Aminah", False, "2026-02", None, None
    )
    answer = public_answer("331709**********", [row])
    assert answer["programs"][0]["name"] == "S*** A*****"
    assert answer["programs"][0]["latest_disbursement"] is None
    assert public_answer("331709**********", [])["enrolled"] is False
