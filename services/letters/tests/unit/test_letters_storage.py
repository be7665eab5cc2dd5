"""Sealing, blob stores and upload checks."""

from __future__ import annotations

import asyncio
import io
import os

import pytest
from PIL import Image

from balai.letters.sealing import Sealer, SealError
from balai.letters.storage import BlobNotFound, FilesystemBlobStore, MemoryBlobStore, SealedBlobStore
from balai.letters.uploads import UploadRejected, check_upload


def test_sealed_values_open_only_in_their_context() -> None:
    sealer = Sealer("a-long-enough-test-secret-for-sealing")
    sealed = sealer.seal(b"private key", context="signing-key:AAAA")
    assert sealer.open(sealed, context="signing-key:AAAA") == b"private key"
    with pytest.raises(SealError):
        sealer.open(sealed, context="signing-key:BBBB")
    with pytest.raises(SealError):
        Sealer("another-secret-altogether-xxxxxxxx").open(sealed, context="signing-key:AAAA")
    with pytest.raises(SealError):
        sealer.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), context="signing-key:AAAA")


async def test_filesystem_store_is_atomic_and_refuses_odd_keys(tmp_path) -> None:
    store = FilesystemBlobStore(tmp_path)
    await asyncio.gather(*(store.put("3317092016/2026/a.pdf", bytes([i]) * 1000) for i in range(20)))
    data = await store.get("3317092016/2026/a.pdf")
    assert len(set(data)) == 1
    assert [p.name for p in (tmp_path / "3317092016" / "2026").iterdir()] == ["a.pdf"]  # no temp files left
    for key in ("../escape", "/abs", "a/../b", "", "a//b"):
        with pytest.raises(ValueError, match="invalid blob key"):
            await store.put(key, b"x")
    with pytest.raises(BlobNotFound):
        await store.get("missing")
    await store.delete("3317092016/2026/a.pdf")
    await store.delete("3317092016/2026/a.pdf")


async def test_sealed_store_keeps_nothing_readable(tmp_path) -> None:
    inner = FilesystemBlobStore(tmp_path)
    store = SealedBlobStore(inner, Sealer("a-long-enough-test-secret-for-sealing"))
    await store.put("v/letter.pdf", b"%PDF-1.7 NIK 3317094501900001")
    assert await store.get("v/letter.pdf") == b"%PDF-1.7 NIK 3317094501900001"
    raw = (tmp_path / "v" / "letter.pdf").read_bytes()
    assert b"PDF" not in raw
    assert b"3317094501900001" not in raw
    await inner.put("v/other.pdf", raw)  # a sealed file moved to another key does not open
    with pytest.raises(SealError):
        await store.get("v/other.pdf")
    memory = MemoryBlobStore()
    await memory.put("k", b"v")
    assert await memory.get("k") == b"v"


def _image(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(buffer, format=fmt)
    return buffer.getvalue()


def _pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buffer, format="PDF")
    return buffer.getvalue()


def test_uploads_are_recognised_by_content() -> None:
    limits = {"max_bytes": 1_000_000, "max_pixels": 1_000_000}
    assert check_upload(_image("JPEG"), **limits).content_type == "image/jpeg"
    assert check_upload(_image("PNG"), **limits).content_type == "image/png"
    assert check_upload(_image("WEBP"), **limits).content_type == "image/webp"
    assert check_upload(_pdf(), **limits).content_type == "application/pdf"
    for bad, status in (
        (b"", 415),
        (b"GIF89a....", 415),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415),
        (_image("PNG")[:50], 415),
        (b"%PDF-1.7 not really", 415),
        (os.urandom(1_000_001), 413),
    ):
        with pytest.raises(UploadRejected) as refused:
            check_upload(bad, **limits)
        assert refused.value.status == status
    with pytest.raises(UploadRejected) as huge:
        check_upload(_image("PNG", (2000, 1000)), max_bytes=1_000_000, max_pixels=1_000_000)
    assert huge.value.status == 413
