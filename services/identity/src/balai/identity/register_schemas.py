"""Request and response bodies of the register's village, resident and family routes (pydantic), and the
mapping from domain objects. The statistics answers are in :mod:`balai.identity.register_stats_schemas`, the
import report in :mod:`balai.identity.imports_schemas`."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from balai.common.timestamps import UtcDateTime
from balai.identity.nik import mask_kk, mask_nik
from balai.identity.regions import dotted_code
from balai.identity.register_domain import Resident, ResidentFields, Village
from balai.identity.vocab import (
    Citizenship,
    Education,
    FamilyRelationship,
    LabelledEnum,
    MaritalStatus,
    Occupation,
    Religion,
    ResidentStatus,
    Sex,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Digits16 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
BirthPlace = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
_PHONE_CHARS = r"^[0-9+() .\-]*$"
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=30, pattern=_PHONE_CHARS)]
ResidentPhone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20, pattern=_PHONE_CHARS)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=120, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
_STRICT = ConfigDict(extra="forbid")


def _rt_rw(value: Any) -> Any:
    """``"1"`` -> ``"001"``, ``"0"``/``"-"`` -> ``""``: the form OpenSID imports use too."""
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        s = value.strip()
        if s in ("", "-") or (s.isdigit() and int(s) == 0):
            return ""
        return s.zfill(3) if s.isdigit() else s.upper()
    return value


# -- villages -------------------------------------------------------------------------------------------


class VillageEnableIn(BaseModel):
    model_config = _STRICT
    code: str = Field(description="Kemendagri village code, dotted (33.17.09.2016) or compact (3317092016)")


class VillageProfileIn(BaseModel):
    model_config = _STRICT
    head_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    phone: Phone | None = None
    email: Email | None = None


class PublicVillageOut(BaseModel):
    code: str
    name: str
    district: str


class VillageOut(BaseModel):
    code: str
    compact_code: str
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str
    province_name: str
    head_name: str
    address: str
    phone: str
    email: str
    has_logo: bool
    logo_url: str | None
    enabled_at: UtcDateTime

    @classmethod
    def of(cls, v: Village) -> VillageOut:
        return cls(
            code=v.dotted_code,
            compact_code=v.code,
            name=v.name,
            district_code=dotted_code(v.district_code),
            district_name=v.district_name,
            regency_code=dotted_code(v.regency_code),
            regency_name=v.regency_name,
            province_name=v.province_name,
            head_name=v.head_name,
            address=v.address,
            phone=v.phone,
            email=v.email,
            has_logo=v.has_logo,
            logo_url=f"villages/{v.code}/logo" if v.has_logo else None,
            enabled_at=v.enabled_at,
        )


class LogoStoredOut(BaseModel):
    stored: Literal["image/png"] = Field(description="the logo is kept as PNG, whatever was sent")
    bytes: int = Field(description="size of the stored PNG")


# -- residents ------------------------------------------------------------------------------------------


class AddressIn(BaseModel):
    model_config = _STRICT
    dusun: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    rw: Annotated[str, StringConstraints(max_length=5)] = ""
    rt: Annotated[str, StringConstraints(max_length=5)] = ""
    street: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""

    _pad = field_validator("rw", "rt", mode="before")(_rt_rw)


class ResidentIn(BaseModel):
    """A resident registered by an operator."""

    model_config = _STRICT
    nik: Digits16
    kk_number: Digits16 | None = Field(None, description="creates the family (KK) or joins it")
    name: Name
    sex: Sex
    birth_place: BirthPlace = ""
    birth_date: dt.date
    religion: Religion | None = None
    marital_status: MaritalStatus | None = None
    occupation: Occupation | None = None
    education: Education | None = None
    nationality: Citizenship = Citizenship.INDONESIAN
    relationship: FamilyRelationship
    address: AddressIn = AddressIn()
    phone: ResidentPhone = ""

    def fields(self) -> ResidentFields:
        return ResidentFields(**flatten(self.model_dump()))


class ResidentPatch(BaseModel):
    """Corrections to a resident; only the fields given change. The status changes by move/death."""

    model_config = _STRICT
    nik: Digits16 | None = None
    kk_number: Digits16 | None = None
    name: Name | None = None
    sex: Sex | None = None
    birth_place: BirthPlace | None = None
    birth_date: dt.date | None = None
    religion: Religion | None = None
    marital_status: MaritalStatus | None = None
    occupation: Occupation | None = None
    education: Education | None = None
    nationality: Citizenship | None = None
    relationship: FamilyRelationship | None = None
    address: AddressIn | None = None
    phone: ResidentPhone | None = None

    def changes(self) -> dict[str, Any]:
        """Field -> new value for the fields sent; an optional coded field sent as null becomes ``""``."""
        given = self.model_dump(exclude_unset=True)
        required = {"nik", "name", "sex", "birth_date", "relationship", "nationality"}
        if missing := [k for k in required if k in given and given[k] is None]:
            raise ValueError(f"cannot be empty: {', '.join(sorted(missing))}")
        if "address" in given and given["address"] is None:
            given.pop("address")
        if "address" in given:
            given.update(given.pop("address"))
        return {k: ("" if v is None and k != "kk_number" else _plain(v)) for k, v in given.items()}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def flatten(body: dict[str, Any]) -> dict[str, Any]:
    """A ResidentIn dump as ResidentFields keyword arguments (address flattened, enums as values)."""
    values = {k: v for k, v in body.items() if k != "address"}
    values.update(body.get("address") or {})
    return {k: ("" if v is None and k != "kk_number" else _plain(v)) for k, v in values.items()}


class MoveIn(BaseModel):
    model_config = _STRICT
    moved_on: dt.date
    destination: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class DeathIn(BaseModel):
    model_config = _STRICT
    died_on: dt.date
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class ReviewFlagOut(BaseModel):
    code: str
    message: str
    column: str | None = None


class AddressOut(BaseModel):
    dusun: str
    rw: str
    rt: str
    street: str

    @classmethod
    def of(cls, r: Resident) -> AddressOut:
        return cls(dusun=r.dusun, rw=r.rw, rt=r.rt, street=r.street)


class ResidentDetails(BaseModel):
    """The register fields that the resident answer and a letter's document data both carry, in this order.

    The answers inherit them after their keys: pydantic lays out inherited fields from the last base to the
    first, so ``class A(ResidentDetails, Keys)`` has Keys' fields, then these, then A's own.
    """

    name: str
    sex: str
    birth_place: str
    birth_date: dt.date
    religion: str
    marital_status: str
    occupation: str
    education: str
    nationality: str
    relationship: str

    @staticmethod
    def values_of(r: Resident) -> dict[str, Any]:
        """These fields' values on ``r``."""
        return {name: getattr(r, name) for name in ResidentDetails.model_fields}


