"""Product photos: checked by content, bounded, re-oriented, stripped of metadata, resized, thumbnailed.

Whatever the file name or Content-Type claims, only what Pillow decodes as JPEG, PNG or WebP passes
(other decoders are never tried). The dimensions are read from the header and checked before any pixel
is decoded, so a tiny file that would decode to gigabytes (a decompression bomb) is refused cheaply;
Pillow's own `Image.MAX_IMAGE_PIXELS` guard stays on behind ours (we do not lower that process-wide
global: in the embedded stack other services share the interpreter). Output is WebP, re-encoded from the
pixels only: EXIF (GPS position of the seller's house!), XMP and ICC profiles are gone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from balai.common.errors import Problem

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MEDIA_TYPE = "image/webp"


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_side: int = 12_000
    photo_side: int = 1600
    thumb_side: int = 320
    quality: int = 80


@dataclass(frozen=True)
class ProcessedImage:
    photo: bytes
    thumb: bytes
    width: int
    height: int


def too_large(limits: ImageLimits) -> Problem:
    megabytes = limits.max_bytes / (1024 * 1024)
    return Problem(413, "file_too_large", f"Ukuran foto maksimal {megabytes:g} MB.")


def process(data: bytes, limits: ImageLimits) -> ProcessedImage:
    """CPU-bound: call it in a worker thread."""
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(limits) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise Problem(415, "unsupported_image", "Berkas harus foto JPEG, PNG atau WebP.") from exc
    with image:
        if _truncated(image.format, data):
            raise Problem(422, "broken_image", "Foto rusak atau tidak lengkap. Silakan ambil ulang.")
        width, height = image.size
        if width * height > limits.max_pixels or max(width, height) > limits.max_side or min(width, height) < 1:
            raise _too_many_pixels(limits, width, height)
        if image.format == "JPEG":
            image.draft("RGB", (limits.photo_side, limits.photo_side))  # decode at a reduced scale: faster
        try:
            upright = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise Problem(422, "broken_image", "Foto rusak atau tidak lengkap. Silakan ambil ulang.") from exc
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    try:
        pixels = upright.convert("RGBA" if has_alpha else "RGB")
    except ValueError as exc:  # an exotic pixel format (e.g. 16-bit grey) Pillow cannot convert
        raise Problem(415, "unsupported_image", "Format warna foto tidak didukung. Simpan ulang sebagai JPEG.") from exc
    photo = _fit(pixels, limits.photo_side)
    thumb = _fit(pixels, limits.thumb_side)
    return ProcessedImage(_webp(photo, limits.quality), _webp(thumb, limits.quality), photo.width, photo.height)


def _truncated(kind: str | None, data: bytes) -> bool:
    """A cut-off upload, checked on the bytes: Pillow's own check cannot be trusted in this process,
    because WeasyPrint (letters, in the same process under `make up`) sets the process-wide
    ImageFile.LOAD_TRUNCATED_IMAGES = True on import."""
    tail = data.rstrip(b"\x00")
    if kind == "JPEG":
        return not tail.endswith(b"\xff\xd9")
    if kind == "PNG":
        return b"IEND" not in data[-16:]
    if kind == "WEBP":
        return len(data) < 8 or int.from_bytes(data[4:8], "little") + 8 > len(data)
    return False


def _fit(image: Image.Image, side: int) -> Image.Image:
    """A fresh image no larger than side x side (never enlarged), carrying no metadata."""
    fitted = image.copy()
    fitted.thumbnail((side, side), Image.Resampling.LANCZOS)
    clean = Image.new(fitted.mode, fitted.size)
    clean.paste(fitted)
    return clean


def _webp(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()


def _too_many_pixels(limits: ImageLimits, width: int = 0, height: int = 0) -> Problem:
    size = f" ({width}×{height} piksel)" if width else ""
    return Problem(
        422,
        "image_too_large",
        f"Dimensi foto terlalu besar{size}. Maksimal {limits.max_pixels // 1_000_000} megapiksel "
        f"dan sisi terpanjang {limits.max_side} piksel.",
    )
