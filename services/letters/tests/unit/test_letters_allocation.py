"""Numbering rules with an in-memory counter store: which sequence a letter takes, formats, restarts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from balai.letters.lettertypes import CATALOGUE
from balai.letters.policy import NumberAllocator, VillageSettings

VILLAGE = "3317092016"
NOV = dt.date(2026, 11, 23)


class FakeCounters:
    """Counters per (village, year, key); ``rollback`` gives back what the open transaction took."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, int, str], int] = {}
        self._taken: list[tuple[str, int, str]] = []

    async def next_value(self, village: str, year: int, key: str) -> int:
        k = (village, year, key)
        self.values[k] = self.values.get(k, 0) + 1
        self._taken.append(k)
        return self.values[k]

    def commit(self) -> None:
        self._taken.clear()

    def rollback(self) -> None:
        for k in reversed(self._taken):
            self.values[k] -= 1
        self._taken.clear()


async def number(counters: FakeCounters, settings: VillageSettings, code: str, on: dt.date = NOV) -> str:
    allocated = await NumberAllocator(counters).allocate(settings, CATALOGUE[code], VILLAGE, on)
    counters.commit()
    return allocated.text


async def test_default_format_and_one_sequence_per_classification() -> None:
    counters, settings = FakeCounters(), VillageSettings()
    assert await number(counters, settings, "domisili") == "470/001/33.17.09.2016/XI/2026"
    assert await number(counters, settings, "keterangan-umum") == "470/002/33.17.09.2016/XI/2026"  # also 470
    assert await number(counters, settings, "usaha") == "503/001/33.17.09.2016/XI/2026"


async def test_village_wide_and_per_type_sequences() -> None:
    counters = FakeCounters()
    village = VillageSettings(sequence_scope="village")
    assert [await number(counters, village, c) for c in ("domisili", "usaha", "sktm")] == [
        "470/001/33.17.09.2016/XI/2026",
        "503/002/33.17.09.2016/XI/2026",
        "401/003/33.17.09.2016/XI/2026",
    ]
    per_type = VillageSettings(number_format="[singkatan]-[nomor,2]/[tahun]", sequence_scope="type")
    counters = FakeCounters()
    assert await number(counters, per_type, "domisili") == "SKD-01/2026"
    assert await number(counters, per_type, "keterangan-umum") == "SKET-01/2026"
    assert await number(counters, per_type, "domisili") == "SKD-02/2026"


async def test_sequences_restart_each_year_and_rollbacks_leave_no_gap() -> None:
    counters, settings = FakeCounters(), VillageSettings()
    assert (await number(counters, settings, "domisili", dt.date(2026, 12, 31))).startswith("470/001/")
    assert (await number(counters, settings, "domisili", dt.date(2027, 1, 1))) == "470/001/33.17.09.2016/I/2027"
    await NumberAllocator(counters).allocate(settings, CATALOGUE["domisili"], VILLAGE, NOV)
    counters.rollback()  # the signing transaction failed after taking 002
    assert (await number(counters, settings, "domisili")).startswith("470/002/")


async def test_a_village_code_change_follows_the_type() -> None:
    counters = FakeCounters()
    changed = dataclasses.replace(CATALOGUE["domisili"], kode_surat="474")
    allocated = await NumberAllocator(counters).allocate(VillageSettings(), changed, VILLAGE, NOV)
    assert allocated.text.startswith("474/001/")
    assert allocated.sequence_key == "474"


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (VillageSettings(number_format="[nomor]/[kode_desa]"), "[tahun]"),
        (VillageSettings(sequence_scope="type"), "[singkatan]"),
        (VillageSettings(number_format="[kode_surat]/[tahun]"), "[nomor]"),
        (VillageSettings(operator_may_sign=frozenset({"nope"})), "unknown letter types"),
        (VillageSettings(operator_title=" "), "operator_title"),
    ],
)
def test_settings_problems(settings: VillageSettings, problem: str) -> None:
    problems = settings.problems(CATALOGUE)
    assert any(problem in p for p in problems), problems


def test_default_settings_are_valid() -> None:
    assert VillageSettings().problems(CATALOGUE) == []
