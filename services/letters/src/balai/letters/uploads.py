"""Checks on documents residents upload with a request (photos of cover letters, scans as PDF).

The declared content type is not trusted: the bytes must be a JPEG, PNG or WebP image that decodes
(within a pixel budget, so a decompression bomb is refused) or a PDF that opens with at least one page.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

__all__ = ["ALLOWED_TYPES", "CheckedUpload", "UploadRejected", "check_upload"]

ALLOWED_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
_MAX_PDF_PAGES = 20


class UploadRejected(ValueError):
    """The bytes are not an acceptable document; ``status`` is 413 (too large) or 415 (wrong kind)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    content_type: str
    size: int


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _check_image(data: bytes, max_pixels: int) -> None:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise UploadRejected(413, f"gambar terlalu besar ({width}x{height} piksel)")
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # verify() skips the pixel data; a truncated file fails here
        except UploadRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRejected(413, "gambar terlalu besar") from None
        except Exception as exc:
            raise UploadRejected(415, f"gambar rusak atau tidak dapat dibaca ({type(exc).__name__})") from None


def _check_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        raise UploadRejected(415, "PDF rusak atau terkunci kata sandi") from None
    try:
        pages = len(document)
    finally:
        document.close()
    if not 1 <= pages <= _MAX_PDF_PAGES:
        raise UploadRejected(415, f"PDF harus berisi 1 sampai {_MAX_PDF_PAGES} halaman")


def check_upload(data: bytes, *, max_bytes: int, max_pixels: int) -> CheckedUpload:
    """The detected type of an acceptable upload; raises :class:`UploadRejected` otherwise."""
    if not data:
        raise UploadRejected(415, "berkas kosong")
    if len(data) > max_bytes:
        raise UploadRejected(413, f"berkas lebih dari {max_bytes // (1024 * 1024)} MB")
    kind = _sniff(data)
    if kind is None:
        raise UploadRejected(415, "hanya foto (JPEG, PNG, WebP) atau PDF yang diterima")
    if kind == "application/pdf":
        _check_pdf(data)
    else:
        _check_image(data, max_pixels)
    return CheckedUpload(content_type=kind, size=len(data))
