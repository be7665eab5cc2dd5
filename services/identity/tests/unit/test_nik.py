from __future__ import annotations

import datetime as dt

import pytest

from balai.identity.nik import (
    InvalidNik,
    NikIssue,
    check_kk,
    check_nik,
    expand_two_digit_year,
    mask_kk,
    mask_nik,
)
from balai.identity.regions import RegionIndex
from balai.identity.vocab import Sex

TODAY = dt.date(2025, 6, 1)
WOMAN_1990 = "3317094501900001"  # Kaliori; 45 = 5th + 40 (female); 01; 90; serial 0001
MAN_1990 = "3317090501900001"


def codes(issues: tuple[NikIssue, ...]) -> list[str]:
    return [i.code for i in issues]


class FakeDistricts:
    def __init__(self, *codes: str) -> None:
        self.codes = set(codes)

    def is_district_code(self, six_digits: str) -> bool:
        return six_digits in self.codes


def test_valid_nik_decodes_district_birth_date_sex_and_serial(regions: RegionIndex) -> None:
    result = check_nik(WOMAN_1990, regions=regions, today=TODAY)
    assert result.ok
    assert result.errors == ()
    assert result.flags == ()
    assert result.info is not None
    assert result.info.district_code == "33.17.09"
    assert result.info.birth_date == dt.date(1990, 1, 5)
    assert result.info.sex is Sex.FEMALE
    assert result.info.serial == "0001"
    assert result.raise_for_errors() == result.info

    man = check_nik(MAN_1990, regions=regions, today=TODAY).raise_for_errors()
    assert man.sex is Sex.MALE
    assert man.birth_date == dt.date(1990, 1, 5)


def test_surrounding_whitespace_is_tolerated(regions: RegionIndex) -> None:
    assert check_nik(f"  {WOMAN_1990}\n", regions=regions, today=TODAY).ok


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "331709450190001",
        "33170945019000011",
        "33170945019O0001",
        "3317-0945-0190",
        "３３１７０９４５０１９０００１",
    ],
)
def test_not_16_ascii_digits_is_a_format_error(regions: RegionIndex, bad: str) -> None:
    result = check_nik(bad, regions=regions, today=TODAY)
    assert not result.ok
    assert codes(result.errors) == ["nik.format"]
    assert "16 angka" in result.errors[0].message
    assert result.info is None


def test_unknown_district_is_an_error(regions: RegionIndex) -> None:
    result = check_nik("9999994501900001", regions=regions, today=TODAY)
    assert codes(result.errors) == ["nik.district_unknown"]
    assert "999999" in result.errors[0].message
    assert "kecamatan" in result.errors[0].message


def test_district_check_uses_the_given_lookup() -> None:
    assert check_nik(WOMAN_1990, regions=FakeDistricts("331709"), today=TODAY).ok
    assert codes(check_nik(WOMAN_1990, regions=FakeDistricts(), today=TODAY).errors) == ["nik.district_unknown"]


@pytest.mark.parametrize("day", ["00", "32", "39", "40", "72", "99"])
def test_day_outside_1_31_and_41_71_is_an_error(regions: RegionIndex, day: str) -> None:
    result = check_nik(f"331709{day}01900001", regions=regions, today=TODAY)
    assert codes(result.errors) == ["nik.birth_day_invalid"]
    assert "ditambah 40" in result.errors[0].message


@pytest.mark.parametrize("ddmmyy", ["310490", "710490", "300290", "001390", "011390", "290201", "690201"])
def test_impossible_calendar_date_is_an_error(regions: RegionIndex, ddmmyy: str) -> None:
    result = check_nik(f"331709{ddmmyy}0001", regions=regions, today=TODAY)
    assert codes(result.errors) in (["nik.birth_date_invalid"], ["nik.birth_day_invalid"])
    assert result.info is None


def test_boundary_days_are_valid(regions: RegionIndex) -> None:
    assert check_nik("3317093101900001", regions=regions, today=TODAY).ok  # man, 31 Jan
    assert check_nik("3317097101900001", regions=regions, today=TODAY).ok  # woman, 31 Jan
    assert check_nik("3317094101900001", regions=regions, today=TODAY).ok  # woman, 1 Jan
    leap = check_nik("3317096902000001", regions=regions, today=TODAY).raise_for_errors()
    assert leap.birth_date == dt.date(2000, 2, 29)


def test_serial_0000_is_an_error(regions: RegionIndex) -> None:
    result = check_nik("3317094501900000", regions=regions, today=TODAY)
    assert codes(result.errors) == ["nik.serial_zero"]


def test_all_broken_rules_are_reported_together(regions: RegionIndex) -> None:
    result = check_nik("9999993513900000", regions=regions, today=TODAY)
    assert set(codes(result.errors)) == {"nik.district_unknown", "nik.birth_day_invalid", "nik.serial_zero"}
    with pytest.raises(InvalidNik) as excinfo:
        result.raise_for_errors()
    assert len(excinfo.value.issues) == 3
    assert isinstance(excinfo.value, ValueError)


