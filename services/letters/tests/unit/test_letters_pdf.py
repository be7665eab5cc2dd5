"""Render real PDFs, read them back (text and QR) and verify the signature."""

import datetime as dt
import glob
import re
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from balai.letters.document import compose_letter, letter_digest
from balai.letters.lettertypes import CATALOGUE
from balai.letters.numbering import DEFAULT_NUMBER_FORMAT, format_letter_number
from balai.letters.pdf import PdfRenderer, PdfRenderError, WeasyPrintRenderer
from balai.letters.qr import BadSignatureError, QrError, new_verification_code, verify_qr_text
from balai.letters.templating import sample_context

ORIGIN = "https://balai.rembangkab.go.id"
A4_POINTS = (595.28, 841.89)


def compose(code, renderer, signing_key, key_id, *, nama=None, on_behalf=False):
    lt = CATALOGUE[code]
    ctx = sample_context(lt, on_behalf=on_behalf)
    resident = ctx.resident.model_copy(update={"nama": nama}) if nama else ctx.resident
    number = format_letter_number(
        DEFAULT_NUMBER_FORMAT,
        nomor=12,
        kode_surat=lt.kode_surat,
        kode_desa=ctx.village.code,
        issued_on=ctx.letter.issued_on,
    )
    return (
        lt,
        ctx,
        resident,
        compose_letter(
            lt,
            village=ctx.village,
            resident=resident,
            signer=ctx.signer,
            fields=dict(ctx.fields),
            number=number,
            issued_on=ctx.letter.issued_on,
            code=new_verification_code(),
            holder_ref="R-8F3K2M9Q",
            signing_key=signing_key,
            key_id=key_id,
            origin=ORIGIN,
            renderer=renderer,
        ),
    )


def page_text(pdf_bytes: bytes) -> tuple[int, str, tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        page = doc[0]
        return len(doc), page.get_textpage().get_text_range(), page.get_size()
    finally:
        doc.close()


def embedded_fonts(pdf_bytes: bytes) -> set[str]:
    """Base names of the embedded font subsets (``ABCDEF+LiberationSerif`` -> ``LiberationSerif``)."""
    chunks = [pdf_bytes]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf_bytes, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    names = set()
    for chunk in chunks:
        names.update(m.decode() for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9-]+)", chunk))
    return names


def read_qr(pdf_bytes: bytes, dpi: int = 150) -> list[str]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        image = doc[0].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    return [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_letter_type_renders_to_one_a4_page_with_a_verifiable_qr(code, renderer, signing_key, key_id):
    lt, ctx, resident, letter = compose(code, renderer, signing_key, key_id)
    assert letter.pdf.startswith(b"%PDF-")
    # only the bundled fonts, declared by @font-face as "Balai Serif"; no system font fallback
    assert embedded_fonts(letter.pdf) == {"Balai-Serif", "Balai-Serif-Bold", "Balai-Serif-Italic"}
    pages, text, size = page_text(letter.pdf)
    assert pages == 1, f"{code} spills onto {pages} pages"
    assert size == pytest.approx(A4_POINTS, abs=0.5)
    flat = " ".join(text.split())
    assert resident.nama.upper() in flat
    assert f"Nomor: {letter.payload.letter_number}" in flat
    title = "PENGANTAR NIKAH" if code == "nikah-n1" else lt.title.upper()
    assert title in flat
    assert "Dokumen ini ditandatangani secara elektronik" in flat
    assert letter.verify_url in flat

    scanned = read_qr(letter.pdf)
    assert scanned == [letter.qr_text]
    verified = verify_qr_text(scanned[0], {key_id: signing_key.public_key()})
    assert verified.payload == letter.payload
    assert verified.payload.type_code == code
    assert verified.payload.village_code == "33.17.09.2016"
    assert verified.payload.valid_until == lt.valid_until(dt.date(2026, 11, 23))
    assert verified.payload.digest == letter_digest(
        lt,
        number=letter.payload.letter_number,
        village=ctx.village,
        resident=resident,
        signer=ctx.signer,
        issued_on=ctx.letter.issued_on,
        valid_until=verified.payload.valid_until,
        fields=lt.validate_fields(ctx.fields),
    )


def test_scanned_qr_tampered_or_checked_with_the_wrong_key_fails(renderer, signing_key, key_id):
    _, _, _, letter = compose("sktm", renderer, signing_key, key_id, on_behalf=True)
    (text,) = read_qr(letter.pdf)
    keys = {key_id: signing_key.public_key()}
    i = len(text) - 40
    tampered = text[:i] + ("1" if text[i] != "1" else "2") + text[i + 1 :]
    with pytest.raises(QrError):
        verify_qr_text(tampered, keys)
    with pytest.raises(BadSignatureError):
        verify_qr_text(text, {key_id: Ed25519PrivateKey.generate().public_key()})
    assert "a.n. Kepala Desa Mojowarno" in " ".join(page_text(letter.pdf)[1].split())


def test_concurrent_renders_do_not_mix_up(renderer, signing_key, key_id):
    names = [f"Warga Nomor {i}" for i in range(8)]

    def work(name):
        _, _, _, letter = compose("domisili", renderer, signing_key, key_id, nama=name)
        return name, letter.pdf

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, names))
    for name, pdf in results:
        text = " ".join(page_text(pdf)[1].split())
        assert name.upper() in text
        assert sum(other.upper() in text for other in names) == 1


def test_renders_leave_no_files_behind(renderer, signing_key, key_id):
    compose("usaha", renderer, signing_key, key_id)  # warm this thread's font configuration
    pattern = f"{tempfile.gettempdir()}/weasyprint-*"
    before = set(glob.glob(pattern))
    for _ in range(3):
        compose("usaha", renderer, signing_key, key_id)
    # (folders of finished threads' font configurations may disappear meanwhile; none may appear)
    assert set(glob.glob(pattern)) - before == set()


@pytest.mark.parametrize("src", ["file:///etc/passwd", "http://127.0.0.1:9/logo.png", "https://example.com/logo.png"])
def test_templates_cannot_fetch_files_or_network(src, renderer):
    html = f'<html><body><p>Tes</p><img src="{src}"></body></html>'
    with pytest.raises(PdfRenderError):
        renderer.render(html)  # the session renderer fails on any refused resource
    lenient = WeasyPrintRenderer()
    assert lenient.render(html).startswith(b"%PDF-")  # the image is simply left out


def test_renderer_satisfies_the_protocol():
    assert isinstance(WeasyPrintRenderer(), PdfRenderer)
