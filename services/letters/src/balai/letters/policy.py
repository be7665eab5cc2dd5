"""A village's letter settings and the numbering rules built on them. Pure Python, no I/O.

A number is allocated at signing from a gap-free counter per (village, year, sequence key); the key follows
the village's sequence scope: one sequence for the whole village (``*``), one per classification code
(``470``, ``503``...) or one per letter type. The database implementation of :class:`CounterStore` locks
the counter row for the rest of the signing transaction, so a rolled-back signing leaves no gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from balai.letters.definitions import LetterType
from balai.letters.numbering import DEFAULT_NUMBER_FORMAT, SequenceScope, number_format_problems, parse_number_format

__all__ = [
    "DEFAULT_SCOPE",
    "AllocatedNumber",
    "CounterStore",
    "NumberAllocator",
    "VillageSettings",
    "dotted",
]

DEFAULT_SCOPE: SequenceScope = "kode_surat"
_SCOPES: tuple[SequenceScope, ...] = ("village", "kode_surat", "type")
MAX_TITLE = 80


def dotted(compact: str) -> str:
    """``3317092016`` -> ``33.17.09.2016``."""
    return f"{compact[:2]}.{compact[2:4]}.{compact[4:6]}.{compact[6:]}"


@dataclass(frozen=True, slots=True)
class VillageSettings:
    """How a village numbers and approves its letters."""

    number_format: str = DEFAULT_NUMBER_FORMAT
    sequence_scope: SequenceScope = DEFAULT_SCOPE
    operator_may_sign: frozenset[str] = field(default_factory=frozenset)
    """Letter types an operator may sign "a.n. Kepala Desa" without the kades."""
    secretary_check: bool = False
    """Whether a verified request needs the village secretary's check before signing."""
    operator_title: str = "Sekretaris Desa"
    """Position printed under an operator's signature ("a.n. Kepala Desa ... / Sekretaris Desa")."""

    def problems(self, known_types: Iterable[str] = ()) -> list[str]:
        problems: list[str] = []
        if self.sequence_scope not in _SCOPES:
            problems.append(f"sequence_scope must be one of {', '.join(_SCOPES)}")
        else:
            problems += number_format_problems(self.number_format, scope=self.sequence_scope)
        known = set(known_types)
        if known:
            unknown = sorted(set(self.operator_may_sign) - known)
            if unknown:
                problems.append(f"unknown letter types in operator_may_sign: {', '.join(unknown)}")
        if not 1 <= len(self.operator_title.strip()) <= MAX_TITLE:
            problems.append(f"operator_title must be 1..{MAX_TITLE} characters")
        return problems

    def sequence_key(self, letter_type: LetterType) -> str:
        if self.sequence_scope == "village":
            return "*"
        if self.sequence_scope == "kode_surat":
            return letter_type.kode_surat
        return letter_type.code

    def format_number(self, nomor: int, letter_type: LetterType, village: str, issued_on: dt.date) -> str:
        fmt = parse_number_format(self.number_format, scope=self.sequence_scope)
        return fmt.format(
            nomor=nomor,
            kode_surat=letter_type.kode_surat,
            kode_desa=dotted(village),
            issued_on=issued_on,
            singkatan=letter_type.singkatan,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "number_format": self.number_format,
            "sequence_scope": self.sequence_scope,
            "operator_may_sign": sorted(self.operator_may_sign),
            "secretary_check": self.secretary_check,
            "operator_title": self.operator_title,
        }


class CounterStore(Protocol):
    async def next_value(self, village: str, year: int, key: str) -> int:
        """The next number of the sequence (1 for a new one), reserved until the transaction ends."""
        ...


@dataclass(frozen=True, slots=True)
class AllocatedNumber:
    nomor: int
    year: int
    sequence_key: str
    text: str


class NumberAllocator:
    """Assigns a letter its number in the village's format from the right sequence."""

    def __init__(self, counters: CounterStore) -> None:
        self._counters = counters

    async def allocate(
        self, settings: VillageSettings, letter_type: LetterType, village: str, issued_on: dt.date
    ) -> AllocatedNumber:
        key = settings.sequence_key(letter_type)
        nomor = await self._counters.next_value(village, issued_on.year, key)
        text = settings.format_number(nomor, letter_type, village, issued_on)
        return AllocatedNumber(nomor=nomor, year=issued_on.year, sequence_key=key, text=text)
