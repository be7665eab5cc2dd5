"""Planning an import against the register: new, unchanged, updated, arrivals, and register-only errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from balai.identity.import_plan import fields_of, plan_import
from balai.identity.opensid import ImportPreview, parse_opensid_workbook
from balai.identity.regions import RegionIndex
from balai.identity.register_domain import Family, Resident

A, B = "3317092016", "3317092001"
TODAY = dt.date(2025, 6, 1)
Maker = Callable[..., Any]


def preview(rows: list[dict[str, Any]], make_xlsx: Maker, regions: RegionIndex) -> ImportPreview:
    return parse_opensid_workbook(make_xlsx(rows), regions=regions, today=TODAY)


def registered(p: ImportPreview, row: int, village: str = A, **changes: Any) -> Resident:
    """The register's row for a file row, as an earlier import of the same row would have stored it."""
    record = next(r.resident for r in p.rows if r.row == row)
    assert record is not None
    data = fields_of(record, None)
    values = {f.name: getattr(data, f.name) for f in dataclasses.fields(data) if f.name != "kk_number"}
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    values.update(
        id=uuid.uuid4(),
        village=village,
        family_id=uuid.UUID(int=1),
        nik_hash="h",
        status=record.status.value,
        status_date=None,
        status_note="",
        review_flags=[{"code": "reviewed-before", "message": "-"}],
        created_at=stamp,
        updated_at=stamp,
        extras=dict(data.extras),
    )
    values.update(changes)
    return Resident(**values)


def test_new_rows_and_new_families(make_resident: Maker, make_xlsx: Maker, regions: RegionIndex) -> None:
    p = preview([make_resident(), make_resident(nama="Budi", nik="3317091203880002", sex=1,
                 tanggallahir=dt.datetime(1988, 3, 12), kk_level=2)], make_xlsx, regions)  # fmt: skip
    plan = plan_import(A, p, existing={}, families={}, family_kk={}, cards={})
    assert [r.action for r in plan.rows] == ["new", "new"]
    assert plan.new_families == {"3317090101100001"}
    assert plan.rejected_rows == []
    first = plan.rows[0].fields
    assert (first.rw, first.street, first.extras["father_name"], first.nationality) == (
        "001",
        "Jl. Raya Mojowarno 1",
        "Sukardi",
        "indonesian",
    )


def test_identical_rows_are_unchanged_and_keep_their_review(
    make_resident: Maker, make_xlsx: Maker, regions: RegionIndex
) -> None:
    p = preview([make_resident()], make_xlsx, regions)
    current = registered(p, 2, phone="0812")
    family = Family(uuid.UUID(int=1), A, "3317090101100001", "k")
    plan = plan_import(
        A, p, existing={current.nik: current}, families={family.kk_number: family},
        family_kk={family.id: family.kk_number}, cards={},
    )  # fmt: skip
    (row,) = plan.rows
    assert (row.action, row.changed, row.fields.phone) == ("unchanged", (), "0812")
    assert row.flags == ({"code": "reviewed-before", "message": "-"},)
    assert plan.new_families == set()


def test_changes_status_and_family_moves_are_updates(
    make_resident: Maker, make_xlsx: Maker, regions: RegionIndex
) -> None:
    p = preview([make_resident(pekerjaan_id=65, status_dasar=2, no_kk="3317090202100002")], make_xlsx, regions)
    current = registered(preview([make_resident()], make_xlsx, regions), 2)
    family = Family(uuid.UUID(int=1), A, "3317090101100001", "k")
    plan = plan_import(
        A, p, existing={current.nik: current}, families={family.kk_number: family},
        family_kk={family.id: family.kk_number}, cards={},
    )  # fmt: skip
    (row,) = plan.rows
    assert (row.action, row.changed) == ("update", ("occupation", "kk_number", "status"))
    assert row.flags == ()  # the KK changed: the review flags are the file's now
    assert plan.new_families == {"3317090202100002"}


def test_a_file_adding_members_to_a_family_with_a_head_lacks_no_head(
    make_resident: Maker, make_xlsx: Maker, regions: RegionIndex
) -> None:
    child = make_resident(nama="Adi", nik="3317092007150003", sex=1, tanggallahir=dt.datetime(2015, 7, 20), kk_level=4)
    p = preview([child], make_xlsx, regions)
    assert [f.code for f in p.rows[0].flags] == ["family.no_head"]
    family = Family(uuid.UUID(int=1), A, "3317090101100001", "k")
    alone = plan_import(A, p, existing={}, families={family.kk_number: family}, family_kk={}, cards={})
    assert [f["code"] for f in alone.rows[0].file_flags] == ["family.no_head"]
    headed = plan_import(
        A, p, existing={}, families={family.kk_number: family}, family_kk={}, cards={}, headed={family.id}
    )
    assert headed.rows[0].file_flags == ()
    assert headed.rows[0].flags == ()


def test_register_conflicts(make_resident: Maker, make_xlsx: Maker, regions: RegionIndex) -> None:
    rows = [
        make_resident(),  # NIK living in village B
        make_resident(nik="3317091203880002", sex=1, tanggallahir=dt.datetime(1988, 3, 12), tag_id_card="3220338716"),
        make_resident(nik="3317092007150003", sex=1, tanggallahir=dt.datetime(2015, 7, 20), no_kk="3317090303100003"),
        make_resident(nik="3317092007150004", sex=1, tanggallahir=dt.datetime(2015, 7, 20), dusun="D" * 90),
    ]
    p = preview(rows, make_xlsx, regions)
    in_b = registered(p, 2, village=B)
    other_kk = Family(uuid.uuid4(), B, "3317090303100003", "k")
    plan = plan_import(
        A, p, existing={in_b.nik: in_b}, families={other_kk.kk_number: other_kk}, family_kk={},
        cards={"1C78F2BF": uuid.uuid4()},
    )  # fmt: skip
    assert {row: [i.code for i in issues] for row, issues in plan.rejected_rows} == {
        2: ["nik.other_village"],
        3: ["card.taken"],
        4: ["kk.other_village"],
        5: ["cell.too_long"],
    }
    assert plan.rows == []

    moved_away = registered(p, 2, village=B, status="moved")
    arrival = plan_import(A, p, existing={moved_away.nik: moved_away}, families={}, family_kk={}, cards={})
    assert [(r.row, r.action) for r in arrival.rows] == [(2, "arrival"), (3, "new"), (4, "new")]
    assert arrival.rows[1].bind_card == "1C78F2BF"
