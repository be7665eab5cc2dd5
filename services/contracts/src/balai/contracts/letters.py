"""Events published by the letters service.

Every transition of a letter request is an event (its subject is the request id). No NIK, no verification
code and no letter content appear here: a notifier or a statistics job needs the request id, the resident
id, the type and the state, and reads anything else through the letters API.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal
from uuid import UUID

from balai.contracts.base import EventContract, event

Channel = Literal["pwa", "kiosk", "counter"]
"""Where a request came from: the resident's phone, the village kiosk, or an operator at the counter."""
StaffRole = Literal["operator", "kades"]

_REQUEST_ID = "0193a1b2-7c4d-7e5f-8a6b-1c2d3e4f5a6b"
_RESIDENT_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e"
_OPERATOR = "0193a0f1-2b3c-7d4e-9f5a-6b7c8d9e0f1a"
_KADES = "0193a0f1-2b3c-7d4e-9f5a-6b7c8d9e0f2b"
_NUMBER = "470/012/33.17.09.2016/XI/2026"


@event
class LetterRequestSubmittedV1(EventContract):
    """A resident (or an operator on a resident's behalf) asked for a letter; also sent when a returned
    request is handed in again (`resubmission` true)."""

    event_type: ClassVar[str] = "letters.request.submitted"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    type_title: str
    channel: Channel
    submitted_by: str
    """Token subject of whoever pressed submit: the resident id, or the operator's account id."""
    resubmission: bool = False
    attachments: int = 0
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "type_title": "Surat Keterangan Domisili",
        "channel": "pwa",
        "submitted_by": _RESIDENT_ID,
        "resubmission": False,
        "attachments": 1,
    }


@event
class LetterRequestVerifiedV1(EventContract):
    """An operator checked the request against the register and the attached documents."""

    event_type: ClassVar[str] = "letters.request.verified"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    verified_by: str
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "verified_by": _OPERATOR,
    }


@event
class LetterRequestReturnedV1(EventContract):
    """Village staff returned the request to the resident with a reason; the resident may fix it and
    submit it again."""

    event_type: ClassVar[str] = "letters.request.returned"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    reason: str
    returned_by: str
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "reason": "Foto surat pengantar RT/RW tidak terbaca, mohon unggah ulang.",
        "returned_by": _OPERATOR,
    }


@event
class LetterRequestRejectedV1(EventContract):
    """Village staff refused the request for good (for example: the applicant does not live here)."""

    event_type: ClassVar[str] = "letters.request.rejected"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    reason: str
    rejected_by: str
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "sktm",
        "reason": "Pemohon tercatat sebagai penerima gaji tetap; SKTM tidak dapat diberikan.",
        "rejected_by": _OPERATOR,
    }


@event
class LetterRequestCheckedV1(EventContract):
    """The village secretary checked a verified request (only where the village asks for this step)."""

    event_type: ClassVar[str] = "letters.request.checked"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    checked_by: str
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "checked_by": "0193a0f1-2b3c-7d4e-9f5a-6b7c8d9e0f3c",
    }


@event
class LetterSignedV1(EventContract):
    """The letter was signed and numbered; its PDF is rendered from this event (off the request path)."""

    event_type: ClassVar[str] = "letters.letter.signed"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    number: str
    issued_on: date
    valid_until: date | None
    key_id: str
    """The village signing key that signs the letter's QR (public keys: GET /villages/{code}/keys)."""
    signed_by: str
    signer_role: StaffRole
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "number": _NUMBER,
        "issued_on": "2026-11-23",
        "valid_until": "2027-05-22",
        "key_id": "K3QF7B2M",
        "signed_by": _KADES,
        "signer_role": "kades",
    }


@event
class LetterIssuedV1(EventContract):
    """The signed letter's PDF is rendered and archived: the resident can download or print it now."""

    event_type: ClassVar[str] = "letters.letter.issued"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    type_title: str
    number: str
    pdf_sha256: str
    pdf_bytes: int
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "type_title": "Surat Keterangan Domisili",
        "number": _NUMBER,
        "pdf_sha256": "9c1185a5c5e9fc54612808977ee8f548b2258d31b6f1b1c6b7b54a3c5f2e4d1a",
        "pdf_bytes": 48213,
    }


@event
class LetterRevokedV1(EventContract):
    """Village staff revoked a signed letter; its verification page shows it as revoked from now on."""

    event_type: ClassVar[str] = "letters.letter.revoked"
    request_id: UUID
    village_code: str
    resident_id: UUID
    type_code: str
    number: str
    reason: str
    revoked_by: str
    example: ClassVar[dict[str, Any]] = {
        "request_id": _REQUEST_ID,
        "village_code": "33.17.09.2016",
        "resident_id": _RESIDENT_ID,
        "type_code": "domisili",
        "number": _NUMBER,
        "reason": "Alamat domisili salah ketik; diganti surat baru.",
        "revoked_by": _OPERATOR,
    }
