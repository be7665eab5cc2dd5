"""Value rules: WhatsApp numbers, texts, rupiah, categories (no I/O)."""

from __future__ import annotations

import pytest

from balai.common.errors import Problem
from balai.marketplace.domain import values


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("(0857) 1234 567", "+628571234567"),
        ("0895.1234.56789", "+62895123456789"),
    ],
)
def test_whatsapp_numbers_are_stored_in_e164(typed: str, stored: str) -> None:
    assert values.whatsapp_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "021-5551234", "+1 415 555 0100", "0812", "08123456789012345", "0800-1234-5678", "0812abc4567", "62"],
)
def test_landlines_foreign_and_malformed_numbers_are_refused(typed: str) -> None:
    with pytest.raises(Problem) as caught:
        values.whatsapp_number(typed)
    assert caught.value.status == 422
    assert caught.value.code == "invalid_whatsapp"
    assert "WhatsApp" in caught.value.detail


def test_text_is_trimmed_and_cleaned_but_never_interpreted() -> None:
    assert values.clean_text("  Keripik\u200b   Bu  Siti \x07", "Nama", max_len=80) == "Keripik Bu Siti"
    html = '<script>alert("x")</script> & <b>pedas</b>'
    assert values.clean_text(html, "Deskripsi", max_len=200) == html, "kept as text, escaped by whoever renders it"
    multiline = "Baris satu  \r\n\r\n\r\n\r\nBaris   dua"
    assert values.clean_text(multiline, "Deskripsi", max_len=200, multiline=True) == "Baris satu\n\nBaris dua"


def test_text_lengths_have_indonesian_messages() -> None:
    with pytest.raises(Problem, match="wajib diisi"):
        values.clean_text("   ", "Nama lapak", max_len=80)
    with pytest.raises(Problem, match="minimal 3 karakter"):
        values.clean_text("ab", "Nama lapak", min_len=3, max_len=80)
    with pytest.raises(Problem, match="maksimal 5 karakter"):
        values.clean_text("abcdef", "Satuan", max_len=5)


def test_prices_are_whole_rupiah_within_bounds() -> None:
    assert values.rupiah(12500) == 12500
    for bad in (0, -1, values.MAX_PRICE + 1, True):
        with pytest.raises(Problem) as caught:
            values.rupiah(bad)
        assert caught.value.code == "invalid_price"
    with pytest.raises(Problem):
        values.rupiah(12.5)  # type: ignore[arg-type]
    assert values.format_rupiah(1250000) == "Rp1.250.000"


def test_categories_and_area_codes() -> None:
    assert values.category(" Makanan ") == "makanan"
    with pytest.raises(Problem, match="Kategori tidak dikenal"):
        values.category("senjata")
    assert values.dotted("3317092016") == "33.17.09.2016"
    assert values.dotted("331709") == "33.17.09"
    assert values.area_parts("3317092016") == ("331709", "3317")
