"""The spreadsheet cell readers shared by identity's and aid's OpenSID imports."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.common.sheets import CellError, date, header_key, number_id, small_int, text


def test_text_trims_collapses_and_treats_dashes_and_checkboxes_as_empty() -> None:
    assert text("  Siti \n Aminah ") == "Siti Aminah"
    assert [text(v) for v in ("-", "--", "   ", None)] == [None, None, None, None]
    assert text("-", dash_is_empty=False) == "-"
    assert text(True) is None
    assert text(12.0) == "12"
    assert text(dt.datetime(2026, 1, 5)) == "2026-01-05"
    with pytest.raises(CellError, match="terlalu panjang"):
        text("x" * 11, max_length=10)


def test_numbers_keep_their_digits_and_say_when_excel_may_have_lost_some() -> None:
    assert number_id(3317094501900001) == ("3317094501900001", True)
    assert number_id("'3317094501900001") == ("3317094501900001", False)
    assert number_id("3317094501900001.0") == ("3317094501900001", False)
    assert number_id("3317.0945.0190.0001") == ("3317094501900001", False)
    assert number_id("331709-450190-0001") == ("3317094501900001", False)
    assert number_id(" 3317 0945 0190 0001 ") == ("3317094501900001", False)
    assert [number_id(v) for v in ("-", None)] == [(None, False), (None, False)]
    with pytest.raises(CellError, match="notasi ilmiah"):
        number_id("3.31709E+15")
    with pytest.raises(CellError, match="pecahan"):
        number_id(3317.5)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(1990, 1, 31, 0, 0), dt.date(1990, 1, 31)),
        (dt.date(1990, 1, 31), dt.date(1990, 1, 31)),
        (32904, dt.date(1990, 1, 31)),  # an Excel serial date
        ("1990-01-31", dt.date(1990, 1, 31)),
        ("31-01-1990", dt.date(1990, 1, 31)),
        ("31/01/1990", dt.date(1990, 1, 31)),
        ("31.01.1990", dt.date(1990, 1, 31)),
        ("1990-01-31 00:00:00", dt.date(1990, 1, 31)),
        ("-", None),
        (None, None),
    ],
)
def test_dates_in_the_forms_villages_write_them(cell: object, expected: dt.date | None) -> None:
    assert date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["31 Januari 1990", "1990-13-01", 0, 3_000_000, dt.time(8, 0)])
def test_what_is_not_a_date_says_so(cell: object) -> None:
    with pytest.raises(CellError):
        date(cell)  # type: ignore[arg-type]


def test_headers_and_small_codes() -> None:
    assert header_key("No. Peserta") == "nopeserta"
    assert header_key(None) == ""
    assert [small_int(v) for v in (2, 2.0, " 3 ", "x", True, None)] == [2, 2, 3, None, None, None]
