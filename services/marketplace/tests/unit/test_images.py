"""Photo processing on in-memory images: content sniffing, limits, orientation, metadata, sizes."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from balai.common.errors import Problem
from balai.marketplace.images import ImageLimits, process

LIMITS = ImageLimits()


def encoded(fmt: str, size: tuple[int, int] = (800, 600), mode: str = "RGB", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 120, 40) if mode == "RGB" else (200, 120, 40, 128)).save(out, fmt, **save)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid-looking PNG claiming huge dimensions: what a decompression bomb's header looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_become_resized_webp_with_a_thumbnail(fmt: str) -> None:
    result = process(encoded(fmt, (3200, 2400)), LIMITS)
    assert (result.width, result.height) == (1600, 1200)
    with Image.open(io.BytesIO(result.photo)) as photo:
        assert photo.format == "WEBP"
        assert photo.size == (1600, 1200)
    with Image.open(io.BytesIO(result.thumb)) as thumb:
        assert thumb.size == (320, 240)


def test_small_images_are_not_enlarged_and_alpha_survives() -> None:
    result = process(encoded("PNG", (200, 100), mode="RGBA"), LIMITS)
    assert (result.width, result.height) == (200, 100)
    with Image.open(io.BytesIO(result.photo)) as photo:
        assert photo.mode == "RGBA"


def test_exif_orientation_is_applied_and_metadata_stripped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise when shown
    exif[0x010F] = "Samsung"
    exif[0x8825] = {2: (7.0, 0.0, 0.0)}  # a GPS latitude: the seller's house
    result = process(encoded("JPEG", (400, 200), exif=exif.tobytes()), LIMITS)
    assert (result.width, result.height) == (200, 400), "stored upright"
    with Image.open(io.BytesIO(result.photo)) as photo:
        assert not photo.getexif()
        assert "exif" not in photo.info
        assert "icc_profile" not in photo.info


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 not an image at all", b"", encoded("GIF", (10, 10)), encoded("BMP", (10, 10))],
    ids=["pdf", "empty", "gif", "bmp"],
)
def test_anything_but_jpeg_png_webp_is_415(data: bytes) -> None:
    with pytest.raises(Problem) as caught:
        process(data, LIMITS)
    assert (caught.value.status, caught.value.code) == (415, "unsupported_image")


def test_too_many_bytes_is_413() -> None:
    with pytest.raises(Problem) as caught:
        process(b"\xff\xd8" + b"\0" * (LIMITS.max_bytes + 1), LIMITS)
    assert caught.value.status == 413
    assert "5 MB" in caught.value.detail


@pytest.mark.parametrize(("width", "height"), [(10_000, 6_000), (13_000, 100), (100_000, 100_000)])
def test_huge_dimensions_are_refused_before_decoding(width: int, height: int) -> None:
    with pytest.raises(Problem) as caught:
        process(png_header_only(width, height), LIMITS)
    assert (caught.value.status, caught.value.code) == (422, "image_too_large")


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("load_truncated", [False, True])
def test_truncated_image_is_422(kind: str, load_truncated: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint turns on LOAD_TRUNCATED_IMAGES process-wide: the check must not depend on it.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated)
    data = encoded(kind, (800, 600))
    with pytest.raises(Problem) as caught:
        process(data[: len(data) // 3], LIMITS)
    assert caught.value.status in (415, 422)
