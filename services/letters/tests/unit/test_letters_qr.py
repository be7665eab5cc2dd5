import base64
import dataclasses
import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from balai.letters.qr import (
    BadSignatureError,
    MalformedQrError,
    QrError,
    QrPayload,
    UnknownKeyError,
    content_digest,
    key_id_for,
    make_qr,
    new_verification_code,
    normalize_origin,
    qr_png_data_uri,
    qr_segments,
    sign_payload,
    verify_qr_text,
)

ORIGIN = "https://balai.rembangkab.go.id"


def payload(**changes):
    base = QrPayload(
        code=new_verification_code(),
        letter_number="470/012/33.17.09.2016/XI/2026",
        type_code="domisili",
        village_code="33.17.09.2016",
        issued_on=dt.date(2026, 11, 23),
        valid_until=dt.date(2027, 5, 22),
        holder_ref="R-8F3K2M9Q",
        digest=content_digest({"nama": "Budi Santoso"}),
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def keys(signing_key, key_id):
    return {key_id: signing_key.public_key()}


def test_round_trip(signing_key, key_id, keys):
    p = payload()
    text = sign_payload(p, signing_key, key_id=key_id, origin=ORIGIN + "/")
    url, _, digits = text.partition("#")
    assert url == f"HTTPS://BALAI.REMBANGKAB.GO.ID/v/{p.code}"
    assert digits.isdigit()
    verified = verify_qr_text(text, keys)
    assert verified.payload == p
    assert verified.key_id == key_id
    assert verified.verify_url == f"{ORIGIN}/v/{p.code}"
    assert not verified.expired(dt.date(2027, 5, 22))
    assert verified.expired(dt.date(2027, 5, 23))


def test_letter_without_expiry_and_unicode_fields(signing_key, key_id, keys):
    p = payload(valid_until=None, holder_ref="Bu Sri W.", letter_number="SKL/0007/Ⅺ/2026")
    verified = verify_qr_text(sign_payload(p, signing_key, key_id=key_id, origin=ORIGIN), keys)
    assert verified.payload == p
    assert not verified.expired(dt.date(2099, 1, 1))


def test_every_single_character_change_of_the_payload_is_caught(signing_key, key_id, keys):
    text = sign_payload(payload(), signing_key, key_id=key_id, origin=ORIGIN)
    start = text.index("#") + 1
    for i in range(start, len(text)):
        digit = "7" if text[i] != "7" else "3"
        tampered = text[:i] + digit + text[i + 1 :]
        with pytest.raises(QrError):
            verify_qr_text(tampered, keys)


def test_changed_code_or_origin_breaks_the_signature(signing_key, key_id, keys):
    text = sign_payload(payload(), signing_key, key_id=key_id, origin=ORIGIN)
    url, _, digits = text.partition("#")
    other_code = new_verification_code()
    with pytest.raises(BadSignatureError):
        verify_qr_text(f"{ORIGIN}/v/{other_code}#{digits}", keys)
    with pytest.raises(BadSignatureError):
        verify_qr_text(f"https://balai-palsu.example/v/{url.rsplit('/', 1)[1]}#{digits}", keys)


def test_code_case_and_host_case_do_not_matter(signing_key, key_id, keys):
    p = payload()
    text = sign_payload(p, signing_key, key_id=key_id, origin=ORIGIN)
    url, _, digits = text.partition("#")
    assert url.startswith("HTTPS://BALAI.REMBANGKAB.GO.ID/v/")
    shouty = url.replace("HTTPS://BALAI.REMBANGKAB.GO.ID", "https://Balai.RembangKab.go.id").replace(
        p.code, p.code.lower()
    )
    assert verify_qr_text(f"  {shouty}#{digits}\n", keys).payload == p


def test_wrong_key_and_unknown_key(signing_key, key_id):
    text = sign_payload(payload(), signing_key, key_id=key_id, origin=ORIGIN)
    impostor = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(BadSignatureError):
        verify_qr_text(text, {key_id: impostor})
    with pytest.raises(UnknownKeyError, match=key_id):
        verify_qr_text(text, {key_id_for(impostor): impostor})


def test_forged_payload_signed_by_another_key_under_the_village_key_id(signing_key, key_id, keys):
    forger = Ed25519PrivateKey.generate()
    forged = sign_payload(payload(holder_ref="someone else"), forger, key_id=key_id, origin=ORIGIN)
    with pytest.raises(BadSignatureError):
        verify_qr_text(forged, keys)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello world",
        "https://balai.rembangkab.go.id/v/ABC",
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#",
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#12345",
        "https://balai.rembangkab.go.id/x/ABCDEFGHIJKLMNOPQRSTUVWX#" + "1" * 200,
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVW1#" + "1" * 200,
        "ftp://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#" + "1" * 200,
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#" + "1" * 200 + "#1",
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#" + "9" * 5000,
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#0" + "1" * 200,
        "https://balai.rembangkab.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWX#" + "١" * 200,
    ],
)
def test_malformed_texts(text, keys):
    with pytest.raises(MalformedQrError):
        verify_qr_text(text, keys)


