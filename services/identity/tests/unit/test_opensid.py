from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from balai.identity.opensid import ImportPreview, parse_opensid_workbook
from balai.identity.opensid_codes import OCCUPATION, OPENSID_COLUMNS, RESIDENT_STATUS, lookup_label
from balai.identity.regions import RegionIndex
from balai.identity.vocab import (
    BloodType,
    Citizenship,
    Education,
    FamilyRelationship,
    MaritalStatus,
    Occupation,
    Religion,
    ResidentStatus,
    Sex,
)

# OpenSID's sample village lives in shared/ beside the repository (reference only, never committed).
_SAMPLE_NAME = Path("shared", "fixtures", "opensid", "contoh_penduduk.xlsx")
SAMPLE = next(
    (
        p
        for p in (Path(__file__).resolve().parents[4].parent / _SAMPLE_NAME, Path("/work") / _SAMPLE_NAME)
        if p.exists()
    ),
    Path("/work") / _SAMPLE_NAME,
)
TODAY = dt.date(2025, 6, 1)

Maker = Callable[..., Any]


def parse(data: bytes | Path, regions: RegionIndex, **kwargs: Any) -> ImportPreview:
    return parse_opensid_workbook(data, regions=regions, today=TODAY, **kwargs)


def family(make_resident: Maker) -> list[dict[str, Any]]:
    """Siti (head), her husband and their son, one KK in Mojowarno."""
    return [
        make_resident(),
        make_resident(
            nama="Budi Santoso",
            nik="3317091203880002",
            sex=1,
            tanggallahir=dt.datetime(1988, 3, 12),
            kk_level=2,
            pekerjaan_id=88,
            golongan_darah_id=4,
            tag_id_card="3220338716",
        ),
        make_resident(
            nama="Adi",
            nik="3317092007150003",
            sex="1",
            tanggallahir="2015-07-20",
            kk_level="4",
            status_kawin="1",
            pekerjaan_id="3",
            pendidikan_kk_id="2",
            rt="2",
            rw="-",
        ),
    ]


def test_mapping_tables_follow_the_opensid_code_sheet() -> None:
    assert len(OCCUPATION) == 89
    assert OCCUPATION[1] is Occupation.BELUM_TIDAK_BEKERJA
    assert OCCUPATION[9] is Occupation.PETANI_PEKEBUN
    assert OCCUPATION[88] is Occupation.WIRASWASTA
    assert OCCUPATION[89] is Occupation.LAINNYA
    assert RESIDENT_STATUS == {
        1: ResidentStatus.LIVING,
        2: ResidentStatus.DECEASED,
        3: ResidentStatus.MOVED,
        4: ResidentStatus.MISSING,
        6: ResidentStatus.MOVED,
    }
    assert Religion.CATHOLIC.label == "Katolik"
    assert Sex.FEMALE.value == "female"
    assert isinstance(Sex.FEMALE, str)
    assert lookup_label(OCCUPATION, "BELUM/TIDAK BEKERJA") is Occupation.BELUM_TIDAK_BEKERJA
    assert lookup_label({i + 1: b for i, b in enumerate(BloodType)}, "a-") is BloodType.A_NEG


