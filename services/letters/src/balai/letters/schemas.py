"""Response bodies of the HTTP API and how the service's records become them (shapes only, no rules).

Timestamps are :data:`~balai.common.timestamps.UtcDateTime` (UTC, written with ``+00:00``); dates are
``YYYY-MM-DD``; villages are dotted Kemendagri codes (``33.17.09.2016``).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from balai.common.timestamps import UtcDateTime
from balai.letters.definitions import FieldKind
from balai.letters.domain import Action, LetterRequest, State
from balai.letters.numbering import SequenceScope
from balai.letters.policy import VillageSettings, dotted
from balai.letters.records import Attachment, Letter, SigningKey
from balai.letters.village_types import VillageType

__all__ = [
    "ArchiveEntryOut",
    "ArchivePageOut",
    "AttachmentOut",
    "DocumentOut",
    "FieldOut",
    "HistoryEntryOut",
    "KeysOut",
    "LetterOut",
    "LetterTypeOut",
    "PublicKeyOut",
    "RequestOut",
    "RequestPageOut",
    "RequestSummaryOut",
    "SettingsOut",
    "UnknownCodeOut",
    "VerificationOut",
    "VillageKeysOut",
]

Channel = Literal["pwa", "kiosk", "counter"]
ActorRole = Literal["kades", "operator", "resident", "other", "system"]
UploadType = Literal["image/jpeg", "image/png", "image/webp", "application/pdf"]
FieldValue = str | int | None
DottedVillage = Annotated[str, Field(description="Kemendagri village code, dotted", examples=["33.17.09.2016"])]


# --- requests ------------------------------------------------------------------------------------


class AttachmentOut(BaseModel):
    """A document uploaded for a request (a photo or PDF); its content is ``GET /attachments/{id}``."""

    id: UUID
    kind: str = Field(description="the document's key in the letter type, e.g. pengantar_rt_rw")
    content_type: UploadType
    size: int = Field(description="bytes")
    sha256: str
    created_at: UtcDateTime

    @classmethod
    def of(cls, a: Attachment) -> AttachmentOut:
        return cls(
            id=a.id, kind=a.kind, content_type=a.content_type, size=a.size, sha256=a.sha256, created_at=a.created_at
        )


class HistoryEntryOut(BaseModel):
    """One step of a request's workflow, oldest first."""

    action: Action
    state: State = Field(description="the request's state after this step")
    actor_role: ActorRole = Field(description="'system' for steps the service takes itself (issue)")
    actor: str = Field(description="the token subject who acted, or 'system'")
    reason: str | None = Field(description="given with return, reject and revoke")
    at: UtcDateTime


class LetterOut(BaseModel):
    """The signed letter of a request."""

    number: str = Field(examples=["470/012/35.07.01.2001/XI/2026"])
    issued_on: dt.date
    valid_until: dt.date | None = Field(description="null: the letter does not expire")
    signer_name: str
    signer_position: str
    signer_on_behalf_of: str | None = Field(description="'a.n.' line when an operator signed for the kades")
    pdf_ready: bool = Field(description="the PDF is rendered (shortly after signing)")
    pdf_sha256: str | None
    revoked_at: UtcDateTime | None
    revocation_reason: str | None

    @classmethod
    def of(cls, letter: Letter) -> LetterOut:
        return cls(
            number=letter.number,
            issued_on=letter.issued_on,
            valid_until=letter.valid_until,
            signer_name=letter.signer_name,
            signer_position=letter.signer_position,
            signer_on_behalf_of=letter.signer_on_behalf_of,
            pdf_ready=letter.ready,
            pdf_sha256=letter.pdf_sha256,
            revoked_at=letter.revoked_at,
            revocation_reason=letter.revocation_reason,
        )


class RequestSummaryOut(BaseModel):
    """A request in a list."""

    id: UUID
    village: DottedVillage
    resident_id: UUID
    type_code: str
    type_title: str
    state: State
    channel: Channel = Field(description="where it was submitted: the resident's app, a kiosk, the office counter")
    created_at: UtcDateTime
    updated_at: UtcDateTime


class RequestOut(RequestSummaryOut):
    """A request with its field values, documents, history and (once signed) its letter."""

    fields: dict[str, FieldValue] = Field(
        description="the letter type's fields: text, choice and date (YYYY-MM-DD) as strings, numbers as "
        "integers, an optional field left empty as null"
    )
    resubmissions: int
    attachments: list[AttachmentOut]
    history: list[HistoryEntryOut]
    letter: LetterOut | None
    pdf_url: str | None = Field(description="where the letter's PDF is, once rendered (follows the mount point)")

    @classmethod
    def of(
        cls,
        request: LetterRequest,
        *,
        type_title: str,
        attachments: list[Attachment],
        history: list[HistoryEntryOut],
        letter: Letter | None,
    ) -> RequestOut:
        return cls(
            id=request.id,
            village=dotted(request.village),
            resident_id=request.resident_id,
            type_code=request.type_code,
            type_title=type_title,
            state=request.state,
            channel=request.channel,
            fields=request.fields,
            resubmissions=request.resubmissions,
            created_at=request.created_at,
            updated_at=request.updated_at,
            attachments=[AttachmentOut.of(a) for a in attachments],
            history=history,
            letter=LetterOut.of(letter) if letter is not None else None,
            pdf_url=f"/requests/{request.id}/pdf" if letter is not None and letter.ready else None,
        )


class RequestPageOut(BaseModel):
    """Requests newest first; ask for the next page with ``before=next_before``."""

    items: list[RequestSummaryOut]
    next_before: UUID | None = Field(description="null on the last page")


# --- the archive ---------------------------------------------------------------------------------


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


# --- letter types and settings -------------------------------------------------------------------


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


# --- keys and verification -----------------------------------------------------------------------


class PublicKeyOut(BaseModel):
    """A village's public signing key, for checking a letter's QR offline."""

    key_id: str
    village: DottedVillage
    algorithm: Literal["Ed25519"]
    public_key: str = Field(description="the raw 32-byte key, base64url without padding")
    created_at: UtcDateTime
    retired_at: UtcDateTime | None

    @classmethod
    def of(cls, key: SigningKey) -> PublicKeyOut:
        return cls(
            key_id=key.key_id,
            village=dotted(key.village),
            algorithm="Ed25519",
            public_key=base64.urlsafe_b64encode(key.public_key).decode("ascii").rstrip("="),
            created_at=key.created_at,
            retired_at=key.retired_at,
        )


class VillageKeysOut(BaseModel):
    keys: list[PublicKeyOut]


class KeysOut(VillageKeysOut):
    """Every village's keys: the ``keys.json`` of the offline checker (``python -m balai.letters.verify``)."""

    algorithm: Literal["Ed25519"]


class VerifiedVillage(BaseModel):
    code: DottedVillage
    name: str


class VerificationOut(BaseModel):
    """What anyone may learn from a letter's verification code: enough to compare with the paper, no NIK."""

    status: Literal["valid", "expired", "revoked"]
    valid: bool = Field(description="status is 'valid'")
    revoked: bool
    revoked_on: dt.date | None
    expired: bool
    type: str = Field(description="the letter type's code")
    type_title: str
    number: str
    issued_on: dt.date
    valid_until: dt.date | None
    holder: str = Field(description="the holder's name, masked")
    village: VerifiedVillage
    signer_position: str
    signer_on_behalf_of: str | None
    key_id: str
    code: str


class UnknownCodeOut(BaseModel):
    """Every unknown code answers the same."""

    status: Literal["unknown"]
    valid: Literal[False]
