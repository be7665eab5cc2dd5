"""Signing: the number, the verification code and the signing key are fixed in one transaction.

The village's key is made (if it is the village's first letter) in its own short transaction first.
Then, in the signing transaction: lock the request row, let the domain decide who may sign, re-validate
the fields against the type as it is now, take the next number from the locked counter row, keep a
snapshot of the type and template, and queue ``letters.letter.signed``. The PDF is rendered off the
request path by the consumer of that event (:mod:`balai.letters.render_handler`).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from balai.common.errors import Problem
from balai.common.privacy import mask_name
from balai.letters.actor import Actor
from balai.letters.app_context import LettersContext
from balai.letters.events import EventFacts, emit_transitions
from balai.letters.policy import NumberAllocator
from balai.letters.profile import signer_info, village_info
from balai.letters.qr import new_verification_code
from balai.letters.queries import request_detail
from balai.letters.records import Letter
from balai.letters.request_handlers import not_found, validate_fields
from balai.letters.schemas_requests import RequestOut
from balai.letters.uow import LettersUnitOfWork
from balai.letters.village_types import effective_types, type_snapshot

__all__ = ["sign_request"]


async def sign_request(
    ctx: LettersContext, uows: Callable[[], LettersUnitOfWork], actor: Actor, request_id: UUID
) -> RequestOut:
    async with uows() as uow:
        found = await uow.requests.get(request_id)
        if found is None or not found.visible_to(actor):
            raise not_found()
    if not actor.is_staff_of(found.village):
        raise Problem(
            403, "not_allowed", "Hanya kepala desa (atau petugas yang diberi wewenang) yang dapat menandatangani."
        )
    key = await ctx.keyring.ensure(uows, found.village)
    now = ctx.now()
    issued_on = ctx.today()
    async with uows() as uow:
        request = await uow.requests.get(request_id, for_update=True)
        if request is None:
            raise not_found()
        village = request.village
        settings = await uow.villages.settings(village)
        vt = effective_types(await uow.villages.type_rows(village)).get(request.type_code)
        if vt is None:
            raise Problem(409, "letter_type_gone", "Jenis surat ini sudah tidak tersedia; kembalikan permohonan.")
        previous = request.state
        role = request.sign(
            actor, secretary_check=settings.secretary_check, operator_may_sign=settings.operator_may_sign, now=now
        )
        fields = validate_fields(vt, request.fields)
        number = await NumberAllocator(uow.letters).allocate(settings, vt.letter_type, village, issued_on)
        known_village = await uow.villages.village(village)
        resident = await uow.villages.resident(request.resident_id)
        signer = signer_info(
            role=role,
            name=actor.name,
            village=village_info(village, None, known_village),
            operator_title=settings.operator_title,
        )
        letter = Letter(
            request_id=request.id,
            village=village,
            resident_id=request.resident_id,
            number=number.text,
            code=new_verification_code(),
            key_id=key.key_id,
            type_code=vt.code,
            type_title=vt.letter_type.title,
            type_snapshot=type_snapshot(vt.letter_type),
            template=vt.template_source,
            fields=fields,
            issued_on=issued_on,
            valid_until=vt.letter_type.valid_until(issued_on),
            holder_ref=ctx.holder_ref(request.resident_id),
            holder_name_masked=mask_name(resident.name) if resident is not None else "-",
            signer_subject=actor.subject,
            signer_role=role,
            signer_name=actor.name,
            signer_position=signer.position,
            signer_on_behalf_of=signer.on_behalf_of,
            signed_at=now,
        )
        await uow.requests.save(request, previous)
        await uow.letters.add(letter, number)
        emit_transitions(uow, request, EventFacts(letter=letter))
        await uow.commit()
        return await request_detail(uow, request)
