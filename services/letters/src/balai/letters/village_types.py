"""The letter types of one village: the standard catalogue, the village's adjustments, its own types.

Pure Python, no I/O. A village may change a standard type's title, abbreviation, classification code,
validity, documents and template (not its fields: the built-in templates rely on them), and may add types
of its own with their own fields and template. Every change is checked here -- a template is test-rendered
with sample data -- so a broken template is refused when it is saved, not when a resident needs the letter.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from balai.letters.definitions import FieldDef, LetterType, field_problems
from balai.letters.lettertypes import CATALOGUE
from balai.letters.templating import validate_template

__all__ = [
    "DEFAULT_DOCUMENTS",
    "DocumentDef",
    "TypeChange",
    "TypeRow",
    "VillageType",
    "apply_change",
    "effective_types",
    "field_from_json",
    "type_from_snapshot",
    "type_snapshot",
]

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
_DOC_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SINGKATAN_RE = re.compile(r"^[A-Z0-9]{1,10}$")
_KODE_RE = re.compile(r"^\d{3}(\.\d{1,3}){0,3}$")
_BUILTIN_TEMPLATE = "keterangan_umum.html"  # never used for custom types: they always carry their source
MAX_DOCUMENTS = 10


@dataclass(frozen=True, slots=True)
class DocumentDef:
    """A document the resident uploads with a request (a photo or PDF), e.g. the RT/RW cover letter."""

    key: str
    label: str
    required: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "required": self.required}


DEFAULT_DOCUMENTS: tuple[DocumentDef, ...] = (DocumentDef("pengantar_rt_rw", "Surat pengantar RT/RW"),)


@dataclass(frozen=True, slots=True)
class VillageType:
    letter_type: LetterType
    template_source: str | None = None
    """The village's own template, or None for the type's built-in one."""
    documents: tuple[DocumentDef, ...] = DEFAULT_DOCUMENTS
    enabled: bool = True
    custom: bool = False

    @property
    def code(self) -> str:
        return self.letter_type.code

    def to_json(self, *, with_template: bool = False) -> dict[str, Any]:
        data = self.letter_type.to_json()
        data.update(
            documents=[d.to_json() for d in self.documents],
            enabled=self.enabled,
            custom=self.custom,
            own_template=self.template_source is not None,
        )
        if with_template:
            data["template"] = self.template_source
        return data


@dataclass(frozen=True, slots=True)
class TypeRow:
    """What the database keeps for one type of one village."""

    code: str
    custom: bool
    definition: Mapping[str, Any]
    template: str | None
    documents: list[Mapping[str, Any]] | None
    enabled: bool


@dataclass(frozen=True, slots=True)
class TypeChange:
    """A village's new settings for one type; None = keep (for a standard type: the catalogue's)."""

    title: str | None = None
    singkatan: str | None = None
    kode_surat: str | None = None
    validity_days: int | None = None
    no_expiry: bool = False
    description: str | None = None
    persyaratan: tuple[str, ...] | None = None
    fields: tuple[FieldDef, ...] | None = None
    template: str | None = None
    documents: tuple[DocumentDef, ...] | None = None
    enabled: bool = True


def field_from_json(data: Mapping[str, Any]) -> FieldDef:
    return FieldDef(
        name=str(data["name"]),
        label=str(data["label"]),
        kind=data.get("kind", "text"),
        required=bool(data.get("required", True)),
        choices=tuple(data.get("choices") or ()),
        multiline=bool(data.get("multiline", False)),
        max_length=int(data.get("max_length") or 200),
        pattern=data.get("pattern"),
        min_value=data.get("min_value"),
        max_value=data.get("max_value"),
        help=data.get("help"),
    )


def _documents(raw: list[Mapping[str, Any]] | None) -> tuple[DocumentDef, ...]:
    if raw is None:
        return DEFAULT_DOCUMENTS
    return tuple(DocumentDef(str(d["key"]), str(d["label"]), bool(d.get("required", True))) for d in raw)


def _letter_type(code: str, custom: bool, definition: Mapping[str, Any]) -> LetterType:
    if custom:
        return LetterType(
            code=code,
            title=str(definition["title"]),
            singkatan=str(definition["singkatan"]),
            kode_surat=str(definition["kode_surat"]),
            validity_days=definition.get("validity_days"),
            fields=tuple(field_from_json(f) for f in definition.get("fields", ())),
            template=_BUILTIN_TEMPLATE,
            description=str(definition.get("description", "")),
            persyaratan=tuple(definition.get("persyaratan", ())),
        )
    base = CATALOGUE[code]
    known = {"title", "singkatan", "kode_surat", "validity_days", "description", "persyaratan"}
    changes = {k: v for k, v in definition.items() if k in known}
    if "persyaratan" in changes:
        changes["persyaratan"] = tuple(changes["persyaratan"])
    return dataclasses.replace(base, **changes)


def effective_types(rows: Iterable[TypeRow]) -> dict[str, VillageType]:
    """Every type of a village by code: the catalogue with the village's changes, then its own types."""
    types = {code: VillageType(lt) for code, lt in CATALOGUE.items()}
    for row in rows:
        if not row.custom and row.code not in CATALOGUE:
            continue
        types[row.code] = VillageType(
            letter_type=_letter_type(row.code, row.custom, row.definition),
            template_source=row.template,
            documents=_documents(row.documents),
            enabled=row.enabled,
            custom=row.custom,
        )
    return types


