"""OpenAPI descriptions that FastAPI cannot infer: routes that read an uploaded file from the raw request.

Uploads are read from ``request.stream()`` with a size limit (no python-multipart, no buffering of
oversized bodies), so FastAPI sees no body parameter. ``openapi_extra=file_body(...)`` documents what
such a route accepts, so clients (the PWA's generated types) know the body is a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["file_body"]

_BINARY: dict[str, Any] = {"type": "string", "format": "binary"}


def file_body(description: str, media_types: Iterable[str], *, form_field: str | None = None) -> dict[str, Any]:
    """``openapi_extra`` for a route whose body is a file: the file itself as any of ``media_types``, and
    with ``form_field`` also ``multipart/form-data`` carrying the file in that field."""
    content: dict[str, Any] = {media_type: {"schema": dict(_BINARY)} for media_type in media_types}
    if form_field is not None:
        content["multipart/form-data"] = {
            "schema": {"type": "object", "properties": {form_field: dict(_BINARY)}, "required": [form_field]}
        }
    return {"requestBody": {"required": True, "description": description, "content": content}}
