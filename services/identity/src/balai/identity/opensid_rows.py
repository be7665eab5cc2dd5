"""One row of an OpenSID resident sheet -> a resident record, or the row's errors (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from balai.identity import opensid_cells as cells
from balai.identity.cards import ByteOrder, is_cascade_fragment, is_random_uid, normalize_card_uid
from balai.identity.nik import check_kk, check_nik
from balai.identity.opensid_codes import (
    BLOOD_TYPE,
    CITIZENSHIP,
    EDUCATION,
    MAPPED_COLUMNS,
    MARITAL_STATUS,
    OCCUPATION,
    OPENSID_COLUMNS,
    RELATIONSHIP,
    RELIGION,
    RESIDENT_STATUS,
    SEX,
    STATUS_DASAR_INVALID,
)
from balai.identity.regions import DistrictLookup
from balai.identity.vocab import (
    BloodType,
    Citizenship,
    Education,
    FamilyRelationship,
    LabelledEnum,
    MaritalStatus,
    Occupation,
    Religion,
    ResidentStatus,
    Sex,
)

T = TypeVar("T")
L = TypeVar("L", bound=LabelledEnum)

EXCEL_SAFE_DIGITS = 15  # Excel keeps 15 significant digits of a number
OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class ImportIssue:
    row: int | None  # spreadsheet row number (header = 1); None for a file-level problem
    column: str | None  # OpenSID column name
    code: str  # stable English identifier, e.g. "nik.birth_date_mismatch"
    message: str  # Indonesian, for the operator


@dataclass(frozen=True, slots=True)
class ResidentRecord:
    row: int
    nik: str
    kk_number: str
    name: str
    sex: Sex
    birth_place: str | None
    birth_date: dt.date
    religion: Religion | None
    education: Education | None
    occupation: Occupation | None
    marital_status: MaritalStatus | None
    relationship: FamilyRelationship
    citizenship: Citizenship | None
    blood_type: BloodType | None
    father_name: str | None
    father_nik: str | None
    mother_name: str | None
    mother_nik: str | None
    address: str | None
    dusun: str | None
    rw: str | None
    rt: str | None
    status: ResidentStatus
    card_uid: str | None  # canonical form, see balai.identity.cards
    #: Non-empty cells of OpenSID columns Balai does not map (akta_lahir, suku, ...), as text.
    extras: tuple[tuple[str, str], ...] = ()


@dataclass
class RowResult:
    row: int
    nik: str | None = None  # the 16 digits when well-formed (for duplicate detection across rows)
    card_uid: str | None = None  # canonical, when readable (likewise)
    resident: ResidentRecord | None = None
    errors: list[ImportIssue] = field(default_factory=list)
    flags: list[ImportIssue] = field(default_factory=list)

    def error(self, column: str | None, code: str, message: str) -> None:
        self.errors.append(ImportIssue(self.row, column, code, message))

    def flag(self, column: str | None, code: str, message: str) -> None:
        self.flags.append(ImportIssue(self.row, column, code, message))

    def read(self, column: str, reader: Callable[[cells.CellValue], T], raw: Mapping[str, cells.CellValue]) -> T | None:
        try:
            return reader(raw.get(column))
        except cells.CellError as exc:
            self.error(column, "cell.invalid", f"Kolom {column}: {exc}.")
            return None

    def coded(self, column: str, table: Mapping[int, L], what: str, raw: Mapping[str, cells.CellValue]) -> L | None:
        return self.read(column, lambda v: cells.code(v, table, what), raw)

    def required(self, column: str, value: T | None, what: str) -> T | None:
        if value is None and not any(i.column == column for i in self.errors):
            self.error(column, "cell.required", f"Kolom {column} ({what}) wajib diisi.")
        return value


def _number(result: RowResult, column: str, raw: Mapping[str, cells.CellValue], what: str) -> str | None:
    value = result.read(column, cells.number_id, raw)
    digits, numeric = value if value is not None else (None, False)
    if digits is not None and numeric:
        result.flag(
            column,
            f"{column}.numeric_cell",
            (
                f"{what} tersimpan sebagai angka, bukan teks: Excel hanya menyimpan 15 digit angka, sehingga "
                "digit terakhir mungkin sudah berubah. Cocokkan dengan dokumen aslinya."
            ),
        )
    return digits


def parse_row(
    number: int,
    raw: Mapping[str, cells.CellValue],
    regions: DistrictLookup,
    card_byte_order: ByteOrder,
    today: dt.date,
) -> RowResult:
    r = RowResult(number)
    name = r.required("nama", r.read("nama", lambda v: cells.text(v, max_length=100), raw), "nama")
    sex = r.required("sex", r.coded("sex", SEX, "jenis kelamin", raw), "jenis kelamin")
    birth_date = r.required("tanggallahir", r.read("tanggallahir", cells.date, raw), "tanggal lahir")
    if birth_date is not None and not OLDEST_BIRTH_DATE <= birth_date <= today:
        r.error(
            "tanggallahir",
            "birth_date.out_of_range",
            f"Tanggal lahir {birth_date:%d-%m-%Y} tidak mungkin (di masa depan atau sebelum 1900).",
        )
        birth_date = None

    nik = r.required("nik", _number(r, "nik", raw, "NIK"), "NIK")
    if nik is not None:
        checked = check_nik(nik, sex=sex, birth_date=birth_date, regions=regions, today=today)
        if len(checked.nik) == 16 and checked.nik.isdigit():
            r.nik = checked.nik
        for issue in checked.errors:
            r.error("nik", issue.code, issue.message)
        for issue in checked.flags:
            r.flag("nik", issue.code, issue.message)
    kk = r.required("no_kk", _number(r, "no_kk", raw, "Nomor KK"), "nomor KK")
    if kk is not None:
        kk_checked = check_kk(kk, regions=regions, today=today)
        for issue in kk_checked.errors:
            r.error("no_kk", issue.code, issue.message)
        for issue in kk_checked.flags:
            r.flag("no_kk", issue.code, issue.message)

    relationship = r.required(
        "kk_level",
        r.coded("kk_level", RELATIONSHIP, "hubungan dalam keluarga", raw),
        "hubungan dalam keluarga",
    )
    status = _status(r, raw)
    parents = {col: _parent_nik(r, col, raw) for col in ("ayah_nik", "ibu_nik")}
    card_uid = r.card_uid = _card(r, raw, card_byte_order)

    def text(column: str, max_length: int) -> str | None:
        return r.read(column, lambda v: cells.text(v, max_length=max_length), raw)

    birth_place = text("tempatlahir", 100)
    religion = r.coded("agama_id", RELIGION, "agama", raw)
    education = r.coded("pendidikan_kk_id", EDUCATION, "pendidikan", raw)
    occupation = r.coded("pekerjaan_id", OCCUPATION, "pekerjaan", raw)
    marital_status = r.coded("status_kawin", MARITAL_STATUS, "status perkawinan", raw)
    citizenship = r.coded("warganegara_id", CITIZENSHIP, "kewarganegaraan", raw)
    blood_type = r.coded("golongan_darah_id", BLOOD_TYPE, "golongan darah", raw)
    father_name, mother_name = text("nama_ayah", 100), text("nama_ibu", 100)
    address, dusun = text("alamat", 200), text("dusun", 100)
    rw, rt = r.read("rw", cells.rt_rw, raw), r.read("rt", cells.rt_rw, raw)
    if (
        r.errors
        or name is None
        or sex is None
        or birth_date is None
        or nik is None
        or kk is None
        or relationship is None
        or status is None
    ):
        return r
    extras = tuple(
        (col, value)
        for col in OPENSID_COLUMNS
        if col not in MAPPED_COLUMNS and col in raw and (value := cells.text(raw[col])) is not None
    )
    r.resident = ResidentRecord(
        row=number,
        nik=nik,
        kk_number=kk,
        name=name,
        sex=sex,
        birth_place=birth_place,
        birth_date=birth_date,
        religion=religion,
        education=education,
        occupation=occupation,
        marital_status=marital_status,
        relationship=relationship,
        citizenship=citizenship,
        blood_type=blood_type,
        father_name=father_name,
        father_nik=parents["ayah_nik"],
        mother_name=mother_name,
        mother_nik=parents["ibu_nik"],
        address=address,
        dusun=dusun,
        rw=rw,
        rt=rt,
        status=status,
        card_uid=card_uid,
        extras=extras,
    )
    return r


def _status(r: RowResult, raw: Mapping[str, cells.CellValue]) -> ResidentStatus | None:
    value = raw.get("status_dasar")
    if str(value).strip() in (str(STATUS_DASAR_INVALID), f"{STATUS_DASAR_INVALID}.0"):
        r.error(
            "status_dasar",
            "status_dasar.invalid_record",
            "Status dasar 9 (TIDAK VALID): data yang di OpenSID dinyatakan tidak valid tidak diimpor.",
        )
        return None
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        return ResidentStatus.LIVING  # OpenSID's default for a new resident
    return r.coded("status_dasar", RESIDENT_STATUS, "status dasar", raw)


def _parent_nik(r: RowResult, column: str, raw: Mapping[str, cells.CellValue]) -> str | None:
    value = r.read(column, cells.number_id, raw)
    digits = value[0] if value is not None else None
    if digits is None:
        return None
    if len(digits) != 16 or not digits.isdigit():
        r.flag(column, "parent_nik.format", f"Kolom {column} bukan NIK 16 angka; isinya diabaikan.")
        return None
    return digits


def _card(r: RowResult, raw: Mapping[str, cells.CellValue], byte_order: ByteOrder) -> str | None:
    value = r.read("tag_id_card", cells.number_id, raw)
    digits, numeric = value if value is not None else (None, False)
    if not digits:
        return None
    if numeric and len(digits) > EXCEL_SAFE_DIGITS:
        r.error(
            "tag_id_card",
            "card.numeric_cell",
            (
                "Nomor kartu lebih dari 15 digit tersimpan sebagai angka; Excel sudah membulatkannya. "
                "Format kolom tag_id_card sebagai teks dan pindai ulang kartunya."
            ),
        )
        return None
    try:
        uid = normalize_card_uid(digits, decimal_byte_order=byte_order)
    except ValueError:
        r.error(
            "tag_id_card",
            "card.invalid",
            (
                f"Kolom tag_id_card ({digits}) bukan nomor kartu e-KTP yang dikenali: "
                "isinya harus angka dari "
                "pembaca kartu (misalnya 3220338716) atau UID heksadesimal 4 atau 7 byte."
            ),
        )
        return None
    if is_cascade_fragment(uid):
        r.flag(
            "tag_id_card",
            "card.cascade_fragment",
            (
                "Nomor kartu ini hanya bagian awal UID 7 byte (pembaca kartu lama hanya membaca 4 byte). "
                "Daftarkan ulang kartu di pembaca anjungan agar bisa dipakai untuk masuk."
            ),
        )
    elif is_random_uid(uid):
        r.flag(
            "tag_id_card",
            "card.random_uid",
            ("Nomor kartu ini adalah ID acak (berubah setiap kali ditempel); kartu ini tidak bisa dikenali ulang."),
        )
    return uid
