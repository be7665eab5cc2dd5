"""Indonesian administrative regions (Kemendagri codes), from the `idn-area-data` package (ODbL).

Codes are written dotted, as Kemendagri does: province ``33``, regency (kabupaten/kota) ``33.17``,
district (kecamatan) ``33.17.09``, village (desa/kelurahan) ``33.17.09.2016``. Every lookup also accepts
the compact form without dots (``3317092016``), which Balai uses in event subjects and which the first
six digits of a NIK/KK carry for the district.

The table (about 91,600 regions) is read from the packaged ``data/regions.tsv.gz`` on first use, never at
import time. :func:`default_regions` returns the shared, lazily loaded index; tests may build a small
:class:`RegionIndex` from rows of their own.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Protocol

__all__ = [
    "DistrictLookup",
    "Region",
    "RegionIndex",
    "RegionLevel",
    "compact_code",
    "default_regions",
    "dotted_code",
]

DATA_PACKAGE = "balai.identity"
DATA_FILE = "data/regions.tsv.gz"


class RegionLevel(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


# digits per level, as they appear in the dotted code's segments
_SEGMENTS: tuple[int, ...] = (2, 2, 2, 4)
_LEVEL_BY_SEGMENTS = {
    1: RegionLevel.PROVINCE,
    2: RegionLevel.REGENCY,
    3: RegionLevel.DISTRICT,
    4: RegionLevel.VILLAGE,
}
_COMPACT_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}
_DOTTED_RE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")


class DistrictLookup(Protocol):
    """What NIK/KK validation needs from the region table (so tests can pass a tiny fake)."""

    def is_district_code(self, six_digits: str) -> bool: ...


def dotted_code(code: str) -> str:
    """Normalise ``3317092016`` or ``33.17.09.2016`` (surrounding spaces allowed) to the dotted form.

    Raises ValueError when the text is not a province/regency/district/village code shape.
    """
    text = code.strip()
    if _DOTTED_RE.fullmatch(text):
        return text
    if text.isdigit() and text.isascii() and len(text) in _COMPACT_LENGTHS:
        parts, pos = [], 0
        for width in _SEGMENTS[: _COMPACT_LENGTHS[len(text)]]:
            parts.append(text[pos : pos + width])
            pos += width
        return ".".join(parts)
    raise ValueError(f"not a Kemendagri region code: {code!r}")


def compact_code(code: str) -> str:
    """``33.17.09.2016`` -> ``3317092016`` (the form used in event subjects)."""
    return dotted_code(code).replace(".", "")


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # dotted
    name: str

    @property
    def level(self) -> RegionLevel:
        return _LEVEL_BY_SEGMENTS[self.code.count(".") + 1]

    @property
    def compact_code(self) -> str:
        return self.code.replace(".", "")

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


class RegionIndex:
    """Lookups over the region table; loads the packaged data on first use (thread-safe).

    Pass ``rows`` (``(dotted code, name)`` pairs) to build an index from other data, e.g. in tests.
    Every parent of a row must be present too.
    """

    def __init__(self, rows: Iterable[tuple[str, str]] | None = None) -> None:
        self._rows = rows
        self._lock = threading.Lock()
        self._names: dict[str, str] | None = None
        self._children: dict[str, list[str]] = {}

    # -- loading ---------------------------------------------------------------------------------
    def _loaded(self) -> dict[str, str]:
        names = self._names
        if names is not None:
            return names
        with self._lock:
            if self._names is None:
                rows = self._rows if self._rows is not None else _read_packaged_rows()
                self._names, self._children = _build(rows)
                self._rows = None
            return self._names

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, code: str) -> Region | None:
        """The region with this code at any level, or None (also None for malformed codes)."""
        try:
            key = dotted_code(code)
        except ValueError:
            return None
        name = self._loaded().get(key)
        return Region(key, name) if name is not None else None

    def _at(self, code: str, level: RegionLevel) -> Region | None:
        region = self.get(code)
        return region if region is not None and region.level is level else None

    def province(self, code: str) -> Region | None:
        return self._at(code, RegionLevel.PROVINCE)

    def regency(self, code: str) -> Region | None:
        return self._at(code, RegionLevel.REGENCY)

    def district(self, code: str) -> Region | None:
        return self._at(code, RegionLevel.DISTRICT)

    def village(self, code: str) -> Region | None:
        return self._at(code, RegionLevel.VILLAGE)

    def children(self, code: str) -> tuple[Region, ...]:
        """Direct children (regencies of a province, districts of a regency, villages of a district)."""
        parent = self.get(code)
        if parent is None:
            return ()
        names = self._loaded()
        return tuple(Region(c, names[c]) for c in self._children.get(parent.code, ()))

    def districts_in(self, regency_code: str) -> tuple[Region, ...]:
        if self.regency(regency_code) is None:
            raise KeyError(f"unknown regency {regency_code!r}")
        return self.children(regency_code)

    def villages_in(self, regency_or_district_code: str) -> tuple[Region, ...]:
        """All villages of a regency or district, sorted by code. KeyError for other or unknown codes."""
        region = self.get(regency_or_district_code)
        if region is None or region.level not in (RegionLevel.REGENCY, RegionLevel.DISTRICT):
            raise KeyError(f"not a known regency or district: {regency_or_district_code!r}")
        if region.level is RegionLevel.DISTRICT:
            return self.children(region.code)
        return tuple(v for d in self.children(region.code) for v in self.children(d.code))

    def ancestors(self, code: str) -> tuple[Region, ...]:
        """Province first, down to (not including) the region itself; empty for an unknown code."""
        region = self.get(code)
        chain: list[Region] = []
        while region is not None and region.parent_code is not None:
            region = self.get(region.parent_code)
            if region is not None:
                chain.append(region)
        return tuple(reversed(chain))

    def is_district_code(self, six_digits: str) -> bool:
        """True when ``six_digits`` (e.g. ``"331709"``, no dots) names a real district (kecamatan)."""
        if len(six_digits) != 6 or not (six_digits.isascii() and six_digits.isdigit()):
            return False
        return self.district(six_digits) is not None

    def __len__(self) -> int:
        return len(self._loaded())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None


def _read_packaged_rows() -> list[tuple[str, str]]:
    raw = resources.files(DATA_PACKAGE).joinpath(*DATA_FILE.split("/")).read_bytes()
    rows: list[tuple[str, str]] = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        code, _, name = line.partition("\t")
        rows.append((code, name))
    return rows


def _build(rows: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    names: dict[str, str] = {}
    for code, name in rows:
        key = dotted_code(code)
        if key in names:
            raise ValueError(f"duplicate region code {key}")
        names[key] = name
    children: dict[str, list[str]] = {}
    for code in sorted(names):
        parent, sep, _ = code.rpartition(".")
        if sep:
            if parent not in names:
                raise ValueError(f"region {code} has no parent {parent} in the table")
            children.setdefault(parent, []).append(code)
    return names, children


@cache
def default_regions() -> RegionIndex:
    """The shared index over the packaged idn-area-data table (loaded on first lookup)."""
    return RegionIndex()