def test_record_agreeing_with_the_nik_has_no_flags(regions: RegionIndex) -> None:
    result = check_nik(WOMAN_1990, sex=Sex.FEMALE, birth_date=dt.date(1990, 1, 5), regions=regions, today=TODAY)
    assert result.ok
    assert result.flags == ()


def test_sex_disagreeing_with_the_nik_is_accepted_but_flagged(regions: RegionIndex) -> None:
    result = check_nik(WOMAN_1990, sex=Sex.MALE, birth_date=dt.date(1990, 1, 5), regions=regions, today=TODAY)
    assert result.ok
    assert codes(result.flags) == ["nik.sex_mismatch"]
    assert "perempuan" in result.flags[0].message
    assert "laki-laki" in result.flags[0].message


def test_birth_date_disagreeing_with_the_nik_is_accepted_but_flagged(regions: RegionIndex) -> None:
    result = check_nik(WOMAN_1990, sex=Sex.FEMALE, birth_date=dt.date(1989, 1, 5), regions=regions, today=TODAY)
    assert result.ok
    assert codes(result.flags) == ["nik.birth_date_mismatch"]
    assert "05-01-1990" in result.flags[0].message
    assert "05-01-1989" in result.flags[0].message


def test_both_disagreements_are_flagged(regions: RegionIndex) -> None:
    result = check_nik(MAN_1990, sex=Sex.FEMALE, birth_date=dt.date(1990, 1, 6), regions=regions, today=TODAY)
    assert result.ok
    assert codes(result.flags) == ["nik.sex_mismatch", "nik.birth_date_mismatch"]


def test_century_is_not_a_mismatch(regions: RegionIndex) -> None:
    # NIK year 20 reads as 2020, but the record says 1920: same DDMMYY, a resident aged 105.
    result = check_nik("3317090101200001", birth_date=dt.date(1920, 1, 1), regions=regions, today=TODAY)
    assert result.flags == ()
    assert result.info is not None
    assert result.info.birth_date == dt.date(2020, 1, 1)


def test_errors_suppress_flags(regions: RegionIndex) -> None:
    result = check_nik("9999994501900001", sex=Sex.MALE, regions=regions, today=TODAY)
    assert result.flags == ()
    assert not result.ok


@pytest.mark.parametrize(
    ("yy", "month", "day", "expected"),
    [
        (90, 1, 5, dt.date(1990, 1, 5)),
        (26, 1, 1, dt.date(1926, 1, 1)),  # above the current two-digit year -> 19xx
        (25, 5, 31, dt.date(2025, 5, 31)),  # this year, already past -> 20xx
        (25, 6, 1, dt.date(2025, 6, 1)),  # today
        (25, 6, 2, dt.date(1925, 6, 2)),  # this year but in the future -> 19xx
        (0, 2, 29, dt.date(2000, 2, 29)),
        (5, 3, 1, dt.date(2005, 3, 1)),
    ],
)
def test_two_digit_year_century_rule(yy: int, month: int, day: int, expected: dt.date) -> None:
    assert expand_two_digit_year(yy, month, day, today=TODAY) == expected


def test_two_digit_year_rejects_non_dates() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        expand_two_digit_year(1, 2, 29, today=TODAY)
    with pytest.raises(ValueError, match="two-digit year"):
        expand_two_digit_year(100, 1, 1, today=TODAY)


def test_mask_nik_hides_birth_date_and_serial() -> None:
    assert mask_nik("3317094501900001") == "331709**********"
    assert mask_nik(" 3317094501900001 ") == "331709**********"
    masked = mask_nik("3317094501900001")
    assert "450190" not in masked
    assert "0001" not in masked
    assert len(masked) == 16


@pytest.mark.parametrize("bad", ["", "123", "33170945019000011", "3317094501900O01"])
def test_mask_never_echoes_a_malformed_number(bad: str) -> None:
    assert mask_nik(bad) == "*" * 16
    assert mask_kk(bad) == "*" * 16


def test_mask_kk() -> None:
    assert mask_kk("3317090101100001") == "331709**********"


def test_valid_kk(regions: RegionIndex) -> None:
    result = check_kk("3317090101100001", regions=regions, today=TODAY)
    assert result.ok
    assert result.flags == ()
    assert result.district_code == "33.17.09"
    assert result.raise_for_errors() == "3317090101100001"


def test_kk_rules(regions: RegionIndex) -> None:
    assert codes(check_kk("331709010110001", regions=regions, today=TODAY).errors) == ["kk.format"]
    assert "Nomor KK" in check_kk("", regions=regions, today=TODAY).errors[0].message
    unknown = check_kk("9999990101100001", regions=regions, today=TODAY)
    assert codes(unknown.errors) == ["kk.district_unknown"]
    with pytest.raises(InvalidNik):
        unknown.raise_for_errors()


def test_kk_with_impossible_issue_date_is_flagged_not_rejected(regions: RegionIndex) -> None:
    result = check_kk("3317094501100001", regions=regions, today=TODAY)  # 45-01-10 is no date in a KK
    assert result.ok
    assert codes(result.flags) == ["kk.issue_date_invalid"]
