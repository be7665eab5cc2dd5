"""Routes for a village's letter configuration, its archive and its public keys. Parse -> handler."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from balai.common.errors import Problem
from balai.letters import village_handlers as handlers
from balai.letters.api_deps import ActorDep, UowsDep, VillageDep, require_village_member
from balai.letters.definitions import FieldDef, FieldKind
from balai.letters.numbering import SequenceScope
from balai.letters.policy import VillageSettings
from balai.letters.queries import archive_page
from balai.letters.schemas_verification import KeysOut, PublicKeyOut, VillageKeysOut
from balai.letters.schemas_villages import ArchivePageOut, LetterTypeOut, SettingsOut
from balai.letters.village_types import DocumentDef, TypeChange

router = APIRouter(tags=["villages"])

TypeCode = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,31}$")]
KEYS_CACHE = "public, max-age=300"


class FieldIn(BaseModel):
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    choices: list[str] = Field(default_factory=list)
    multiline: bool = False
    max_length: Annotated[int, Field(ge=1, le=5000)] = 200
    pattern: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    help: str | None = None

    def to_def(self) -> FieldDef:
        return FieldDef(**(self.model_dump() | {"choices": tuple(self.choices)}))


class DocumentIn(BaseModel):
    key: str
    label: str
    required: bool = True


class LetterTypeIn(BaseModel):
    """A village's version of a standard type (leave out what stays as in the catalogue), or its own type."""

    title: str | None = None
    singkatan: str | None = None
    kode_surat: str | None = None
    validity_days: int | None = None
    no_expiry: bool = False
    description: str | None = None
    persyaratan: list[str] | None = None
    fields: list[FieldIn] | None = Field(default=None, max_length=40)
    template: Annotated[str | None, Field(max_length=100_000, description="Jinja2 source; null = built-in")] = None
    documents: list[DocumentIn] | None = None
    enabled: bool = True

    def change(self) -> TypeChange:
        return TypeChange(
            title=self.title,
            singkatan=self.singkatan,
            kode_surat=self.kode_surat,
            validity_days=self.validity_days,
            no_expiry=self.no_expiry,
            description=self.description,
            persyaratan=tuple(self.persyaratan) if self.persyaratan is not None else None,
            fields=tuple(f.to_def() for f in self.fields) if self.fields is not None else None,
            template=self.template,
            documents=tuple(DocumentDef(d.key, d.label, d.required) for d in self.documents)
            if self.documents is not None
            else None,
            enabled=self.enabled,
        )


class SettingsPatch(BaseModel):
    number_format: Annotated[str, Field(max_length=120)] | None = None
    sequence_scope: SequenceScope | None = None
    operator_may_sign: list[str] | None = None
    secretary_check: bool | None = None
    operator_title: str | None = None


@router.get(
    "/villages/{code}/letter-types",
    response_model_exclude_unset=True,
    summary="Letter types of the village (residents and staff)",
)
async def list_types(village: VillageDep, actor: ActorDep, uows: UowsDep) -> list[LetterTypeOut]:
    require_village_member(actor, village)
    types = await handlers.letter_types(uows, village)
    staff = actor.reads_village(village)
    return [LetterTypeOut.of(t) for t in types.values() if staff or t.enabled]


@router.get(
    "/villages/{code}/letter-types/{type_code}",
    response_model_exclude_unset=True,
    summary="One type; staff also see the village's template",
)
async def read_type(village: VillageDep, type_code: str, actor: ActorDep, uows: UowsDep) -> LetterTypeOut:
    require_village_member(actor, village)
    found = (await handlers.letter_types(uows, village)).get(type_code)
    staff = actor.reads_village(village)
    if found is None or not (found.enabled or staff):
        raise Problem(404, "unknown_letter_type", "Jenis surat tidak ditemukan.")
    return LetterTypeOut.of(found, with_template=staff)


@router.put(
    "/villages/{code}/letter-types/{type_code}",
    response_model_exclude_unset=True,
    summary="Adjust a standard type or save the village's own type; a template that would fail is refused (422)",
)
async def put_type(
    village: VillageDep, type_code: TypeCode, body: LetterTypeIn, actor: ActorDep, uows: UowsDep
) -> LetterTypeOut:
    if not actor.is_staff_of(village):
        raise Problem(403, "other_village", "Anda tidak berhak mengubah data desa ini.")
    saved = await handlers.put_letter_type(uows, actor, village, type_code, body.change())
    return LetterTypeOut.of(saved, with_template=True)


@router.delete(
    "/villages/{code}/letter-types/{type_code}",
    status_code=204,
    summary="A standard type back to the catalogue; a village's own type switched off",
)
async def delete_type(village: VillageDep, type_code: str, actor: ActorDep, uows: UowsDep) -> Response:
    if not actor.is_staff_of(village):
        raise Problem(403, "other_village", "Anda tidak berhak mengubah data desa ini.")
    await handlers.reset_letter_type(uows, actor, village, type_code)
    return Response(status_code=204)


@router.get("/villages/{code}/settings", summary="Numbering and approval settings of the village")
async def read_settings(village: VillageDep, actor: ActorDep, uows: UowsDep) -> SettingsOut:
    if not actor.reads_village(village):
        raise Problem(403, "other_village", "Data ini milik desa lain.")
    return SettingsOut.of(await handlers.get_settings(uows, village))


@router.patch("/villages/{code}/settings", summary="Change numbering and approval settings (village staff)")
async def patch_settings(village: VillageDep, body: SettingsPatch, actor: ActorDep, uows: UowsDep) -> SettingsOut:
    if not actor.is_staff_of(village):
        raise Problem(403, "other_village", "Anda tidak berhak mengubah data desa ini.")
    current = (await handlers.get_settings(uows, village)).to_json()
    given = body.model_dump(exclude_none=True)
    merged = current | given
    settings = VillageSettings(
        number_format=merged["number_format"],
        sequence_scope=merged["sequence_scope"],
        operator_may_sign=frozenset(merged["operator_may_sign"]),
        secretary_check=merged["secretary_check"],
        operator_title=merged["operator_title"],
    )
    return SettingsOut.of(await handlers.put_settings(uows, actor, village, settings))


@router.get("/villages/{code}/letters", summary="The archive: signed letters of the village (staff)")
async def archive(
    village: VillageDep,
    actor: ActorDep,
    uows: UowsDep,
    year: Annotated[int | None, Query(ge=2000, le=2200)] = None,
    before: Annotated[str | None, Query(max_length=40, description="next_before of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> ArchivePageOut:
    if not actor.reads_village(village):
        raise Problem(403, "other_village", "Data ini milik desa lain.")
    async with uows() as uow:
        try:
            return await archive_page(uow, village, year=year, before=before, limit=limit)
        except ValueError:
            raise Problem(422, "bad_cursor", "Parameter 'before' tidak valid.") from None


@router.get("/villages/{code}/keys", summary="Public keys that verify the village's letters offline (public)")
async def village_keys(village: VillageDep, uows: UowsDep, response: Response) -> VillageKeysOut:
    async with uows() as uow:
        keys = await uow.villages.keys(village)
    response.headers["Cache-Control"] = KEYS_CACHE
    return VillageKeysOut(keys=[PublicKeyOut.of(k) for k in keys])


@router.get("/keys", summary="Public keys of every village on this deployment (public; for offline checkers)")
async def all_keys(uows: UowsDep, response: Response) -> KeysOut:
    async with uows() as uow:
        keys = await uow.villages.keys()
    response.headers["Cache-Control"] = KEYS_CACHE
    return KeysOut(algorithm="Ed25519", keys=[PublicKeyOut.of(k) for k in keys])
