"""The village register's rules (pure, no I/O): residents, families, review flags and profiles.

A resident's register fields (:class:`ResidentFields`) come from an operator's form or an import row.
:func:`check_resident` applies the NIK/KK rules of :mod:`balai.identity.nik`: a broken rule is an error
(:class:`RegisterInvalid`, listing every issue in Indonesian); a valid NIK that disagrees with the record
is accepted with review flags. :func:`changed_fields` compares a stored resident with new fields, so an
update or a re-import that changes nothing emits nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar
from uuid import UUID

from balai.contracts.identity import Address, FamilyMember, ResidentProfile
from balai.identity.nik import NikIssue, check_kk, check_nik, mask_nik
from balai.identity.regions import DistrictLookup, dotted_code
from balai.identity.vocab import FamilyRelationship, LabelledEnum, ResidentStatus, Sex

OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)
#: Changing one of these re-checks the NIK and replaces the review flags; other edits keep them.
FLAG_SOURCES = frozenset({"nik", "kk_number", "sex", "birth_date"})
#: Statuses whose residents are members of their family (moved-out and deceased residents are not).
MEMBER_STATUSES = (ResidentStatus.LIVING.value, ResidentStatus.MISSING.value)


class RegisterInvalid(ValueError):
    """Rules broken by the submitted data; ``issues`` are (code, Indonesian message) pairs."""

    def __init__(self, issues: Sequence[NikIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = tuple(issues)


@dataclass(frozen=True, slots=True)
class Village:
    code: str  # compact, 10 digits
    name: str
    district_code: str  # compact, 6 digits
    district_name: str
    regency_code: str  # compact, 4 digits
    regency_name: str
    province_name: str
    head_name: str
    address: str
    phone: str
    email: str
    has_logo: bool
    enabled_at: dt.datetime
    enabled_by: str

    @property
    def dotted_code(self) -> str:
        return dotted_code(self.code)


@dataclass(frozen=True, slots=True)
class ResidentFields:
    """What an operator or an import sets on a resident (the status changes by move/death only)."""

    nik: str
    kk_number: str | None
    name: str
    sex: str
    birth_date: dt.date
    relationship: str
    birth_place: str = ""
    religion: str = ""
    marital_status: str = ""
    occupation: str = ""
    education: str = ""
    nationality: str = "indonesian"
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    street: str = ""
    phone: str = ""
    extras: Mapping[str, Any] = field(default_factory=dict)


#: Fields stored on the resident row as they are (kk_number lives on the family).
ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ResidentFields) if f.name != "kk_number")
#: Fields that other services see (through ResidentProfile); a change of any other field emits nothing.
PROFILE_FIELDS = frozenset(
    {
        "name",
        "sex",
        "birth_place",
        "birth_date",
        "religion",
        "marital_status",
        "occupation",
        "education",
        "nationality",
        "relationship",
        "dusun",
        "rw",
        "rt",
        "street",
        "status",
    }
)


@dataclass(frozen=True, slots=True)
class Resident:
    """A stored resident."""

    id: UUID
    village: str
    family_id: UUID | None
    nik: str
    nik_hash: str
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
    dusun: str
    rw: str
    rt: str
    street: str
    phone: str
    status: str
    status_date: dt.date | None
    status_note: str
    review_flags: list[dict[str, Any]]
    extras: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES


@dataclass(frozen=True, slots=True)
class Family:
    id: UUID
    village: str
    kk_number: str
    kk_hash: str


E = TypeVar("E", bound=LabelledEnum)


def member(enum: type[E], value: str) -> E | None:
    """The member of ``enum`` with this value, or None."""
    return next((m for m in enum if m.value == value), None)


# -- checks ---------------------------------------------------------------------------------------------


def flag_dict(issue: NikIssue, column: str | None = None) -> dict[str, Any]:
    flag: dict[str, Any] = {"code": issue.code, "message": issue.message}
    if column is not None:
        flag["column"] = column
    return flag


def check_resident(data: ResidentFields, *, regions: DistrictLookup, today: dt.date) -> list[dict[str, Any]]:
    """The review flags of ``data``; raises :class:`RegisterInvalid` listing every broken rule."""
    errors: list[NikIssue] = []
    flags: list[dict[str, Any]] = []
    if not OLDEST_BIRTH_DATE <= data.birth_date <= today:
        errors.append(
            NikIssue(
                "birth_date.out_of_range",
                f"Tanggal lahir {data.birth_date:%d-%m-%Y} tidak mungkin (di masa depan atau sebelum 1900).",
            )
        )
    checked = check_nik(data.nik, sex=member(Sex, data.sex), birth_date=data.birth_date, regions=regions, today=today)
    errors.extend(checked.errors)
    flags.extend(flag_dict(i, "nik") for i in checked.flags)
    if data.kk_number is not None:
        kk = check_kk(data.kk_number, regions=regions, today=today)
        errors.extend(kk.errors)
        flags.extend(flag_dict(i, "kk_number") for i in kk.flags)
    if errors:
        raise RegisterInvalid(errors)
    return flags


def changed_fields(
    current: Resident, current_kk: str | None, new: ResidentFields, new_status: str | None = None
) -> list[str]:
    """Names of the fields ``new`` changes on ``current`` (``kk_number`` for a change of family)."""
    changed = [name for name in ROW_FIELDS if getattr(current, name) != getattr(new, name)]
    if current_kk != new.kk_number:
        changed.append("kk_number")
    if new_status is not None and new_status != current.status:
        changed.append("status")
    return changed


def merge(current: Resident, current_kk: str | None, patch: Mapping[str, Any]) -> ResidentFields:
    """The resident's fields with ``patch`` (field name -> new value) applied."""
    values: dict[str, Any] = {name: getattr(current, name) for name in ROW_FIELDS}
    values["kk_number"] = current_kk
    unknown = set(patch) - set(values)
    if unknown:
        raise KeyError(f"not resident fields: {sorted(unknown)}")
    values.update(patch)
    return ResidentFields(**values)


# -- what others see ------------------------------------------------------------------------------------


def profile_of(resident: Resident | ResidentFields, status: str | None = None) -> ResidentProfile:
    """The resident as other services may know them: no NIK, no KK, no phone."""
    return ResidentProfile(
        name=resident.name,
        sex="female" if resident.sex == Sex.FEMALE.value else "male",
        birth_place=resident.birth_place,
        birth_date=resident.birth_date,
        religion=resident.religion,
        marital_status=resident.marital_status,
        occupation=resident.occupation,
        education=resident.education,
        nationality=resident.nationality,
        address=Address(dusun=resident.dusun, rw=resident.rw, rt=resident.rt, street=resident.street),
        relationship=resident.relationship,
        status=status or getattr(resident, "status", ResidentStatus.LIVING.value),
    )


def family_members(residents: Iterable[Resident]) -> tuple[UUID | None, list[FamilyMember]]:
    """(head resident id, members) of a family: its living and missing residents, head first."""
    members = sorted(
        (r for r in residents if r.is_member),
        key=lambda r: (r.relationship != FamilyRelationship.HEAD.value, r.birth_date, str(r.id)),
    )
    head = next((r.id for r in members if r.relationship == FamilyRelationship.HEAD.value), None)
    return head, [FamilyMember(resident_id=r.id, relationship=r.relationship) for r in members]


def masked(nik: str, full: bool) -> str:
    return nik if full else mask_nik(nik)
