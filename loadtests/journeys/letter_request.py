"""A resident's request for a Surat Keterangan Domisili, on the PWA or at the kiosk: upload the photo(s) the
letter type requires, then submit the request."""

from __future__ import annotations

import io
from typing import Any

from common import dotted

from .base import BalaiUser

LETTER_TYPE = "domisili"
LETTER_FIELDS = {"alamat_domisili": "Dusun Krajan RT 003 RW 002", "keperluan": "Persyaratan melamar pekerjaan"}


def _photo() -> bytes:
    """A small JPEG standing in for the phone photo of the RT/RW cover letter."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 640), "white")
    ImageDraw.Draw(image).text((40, 60), "SURAT PENGANTAR RT 003 / RW 002", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


PHOTO = _photo()


def required_documents(user: BalaiUser, token: str, village: str) -> list[str]:
    """Keys of the documents the letter type asks for in `village`, read once per process."""
    known = user.shared.required_documents
    if village not in known:
        path = f"/api/letters/villages/{dotted(village)}/letter-types"
        types = user.call("GET", path, "letters: letter types", token=token) or []
        wanted = next((t for t in types if isinstance(t, dict) and t.get("code") == LETTER_TYPE), {})
        known[village] = [d["key"] for d in wanted.get("documents", []) if d.get("required")]
    return known[village]


def submit_letter(user: BalaiUser, token: str, village: str, name: str) -> dict[str, Any] | None:
    """Upload the required photo(s) and submit the request (its statistics named `name`); the request, or
    None when a step failed."""
    code = dotted(village)
    attachments = []
    for key in required_documents(user, token, village):
        uploaded = user.call(
            "POST",
            f"/api/letters/villages/{code}/uploads?kind={key}",
            "letters: upload document",
            token=token,
            data=PHOTO,
            headers={"Content-Type": "image/jpeg"},
        )
        if not uploaded:
            return None
        attachments.append(uploaded["id"])
    body = {"type": LETTER_TYPE, "fields": LETTER_FIELDS, "attachments": attachments}
    created = user.call("POST", f"/api/letters/villages/{code}/requests", name, token=token, json=body, idempotent=True)
    return created if isinstance(created, dict) else None
