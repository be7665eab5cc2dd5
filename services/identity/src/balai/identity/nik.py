"""NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga) number rules, explained.

A NIK has 16 digits: ``PPKKCC DDMMYY SSSS``

- ``PPKKCC`` — the district (kecamatan) where it was issued: a real Kemendagri district code;
- ``DDMMYY`` — the date of birth; for women 40 is added to the day (``45`` = the 5th);
- ``SSSS`` — a serial, never ``0000``.

Breaking one of these is an **error**: the number cannot be a NIK. A valid NIK whose encoded birth date
or sex disagrees with the resident's record is **accepted with a flag** for the operator to review: real
registers are full of such slips (OpenSID's own sample data has one in every row), and the NIK, not
the record, is what the resident's card says.

The century of ``YY`` is not encoded. Rule: ``20YY`` unless that date lies after ``today``, then
``19YY`` — so a year above the current two-digit year is always 19xx. A record whose birth date has the
same day, month and two-digit year is consistent with the NIK even when the century differs (a
resident aged over 100).

A KK number has 16 digits too: the district code (6), the issue date ``DDMMYY`` (6, no +40) and a
serial (4). Only the length and the district are rules; an issue date that is not a real date is a flag.

Messages are Indonesian (for operators); ``code`` is a stable English identifier (for APIs and tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from balai.identity.regions import DistrictLookup
from balai.identity.vocab import Sex

__all__ = [
    "InvalidNik",
    "KkCheck",
    "NikCheck",
    "NikInfo",
    "NikIssue",
    "check_kk",
    "check_nik",
    "expand_two_digit_year",
    "mask_kk",
    "mask_nik",
]

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
_MASK = "*"


@dataclass(frozen=True, slots=True)
class NikIssue:
    code: str  # stable English identifier, e.g. "nik.district_unknown"
    message: str  # Indonesian explanation for the operator


class InvalidNik(ValueError):
    """Raised by :meth:`NikCheck.raise_for_errors` / :meth:`KkCheck.raise_for_errors`."""

    def __init__(self, issues: tuple[NikIssue, ...]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a valid NIK encodes."""

    district_code: str  # dotted, e.g. "33.17.09"
    birth_date: dt.date
    sex: Sex
    serial: str


