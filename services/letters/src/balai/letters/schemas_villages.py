"""Answers of the village routes (:mod:`balai.letters.api_villages`): the archive, letter types, settings.

Shapes only, no rules; timestamps and dates as in :mod:`balai.letters.schemas_requests`. The public keys
are in :mod:`balai.letters.schemas_verification`.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from pydantic import BaseModel, Field

from balai.common.timestamps import UtcDateTime
from balai.letters.definitions import FieldKind
from balai.letters.numbering import SequenceScope
from balai.letters.policy import VillageSettings
from balai.letters.village_types import VillageType

__all__ = [
    "ArchiveEntryOut",
    "ArchivePageOut",
    "DocumentOut",
    "FieldOut",
    "LetterTypeOut",
    "SettingsOut",
]


class ArchiveEntryOut(BaseModel):
    """A signed letter in the village's archive."""

    request_id: UUID
    number: str
    type_code: str
    type_title: str
    resident_id: UUID
    holder: str = Field(description="the holder's name, masked")
    issued_on: dt.date
    valid_until: dt.date | None
    signer_name: str
    pdf_ready: bool
    pdf_sha256: str | None
    revoked: bool
    signed_at: UtcDateTime


class ArchivePageOut(BaseModel):
    """Signed letters newest first; ask for the next page with ``before=next_before``."""

    items: list[ArchiveEntryOut]
    next_before: str | None = Field(
        description="the last item's signed_at (an opaque cursor); null on the last page",
        examples=["2026-11-23T14:00:00.123456+00:00"],
    )


class FieldOut(BaseModel):
    """One input of a letter type's form. Keys that do not apply to the field's kind are left out."""

    name: str
    label: str
    kind: FieldKind
    required: bool
    choices: list[str] = Field(default_factory=list, description="choice fields: the allowed values")
    multiline: bool = Field(False, description="text fields only")
    max_length: int = Field(200, description="text fields only")
    pattern: str = Field("", description="text fields with a pattern only: a regular expression to match")
    min_value: int | None = Field(None, description="number fields only; null: no minimum")
    max_value: int | None = Field(None, description="number fields only; null: no maximum")
    help: str = Field("", description="left out when the field has no help text")


class DocumentOut(BaseModel):
    """A document the resident uploads with a request, e.g. the RT/RW cover letter."""

    key: str = Field(examples=["pengantar_rt_rw"])
    label: str
    required: bool


class LetterTypeOut(BaseModel):
    """A letter type as the village has it (the catalogue's, adjusted, or the village's own)."""

    code: str = Field(examples=["domisili"])
    title: str
    singkatan: str
    kode_surat: str
    validity_days: int | None = Field(description="null: the letter does not expire")
    description: str
    persyaratan: list[str]
    fields: list[FieldOut]
    documents: list[DocumentOut]
    enabled: bool
    custom: bool = Field(description="the village's own type, not one of the catalogue")
    own_template: bool = Field(description="the village prints it with its own template")
    template: str | None = Field(
        None, description="staff only (left out for residents): the village's Jinja2 template, null for the built-in"
    )

    @classmethod
    def of(cls, vt: VillageType, *, with_template: bool = False) -> LetterTypeOut:
        """From the type's JSON, so keys it leaves out stay unset (answer with ``exclude_unset``)."""
        return cls.model_validate(vt.to_json(with_template=with_template))


class SettingsOut(BaseModel):
    """How a village numbers and approves its letters."""

    number_format: str
    sequence_scope: SequenceScope
    operator_may_sign: list[str] = Field(description="letter types an operator may sign 'a.n. Kepala Desa'")
    secretary_check: bool = Field(description="a verified request needs the village secretary's check")
    operator_title: str

    @classmethod
    def of(cls, settings: VillageSettings) -> SettingsOut:
        return cls.model_validate(settings.to_json())
