"""Where photos live: a `MediaStore` protocol and its filesystem implementation.

Names are unique (a UUIDv7 per photo) and never reused, so a stored file never changes: it is written
once atomically (temporary file, fsync, rename) and served with a year-long immutable cache lifetime.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol
from uuid import UUID

NAME = re.compile(r"^[0-9a-f]{32}(\.thumb)?\.webp$")


def photo_names(photo_id: UUID) -> tuple[str, str]:
    """(resized photo, thumbnail) file names of a photo."""
    return f"{photo_id.hex}.webp", f"{photo_id.hex}.thumb.webp"


def valid_name(name: str) -> bool:
    return bool(NAME.match(name))


class MediaStore(Protocol):
    async def put(self, name: str, data: bytes) -> None: ...

    async def get(self, name: str) -> bytes | None: ...

    async def delete(self, name: str) -> None: ...


class FileMediaStore:
    """Files under `root`, spread over 256 folders by the name's first two hex digits."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        if not valid_name(name):
            raise ValueError(f"not a media name: {name!r}")
        return self.root / name[:2] / name

    async def put(self, name: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self.path(name), data)

    async def get(self, name: str) -> bytes | None:
        try:
            return await asyncio.to_thread(self.path(name).read_bytes)
        except FileNotFoundError:
            return None

    async def delete(self, name: str) -> None:
        await asyncio.to_thread(self.path(name).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
