"""Events published by the identity service.

No full NIK or KK number ever appears here: residents are named by id, and where another service must
match a NIK it gets `nik_hash` (HMAC-SHA256 with the deployment's shared `nik_hash_key`, see
`balai.common.privacy`). Services build their read models of residents from these events.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from balai.contracts.base import EventContract, event

ResidentStatus = Literal["living", "moved", "deceased", "missing"]

_RESIDENT_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e"
_FAMILY_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d20"
_NIK_HASH = "5f2b7c8e0a6d4f1e9b3c2a7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f"


class Address(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    street: str = ""


class ResidentProfile(BaseModel):
    """What other services may know of a resident (no NIK, no KK)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    name: str
    sex: Literal["male", "female"]
    birth_place: str
    birth_date: date
    religion: str
    marital_status: str
    occupation: str
    education: str = ""
    nationality: str = "WNI"
    address: Address
    relationship: str
    """Position in the family (kk_level): head, spouse, child..."""
    status: ResidentStatus = "living"


_PROFILE: dict[str, Any] = {
    "name": "Siti Aminah",
    "sex": "female",
    "birth_place": "Rembang",
    "birth_date": "1990-01-05",
    "religion": "islam",
    "marital_status": "married",
    "occupation": "wiraswasta",
    "education": "slta",
    "nationality": "WNI",
    "address": {"dusun": "Krajan", "rw": "002", "rt": "003", "street": ""},
    "relationship": "spouse",
    "status": "living",
}


@event
class VillageEnabledV1(EventContract):
    """A regency admin enabled a village on this deployment; services may now serve its residents."""

    event_type: ClassVar[str] = "identity.village.enabled"
    village_code: str
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str
    example: ClassVar[dict[str, Any]] = {
        "village_code": "33.17.09.2016",
        "name": "Mojowarno",
        "district_code": "33.17.09",
        "district_name": "Kaliori",
        "regency_code": "33.17",
        "regency_name": "Kabupaten Rembang",
    }


@event
class ResidentRegisteredV1(EventContract):
    """A resident was added to a village's register (by an operator or an import)."""

    event_type: ClassVar[str] = "identity.resident.registered"
    resident_id: UUID
    village_code: str
    family_id: UUID | None
    nik_hash: str
    nik_masked: str
    profile: ResidentProfile
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "family_id": _FAMILY_ID,
        "nik_hash": _NIK_HASH,
        "nik_masked": "331709**********",
        "profile": _PROFILE,
    }


@event
class ResidentUpdatedV1(EventContract):
    """A resident's data changed; `profile` is the whole new profile, `changed` names the fields."""

    event_type: ClassVar[str] = "identity.resident.updated"
    resident_id: UUID
    village_code: str
    family_id: UUID | None
    profile: ResidentProfile
    changed: list[str]
    nik_hash: str | None = None
    """Set only when the NIK itself was corrected: the new keyed hash (match it instead of the old one)."""
    nik_masked: str | None = None
    """Set only when the NIK itself was corrected."""
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "family_id": _FAMILY_ID,
        "profile": _PROFILE,
        "changed": ["occupation"],
    }


@event
class ResidentMovedV1(EventContract):
    """A resident moved out of the village; the record stays, with status `moved`."""

    event_type: ClassVar[str] = "identity.resident.moved"
    resident_id: UUID
    village_code: str
    moved_on: date
    destination: str = ""
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "moved_on": "2026-10-01",
        "destination": "Kota Semarang",
    }


@event
class ResidentDiedV1(EventContract):
    """A resident's death was recorded; their record stays, with status `deceased`."""

    event_type: ClassVar[str] = "identity.resident.died"
    resident_id: UUID
    village_code: str
    died_on: date
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "died_on": "2026-11-02",
    }


