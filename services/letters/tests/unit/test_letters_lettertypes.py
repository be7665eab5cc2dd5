import datetime as dt
import re

import pydantic
import pytest

from balai.letters.definitions import FieldDef, field_problems, fields_model, sample_values
from balai.letters.lettertypes import CATALOGUE, get_letter_type

REQUIRED_TITLES = {
    "Surat Keterangan Domisili",
    "Surat Keterangan Usaha",
    "Pengantar Nikah",
    "Surat Keterangan Tidak Mampu",
    "Surat Keterangan Kelahiran",
    "Surat Keterangan Kematian",
    "Surat Pengantar SKCK",
    "Surat Keterangan Pindah",
    "Surat Keterangan Belum Menikah",
    "Surat Keterangan Penghasilan",
    "Surat Pengantar KTP/KK",
    "Surat Keterangan",
}


def test_catalogue_has_every_required_type():
    assert {t.title for t in CATALOGUE.values()} == REQUIRED_TITLES
    assert get_letter_type("nikah-n1").singkatan == "N1"
    with pytest.raises(KeyError, match="known: domisili"):
        get_letter_type("surat-sakti")


def test_codes_abbreviations_and_classifications_are_sane():
    singkatan = [t.singkatan for t in CATALOGUE.values()]
    assert len(set(singkatan)) == len(singkatan), "[singkatan] must tell types apart in numbers"
    for code, lt in CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9-]{2,20}", code)
        assert re.fullmatch(r"\d{3}(\.\d{1,3})?", lt.kode_surat), lt
        assert lt.validity_days is None or 1 <= lt.validity_days <= 366
        assert lt.fields, lt
        assert field_problems(lt.fields) == []
    # civil registration uses 472.x (Pencatatan Sipil) of the standard list
    assert CATALOGUE["kelahiran"].kode_surat == "472.11"
    assert CATALOGUE["kematian"].kode_surat == "472.12"


def test_every_sample_validates_and_json_is_serialisable():
    import json

    for lt in CATALOGUE.values():
        values = lt.validate_fields(sample_values(lt.fields))
        assert set(values) == {f.name for f in lt.fields}
        json.dumps(lt.to_json())


def test_validation_rules():
    lt = CATALOGUE["kelahiran"]
    good = sample_values(lt.fields)
    with pytest.raises(pydantic.ValidationError, match="nama_bayi"):
        lt.validate_fields({k: v for k, v in good.items() if k != "nama_bayi"})
    with pytest.raises(pydantic.ValidationError, match="jenis_kelamin_bayi"):
        lt.validate_fields(good | {"jenis_kelamin_bayi": "L"})
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        lt.validate_fields(good | {"nik_bayi": "1"})
    with pytest.raises(pydantic.ValidationError, match="anak_ke"):
        lt.validate_fields(good | {"anak_ke": 0})
    values = lt.validate_fields(good | {"tanggal_lahir_bayi": "2026-10-30", "pukul_lahir": "  "})
    assert values["tanggal_lahir_bayi"] == dt.date(2026, 10, 30)
    assert values["pukul_lahir"] is None  # blank form input = not given

    kematian = CATALOGUE["kematian"]
    with pytest.raises(pydantic.ValidationError, match="nik_almarhum"):
        kematian.validate_fields(sample_values(kematian.fields) | {"nik_almarhum": "12345"})


def test_form_model_is_cached_and_descriptive():
    lt = CATALOGUE["usaha"]
    assert fields_model(lt.fields) is fields_model(lt.fields)
    schema = fields_model(lt.fields).model_json_schema()
    assert schema["properties"]["nama_usaha"]["description"] == "Nama usaha"
    assert "mulai_usaha" not in schema["required"]


def test_valid_until():
    issued = dt.date(2026, 11, 23)
    assert CATALOGUE["domisili"].valid_until(issued) == dt.date(2027, 5, 22)
    assert CATALOGUE["kelahiran"].valid_until(issued) is None


def test_custom_field_definitions_are_checked():
    bad = (
        FieldDef("Nama", "Nama"),
        FieldDef("items", "Barang"),
        FieldDef("x", "", "choice"),
        FieldDef("y", "Y", pattern="("),
        FieldDef("y", "Y again", choices=("a",)),
    )
    problems = " | ".join(field_problems(bad))
    for expected in (
        "lowercase",
        "reserved",
        "needs a label",
        "needs at least one choice",
        "invalid pattern",
        "used twice",
        "not a choice field",
    ):
        assert expected in problems
    with pytest.raises(ValueError, match="reserved"):
        fields_model(bad)
