"""Letter number formats: parse, validate and format (pure; the gap-free counter lives in the DB layer).

A format is literal text with tokens in square brackets, as villages already write it (OpenSID style)::

    [kode_surat]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]   ->   470/012/33.17.09.2016/XI/2026

Tokens (case-insensitive, spaces inside the brackets ignored):

============== ==============================================================
``nomor``       the sequence number; ``[nomor,3]`` pads it to 3 digits (012)
``kode_surat``  classification code of the letter type (470, 472.11, ...)
``singkatan``   the letter type's abbreviation (SKD, SKTM, ...)
``kode_desa``   village code with dots (33.17.09.2016)
``kode_kec``    kecamatan code (33.17.09)
``bulan``       month, two digits (11)
``bulan_romawi`` month in Roman numerals (XI)
``tahun``       four-digit year (2026)
============== ==============================================================
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from balai.letters.indonesian import bulan_romawi

__all__ = [
    "DEFAULT_NUMBER_FORMAT",
    "TOKENS",
    "NumberFormat",
    "NumberFormatError",
    "SequenceScope",
    "format_letter_number",
    "number_format_problems",
    "parse_number_format",
]

DEFAULT_NUMBER_FORMAT = "[kode_surat]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]"

TOKENS: tuple[str, ...] = (
    "nomor",
    "kode_surat",
    "singkatan",
    "kode_desa",
    "kode_kec",
    "bulan",
    "bulan_romawi",
    "tahun",
)

SequenceScope = Literal["village", "kode_surat", "type"]
"""What one gap-free sequence counts (always per village and year):
all letters of the village, each classification code, or each letter type."""

_MAX_FORMAT_LENGTH = 120
_MAX_WIDTH = 8
_TOKEN_RE = re.compile(r"\[([^\[\]]*)\]")
_LITERAL_RE = re.compile(r"^[A-Za-z0-9./\-_ ]*$")
_VILLAGE_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class NumberFormatError(ValueError):
    """The number format string is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class _Token:
    name: str
    width: int = 0


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A parsed, validated number format. Build with :func:`parse_number_format`."""

    source: str
    parts: tuple[str | _Token, ...]

    def format(
        self,
        *,
        nomor: int,
        kode_surat: str,
        kode_desa: str,
        issued_on: dt.date,
        singkatan: str = "",
    ) -> str:
        if nomor < 1:
            raise ValueError(f"nomor must be >= 1, got {nomor}")
        if not _VILLAGE_CODE_RE.match(kode_desa):
            raise ValueError(f"kode_desa must look like 33.17.09.2016, got {kode_desa!r}")
        values = {
            "kode_surat": kode_surat,
            "singkatan": singkatan,
            "kode_desa": kode_desa,
            "kode_kec": kode_desa.rsplit(".", 1)[0],
            "bulan": f"{issued_on.month:02d}",
            "bulan_romawi": bulan_romawi(issued_on),
            "tahun": f"{issued_on.year:04d}",
        }
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part.name == "nomor":
                out.append(str(nomor).zfill(part.width))
            else:
                out.append(values[part.name])
        return "".join(out)


def _parse(source: str) -> tuple[list[str | _Token], list[str]]:
    problems: list[str] = []
    parts: list[str | _Token] = []
    pos = 0
    for match in _TOKEN_RE.finditer(source):
        literal = source[pos : match.start()]
        pos = match.end()
        if literal:
            parts.append(literal)
        inner = match.group(1).replace(" ", "")
        name, _, arg = inner.partition(",")
        name = name.lower()
        if name not in TOKENS:
            problems.append(f"unknown token [{match.group(1)}]; known tokens: " + ", ".join(f"[{t}]" for t in TOKENS))
            continue
        width = 0
        if arg:
            if name != "nomor":
                problems.append(f"[{match.group(1)}]: only [nomor] takes a width, e.g. [nomor,3]")
                continue
            if not arg.isdigit() or not 1 <= int(arg) <= _MAX_WIDTH:
                problems.append(f"[{match.group(1)}]: width must be a number from 1 to {_MAX_WIDTH}")
                continue
            width = int(arg)
        parts.append(_Token(name, width))
    if source[pos:]:
        parts.append(source[pos:])
    for part in parts:
        if isinstance(part, str):
            if "[" in part or "]" in part:
                problems.append(f"unbalanced bracket in {part!r}: tokens look like [nomor,3]")
            elif not _LITERAL_RE.match(part):
                problems.append(f"text {part!r} may only contain letters, digits, spaces and . / - _ between tokens")
    return parts, problems


def number_format_problems(source: str, *, scope: SequenceScope = "village") -> list[str]:
    """Every problem with ``source`` as a number format (empty list = valid).

    A format must make numbers unique: it needs ``[nomor]`` exactly once and ``[tahun]`` (the sequence
    restarts each year), plus ``[kode_surat]`` when each classification has its own sequence, or
    ``[singkatan]`` when each letter type has its own sequence.
    """
    if not source.strip():
        return ["the number format is empty"]
    if len(source) > _MAX_FORMAT_LENGTH:
        return [f"the number format is longer than {_MAX_FORMAT_LENGTH} characters"]
    parts, problems = _parse(source)
    names = [p.name for p in parts if isinstance(p, _Token)]
    if names.count("nomor") != 1:
        problems.append("the format must contain [nomor] exactly once (e.g. [nomor,3])")
    if "tahun" not in names:
        problems.append("the format must contain [tahun]: numbers restart every year")
    if scope == "kode_surat" and "kode_surat" not in names:
        problems.append("with one sequence per classification the format must contain [kode_surat]")
    if scope == "type" and "singkatan" not in names:
        problems.append("with one sequence per letter type the format must contain [singkatan]")
    return problems


def parse_number_format(source: str, *, scope: SequenceScope = "village") -> NumberFormat:
    """Parse and validate ``source``; raises :class:`NumberFormatError` listing all problems."""
    problems = number_format_problems(source, scope=scope)
    if problems:
        raise NumberFormatError(problems)
    parts, _ = _parse(source)
    return NumberFormat(source=source, parts=tuple(parts))


def format_letter_number(
    fmt: str | NumberFormat,
    *,
    nomor: int,
    kode_surat: str,
    kode_desa: str,
    issued_on: dt.date,
    singkatan: str = "",
) -> str:
    """Format one letter number, e.g. ``470/012/33.17.09.2016/XI/2026`` for the default format."""
    parsed = fmt if isinstance(fmt, NumberFormat) else parse_number_format(fmt)
    return parsed.format(
        nomor=nomor, kode_surat=kode_surat, kode_desa=kode_desa, issued_on=issued_on, singkatan=singkatan
    )