@dataclass(frozen=True, slots=True)
class NikCheck:
    nik: str  # the digits as given (stripped); never log this
    info: NikInfo | None  # None when there are errors
    errors: tuple[NikIssue, ...] = ()
    flags: tuple[NikIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> NikInfo:
        if self.errors or self.info is None:
            raise InvalidNik(self.errors)
        return self.info


@dataclass(frozen=True, slots=True)
class KkCheck:
    kk: str
    district_code: str | None
    errors: tuple[NikIssue, ...] = ()
    flags: tuple[NikIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> str:
        if self.errors:
            raise InvalidNik(self.errors)
        return self.kk


def expand_two_digit_year(yy: int, month: int, day: int, *, today: dt.date) -> dt.date:
    """The date for ``DD MM YY``: 20YY unless that is after ``today``, else 19YY.

    Raises ValueError when day/month is not a calendar date in the chosen century (a 29 February that
    exists only in the other century is accepted in that century).
    """
    if not 0 <= yy <= 99:
        raise ValueError("two-digit year out of range")
    try:
        recent = dt.date(2000 + yy, month, day)
    except ValueError:
        return dt.date(1900 + yy, month, day)  # raises for non-dates
    return recent if recent <= today else dt.date(1900 + yy, month, day)


def _digits(value: str, what: str, code_prefix: str) -> tuple[str, NikIssue | None]:
    s = value.strip()
    if not (s.isascii() and s.isdigit()) or len(s) != NIK_LENGTH:
        shown = f"{len(s)} karakter" if s else "kosong"
        return s, NikIssue(
            f"{code_prefix}.format", f"{what} harus terdiri dari tepat 16 angka (yang diberikan: {shown})."
        )
    return s, None


def _district(s: str, what: str, code_prefix: str, regions: DistrictLookup) -> NikIssue | None:
    if regions.is_district_code(s[:6]):
        return None
    return NikIssue(
        f"{code_prefix}.district_unknown",
        f"6 angka pertama {what} ({s[:6]}) bukan kode kecamatan yang terdaftar di Kemendagri.",
    )


def check_nik(
    nik: str,
    *,
    sex: Sex | None = None,
    birth_date: dt.date | None = None,
    regions: DistrictLookup,
    today: dt.date | None = None,
) -> NikCheck:
    """Check a NIK against the rules, and against the resident's recorded sex and birth date if given.

    Never raises for a bad NIK: the result carries ``errors`` (rules broken; not a NIK) and ``flags``
    (a valid NIK that disagrees with the record). Call :meth:`NikCheck.raise_for_errors` to raise.
    """
    today = today or dt.date.today()
    s, fmt = _digits(nik, "NIK", "nik")
    if fmt is not None:
        return NikCheck(s, None, (fmt,))
    errors: list[NikIssue] = []
    if (bad_district := _district(s, "NIK", "nik", regions)) is not None:
        errors.append(bad_district)

    day, month, yy = int(s[6:8]), int(s[8:10]), int(s[10:12])
    encoded_sex = Sex.FEMALE if day > FEMALE_DAY_OFFSET else Sex.MALE
    real_day = day - FEMALE_DAY_OFFSET if encoded_sex is Sex.FEMALE else day
    born: dt.date | None = None
    if not (1 <= day <= 31 or FEMALE_DAY_OFFSET + 1 <= day <= FEMALE_DAY_OFFSET + 31):
        errors.append(
            NikIssue(
                "nik.birth_day_invalid",
                f"Angka ke-7 dan ke-8 NIK ({s[6:8]}) bukan tanggal lahir: harus 01–31 untuk laki-laki "
                "atau 41–71 untuk perempuan (tanggal ditambah 40).",
            )
        )
    else:
        try:
            born = expand_two_digit_year(yy, month, real_day, today=today)
        except ValueError:
            errors.append(
                NikIssue(
                    "nik.birth_date_invalid",
                    f"Angka ke-7 sampai ke-12 NIK ({s[6:12]}) bukan tanggal lahir yang ada "
                    f"(tanggal {real_day:02d}, bulan {month:02d}, tahun {yy:02d}).",
                )
            )
    if s[12:] == "0000":
        errors.append(NikIssue("nik.serial_zero", "4 angka terakhir NIK (nomor urut) tidak boleh 0000."))
    if errors or born is None:
        return NikCheck(s, None, tuple(errors))

    flags: list[NikIssue] = []
    if sex is not None and sex is not encoded_sex:
        flags.append(
            NikIssue(
                "nik.sex_mismatch",
                f"Menurut NIK jenis kelaminnya {encoded_sex.label.lower()}, tetapi data mencatat "
                f"{sex.label.lower()}. Periksa NIK atau jenis kelamin.",
            )
        )
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        born.day,
        born.month,
        born.year % 100,
    ):
        flags.append(
            NikIssue(
                "nik.birth_date_mismatch",
                f"Menurut NIK tanggal lahirnya {born:%d-%m-%Y}, tetapi data mencatat {birth_date:%d-%m-%Y}. "
                "Periksa NIK atau tanggal lahir.",
            )
        )
    info = NikInfo(f"{s[0:2]}.{s[2:4]}.{s[4:6]}", born, encoded_sex, s[12:])
    return NikCheck(s, info, (), tuple(flags))


def check_kk(kk: str, *, regions: DistrictLookup, today: dt.date | None = None) -> KkCheck:
    """Check a KK (Kartu Keluarga) number: 16 digits, the first 6 a real district code."""
    today = today or dt.date.today()
    s, fmt = _digits(kk, "Nomor KK", "kk")
    if fmt is not None:
        return KkCheck(s, None, (fmt,))
    if (bad := _district(s, "nomor KK", "kk", regions)) is not None:
        return KkCheck(s, None, (bad,))
    flags: list[NikIssue] = []
    try:
        expand_two_digit_year(int(s[10:12]), int(s[8:10]), int(s[6:8]), today=today)
    except ValueError:
        flags.append(
            NikIssue(
                "kk.issue_date_invalid",
                f"Angka ke-7 sampai ke-12 nomor KK ({s[6:12]}) biasanya tanggal terbit (HHBBTT), "
                "tetapi ini bukan tanggal. Periksa nomor KK.",
            )
        )
    return KkCheck(s, f"{s[0:2]}.{s[2:4]}.{s[4:6]}", (), tuple(flags))


def mask_nik(nik: str) -> str:
    """``3317094501900001`` -> ``331709**********``: the district stays, birth date and serial do not.

    Anything that is not 16 digits is masked whole, so a malformed NIK never leaks either.
    """
    s = nik.strip()
    if len(s) == NIK_LENGTH and s.isascii() and s.isdigit():
        return s[:6] + _MASK * (NIK_LENGTH - 6)
    return _MASK * NIK_LENGTH


def mask_kk(kk: str) -> str:
    """Same rule as :func:`mask_nik` for KK numbers (whose digits 7–12 are the issue date)."""
    return mask_nik(kk)
