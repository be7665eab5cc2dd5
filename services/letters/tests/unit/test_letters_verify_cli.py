"""The offline checker: QR text or a scanned image/PDF, against a keys.json fetched earlier."""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdfium2 as pdfium
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PIL import Image

from balai.letters import verify as cli
from balai.letters.document import compose_letter
from balai.letters.keyring import load_public_keys, public_key_json
from balai.letters.lettertypes import CATALOGUE
from balai.letters.qr import key_id_for, new_verification_code
from balai.letters.records import SigningKey
from balai.letters.templating import sample_context

from .conftest import ORIGIN


@pytest.fixture(scope="module")
def letter(renderer, signing_key, key_id):  # type: ignore[no-untyped-def]
    lt = CATALOGUE["sktm"]
    ctx = sample_context(lt)
    return compose_letter(
        lt,
        village=ctx.village,
        resident=ctx.resident,
        signer=ctx.signer,
        fields=dict(ctx.fields),
        number="401/007/33.17.09.2016/XI/2026",
        issued_on=ctx.letter.issued_on,
        code=new_verification_code(),
        holder_ref="8f3k2m9q",
        signing_key=signing_key,
        key_id=key_id,
        origin=ORIGIN,
        renderer=renderer,
    )


@pytest.fixture
def keys_file(tmp_path, signing_key, key_id):  # type: ignore[no-untyped-def]
    key = SigningKey(
        key_id=key_id,
        village="3317092016",
        public_key=signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        sealed_private_key=b"",
        created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        retired_at=None,
    )
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [public_key_json(key)]}))
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out=out)
    return code, out.getvalue()


def test_genuine_from_text_and_from_image_and_pdf(letter, keys_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, output = run(letter.qr_text, "--keys", str(keys_file), "--json", "--today", "2026-12-01")
    assert code == cli.GENUINE
    result = json.loads(output)
    assert (result["number"], result["type"], result["expired"]) == ("401/007/33.17.09.2016/XI/2026", "sktm", False)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(letter.pdf)
    assert run(str(pdf), "--keys", str(keys_file))[0] == cli.GENUINE
    document = pdfium.PdfDocument(letter.pdf)
    image = tmp_path / "scan.png"
    document[0].render(scale=150 / 72).to_pil().save(image)
    document.close()
    code, output = run(str(image), "--keys", str(keys_file), "--today", "2027-06-01")
    assert code == cli.GENUINE
    assert "ASLI" in output
    assert "masa berlaku surat sudah habis" in output


def test_altered_forged_unknown_key_and_no_qr(letter, keys_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, payload = letter.qr_text.split("#")
    altered = f"{url}#{payload[:-5]}{(int(payload[-5]) + 1) % 10}{payload[-4:]}"
    assert run(altered, "--keys", str(keys_file))[0] == cli.ALTERED
    other_code = url[:-24] + new_verification_code()
    assert run(f"{other_code}#{payload}", "--keys", str(keys_file))[0] == cli.ALTERED
    stranger = Ed25519PrivateKey.generate().public_key()
    raw = stranger.public_bytes(Encoding.Raw, PublicFormat.Raw)
    foreign = SigningKey(key_id_for(stranger), "3317092001", raw, b"", dt.datetime.now(dt.UTC), None)
    other_keys = tmp_path / "other.json"
    other_keys.write_text(json.dumps({"keys": [public_key_json(foreign)]}))
    assert run(letter.qr_text, "--keys", str(other_keys))[0] == cli.UNKNOWN_KEY
    assert run("https://example.org/", "--keys", str(keys_file))[0] == cli.NOT_A_LETTER
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), (255, 255, 255)).save(blank)
    code, output = run(str(blank), "--keys", str(keys_file))
    assert code == cli.NOT_A_LETTER
    assert "BUKAN QR" in output


def test_keys_document_must_match_its_key_ids(keys_file) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(keys_file.read_text())
    assert len(load_public_keys(document)) == 1
    document["keys"][0]["key_id"] = "AAAAAAAA"
    with pytest.raises(ValueError, match="does not match"):
        load_public_keys(document)