class _ResidentKeys(BaseModel):
    id: UUID
    village_code: str
    family_id: UUID | None
    nik: str = Field(description="full for the village's own staff and the resident; masked otherwise")
    nik_masked: str
    kk_number: str | None


class ResidentOut(ResidentDetails, _ResidentKeys):
    address: AddressOut
    phone: str
    status: str
    status_date: dt.date | None
    status_note: str
    review_flags: list[ReviewFlagOut]
    extras: dict[str, Any] | None = Field(None, description="OpenSID columns kept verbatim (full view only)")
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(cls, r: Resident, kk_number: str | None, *, full: bool) -> ResidentOut:
        return cls(
            id=r.id,
            village_code=dotted_code(r.village),
            family_id=r.family_id,
            nik=r.nik if full else mask_nik(r.nik),
            nik_masked=mask_nik(r.nik),
            kk_number=None if kk_number is None else kk_number if full else mask_kk(kk_number),
            **ResidentDetails.values_of(r),
            address=AddressOut.of(r),
            phone=r.phone,
            status=r.status,
            status_date=r.status_date,
            status_note=r.status_note,
            review_flags=[ReviewFlagOut(**f) for f in r.review_flags],
            extras=r.extras if full else None,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )


class ResidentPage(BaseModel):
    items: list[ResidentOut]
    total: int
    page: int
    size: int


class FamilyOut(BaseModel):
    id: UUID
    village_code: str
    kk_number: str
    head_resident_id: UUID | None
    members: list[ResidentOut] = Field(description="every resident of the KK; moved/deceased ones by status")


class VocabularyItem(BaseModel):
    value: str
    label: str


class VocabulariesOut(BaseModel):
    """Values and Indonesian labels of the register's coded fields."""

    sex: list[VocabularyItem]
    religion: list[VocabularyItem]
    education: list[VocabularyItem]
    marital_status: list[VocabularyItem]
    occupation: list[VocabularyItem]
    relationship: list[VocabularyItem]
    nationality: list[VocabularyItem]
    status: list[VocabularyItem]


def _items(enum: type[LabelledEnum]) -> list[VocabularyItem]:
    return [VocabularyItem(value=m.value, label=m.label) for m in enum]


VOCABULARIES = VocabulariesOut(
    sex=_items(Sex),
    religion=_items(Religion),
    education=_items(Education),
    marital_status=_items(MaritalStatus),
    occupation=_items(Occupation),
    relationship=_items(FamilyRelationship),
    nationality=_items(Citizenship),
    status=_items(ResidentStatus),
)
