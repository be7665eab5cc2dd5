from __future__ import annotations

import pytest

from balai.identity import regions as regions_module
from balai.identity.regions import Region, RegionIndex, RegionLevel, compact_code, dotted_code


def test_mojowarno_is_in_kaliori_rembang(regions: RegionIndex) -> None:
    village = regions.village("33.17.09.2016")
    assert village == Region("33.17.09.2016", "Mojowarno")
    assert village.level is RegionLevel.VILLAGE
    assert village.compact_code == "3317092016"
    assert [r.name for r in regions.ancestors("33.17.09.2016")] == [
        "JAWA TENGAH",
        "KABUPATEN REMBANG",
        "Kaliori",
    ]
    assert regions.district("33.17.09") == Region("33.17.09", "Kaliori")
    assert regions.regency("33.17") == Region("33.17", "KABUPATEN REMBANG")
    assert regions.province("33") == Region("33", "JAWA TENGAH")


def test_rembang_has_294_villages_in_14_districts(regions: RegionIndex) -> None:
    villages = regions.villages_in("33.17")
    districts = regions.districts_in("33.17")
    assert len(villages) == 294
    assert len(districts) == 14
    assert {v.parent_code for v in villages} == {d.code for d in districts}
    assert len(regions.villages_in("33.17.09")) == 23  # Kaliori
    assert "33.17.09.2016" in {v.code for v in regions.villages_in("331709")}


def test_whole_country_is_loaded(regions: RegionIndex) -> None:
    found = [regions.get(c) for c in ("11", "11.01", "11.01.01", "11.01.01.2001")]
    levels = [r.level for r in found if r is not None]
    assert levels == list(RegionLevel)
    assert len(regions.children("33")) == 35  # Central Java: 29 regencies and 6 cities
    assert len(regions) > 90_000


def test_compact_codes_are_accepted_everywhere(regions: RegionIndex) -> None:
    assert regions.village("3317092016") == regions.village("33.17.09.2016")
    assert regions.district("331709") is not None
    assert compact_code("33.17.09.2016") == "3317092016"
    assert dotted_code("3317092016") == "33.17.09.2016"
    assert dotted_code(" 3317 ") == "33.17"


@pytest.mark.parametrize("bad", ["", "3", "33.1", "331709201", "33-17", "abc", "33.17.09.20166", "３３"])
def test_dotted_code_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match="region code"):
        dotted_code(bad)


def test_lookups_are_level_strict(regions: RegionIndex) -> None:
    assert regions.village("33.17.09") is None
    assert regions.district("33.17.09.2016") is None
    assert regions.regency("33") is None
    assert regions.village("33.17.09.9999") is None
    assert regions.get("not a code") is None
    assert "33.17.09.2016" in regions
    assert "99.99" not in regions


def test_villages_in_needs_a_regency_or_district(regions: RegionIndex) -> None:
    with pytest.raises(KeyError):
        regions.villages_in("33")
    with pytest.raises(KeyError):
        regions.villages_in("33.17.09.2016")
    with pytest.raises(KeyError):
        regions.villages_in("33.99")
    with pytest.raises(KeyError):
        regions.districts_in("33.17.09")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("331709", True),
        ("520114", True),
        ("331799", False),
        ("33.17.09", False),
        ("33170", False),
        ("3317090", False),
        ("abcdef", False),
        ("", False),
        ("331700", False),
    ],
)
def test_is_district_code(regions: RegionIndex, code: str, expected: bool) -> None:
    assert regions.is_district_code(code) is expected


def test_index_loads_lazily_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = regions_module._read_packaged_rows

    def counting() -> list[tuple[str, str]]:
        calls.append(1)
        return real()

    monkeypatch.setattr(regions_module, "_read_packaged_rows", counting)
    index = RegionIndex()
    assert calls == []
    assert index.is_district_code("331709")
    assert index.village("33.17.09.2016") is not None
    assert calls == [1]


def test_index_from_own_rows() -> None:
    index = RegionIndex([("99", "TEST"), ("99.01", "KAB TEST"), ("99.01.01", "Kec"), ("99.01.01.2001", "Desa")])
    assert index.is_district_code("990101")
    assert [v.name for v in index.villages_in("99.01")] == ["Desa"]
    with pytest.raises(ValueError, match="no parent"):
        RegionIndex([("99.01", "orphan")]).get("99.01")
    with pytest.raises(ValueError, match="duplicate"):
        RegionIndex([("99", "A"), ("99", "B")]).get("99")