class FamilyMember(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    resident_id: UUID
    relationship: str


@event
class FamilyChangedV1(EventContract):
    """A family (kartu keluarga) was created or its members changed; `members` is the full new list."""

    event_type: ClassVar[str] = "identity.family.changed"
    family_id: UUID
    village_code: str
    kk_hash: str
    head_resident_id: UUID | None
    members: list[FamilyMember]
    example: ClassVar[dict[str, Any]] = {
        "family_id": _FAMILY_ID,
        "village_code": "33.17.09.2016",
        "kk_hash": _NIK_HASH,
        "head_resident_id": _RESIDENT_ID,
        "members": [{"resident_id": _RESIDENT_ID, "relationship": "head"}],
    }


@event
class PinIssuedV1(EventContract):
    """An operator issued or reset a resident's PIN. The PIN itself is not in the event: a notifier
    fetches it once with `delivery_id` (it is erased after delivery or expiry)."""

    event_type: ClassVar[str] = "identity.pin.issued"
    resident_id: UUID
    village_code: str
    delivery_id: UUID
    channel: Literal["whatsapp", "sms", "handover"]
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "delivery_id": "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d30",
        "channel": "whatsapp",
    }


@event
class CardBoundV1(EventContract):
    """An e-KTP card (by its chip UID) was bound to a resident."""

    event_type: ClassVar[str] = "identity.card.bound"
    resident_id: UUID
    village_code: str
    card_ref: str
    """A keyed hash of the card UID, never the UID itself."""
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "card_ref": "c1d2e3f4a5b6c7d8",
    }


@event
class CardUnboundV1(EventContract):
    """An e-KTP card binding was removed (lost card, replaced card, mistaken binding)."""

    event_type: ClassVar[str] = "identity.card.unbound"
    resident_id: UUID
    village_code: str
    card_ref: str
    reason: str
    example: ClassVar[dict[str, Any]] = {
        "resident_id": _RESIDENT_ID,
        "village_code": "33.17.09.2016",
        "card_ref": "c1d2e3f4a5b6c7d8",
        "reason": "lost",
    }


@event
class DeviceEnrolledV1(EventContract):
    """A kiosk (Anjungan Desa Mandiri) was enrolled for a village with its own public key."""

    event_type: ClassVar[str] = "identity.device.enrolled"
    device_id: UUID
    village_code: str
    name: str
    example: ClassVar[dict[str, Any]] = {
        "device_id": "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d40",
        "village_code": "33.17.09.2016",
        "name": "ADM Balai Desa Mojowarno",
    }


_NOTICE_ID = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d50"


@event
class NoticePublishedV1(EventContract):
    """A village published a notice (pengumuman desa). The text is public: read the body at
    `GET /villages/{code}/notices/{notice_id}` (identity). No author, no personal number: the title is
    checked for 16-digit numbers before it is published. Later edits emit nothing."""

    event_type: ClassVar[str] = "identity.notice.published"
    notice_id: UUID
    village_code: str
    title: str
    category: str
    """umum, bantuan, kesehatan, pembangunan, keamanan or kegiatan (more may come: treat unknown as umum)."""
    pinned: bool
    published_at: datetime
    expires_on: date | None = None
    """Shown publicly through this day (the village's time zone); none = until archived."""
    example: ClassVar[dict[str, Any]] = {
        "notice_id": _NOTICE_ID,
        "village_code": "33.17.09.2016",
        "title": "Pencairan BLT-DD tahap 3 tanggal 5 Desember di balai desa",
        "category": "bantuan",
        "pinned": True,
        "published_at": "2026-11-24T01:30:00Z",
        "expires_on": "2026-12-05",
    }


@event
class NoticeArchivedV1(EventContract):
    """A village took a notice off its public board (archived); it stays in the operator's list."""

    event_type: ClassVar[str] = "identity.notice.archived"
    notice_id: UUID
    village_code: str
    archived_at: datetime
    example: ClassVar[dict[str, Any]] = {
        "notice_id": _NOTICE_ID,
        "village_code": "33.17.09.2016",
        "archived_at": "2026-12-06T02:00:00Z",
    }
