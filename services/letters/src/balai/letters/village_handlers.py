"""Command handlers for a village's configuration (letter types, settings) and for document uploads."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections.abc import Callable
from uuid import UUID

from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.letters.actor import Actor
from balai.letters.app_context import LettersContext
from balai.letters.domain import LetterRequest
from balai.letters.lettertypes import CATALOGUE
from balai.letters.policy import VillageSettings
from balai.letters.records import Attachment
from balai.letters.request_handlers import require_applicant
from balai.letters.uow import LettersUnitOfWork
from balai.letters.uploads import UploadRejected, check_upload
from balai.letters.village_types import TypeChange, VillageType, apply_change, effective_types

__all__ = [
    "get_settings",
    "letter_types",
    "put_letter_type",
    "put_settings",
    "read_attachment",
    "reset_letter_type",
    "upload_document",
]

Uows = Callable[[], LettersUnitOfWork]


async def letter_types(uows: Uows, village: str) -> dict[str, VillageType]:
    async with uows() as uow:
        return effective_types(await uow.villages.type_rows(village))


async def put_letter_type(uows: Uows, actor: Actor, village: str, code: str, change: TypeChange) -> VillageType:
    """Save a village's version of a type; 422 with every problem (a template that would fail included)."""
    row, problems = apply_change(code, change)
    if row is None:
        raise Problem(
            422, "letter_type_invalid", "Jenis surat belum dapat disimpan: " + "; ".join(problems), problems=problems
        )
    async with uows() as uow:
        await uow.villages.put_type(village, row, actor.subject)
        await uow.commit()
        return effective_types(await uow.villages.type_rows(village))[code]


async def reset_letter_type(uows: Uows, actor: Actor, village: str, code: str) -> None:
    """A standard type goes back to the catalogue; a village's own type is switched off (requests keep it)."""
    async with uows() as uow:
        if code in CATALOGUE:
            if not await uow.villages.delete_type(village, code):
                raise Problem(404, "letter_type_not_changed", "Jenis surat ini belum diubah desa.")
        else:
            current = effective_types(await uow.villages.type_rows(village)).get(code)
            if current is None:
                raise Problem(404, "unknown_letter_type", "Jenis surat tidak ditemukan.")
            row = next(r for r in await uow.villages.type_rows(village) if r.code == code)
            await uow.villages.put_type(village, dataclasses.replace(row, enabled=False), actor.subject)
        await uow.commit()


async def get_settings(uows: Uows, village: str) -> VillageSettings:
    async with uows() as uow:
        return await uow.villages.settings(village)


async def put_settings(uows: Uows, actor: Actor, village: str, settings: VillageSettings) -> VillageSettings:
    async with uows() as uow:
        known = effective_types(await uow.villages.type_rows(village))
        problems = settings.problems(known)
        if problems:
            raise Problem(
                422, "settings_invalid", "Pengaturan belum dapat disimpan: " + "; ".join(problems), problems=problems
            )
        await uow.villages.put_settings(village, settings, actor.subject)
        await uow.commit()
    return settings


async def upload_document(
    ctx: LettersContext, actor: Actor, village: str, resident_id: UUID, kind: str, data: bytes
) -> Attachment:
    """Store one checked document (photo or PDF) for a later request of ``resident_id``."""
    LetterRequest.require_submitter(actor, village, resident_id)
    settings = ctx.settings
    try:
        checked = await asyncio.to_thread(
            check_upload, data, max_bytes=settings.max_upload_bytes, max_pixels=settings.max_upload_pixels
        )
    except UploadRejected as exc:
        code = "upload_too_large" if exc.status == 413 else "upload_unsupported"
        raise Problem(exc.status, code, f"Berkas ditolak: {exc}.") from None
    attachment_id = uuid7()
    attachment = Attachment(
        id=attachment_id,
        village=village,
        resident_id=resident_id,
        request_id=None,
        kind=kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=f"{village}/{attachment_id}",
        uploaded_by=actor.subject,
        created_at=ctx.now(),
    )
    async with ctx.unit_of_work() as uow:
        await require_applicant(uow, village, resident_id)
        await ctx.uploads.put(attachment.storage_key, data)
        await uow.requests.add_attachment(attachment)
        await uow.commit()
    return attachment


async def read_attachment(ctx: LettersContext, actor: Actor, attachment_id: UUID) -> tuple[Attachment, bytes]:
    async with ctx.unit_of_work() as uow:
        attachment = await uow.requests.attachment(attachment_id)
    if attachment is None or not (actor.is_resident(attachment.resident_id) or actor.reads_village(attachment.village)):
        raise Problem(404, "attachment_not_found", "Lampiran tidak ditemukan.")
    return attachment, await ctx.uploads.get(attachment.storage_key)