def test_unsupported_version_is_malformed(signing_key, key_id, keys):
    text = sign_payload(payload(), signing_key, key_id=key_id, origin=ORIGIN)
    url, _, digits = text.partition("#")
    blob = bytearray(int(digits).to_bytes((int(digits).bit_length() + 7) // 8, "big"))
    blob[0] = 9
    with pytest.raises(MalformedQrError, match="version 9"):
        verify_qr_text(f"{url}#{int.from_bytes(blob, 'big')}", keys)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"village_code": "3317092016"}, "village_code"),
        ({"type_code": "Domisili Baru"}, "type_code"),
        ({"digest": b"short"}, "digest"),
        ({"holder_ref": ""}, "holder_ref"),
        ({"holder_ref": "x" * 33}, "holder_ref"),
        ({"letter_number": "9" * 65}, "letter_number"),
        ({"issued_on": dt.date(1999, 1, 1)}, "outside"),
        ({"code": "not-a-code"}, "new_verification_code"),
    ],
)
def test_sign_rejects_values_that_do_not_fit(signing_key, key_id, changes, message):
    with pytest.raises(ValueError, match=message):
        sign_payload(payload(**changes), signing_key, key_id=key_id, origin=ORIGIN)


def test_origin_normalisation():
    assert normalize_origin("HTTPS://Balai.Example.ID/") == "https://balai.example.id"
    assert normalize_origin("http://localhost:8000") == "http://localhost:8000"
    for bad in ("balai.example.id", "https://balai.example.id/app", "https://u:p@balai.example.id", "ftp://x"):
        with pytest.raises(ValueError, match="origin"):
            normalize_origin(bad)


def test_verification_codes_are_random_120_bit_base32():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert len(code) == 24
        assert len(base64.b32decode(code)) == 15


def test_content_digest_is_canonical():
    a = content_digest({"b": 1, "a": [dt.date(2026, 1, 2), "Ñ"]})
    b = content_digest({"a": [dt.date(2026, 1, 2), "Ñ"], "b": 1})
    assert a == b
    assert len(a) == 16
    assert content_digest({"a": 1}) != content_digest({"a": 2})
    with pytest.raises(TypeError):
        content_digest({"a": object()})


def test_segments_use_the_cheapest_modes(signing_key, key_id):
    from segno import consts

    text = sign_payload(payload(), signing_key, key_id=key_id, origin=ORIGIN)
    modes = [mode for _, mode in qr_segments(text)]
    assert modes == [
        consts.MODE_ALPHANUMERIC,
        consts.MODE_BYTE,
        consts.MODE_ALPHANUMERIC,
        consts.MODE_BYTE,
        consts.MODE_NUMERIC,
    ]
    assert "".join(content for content, _ in qr_segments(text)) == text


def test_qr_stays_small(signing_key, key_id):
    # A realistic worst case for the standard types: the longest type code, a long number and holder ref.
    p = payload(
        type_code="pengantar-ktp-kk", letter_number="471.1/0123/33.17.09.2016/XII/2026", holder_ref="R-8F3K2M9Q7T"
    )
    text = sign_payload(p, signing_key, key_id=key_id, origin=ORIGIN)
    qr = make_qr(text)
    assert qr.error == "M"
    assert qr.version <= 10, (qr.version, len(text))
    assert qr_png_data_uri(text).startswith("data:image/png;base64,")
