"""Plain records the repositories return besides the request aggregate (no I/O, no SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True, slots=True)
class KnownVillage:
    code: str
    name: str
    district_name: str
    regency_name: str


@dataclass(frozen=True, slots=True)
class KnownResident:
    id: UUID
    village: str
    name: str
    status: str
    nik_masked: str


@dataclass(frozen=True, slots=True)
class Attachment:
    id: UUID
    village: str
    resident_id: UUID
    request_id: UUID | None
    kind: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    uploaded_by: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SigningKey:
    key_id: str
    village: str
    public_key: bytes
    sealed_private_key: bytes
    created_at: dt.datetime
    retired_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Letter:
    """A signed letter: its number, verification code, signer and (once rendered) its archived PDF."""

    request_id: UUID
    village: str
    resident_id: UUID
    number: str
    code: str
    key_id: str
    type_code: str
    type_title: str
    type_snapshot: dict[str, Any]
    template: str | None
    fields: dict[str, Any]
    issued_on: dt.date
    valid_until: dt.date | None
    holder_ref: str
    holder_name_masked: str
    signer_subject: str
    signer_role: str
    signer_name: str
    signer_position: str
    signer_on_behalf_of: str | None
    signed_at: dt.datetime
    pdf_key: str | None = None
    pdf_sha256: str | None = None
    pdf_size: int | None = None
    rendered_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None

    @property
    def ready(self) -> bool:
        return self.pdf_key is not None