def test_family_is_parsed_into_resident_records(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    preview = parse(make_xlsx(family(make_resident), trailing_blank_rows=20), regions)
    assert preview.ok, [e.message for r in preview.rows for e in r.errors]
    assert preview.source_format == "xlsx"
    assert preview.sheet == "Data Penduduk"
    assert [r.row for r in preview.rows] == [2, 3, 4]  # trailing blank rows ignored
    siti, budi, adi = preview.residents
    assert siti.nik == "3317094501900001"
    assert siti.kk_number == "3317090101100001"
    assert siti.name == "Siti Aminah"
    assert siti.sex is Sex.FEMALE
    assert siti.birth_place == "Rembang"
    assert siti.birth_date == dt.date(1990, 1, 5)
    assert siti.religion is Religion.ISLAM
    assert siti.education is Education.SENIOR_SECONDARY
    assert siti.occupation is Occupation.PETANI_PEKEBUN
    assert siti.marital_status is MaritalStatus.MARRIED
    assert siti.relationship is FamilyRelationship.HEAD
    assert siti.citizenship is Citizenship.INDONESIAN
    assert siti.blood_type is BloodType.UNKNOWN
    assert (siti.dusun, siti.rw, siti.rt, siti.address) == ("Krajan", "001", "002", "Jl. Raya Mojowarno 1")
    assert (siti.father_name, siti.mother_name) == ("Sukardi", "Sumiyati")
    assert siti.status is ResidentStatus.LIVING
    assert siti.card_uid is None
    assert ("pendidikan_sedang_id", "18") in siti.extras
    assert budi.relationship is FamilyRelationship.HUSBAND
    assert budi.occupation is Occupation.WIRASWASTA
    assert budi.blood_type is BloodType.O
    assert budi.card_uid == "1C78F2BF"  # decimal typed by a wedge reader, little-endian
    assert adi.sex is Sex.MALE  # codes given as text
    assert adi.birth_date == dt.date(2015, 7, 20)
    assert adi.relationship is FamilyRelationship.CHILD
    assert adi.education is Education.PRIMARY_INCOMPLETE
    assert (adi.rw, adi.rt) == (None, "002")
    assert dict(preview.families) == {"3317090101100001": (siti, budi, adi)}
    assert preview.flagged == ()
    assert preview.rejected == ()


def test_card_byte_order_is_a_parameter(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    data = make_xlsx([make_resident(tag_id_card="3220338716")])
    assert parse(data, regions, card_byte_order="big").residents[0].card_uid == "BFF2781C"
    hexed = make_xlsx([make_resident(tag_id_card="1c:78:f2:bf")])
    assert parse(hexed, regions).residents[0].card_uid == "1C78F2BF"


def test_invalid_nik_rejects_the_row_with_row_and_column(
    regions: RegionIndex, make_resident: Maker, make_xlsx: Maker
) -> None:
    rows = [make_resident(), make_resident(nik="9999994501900000", no_kk="3317090101100002")]
    preview = parse(make_xlsx(rows), regions)
    assert not preview.ok
    assert len(preview.residents) == 1
    (bad,) = preview.rejected
    assert bad.row == 3
    assert bad.resident is None
    assert {(e.row, e.column, e.code) for e in bad.errors} == {
        (3, "nik", "nik.district_unknown"),
        (3, "nik", "nik.serial_zero"),
    }
    assert all("NIK" in e.message for e in bad.errors)


@pytest.mark.parametrize(
    ("override", "column", "code", "fragment"),
    [
        ({"nama": None}, "nama", "cell.required", "wajib diisi"),
        ({"nik": None}, "nik", "cell.required", "wajib diisi"),
        ({"no_kk": "12345"}, "no_kk", "kk.format", "16 angka"),
        ({"nik": "3.31709E+15"}, "nik", "cell.invalid", "notasi ilmiah"),
        ({"no_kk": "9999990101100001"}, "no_kk", "kk.district_unknown", "kecamatan"),
        ({"sex": 3}, "sex", "cell.invalid", "kode jenis kelamin 3 tidak dikenal"),
        ({"agama_id": 8}, "agama_id", "cell.invalid", "kode agama 8"),
        ({"agama_id": "Pastafari"}, "agama_id", "cell.invalid", "bukan kode agama"),
        ({"pekerjaan_id": 90}, "pekerjaan_id", "cell.invalid", "pekerjaan"),
        ({"kk_level": None}, "kk_level", "cell.required", "hubungan dalam keluarga"),
        ({"tanggallahir": "31-02-1990"}, "tanggallahir", "cell.invalid", "bukan tanggal"),
        (
            {"tanggallahir": dt.datetime(2030, 1, 1)},
            "tanggallahir",
            "birth_date.out_of_range",
            "tidak mungkin",
        ),
        ({"status_dasar": 9}, "status_dasar", "status_dasar.invalid_record", "TIDAK VALID"),
        ({"status_dasar": 5}, "status_dasar", "cell.invalid", "status dasar"),
        ({"tag_id_card": "4446891881"}, "tag_id_card", "card.invalid", "bukan nomor kartu"),
        ({"tag_id_card": 12345678901234567}, "tag_id_card", "card.numeric_cell", "teks"),
        ({"nama": "x" * 101}, "nama", "cell.invalid", "terlalu panjang"),
    ],
)
def test_row_errors(
    regions: RegionIndex,
    make_resident: Maker,
    make_xlsx: Maker,
    override: dict[str, Any],
    column: str,
    code: str,
    fragment: str,
) -> None:
    preview = parse(make_xlsx([make_resident(**override)]), regions)
    (row,) = preview.rows
    assert not row.accepted
    assert (row.row, column, code) in {(e.row, e.column, e.code) for e in row.errors}
    assert any(fragment in e.message for e in row.errors), [e.message for e in row.errors]


def test_nik_disagreeing_with_the_record_is_accepted_and_flagged(
    regions: RegionIndex, make_resident: Maker, make_xlsx: Maker
) -> None:
    rows = [
        make_resident(tanggallahir=dt.datetime(1989, 1, 5)),
        make_resident(nik="3317094502910002", sex=1, tanggallahir="1991-02-05", kk_level=3),
    ]
    preview = parse(make_xlsx(rows), regions)
    assert preview.ok
    assert len(preview.residents) == 2
    assert [[f.code for f in r.flags] for r in preview.flagged] == [
        ["nik.birth_date_mismatch"],
        ["nik.sex_mismatch"],
    ]
    assert preview.residents[1].sex is Sex.MALE  # the record is kept as given; the operator reviews it


def test_duplicate_nik_is_an_error_on_every_occurrence(
    regions: RegionIndex, make_resident: Maker, make_xlsx: Maker
) -> None:
    rows = [make_resident(), make_resident(nama="Siti A."), make_resident(nik="3317094601900002")]
    preview = parse(make_xlsx(rows), regions)
    assert [r.row for r in preview.rejected] == [2, 3]
    assert [e.code for e in preview.rows[0].errors] == ["nik.duplicate"]
    assert "baris 3" in preview.rows[0].errors[0].message
    assert "baris 2" in preview.rows[1].errors[0].message
    assert len(preview.residents) == 1


def test_duplicate_card_is_an_error(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    rows = [
        make_resident(tag_id_card="3220338716"),
        make_resident(nik="3317094601900002", kk_level=4, tag_id_card="1C:78:F2:BF"),
    ]
    preview = parse(make_xlsx(rows), regions)
    assert [[e.code for e in r.errors] for r in preview.rows] == [["card.duplicate"], ["card.duplicate"]]


def test_family_head_checks_are_flags(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    rows = [
        make_resident(kk_level=4),
        make_resident(nik="3317094501900002", kk_level=3),
        make_resident(nik="3317090101800003", sex=1, tanggallahir="1980-01-01", no_kk="3317090202100002"),
        make_resident(nik="3317090101800004", sex=1, tanggallahir="1980-01-01", no_kk="3317090202100002"),
    ]
    preview = parse(make_xlsx(rows), regions)
    assert preview.ok
    assert {r.row: [f.code for f in r.flags] for r in preview.flagged} == {
        2: ["family.no_head"],
        5: ["family.many_heads"],
    }


def test_numeric_and_label_cells(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    rows = [
        make_resident(
            nik=3317094501900001,
            agama_id="KATHOLIK",
            sex="P",
            tanggallahir="05/01/1990",
            status_dasar="PINDAH",
            rt=3,
        )
    ]
    preview = parse(make_xlsx(rows), regions)
    (resident,) = preview.residents
    assert resident.religion is Religion.CATHOLIC
    assert resident.status is ResidentStatus.MOVED
    assert resident.birth_date == dt.date(1990, 1, 5)
    assert resident.rt == "003"
    assert [f.code for f in preview.rows[0].flags] == ["nik.numeric_cell"]


def test_template_marker_ends_the_data(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    preview = parse(make_xlsx([make_resident()], trailing_blank_rows=3, end_marker=True), regions)
    assert preview.ok
    assert len(preview.rows) == 1


def test_csv_with_the_same_header(regions: RegionIndex, make_resident: Maker, make_csv: Maker, tmp_path: Path) -> None:
    rows = family(make_resident)
    for delimiter in (",", ";"):
        preview = parse(make_csv(rows, delimiter=delimiter), regions)
        assert preview.ok, [e.message for r in preview.rows for e in r.errors]
        assert preview.source_format == "csv"
        assert [r.name for r in preview.residents] == ["Siti Aminah", "Budi Santoso", "Adi"]
        assert preview.residents[1].card_uid == "1C78F2BF"
    path = tmp_path / "penduduk.csv"
    path.write_bytes(make_csv(rows) + b"\n\n,,,\n")
    assert len(parse(path, regions).residents) == 3


def test_header_is_matched_case_insensitively_and_unknown_columns_are_reported(
    regions: RegionIndex, make_resident: Maker, make_xlsx: Maker
) -> None:
    columns = [c.upper() for c in OPENSID_COLUMNS] + ["catatan"]
    row = {c.upper(): v for c, v in make_resident().items()} | {"catatan": "x"}
    preview = parse(make_xlsx([row], columns=columns), regions)
    assert preview.ok
    assert preview.ignored_columns == ("catatan",)


def test_progress_callback_and_row_limit(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    data = make_xlsx(family(make_resident))
    seen: list[int] = []
    parse(data, regions, on_row=seen.append)
    assert seen == [2, 3, 4]
    limited = parse(data, regions, max_rows=2)
    assert [e.code for e in limited.file_errors] == ["file.too_many_rows"]
    assert limited.rows == ()


def _only_file_error(preview: ImportPreview) -> str:
    assert preview.rows == ()
    assert len(preview.file_errors) == 1
    (issue,) = preview.file_errors
    assert issue.row is None
    assert issue.message
    return issue.code


def test_file_level_errors(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker, tmp_path: Path) -> None:
    assert _only_file_error(parse(b"\x00\x01\x02 not a spreadsheet", regions)) == "file.not_a_workbook"
    assert _only_file_error(parse(b"hello world\n1,2,3\n", regions)) == "file.missing_columns"
    assert _only_file_error(parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, regions)) == "file.legacy_xls"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert _only_file_error(parse(buf.getvalue(), regions)) == "file.not_a_workbook"
    assert _only_file_error(parse(tmp_path / "missing.xlsx", regions)) == "file.unreadable"
    assert _only_file_error(parse(make_xlsx([]), regions)) == "file.no_rows"

    wb = Workbook()
    assert wb.active is not None
    wb.active.title = "Lain"
    wb.active.append(["a", "b"])
    wb.create_sheet("Juga Lain").append(["c"])
    out = io.BytesIO()
    wb.save(out)
    preview = parse(out.getvalue(), regions)
    assert _only_file_error(preview) == "file.missing_sheet"
    assert "Data Penduduk" in preview.file_errors[0].message

    without_nik = [c for c in OPENSID_COLUMNS if c not in ("nik", "sex")]
    preview = parse(make_xlsx([make_resident()], columns=without_nik), regions)
    assert _only_file_error(preview) == "file.missing_columns"
    assert "nik, sex" in preview.file_errors[0].message


def test_single_sheet_with_another_name_is_used(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    preview = parse(make_xlsx([make_resident()], sheet="Sheet1", extra_sheets=()), regions)
    assert preview.ok
    assert preview.sheet == "Sheet1"


@pytest.mark.skipif(not SAMPLE.exists(), reason="OpenSID sample not available (shared fixtures)")
def test_opensid_sample_village(regions: RegionIndex) -> None:
    preview = parse_opensid_workbook(SAMPLE, regions=regions, today=TODAY)
    assert preview.file_errors == ()
    assert len(preview.rows) == 97  # the 900-odd empty rows after them are ignored
    assert len(preview.residents) == 97
    assert len(preview.families) == 37
    assert preview.rejected == ()
    assert len(preview.flagged) == 97
    for row in preview.rows:
        assert [f.code for f in row.flags] == ["nik.birth_date_mismatch"], row.row
    heads = [r for r in preview.residents if r.relationship is FamilyRelationship.HEAD]
    assert len(heads) == 37
    assert {r.nik[:6] for r in preview.residents} >= {"520114"}  # Batu Layar, Lombok Barat


def test_wrong_stored_dimension_does_not_truncate(regions: RegionIndex, make_resident: Maker, make_xlsx: Maker) -> None:
    data = make_xlsx(family(make_resident))
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(rb'<dimension ref="[^"]+" */>', b'<dimension ref="A1" />', content)
                assert n == 1
            dst.writestr(item, content)
    preview = parse(out.getvalue(), regions)
    assert preview.ok
    assert len(preview.residents) == 3


def test_csv_from_excel_with_bom_or_windows_encoding(
    regions: RegionIndex, make_resident: Maker, make_csv: Maker
) -> None:
    rows = [make_resident(nama="Sútini")]
    with_bom = parse(b"\xef\xbb\xbf" + make_csv(rows, delimiter=";"), regions)
    assert [r.name for r in with_bom.residents] == ["Sútini"]
    windows = parse(make_csv(rows).decode("utf-8").encode("cp1252"), regions)
    assert [r.name for r in windows.residents] == ["Sútini"]
