"""Blob storage for archived PDFs and uploaded documents, behind a small protocol.

:class:`FilesystemBlobStore` writes each blob atomically (a uniquely named temporary file in the same
folder, then ``os.replace``), so concurrent writers never see half a file and never collide on a temp
name. :class:`SealedBlobStore` seals every blob (AES-GCM, bound to its key) before it reaches the disk:
archived letters carry the holder's NIK as printed, and uploads are photos of personal documents.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from balai.letters.sealing import Sealer

__all__ = ["BlobNotFound", "BlobStore", "FilesystemBlobStore", "MemoryBlobStore", "SealedBlobStore"]

_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class BlobNotFound(KeyError):
    """No blob is stored under the key."""


@runtime_checkable
class BlobStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes:
        """The blob's bytes; raises :class:`BlobNotFound`."""
        ...

    async def delete(self, key: str) -> None: ...


def check_key(key: str) -> str:
    if len(key) > 200 or not _KEY_RE.match(key) or ".." in key:
        raise ValueError(f"invalid blob key {key!r}")
    return key


class FilesystemBlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._put, key, data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._get, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)


class MemoryBlobStore:
    """For unit tests and benchmarks."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    async def put(self, key: str, data: bytes) -> None:
        self.blobs[check_key(key)] = data

    async def get(self, key: str) -> bytes:
        try:
            return self.blobs[key]
        except KeyError:
            raise BlobNotFound(key) from None

    async def delete(self, key: str) -> None:
        self.blobs.pop(key, None)


class SealedBlobStore:
    """Seals blobs before they reach ``inner`` and opens them on the way back."""

    def __init__(self, inner: BlobStore, sealer: Sealer) -> None:
        self._inner = inner
        self._sealer = sealer

    async def put(self, key: str, data: bytes) -> None:
        await self._inner.put(key, self._sealer.seal(data, context=f"blob:{key}"))

    async def get(self, key: str) -> bytes:
        return self._sealer.open(await self._inner.get(key), context=f"blob:{key}")

    async def delete(self, key: str) -> None:
        await self._inner.delete(key)
