"""A village's letter types: adjusted standard types, own types, and templates vetted when saved."""

from __future__ import annotations

from balai.letters.definitions import FieldDef
from balai.letters.lettertypes import CATALOGUE
from balai.letters.village_types import (
    DEFAULT_DOCUMENTS,
    DocumentDef,
    TypeChange,
    apply_change,
    effective_types,
    type_from_snapshot,
    type_snapshot,
)

OWN = """{% extends "base.html" %}{% block isi %}<p>Ternak: {{ fields.jumlah }} ekor.</p>{% endblock %}"""
FIELDS = (FieldDef("jumlah", "Jumlah ternak", "number", min_value=1),)


def test_catalogue_is_the_default() -> None:
    types = effective_types([])
    assert set(types) == set(CATALOGUE)
    assert all(t.documents == DEFAULT_DOCUMENTS and t.enabled and not t.custom for t in types.values())


def test_standard_type_adjusted_and_back() -> None:
    row, problems = apply_change(
        "domisili", TypeChange(kode_surat="474", no_expiry=True, documents=(), title="Surat Keterangan Tinggal")
    )
    assert problems == []
    assert row is not None
    adjusted = effective_types([row])["domisili"]
    assert adjusted.letter_type.kode_surat == "474"
    assert adjusted.letter_type.validity_days is None
    assert adjusted.letter_type.title == "Surat Keterangan Tinggal"
    assert adjusted.letter_type.fields == CATALOGUE["domisili"].fields
    assert adjusted.documents == ()
    assert effective_types([])["domisili"].letter_type.kode_surat == "470"


def test_problems_are_all_reported() -> None:
    row, problems = apply_change("domisili", TypeChange(kode_surat="4x", singkatan="skd", validity_days=0))
    assert row is None
    assert len(problems) == 3
    _, fields = apply_change("domisili", TypeChange(fields=FIELDS))
    assert any("cannot change" in p for p in fields)
    _, docs = apply_change("domisili", TypeChange(documents=(DocumentDef("A b", ""), DocumentDef("A b", "x"))))
    assert len(docs) >= 3


def test_templates_are_test_rendered_when_saved() -> None:
    _, broken = apply_change("domisili", TypeChange(template="{% extends 'base.html' %}{% block isi %}{{ nope.x }}"))
    assert broken
    assert broken[0].startswith("template:")
    _, undefined = apply_change(
        "domisili", TypeChange(template="{% extends 'base.html' %}{% block isi %}{{ fields.tidak_ada }}{% endblock %}")
    )
    assert any("tidak_ada" in p for p in undefined)
    _, escape = apply_change("domisili", TypeChange(template="{{ ''.__class__.__mro__ }}" + OWN))
    assert escape
    row, ok = apply_change("domisili", TypeChange(template=OWN.replace("fields.jumlah", "fields.keperluan")))
    assert ok == []
    assert row is not None
    assert effective_types([row])["domisili"].template_source is not None


def test_own_types_need_everything_and_a_valid_template() -> None:
    _, missing = apply_change("ternak", TypeChange(fields=FIELDS))
    assert {"a village's own type needs title", "a village's own type needs a template"} <= set(missing)
    _, bad_code = apply_change("Ternak!", TypeChange(title="Surat", singkatan="S", kode_surat="524", template=OWN))
    assert bad_code
    _, reserved = apply_change(
        "ternak",
        TypeChange(
            title="Surat Ternak", singkatan="ST", kode_surat="524", template=OWN, fields=(FieldDef("keys", "K"),)
        ),
    )
    assert any("reserved" in p for p in reserved)
    row, problems = apply_change(
        "ternak",
        TypeChange(title="Surat Keterangan Ternak", singkatan="SKT", kode_surat="524", template=OWN, fields=FIELDS),
    )
    assert problems == []
    assert row is not None
    own = effective_types([row])["ternak"]
    assert own.custom
    assert own.letter_type.validate_fields({"jumlah": "3"}) == {"jumlah": 3}


def test_snapshot_round_trips() -> None:
    for letter_type in CATALOGUE.values():
        assert type_from_snapshot(type_snapshot(letter_type)) == letter_type
