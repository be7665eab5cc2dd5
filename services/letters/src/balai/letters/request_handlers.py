"""Command handlers of the request workflow: submit, verify, return, reject, resubmit, check, revoke.

Signing lives in :mod:`balai.letters.sign_handler`. Each handler: load (locking the request row), let the
domain decide, store the request and its history, queue the events, commit -- one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from balai.common.errors import Problem
from balai.common.idempotency import StoredResponse, run_idempotent
from balai.common.ids import uuid7
from balai.letters.actor import Actor
from balai.letters.domain import LetterRequest, State
from balai.letters.events import EventFacts, emit_transitions
from balai.letters.queries import request_detail
from balai.letters.schemas_requests import RequestOut
from balai.letters.uow import LettersUnitOfWork
from balai.letters.village_types import VillageType, effective_types

__all__ = [
    "check_request",
    "reject_request",
    "resubmit_request",
    "return_request",
    "revoke_letter",
    "submit_request",
    "verify_request",
]

Uows = Callable[[], LettersUnitOfWork]


def not_found() -> Problem:
    return Problem(404, "request_not_found", "Permohonan surat tidak ditemukan.")


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def validate_fields(vt: VillageType, fields: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return _jsonable(vt.letter_type.validate_fields(fields))
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
            for e in exc.errors()
        ]
        names = ", ".join(sorted({e["field"] for e in errors if e["field"]})) or "isian"
        raise Problem(422, "fields_invalid", f"Periksa kembali isian: {names}.", errors=errors) from None


async def _letter_type(uow: LettersUnitOfWork, village: str, type_code: str) -> VillageType:
    vt = effective_types(await uow.villages.type_rows(village)).get(type_code)
    if vt is None or not vt.enabled:
        raise Problem(422, "unknown_letter_type", f"Jenis surat '{type_code}' tidak tersedia di desa ini.")
    return vt


async def _check_attachments(
    uow: LettersUnitOfWork, vt: VillageType, village: str, resident_id: UUID, ids: Sequence[UUID], request_id: UUID
) -> tuple[UUID, ...]:
    unique = tuple(dict.fromkeys(ids))
    found = {a.id: a for a in await uow.requests.attachments_by_id(unique)}
    kinds = {d.key for d in vt.documents}
    for attachment_id in unique:
        a = found.get(attachment_id)
        if a is None or a.village != village or a.resident_id != resident_id:
            raise Problem(422, "attachment_unknown", "Berkas lampiran tidak ditemukan untuk pemohon ini.")
        if a.request_id not in (None, request_id):
            raise Problem(422, "attachment_used", "Berkas lampiran sudah dipakai permohonan lain.")
        if a.kind not in kinds:
            raise Problem(422, "attachment_kind", f"Lampiran '{a.kind}' tidak diminta untuk surat ini.")
    have = {found[i].kind for i in unique}
    missing = [d.label for d in vt.documents if d.required and d.key not in have]
    if missing:
        raise Problem(
            422, "documents_missing", "Lampiran wajib belum diunggah: " + ", ".join(missing) + ".", missing=missing
        )
    return unique


async def require_applicant(uow: LettersUnitOfWork, village: str, resident_id: UUID) -> None:
    resident = await uow.villages.resident(resident_id)
    if resident is None or resident.village != village:
        raise Problem(
            422, "resident_unknown", "Data penduduk ini belum tercatat di layanan surat desa ini; coba lagi sebentar."
        )
    if resident.status != "living":
        raise Problem(422, "resident_inactive", "Penduduk ini tidak lagi berstatus warga aktif desa.")


async def submit_request(
    uows: Uows,
    actor: Actor,
    now: dt.datetime,
    *,
    village: str,
    resident_id: UUID,
    type_code: str,
    fields: Mapping[str, Any],
    attachment_ids: Sequence[UUID],
    idempotency_key: str | None,
) -> StoredResponse:
    """One request per Idempotency-Key: a retried submit answers the first one's response."""
    fingerprint = {
        "village": village,
        "resident_id": str(resident_id),
        "type": type_code,
        "fields": _jsonable(fields),
        "attachments": [str(i) for i in attachment_ids],
    }

    LetterRequest.require_submitter(actor, village, resident_id)

    async def work(uow: LettersUnitOfWork) -> tuple[int, Any]:
        vt = await _letter_type(uow, village, type_code)
        values = validate_fields(vt, fields)
        await require_applicant(uow, village, resident_id)
        request_id = uuid7()
        linked = await _check_attachments(uow, vt, village, resident_id, attachment_ids, request_id)
        request = LetterRequest.submit(
            request_id=request_id,
            village=village,
            resident_id=resident_id,
            type_code=type_code,
            fields=values,
            attachments=linked,
            actor=actor,
            now=now,
        )
        await uow.requests.add(request, vt.letter_type.title)
        await uow.requests.link_attachments(request.id, linked)
        emit_transitions(uow, request, EventFacts(type_title=vt.letter_type.title))
        return 201, (await request_detail(uow, request)).model_dump(mode="json")

    scope = f"letters-submit:{actor.subject}"
    try:
        return await run_idempotent(uows, scope=scope, key=idempotency_key, request=fingerprint, work=work)
    except Problem:
        if idempotency_key is None:
            raise
        # A concurrent twin may have committed between our key lookup and our checks (its attachments are
        # now "used"): asking once more answers with the twin's stored response, or fails the same way.
        return await run_idempotent(uows, scope=scope, key=idempotency_key, request=fingerprint, work=work)


