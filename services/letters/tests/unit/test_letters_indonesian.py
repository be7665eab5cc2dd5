import datetime as dt

import pytest

from balai.letters.indonesian import (
    bulan_romawi,
    format_hari_tanggal,
    format_rupiah,
    format_tanggal,
    terbilang,
    to_roman,
    umur,
)


def test_format_tanggal():
    assert format_tanggal(dt.date(2026, 11, 23)) == "23 November 2026"
    assert format_tanggal(dt.date(2026, 1, 5)) == "5 Januari 2026"
    assert format_tanggal(dt.datetime(2026, 8, 17, 10, 0)) == "17 Agustus 2026"
    assert format_tanggal(None) == "-"


def test_format_hari_tanggal():
    assert format_hari_tanggal(dt.date(2026, 11, 23)) == "Senin, 23 November 2026"
    assert format_hari_tanggal(dt.date(2026, 11, 20)) == "Jumat, 20 November 2026"


@pytest.mark.parametrize(("month", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (11, "XI"), (12, "XII")])
def test_bulan_romawi(month, roman):
    assert bulan_romawi(month) == roman
    assert bulan_romawi(dt.date(2026, month, 1)) == roman


def test_roman_bounds():
    assert to_roman(2026) == "MMXXVI"
    with pytest.raises(ValueError, match="month"):
        bulan_romawi(13)
    with pytest.raises(ValueError, match=r"1\.\.3999"):
        to_roman(0)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1_750_000, "satu juta tujuh ratus lima puluh ribu"),
        (900_000, "sembilan ratus ribu"),
        (2_001_011, "dua juta seribu sebelas"),
        (1_000_000_000, "satu miliar"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_rupiah_and_umur():
    assert format_rupiah(1_750_000) == "Rp1.750.000"
    assert format_rupiah(None) == "-"
    assert umur(dt.date(1990, 3, 25), dt.date(2026, 3, 24)) == 35
    assert umur(dt.date(1990, 3, 25), dt.date(2026, 3, 25)) == 36
