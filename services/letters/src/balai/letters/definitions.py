"""Letter type and field definitions, generated pydantic validation and sample values.

A :class:`LetterType` and its :class:`FieldDef` are plain data (a village's own types can be stored as JSON,
and the PWA draws its forms from :meth:`LetterType.to_json`). :func:`fields_model` turns the fields into a
pydantic model. The standard types are in :mod:`balai.letters.lettertypes`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

__all__ = [
    "FieldDef",
    "FieldKind",
    "LetterType",
    "field_problems",
    "fields_model",
    "sample_values",
    "validate_field_values",
]

FieldKind = Literal["text", "date", "number", "choice"]

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Templates see field values as ``fields.<name>``; a name equal to a dict method would be shadowed.
_RESERVED = frozenset(dir(dict)) | {"resident", "village", "letter", "signer", "fields"}


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One input of a letter type's form."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    multiline: bool = False
    max_length: int = 200
    pattern: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    help: str | None = None
    example: str | int | dt.date | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly description for form builders (the PWA) and storage."""
        data: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
        }
        if self.choices:
            data["choices"] = list(self.choices)
        if self.kind == "text":
            data["multiline"] = self.multiline
            data["max_length"] = self.max_length
            if self.pattern:
                data["pattern"] = self.pattern
        if self.kind == "number":
            data["min_value"] = self.min_value
            data["max_value"] = self.max_value
        if self.help:
            data["help"] = self.help
        return data


def field_problems(fields: Sequence[FieldDef]) -> list[str]:
    """Problems with a set of field definitions (for a village's own letter type); empty = valid."""
    problems: list[str] = []
    seen: set[str] = set()
    for f in fields:
        if not _NAME_RE.match(f.name):
            problems.append(f"field name {f.name!r}: use lowercase letters, digits and _ (max 40)")
        if f.name in _RESERVED:
            problems.append(f"field name {f.name!r} is reserved")
        if f.name in seen:
            problems.append(f"field name {f.name!r} is used twice")
        seen.add(f.name)
        if not f.label.strip():
            problems.append(f"field {f.name!r} needs a label")
        if f.kind == "choice" and not f.choices:
            problems.append(f"choice field {f.name!r} needs at least one choice")
        if f.kind != "choice" and f.choices:
            problems.append(f"field {f.name!r} has choices but is not a choice field")
        if f.pattern is not None:
            try:
                re.compile(f.pattern)
            except re.error as exc:
                problems.append(f"field {f.name!r}: invalid pattern ({exc})")
    return problems


class _FieldsBase(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        # HTML forms send "" for an empty input: treat it as "not given".
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


def _annotation(f: FieldDef) -> Any:
    if f.kind == "text":
        return Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=f.max_length, pattern=f.pattern),
        ]
    if f.kind == "date":
        return dt.date
    if f.kind == "number":
        return Annotated[int, Field(ge=f.min_value, le=f.max_value)]
    return Literal.__getitem__(f.choices)


@functools.lru_cache(maxsize=512)
def fields_model(fields: tuple[FieldDef, ...], name: str = "LetterFields") -> type[BaseModel]:
    """A pydantic model validating a letter type's field values (unknown keys are rejected)."""
    problems = field_problems(fields)
    if problems:
        raise ValueError("; ".join(problems))
    definitions: dict[str, Any] = {}
    for f in fields:
        ann = _annotation(f)
        description = f.label
        if f.required:
            definitions[f.name] = (ann, Field(description=description))
        else:
            definitions[f.name] = (ann | None, Field(default=None, description=description))
    model: type[BaseModel] = create_model(name, __base__=_FieldsBase, **definitions)
    return model


def validate_field_values(fields: tuple[FieldDef, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``values``; returns every declared field (missing optional ones as ``None``).

    Raises :class:`pydantic.ValidationError`.
    """
    return fields_model(fields).model_validate(dict(values)).model_dump()


def _sample(f: FieldDef) -> Any:
    if f.example is not None:
        return f.example
    if f.kind == "date":
        return dt.date(2026, 11, 2)
    if f.kind == "number":
        return max(1, f.min_value or 1)
    if f.kind == "choice":
        return f.choices[0]
    return f"Contoh {f.label.lower()}"[: f.max_length]


def sample_values(fields: Sequence[FieldDef]) -> dict[str, Any]:
    """Plausible values for every field (used to test-render templates and for previews)."""
    return {f.name: _sample(f) for f in fields}


@dataclass(frozen=True, slots=True)
class LetterType:
    """A kind of letter: what it asks for, how it is numbered and which template prints it."""

    code: str  # slug, stable: used in URLs, events and the QR payload
    title: str  # printed title, e.g. "Surat Keterangan Domisili"
    singkatan: str  # abbreviation, usable as [singkatan] in number formats
    kode_surat: str  # classification code, e.g. "470"
    validity_days: int | None  # None: the letter states a fact and does not expire
    fields: tuple[FieldDef, ...]
    template: str  # built-in template file name under templates/
    description: str = ""
    persyaratan: tuple[str, ...] = ()  # documents the resident attaches

    def validate_fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate the type-specific values (raises ``pydantic.ValidationError``)."""
        return validate_field_values(self.fields, values)

    def valid_until(self, issued_on: dt.date) -> dt.date | None:
        if self.validity_days is None:
            return None
        return issued_on + dt.timedelta(days=self.validity_days)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "singkatan": self.singkatan,
            "kode_surat": self.kode_surat,
            "validity_days": self.validity_days,
            "description": self.description,
            "persyaratan": list(self.persyaratan),
            "fields": [f.to_json() for f in self.fields],
        }
