"""Uploads without python-multipart: the multipart splitter, the size limit and the logo normaliser."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from balai.common.errors import Problem
from balai.identity.import_upload import UploadError, multipart_file, read_limited, upload_content
from balai.identity.register_logo import LogoRejected, normalise_logo, sniff


def encoded(files: dict[str, tuple[str, bytes, str]], data: dict[str, str] | None = None) -> tuple[bytes, str]:
    """A multipart body exactly as httpx (the PWA's fetch does the same) sends it."""
    request = httpx.Request("POST", "http://x/", files=files, data=data)
    return request.read(), request.headers["content-type"]


def test_multipart_file_is_extracted_byte_exact() -> None:
    payload = bytes(range(256)) * 40 + b"\r\n--not-the-boundary\r\n\r\n"
    body, content_type = encoded({"file": ("d.xlsx", payload, "application/octet-stream")}, {"note": "x"})
    assert multipart_file(body, content_type) == ("d.xlsx", payload)
    assert upload_content(body, content_type) == payload


def test_the_only_file_is_taken_whatever_its_field_name() -> None:
    body, content_type = encoded({"berkas": ("a.csv", b"nik,nama\n", "text/csv")})
    assert multipart_file(body, content_type) == ("a.csv", b"nik,nama\n")


def test_broken_multipart_is_a_clear_problem() -> None:
    with pytest.raises(UploadError):
        multipart_file(b"garbage", "multipart/form-data")
    with pytest.raises(Problem) as caught:
        upload_content(b"--b\r\nno headers end", "multipart/form-data; boundary=b")
    assert caught.value.status == 400
    assert upload_content(b"raw,csv\n", "text/csv") == b"raw,csv\n"


def test_size_limit_stops_reading() -> None:
    async def chunks(n: int) -> AsyncIterator[bytes]:
        for _ in range(n):
            yield b"x" * 100_000

    assert len(asyncio.run(read_limited(chunks(3), 1_000_000, None))) == 300_000
    with pytest.raises(Problem) as caught:
        asyncio.run(read_limited(chunks(30), 1_000_000, None))
    assert caught.value.status == 413
    with pytest.raises(Problem):
        asyncio.run(read_limited(chunks(0), 1_000_000, "5000000"))


def image(fmt: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt)
    return out.getvalue()


def test_logo_is_decided_by_content_and_stored_as_small_png() -> None:
    assert sniff(image("PNG", (4, 4))) == "png"
    assert sniff(image("JPEG", (4, 4))) == "jpeg"
    assert sniff(b"GIF89a") is None
    png = normalise_logo(image("JPEG", (3000, 1500)))
    with Image.open(io.BytesIO(png)) as stored:
        assert (stored.format, stored.size, stored.mode) == ("PNG", (1024, 512), "RGB")
    with Image.open(io.BytesIO(normalise_logo(image("PNG", (10, 10), "RGBA")))) as transparent:
        assert transparent.mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GIF89a" + b"\0" * 10, 415),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, 422),
        (b"\xff\xd8\xff" + b"\0" * (2 * 1024 * 1024), 413),
    ],
)
def test_bad_logos_are_refused(data: bytes, status: int) -> None:
    with pytest.raises(LogoRejected) as caught:
        normalise_logo(data)
    assert caught.value.status == status
    assert caught.value.message
