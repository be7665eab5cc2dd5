"""A village's letterhead logo: a PNG or JPEG upload, checked by content, stored as a small PNG (pure).

The type is decided by the file's signature, never by its name or the declared content type. The image
is decoded (which also proves it is one), limited in pixels before decoding (decompression bombs),
scaled down to at most :data:`MAX_SIDE` pixels on its longest side and re-encoded as PNG — which also
drops any metadata (EXIF, GPS) the original carried.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE = 1024
MAX_SOURCE_PIXELS = 25_000_000
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True)
class LogoRejected(Exception):
    status: int
    code: str
    message: str


def sniff(data: bytes) -> str | None:
    """``"png"``, ``"jpeg"`` or None, from the signature."""
    if data.startswith(_PNG):
        return "png"
    if data.startswith(_JPEG):
        return "jpeg"
    return None


def normalise_logo(data: bytes, *, max_bytes: int = MAX_LOGO_BYTES) -> bytes:
    """The logo as PNG bytes; raises :class:`LogoRejected` (413 too large, 415 not PNG/JPEG, 422 broken)."""
    if len(data) > max_bytes:
        raise LogoRejected(413, "logo_too_large", f"Logo paling besar {max_bytes // 1024} KB.")
    kind = sniff(data)
    if kind is None:
        raise LogoRejected(415, "logo_type", "Logo harus berkas gambar PNG atau JPEG.")
    from PIL import Image, UnidentifiedImageError  # imported on use: only this upload needs Pillow

    try:
        with Image.open(io.BytesIO(data), formats=["PNG" if kind == "png" else "JPEG"]) as image:
            width, height = image.size
            if width < 1 or height < 1 or width * height > MAX_SOURCE_PIXELS:
                raise LogoRejected(422, "logo_dimensions", "Ukuran gambar logo (piksel) tidak wajar.")
            image.load()
            picture = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except LogoRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoRejected(422, "logo_broken", "Berkas logo rusak atau tidak dapat dibaca.") from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _has_alpha(image: object) -> bool:
    mode = getattr(image, "mode", "")
    info = getattr(image, "info", {})
    return mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in info)
