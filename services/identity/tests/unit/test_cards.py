from __future__ import annotations

import pytest

from balai.identity.cards import (
    decimal_candidates,
    is_cascade_fragment,
    is_random_uid,
    normalize_card_uid,
    uid_from_decimal,
    uid_from_hex,
    uid_from_pcsc_response,
)

# A Mifare Classic card whose UID a PC/SC reader (or Android) reports as 1C 78 F2 BF; a keyboard-wedge
# reader types it as 3220338716 = 0xBFF2781C, i.e. the bytes read little-endian.
UID4 = bytes.fromhex("1C78F2BF")
WEDGE_DECIMAL = "3220338716"
UID7 = bytes.fromhex("04C43BC21C2680")


def test_canonical_form_is_uppercase_hex_in_reader_order() -> None:
    assert normalize_card_uid(UID4) == "1C78F2BF"
    assert normalize_card_uid(bytearray(UID4)) == "1C78F2BF"
    assert normalize_card_uid(memoryview(UID4)) == "1C78F2BF"
    assert normalize_card_uid(UID7) == "04C43BC21C2680"


def test_keyboard_wedge_decimal_is_little_endian_by_default() -> None:
    assert normalize_card_uid(WEDGE_DECIMAL) == normalize_card_uid(UID4)
    assert uid_from_decimal(WEDGE_DECIMAL) == "1C78F2BF"


def test_big_endian_decimal_is_a_parameter() -> None:
    big = str(int.from_bytes(UID4, "big"))  # 477688511
    assert normalize_card_uid(big, decimal_byte_order="big") == "1C78F2BF"
    assert normalize_card_uid(WEDGE_DECIMAL, decimal_byte_order="big") == "BFF2781C"
    with pytest.raises(ValueError, match="byte order"):
        uid_from_decimal(WEDGE_DECIMAL, "middle")  # type: ignore[arg-type]


def test_zero_padding_of_the_decimal_does_not_matter() -> None:
    uid = bytes.fromhex("4E61BC00")  # small little-endian value: 12345678
    assert int.from_bytes(uid, "little") == 12345678
    assert normalize_card_uid("0012345678") == "4E61BC00"
    assert normalize_card_uid("12345678") == "4E61BC00"
    assert normalize_card_uid(" 0012345678\r\n") == "4E61BC00"  # the reader's Enter


def test_seven_byte_uid_as_decimal() -> None:
    value = int.from_bytes(UID7, "little")
    assert normalize_card_uid(str(value)) == "04C43BC21C2680"
    assert normalize_card_uid(str(value).zfill(17)) == "04C43BC21C2680"
    assert normalize_card_uid(str(int.from_bytes(UID7, "big")), decimal_byte_order="big") == "04C43BC21C2680"


def test_small_seven_byte_value_padded_to_17_digits_stays_seven_bytes() -> None:
    uid = bytes.fromhex("01020304000000")  # fits in 32 bits little-endian, but typed as 17 digits
    typed = str(int.from_bytes(uid, "little")).zfill(17)
    assert normalize_card_uid(typed) == "01020304"  # documented: length inferred from the value


@pytest.mark.parametrize("text", ["1c78f2bf", "1C:78:F2:BF", "1c 78 f2 bf", "1C-78-F2-BF", "0x1C78F2BF", "0X1c78f2bf"])
def test_hex_forms(text: str) -> None:
    assert normalize_card_uid(text) == "1C78F2BF"
    assert uid_from_hex(text) == "1C78F2BF"


def test_digits_only_is_always_decimal_and_separators_make_hex() -> None:
    assert normalize_card_uid("12345678") != "12345678"
    assert normalize_card_uid("12:34:56:78") == "12345678"
    assert normalize_card_uid("0x12345678") == "12345678"


NOT_HEX = "not a hexadecimal"


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("hello", NOT_HEX),
        ("1C:78:F2:BF:", NOT_HEX),
        ("12 34 5 6", NOT_HEX),
        ("-12345", NOT_HEX),
        ("12.5", NOT_HEX),
        ("0x", NOT_HEX),
        ("١٢٣٤٥٦٧٨", NOT_HEX),
        ("1C78F2B", "whole bytes"),
        ("1C:78:F2", "4, 7, 8 or 10 bytes"),
        ("1C78F2BF00", "4, 7, 8 or 10 bytes"),
        ("4446891881", "4-byte UID"),
        ("99999999999999999999999999", "too large"),
        ("0", "no card was read"),
        ("00000000", "no card was read"),
        ("FF:FF:FF:FF", "no card was read"),
    ],
)
def test_garbage_raises_value_error(garbage: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_card_uid(garbage)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "got 0"),
        (b"\x01\x02\x03", "got 3"),
        (b"\x01\x02\x03\x04\x05", "got 5"),
        (b"\x00" * 4, "no card"),
        (b"\xff" * 7, "no card"),
    ],
)
def test_bad_byte_strings_raise(raw: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_card_uid(raw)


def test_non_str_non_bytes_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        normalize_card_uid(3220338716)  # type: ignore[arg-type]


def test_ten_digit_number_above_32_bits_is_rejected() -> None:
    # OpenSID's template example tag_id_card '4446891881' cannot come from a 4-byte UID.
    with pytest.raises(ValueError, match="4-byte"):
        uid_from_decimal("4446891881")


def test_pcsc_response_with_status_word() -> None:
    assert uid_from_pcsc_response(UID4 + b"\x90\x00") == "1C78F2BF"
    assert uid_from_pcsc_response([*UID7, 0x90, 0x00]) == "04C43BC21C2680"
    with pytest.raises(ValueError, match="6A81"):
        uid_from_pcsc_response(b"\x6a\x81")
    with pytest.raises(ValueError, match="6300"):
        uid_from_pcsc_response(UID4 + b"\x63\x00")
    with pytest.raises(ValueError, match="status word"):
        uid_from_pcsc_response(b"\x90")


def test_decimal_candidates_lists_both_byte_orders() -> None:
    assert decimal_candidates(WEDGE_DECIMAL) == {"little": "1C78F2BF", "big": "BFF2781C"}
    assert decimal_candidates("abc") == {}


def test_cascade_fragment_of_a_seven_byte_uid_is_detected() -> None:
    # A 4-byte-only wedge reader types cascade level 1 (88 04 C4 3B) of UID 04 C4 3B C2 1C 26 80.
    typed = normalize_card_uid("1002701960")
    assert typed == "8804C43B"
    assert is_cascade_fragment(typed)
    assert not is_cascade_fragment(normalize_card_uid(UID7))
    assert not is_cascade_fragment("1C78F2BF")


def test_random_uid_is_detected() -> None:
    assert is_random_uid(normalize_card_uid(bytes.fromhex("08A1B2C3")))
    assert not is_random_uid("1C78F2BF")
    assert not is_random_uid("08A1B2C3D4E5F6")
