"""Reading an uploaded file from a request: size-limited, as a multipart form field or the raw body.

The service does not depend on python-multipart: uploads here are single files of bounded size (an
import spreadsheet, a logo), so the body is read whole, up to the limit, and a ``multipart/form-data``
body is split at its boundary with the small exact parser below (:func:`multipart_file`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from balai.common.errors import Problem

_BOUNDARY = re.compile(r'boundary="?([^";]{1,200})"?', re.IGNORECASE)
_DISPOSITION_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)
_FILENAME = re.compile(rb'\bfilename="([^"]*)"', re.IGNORECASE)


class UploadError(ValueError):
    pass


def too_large(limit: int) -> Problem:
    return Problem(413, "file_too_large", f"Berkas terlalu besar: paling besar {limit // (1024 * 1024) or 1} MB.")


async def read_limited(chunks: AsyncIterator[bytes], limit: int, declared_length: str | None) -> bytes:
    """The whole body, or a 413 problem as soon as it is known to exceed ``limit`` bytes."""
    if declared_length is not None and declared_length.isdigit() and int(declared_length) > limit + 64 * 1024:
        raise too_large(limit)  # a multipart envelope adds a little; refuse early only when clearly over
    body = bytearray()
    async for chunk in chunks:
        body.extend(chunk)
        if len(body) > limit + 64 * 1024:
            raise too_large(limit)
    return bytes(body)


def multipart_file(body: bytes, content_type: str, field: str = "file") -> tuple[str | None, bytes]:
    """(filename, content) of form field ``field`` (or the only file part) of a multipart/form-data body."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise UploadError("multipart body without a boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    parts = body.split(b"\r\n" + delimiter)
    if parts[0].startswith(delimiter):
        parts[0] = parts[0][len(delimiter) :]
    else:
        parts = parts[1:]  # a preamble before the first delimiter is ignored
    if len(parts) < 2:
        raise UploadError("multipart body without parts")
    files: list[tuple[bytes, str | None, bytes]] = []
    for raw in parts:
        if raw.startswith(b"--"):  # the closing delimiter
            break
        head, sep, content = raw.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            continue
        name_match = _DISPOSITION_NAME.search(head)
        filename_match = _FILENAME.search(head)
        files.append(
            (
                name_match.group(1) if name_match else b"",
                filename_match.group(1).decode("utf-8", "replace") if filename_match else None,
                content,
            )
        )
    for name, filename, content in files:
        if name == field.encode():
            return filename, content
    with_names = [f for f in files if f[1] is not None]
    if len(with_names) == 1:
        return with_names[0][1], with_names[0][2]
    raise UploadError(f"no form field {field!r} with a file")


def upload_content(body: bytes, content_type: str, field: str = "file") -> bytes:
    """The uploaded file's bytes: the multipart field ``field``, or the raw body for any other type."""
    if content_type.lower().startswith("multipart/form-data"):
        try:
            return multipart_file(body, content_type, field)[1]
        except UploadError:
            raise Problem(
                400, "bad_upload", f"Unggahan tidak dapat dibaca: kirim berkas pada kolom formulir '{field}'."
            ) from None
    return body
