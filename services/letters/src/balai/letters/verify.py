"""Offline check of a letter's QR: ``python -m balai.letters.verify QR_TEXT_OR_FILE --keys keys.json``.

The argument is the scanned QR text, or a path to an image (PNG, JPEG...) or PDF of the letter whose QR
is decoded with zxing-cpp. ``keys.json`` is what ``GET /api/letters/keys`` (or ``/villages/{code}/keys``)
returns; fetch it once while online. The signature proves the payload was issued by the village and not
altered; whether the letter was revoked since can only be seen online (the printed URL).

Exit status: 0 genuine, 1 altered or forged, 2 unknown key, 3 not a letter QR / no QR found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from balai.letters.keyring import load_public_keys
from balai.letters.qr import BadSignatureError, MalformedQrError, UnknownKeyError, verify_qr_text

__all__ = ["decode_file", "main", "verify_text"]

GENUINE, ALTERED, UNKNOWN_KEY, NOT_A_LETTER = 0, 1, 2, 3


def _images(path: Path) -> list[Any]:
    from PIL import Image

    if path.read_bytes()[:5] == b"%PDF-":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            return [document[i].render(scale=200 / 72).to_pil() for i in range(min(len(document), 4))]
        finally:
            document.close()
    with Image.open(path) as image:
        return [image.convert("RGB")]


def decode_file(path: Path) -> list[str]:
    """Every QR text found in an image or in the first pages of a PDF."""
    import zxingcpp

    found: list[str] = []
    for image in _images(path):
        found += [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    return found


def verify_text(text: str, keys_document: Any, today: dt.date) -> tuple[int, dict[str, Any]]:
    try:
        verified = verify_qr_text(text, load_public_keys(keys_document))
    except UnknownKeyError as exc:
        return UNKNOWN_KEY, {"result": "unknown_key", "detail": str(exc)}
    except BadSignatureError as exc:
        return ALTERED, {"result": "altered_or_forged", "detail": str(exc)}
    except MalformedQrError as exc:
        return NOT_A_LETTER, {"result": "not_a_letter_qr", "detail": str(exc)}
    p = verified.payload
    return GENUINE, {
        "result": "genuine",
        "expired": verified.expired(today),
        "number": p.letter_number,
        "type": p.type_code,
        "village": p.village_code,
        "issued_on": p.issued_on.isoformat(),
        "valid_until": p.valid_until.isoformat() if p.valid_until else None,
        "holder_ref": p.holder_ref,
        "key_id": verified.key_id,
        "verify_url": verified.verify_url,
    }


_MESSAGES = {
    "genuine": "ASLI: tanda tangan digital cocok dengan kunci desa.",
    "altered_or_forged": "TIDAK SAH: isi QR diubah atau dipalsukan.",
    "unknown_key": "TIDAK DIKENAL: kunci penanda tangan tidak ada di berkas kunci.",
    "not_a_letter_qr": "BUKAN QR surat Balai, atau QR rusak.",
}


def _print(result: dict[str, Any], out: TextIO) -> None:
    out.write(_MESSAGES[result["result"]] + "\n")
    for name in ("number", "type", "village", "issued_on", "valid_until", "key_id", "verify_url", "detail"):
        if result.get(name) is not None:
            out.write(f"  {name:<12} {result[name]}\n")
    if result["result"] == "genuine":
        if result["expired"]:
            out.write("  PERHATIAN: masa berlaku surat sudah habis.\n")
        out.write("  Pencabutan hanya dapat dilihat daring: buka verify_url di atas.\n")


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m balai.letters.verify", description=__doc__.split("\n\n")[0])
    parser.add_argument("qr", help="scanned QR text, or a path to an image or PDF of the letter")
    parser.add_argument("--keys", required=True, type=Path, help="keys.json from GET /api/letters/keys")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="date for expiry")
    args = parser.parse_args(argv)
    keys = json.loads(args.keys.read_text())
    candidate = Path(args.qr)
    texts = decode_file(candidate) if "#" not in args.qr and candidate.is_file() else [args.qr]
    if not texts:
        code, result = NOT_A_LETTER, {"result": "not_a_letter_qr", "detail": "no QR code found in the file"}
    else:
        code, result = verify_text(texts[0], keys, args.today)
    if args.json:
        out.write(json.dumps(result, indent=2) + "\n")
    else:
        _print(result, out)
    return code


if __name__ == "__main__":
    sys.exit(main())