async def _transition(
    uows: Uows, actor: Actor, request_id: UUID, change: Callable[[LetterRequest], None]
) -> RequestOut:
    async with uows() as uow:
        request = await uow.requests.get(request_id, for_update=True)
        if request is None or not request.visible_to(actor):
            raise not_found()
        previous = request.state
        change(request)
        await uow.requests.save(request, previous)
        emit_transitions(uow, request, EventFacts(type_title=await uow.requests.type_title(request_id)))
        await uow.commit()
        return await request_detail(uow, request)


async def verify_request(uows: Uows, actor: Actor, now: dt.datetime, request_id: UUID) -> RequestOut:
    return await _transition(uows, actor, request_id, lambda r: r.verify(actor, now))


async def return_request(uows: Uows, actor: Actor, now: dt.datetime, request_id: UUID, reason: str) -> RequestOut:
    return await _transition(uows, actor, request_id, lambda r: r.return_to_resident(actor, reason, now))


async def reject_request(uows: Uows, actor: Actor, now: dt.datetime, request_id: UUID, reason: str) -> RequestOut:
    return await _transition(uows, actor, request_id, lambda r: r.reject(actor, reason, now))


async def check_request(uows: Uows, actor: Actor, now: dt.datetime, request_id: UUID) -> RequestOut:
    async with uows() as uow:
        request = await uow.requests.get(request_id)
        if request is None or not request.visible_to(actor):
            raise not_found()
        secretary_check = (await uow.villages.settings(request.village)).secretary_check
    return await _transition(uows, actor, request_id, lambda r: r.check(actor, secretary_check, now))


async def resubmit_request(
    uows: Uows,
    actor: Actor,
    now: dt.datetime,
    request_id: UUID,
    *,
    fields: Mapping[str, Any] | None,
    attachment_ids: Sequence[UUID] | None,
) -> RequestOut:
    """A returned request, corrected (new field values and/or documents), goes back to the operator."""
    async with uows() as uow:
        request = await uow.requests.get(request_id, for_update=True)
        if request is None or not request.visible_to(actor):
            raise not_found()
        if request.state is not State.RETURNED:
            request.resubmit(actor, request.fields, request.attachments, now)  # raises the right problem
        vt = await _letter_type(uow, request.village, request.type_code)
        values = validate_fields(vt, request.fields if fields is None else fields)
        ids = request.attachments if attachment_ids is None else tuple(attachment_ids)
        linked = await _check_attachments(uow, vt, request.village, request.resident_id, ids, request.id)
        previous = request.state
        request.resubmit(actor, values, linked, now)
        await uow.requests.save(request, previous)
        await uow.requests.link_attachments(request.id, linked)
        emit_transitions(uow, request, EventFacts(type_title=vt.letter_type.title))
        await uow.commit()
        return await request_detail(uow, request)


async def revoke_letter(uows: Uows, actor: Actor, now: dt.datetime, request_id: UUID, reason: str) -> RequestOut:
    async with uows() as uow:
        request = await uow.requests.get(request_id, for_update=True)
        letter = await uow.letters.get(request_id)
        if request is None or not request.visible_to(actor):
            raise not_found()
        previous = request.state
        request.revoke(actor, reason, now)
        transition = request.new_transitions[-1]
        await uow.requests.save(request, previous)
        await uow.letters.set_revoked(request_id, by=actor.subject, reason=transition.reason or "", at=now)
        emit_transitions(uow, request, EventFacts(letter=letter))
        await uow.commit()
        return await request_detail(uow, request)
