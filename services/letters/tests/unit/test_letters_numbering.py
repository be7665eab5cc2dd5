import datetime as dt

import pytest

from balai.letters.numbering import (
    DEFAULT_NUMBER_FORMAT,
    NumberFormatError,
    format_letter_number,
    number_format_problems,
    parse_number_format,
)

NOV = dt.date(2026, 11, 23)


def test_default_format_matches_what_villages_use():
    number = format_letter_number(
        DEFAULT_NUMBER_FORMAT, nomor=12, kode_surat="470", kode_desa="33.17.09.2016", issued_on=NOV
    )
    assert number == "470/012/33.17.09.2016/XI/2026"


def test_padding_never_truncates():
    fmt = parse_number_format(DEFAULT_NUMBER_FORMAT)
    kwargs = {"kode_surat": "472.11", "kode_desa": "33.17.09.2016", "issued_on": dt.date(2027, 1, 2)}
    assert fmt.format(nomor=1, **kwargs) == "472.11/001/33.17.09.2016/I/2027"
    assert fmt.format(nomor=1234, **kwargs) == "472.11/1234/33.17.09.2016/I/2027"


def test_all_tokens_and_loose_spelling():
    fmt = parse_number_format("[Singkatan]-[nomor, 4]/[kode_kec]/[BULAN]/[tahun]")
    number = fmt.format(nomor=7, kode_surat="401", kode_desa="33.17.09.2016", issued_on=NOV, singkatan="SKTM")
    assert number == "SKTM-0007/33.17.09/11/2026"


def test_unknown_token_is_named_with_the_known_ones():
    with pytest.raises(NumberFormatError) as info:
        parse_number_format("[kode_surat]/[no_urut,3]/[tahun]")
    message = str(info.value)
    assert "unknown token [no_urut,3]" in message
    assert "[nomor]" in message
    assert "[nomor] exactly once" in message


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        ("", "empty"),
        ("[kode_surat]/[tahun]", "[nomor] exactly once"),
        ("[nomor]/[nomor]/[tahun]", "[nomor] exactly once"),
        ("[kode_surat]/[nomor,3]", "[tahun]"),
        ("[nomor,0]/[tahun]", "width must be a number from 1 to 8"),
        ("[nomor,x]/[tahun]", "width must be"),
        ("[tahun,2]/[nomor]", "only [nomor] takes a width"),
        ("[nomor/[tahun]", "unbalanced bracket"),
        ("[nomor]/[tahun]]", "unbalanced bracket"),
        ("[nomor]#[tahun]", "may only contain"),
        ("x" * 121 + "[nomor][tahun]", "longer than"),
    ],
)
def test_invalid_formats(fmt, problem):
    problems = number_format_problems(fmt)
    assert any(problem in p for p in problems), problems
    with pytest.raises(NumberFormatError):
        parse_number_format(fmt)


def test_sequence_scope_needs_a_distinguishing_token():
    fmt = "[nomor,3]/[kode_desa]/[tahun]"
    assert number_format_problems(fmt) == []
    assert "[kode_surat]" in number_format_problems(fmt, scope="kode_surat")[0]
    assert "[singkatan]" in number_format_problems(fmt, scope="type")[0]
    assert number_format_problems(DEFAULT_NUMBER_FORMAT, scope="kode_surat") == []


def test_bad_inputs_to_format():
    fmt = parse_number_format(DEFAULT_NUMBER_FORMAT)
    with pytest.raises(ValueError, match="nomor"):
        fmt.format(nomor=0, kode_surat="470", kode_desa="33.17.09.2016", issued_on=NOV)
    with pytest.raises(ValueError, match="kode_desa"):
        fmt.format(nomor=1, kode_surat="470", kode_desa="3317092016", issued_on=NOV)