def _definition(code: str, change: TypeChange, custom: bool) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    definition: dict[str, Any] = {}
    for name in ("title", "singkatan", "kode_surat", "description"):
        value = getattr(change, name)
        if value is not None:
            definition[name] = value.strip()
        elif custom and name != "description":
            problems.append(f"a village's own type needs {name}")
    if change.no_expiry:
        definition["validity_days"] = None
    elif change.validity_days is not None:
        definition["validity_days"] = change.validity_days
    if change.persyaratan is not None:
        definition["persyaratan"] = [p.strip() for p in change.persyaratan if p.strip()]
    if custom:
        definition["fields"] = [f.to_json() for f in change.fields or ()]
    elif change.fields is not None:
        problems.append(f"the fields of the standard type {code!r} cannot change (its template relies on them)")
    return definition, problems


def _definition_problems(definition: Mapping[str, Any], fields: tuple[FieldDef, ...]) -> list[str]:
    problems: list[str] = []
    title = definition.get("title")
    if title is not None and not 3 <= len(title) <= 80:
        problems.append("title must be 3..80 characters")
    singkatan = definition.get("singkatan")
    if singkatan is not None and not _SINGKATAN_RE.match(singkatan):
        problems.append("singkatan must be 1..10 capital letters or digits, e.g. SKD")
    kode = definition.get("kode_surat")
    if kode is not None and not _KODE_RE.match(kode):
        problems.append("kode_surat must be a classification code such as 470 or 472.11")
    days = definition.get("validity_days")
    if days is not None and not 1 <= days <= 3650:
        problems.append("validity_days must be 1..3650 (or no_expiry)")
    if len(definition.get("description", "")) > 300:
        problems.append("description must be at most 300 characters")
    return problems + field_problems(fields)


def _document_problems(documents: tuple[DocumentDef, ...]) -> list[str]:
    problems: list[str] = []
    if len(documents) > MAX_DOCUMENTS:
        problems.append(f"at most {MAX_DOCUMENTS} documents")
    keys = [d.key for d in documents]
    for doc in documents:
        if not _DOC_KEY_RE.match(doc.key):
            problems.append(f"document key {doc.key!r}: use lowercase letters, digits and _")
        if not 1 <= len(doc.label.strip()) <= 100:
            problems.append(f"document {doc.key!r} needs a label of at most 100 characters")
    if len(set(keys)) != len(keys):
        problems.append("document keys must be unique")
    return problems


def apply_change(code: str, change: TypeChange) -> tuple[TypeRow | None, list[str]]:
    """The row to store for ``code`` after ``change``, or the problems that refuse it."""
    custom = code not in CATALOGUE
    if custom and not _CODE_RE.match(code):
        return None, ["type code must be 2..32 lowercase letters, digits or '-'"]
    definition, problems = _definition(code, change, custom)
    fields = tuple(change.fields or ()) if custom else ()
    problems += _definition_problems(definition, fields)
    documents = change.documents if change.documents is not None else DEFAULT_DOCUMENTS
    problems += _document_problems(documents)
    if custom and change.template is None:
        problems.append("a village's own type needs a template")
    if problems:
        return None, problems
    row = TypeRow(
        code=code,
        custom=custom,
        definition=definition,
        template=change.template,
        documents=[d.to_json() for d in documents],
        enabled=change.enabled,
    )
    letter_type = _letter_type(code, custom, definition)
    if change.template is not None:
        problems = [f"template: {p}" for p in validate_template(change.template, letter_type)]
    return (None, problems) if problems else (row, [])


def type_snapshot(letter_type: LetterType) -> dict[str, Any]:
    """The type as signed (kept with the letter, so later edits never change an issued letter)."""
    return letter_type.to_json() | {"template": letter_type.template}


def type_from_snapshot(data: Mapping[str, Any]) -> LetterType:
    return LetterType(
        code=str(data["code"]),
        title=str(data["title"]),
        singkatan=str(data["singkatan"]),
        kode_surat=str(data["kode_surat"]),
        validity_days=data.get("validity_days"),
        fields=tuple(field_from_json(f) for f in data.get("fields", ())),
        template=str(data.get("template") or _BUILTIN_TEMPLATE),
        description=str(data.get("description", "")),
        persyaratan=tuple(data.get("persyaratan", ())),
    )
