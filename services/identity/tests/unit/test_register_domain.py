"""The register's pure rules: NIK/KK errors vs flags, what changed, families, profiles, API input and answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest

from balai.identity.regions import RegionIndex
from balai.identity.register_domain import (
    RegisterInvalid,
    Resident,
    ResidentFields,
    changed_fields,
    check_resident,
    family_members,
    member,
    merge,
    profile_of,
)
from balai.identity.register_schemas import ResidentDetails, ResidentIn, ResidentOut, ResidentPatch
from balai.identity.schemas import ResidentDocumentOut
from balai.identity.vocab import Religion, Sex

TODAY = dt.date(2025, 6, 1)
SITI = ResidentFields(
    nik="3317094501900001",
    kk_number="3317090101100001",
    name="Siti Aminah",
    sex="female",
    birth_date=dt.date(1990, 1, 5),
    relationship="head",
    religion="islam",
    dusun="Krajan",
)


def stored(data: ResidentFields = SITI, **overrides: Any) -> Resident:
    values = {f.name: getattr(data, f.name) for f in dataclasses.fields(ResidentFields) if f.name != "kk_number"}
    values["extras"] = dict(data.extras)
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    values.update(
        id=uuid.uuid4(),
        village="3317092016",
        family_id=uuid.uuid4(),
        nik_hash="h" * 64,
        status="living",
        status_date=None,
        status_note="",
        review_flags=[],
        created_at=stamp,
        updated_at=stamp,
    )
    values.update(overrides)
    return Resident(**values)


def test_consistent_resident_has_no_flags(regions: RegionIndex) -> None:
    assert check_resident(SITI, regions=regions, today=TODAY) == []


def test_every_broken_rule_is_listed(regions: RegionIndex) -> None:
    bad = dataclasses.replace(SITI, nik="9917099913900000", kk_number="33170", birth_date=dt.date(2030, 1, 1))
    with pytest.raises(RegisterInvalid) as caught:
        check_resident(bad, regions=regions, today=TODAY)
    codes = [i.code for i in caught.value.issues]
    assert codes == [
        "birth_date.out_of_range",
        "nik.district_unknown",
        "nik.birth_day_invalid",
        "nik.serial_zero",
        "kk.format",
    ]
    assert all(i.message.endswith(".") for i in caught.value.issues)  # explained, in Indonesian


def test_disagreements_are_flags_with_their_column(regions: RegionIndex) -> None:
    slip = dataclasses.replace(SITI, sex="male", birth_date=dt.date(1990, 1, 6), kk_number="3317093202100001")
    flags = check_resident(slip, regions=regions, today=TODAY)
    assert [(f["code"], f["column"]) for f in flags] == [
        ("nik.sex_mismatch", "nik"),
        ("nik.birth_date_mismatch", "nik"),
        ("kk.issue_date_invalid", "kk_number"),
    ]
    no_kk = dataclasses.replace(SITI, kk_number=None)
    assert check_resident(no_kk, regions=regions, today=TODAY) == []


def test_changed_fields_and_merge() -> None:
    current = stored()
    assert changed_fields(current, SITI.kk_number, SITI) == []
    assert changed_fields(current, SITI.kk_number, SITI, "living") == []
    edited = merge(current, SITI.kk_number, {"occupation": "guru", "rt": "003"})
    assert changed_fields(current, SITI.kk_number, edited) == ["occupation", "rt"]
    assert changed_fields(current, "3317090202100002", SITI, "deceased") == ["kk_number", "status"]
    assert merge(current, None, {"kk_number": "3317090202100002"}).kk_number == "3317090202100002"
    with pytest.raises(KeyError):
        merge(current, None, {"status": "moved"})


def test_family_members_are_living_or_missing_head_first() -> None:
    head = stored(relationship="head", birth_date=dt.date(1980, 1, 1))
    child = stored(relationship="child", birth_date=dt.date(2010, 1, 1))
    wife = stored(relationship="wife", birth_date=dt.date(1985, 1, 1), status="missing")
    gone = stored(relationship="child", status="moved")
    dead = stored(relationship="parent", status="deceased")
    head_id, members = family_members([child, gone, wife, dead, head])
    assert head_id == head.id
    assert [m.resident_id for m in members] == [head.id, wife.id, child.id]
    assert family_members([child]) == (None, [members[2]])


def test_profile_carries_no_numbers() -> None:
    profile = profile_of(stored(phone="0812"), None)
    dumped = profile.model_dump_json()
    assert SITI.nik not in dumped
    assert "0812" not in dumped
    assert (profile.sex, profile.address.dusun, profile.status) == ("female", "Krajan", "living")
    assert profile_of(SITI, "deceased").status == "deceased"


def test_member_lookup() -> None:
    assert member(Sex, "female") is Sex.FEMALE
    assert member(Religion, "nope") is None


def test_api_input_is_normalised() -> None:
    body = ResidentIn.model_validate(
        {
            "nik": " 3317094501900001 ",
            "name": "Siti",
            "sex": "female",
            "birth_date": "1990-01-05",
            "relationship": "head",
            "address": {"rw": "1", "rt": "0", "dusun": " Krajan "},
        }
    )
    fields = body.fields()
    assert (fields.nik, fields.rw, fields.rt, fields.dusun, fields.religion) == (
        "3317094501900001",
        "001",
        "",
        "Krajan",
        "",
    )
    assert (fields.kk_number, fields.nationality) == (None, "indonesian")
    assert type(fields.sex) is str

    patch = ResidentPatch.model_validate({"address": {"rt": "5"}, "religion": None, "kk_number": None})
    assert patch.changes() == {"rt": "005", "religion": "", "kk_number": None}
    with pytest.raises(ValueError, match="name"):
        ResidentPatch.model_validate({"name": None}).changes()
    with pytest.raises(ValueError, match="extra"):
        ResidentPatch.model_validate({"status": "moved"})


def test_resident_answers_share_the_register_fields_and_keep_their_key_order() -> None:
    """Both answers inherit ResidentDetails between their keys and the rest (pydantic lays out inherited
    fields from the last base to the first): the JSON keeps the order it had before they shared it."""
    resident = stored()
    details = ResidentDetails.values_of(resident)
    answer = ResidentOut.of(resident, SITI.kk_number, full=False).model_dump()
    document = ResidentDocumentOut.of(resident, SITI.kk_number).model_dump()
    keys = ["id", "village_code", "family_id", "nik", "nik_masked", "kk_number"]
    rest = ["address", "phone", "status", "status_date", "status_note", "review_flags", "extras"]
    assert list(answer) == [*keys, *details, *rest, "created_at", "updated_at"]
    assert list(document) == ["resident_id", "village", "nik", "kk_number", *details, "status", "address"]
    assert {k: answer[k] for k in details} == details == {k: document[k] for k in details}
    assert details["name"] == "Siti Aminah"
    assert (document["nik"], document["kk_number"]) == (SITI.nik, SITI.kk_number)
    assert answer["nik"] != SITI.nik
    assert document["address"] == answer["address"] == {"dusun": "Krajan", "rw": "", "rt": "", "street": ""}
