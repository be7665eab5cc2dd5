"""Consumer of the service's own ``letters.letter.signed``: render the PDF, archive it, announce it.

Runs off the request path. The resident's full document data (the NIK printed on the letter) comes from
identity's internal endpoint; the village letterhead from identity's profile (falling back to the read
model). ``compose_letter`` signs the QR and renders on the process's one PDF thread with its one
WeasyPrint renderer. The sealed PDF goes to the archive store under a key derived from the request, so a redelivered
event overwrites the same file; the inbox makes the database side happen once.
"""

from __future__ import annotations

import hashlib
from typing import Any

from balai.common.consumer import Handler, PermanentError
from balai.common.envelope import Envelope
from balai.contracts.letters import LetterSignedV1
from balai.letters.app_context import LettersContext, in_render_thread
from balai.letters.context import ResidentInfo, SignerInfo, VillageInfo
from balai.letters.directory import ResidentNotFound
from balai.letters.document import ComposedLetter, compose_letter
from balai.letters.domain import State
from balai.letters.events import EventFacts, emit_transitions
from balai.letters.profile import resident_info, signer_info, village_info
from balai.letters.records import Letter
from balai.letters.templating import TemplateRenderError
from balai.letters.uow import LettersUnitOfWork
from balai.letters.village_types import type_from_snapshot

__all__ = ["archive_key", "render_handler"]


def archive_key(letter: Letter) -> str:
    return f"{letter.village}/{letter.issued_on.year}/{letter.request_id}.pdf"


def _archive_data(
    letter: Letter, composed: ComposedLetter, village: VillageInfo, resident: ResidentInfo
) -> dict[str, Any]:
    """What was printed, kept beside the PDF -- with the NIK and KK masked (the sealed PDF has them)."""
    printed = resident.model_dump(mode="json")
    printed["nik"] = printed["nik"][:6] + "*" * 10
    if printed.get("no_kk"):
        printed["no_kk"] = printed["no_kk"][:6] + "*" * 10
    return {
        "number": letter.number,
        "type": letter.type_code,
        "village": village.model_dump(mode="json", exclude={"logo_data_uri"}),
        "resident": printed,
        "fields": letter.fields,
        "verify_url": composed.verify_url,
        "qr_text": composed.qr_text,
        "key_id": letter.key_id,
    }


async def _compose(
    ctx: LettersContext, uow: LettersUnitOfWork, letter: Letter
) -> tuple[ComposedLetter, dict[str, Any], SignerInfo]:
    try:
        record = await ctx.directory.resident(letter.resident_id)
    except ResidentNotFound:
        raise PermanentError(f"identity does not know resident {letter.resident_id}") from None
    labels = await ctx.directory.labels()
    profile = await ctx.directory.village(letter.village)
    logo = await ctx.directory.logo(letter.village)
    village = village_info(letter.village, profile, await uow.villages.village(letter.village), logo_png=logo)
    resident = resident_info(record, labels)
    # The position is settled here, with the letterhead's village name (identity's profile if it answers).
    signer = signer_info(
        role=letter.signer_role,
        name=letter.signer_name,
        village=village,
        operator_title=letter.signer_position,
        head_name=profile.head_name if profile is not None else "",
    )
    key = await uow.villages.key(letter.key_id)
    if key is None:
        raise PermanentError(f"signing key {letter.key_id} is missing")
    try:
        composed = await in_render_thread(
            compose_letter,
            type_from_snapshot(letter.type_snapshot),
            village=village,
            resident=resident,
            signer=signer,
            fields=letter.fields,
            number=letter.number,
            issued_on=letter.issued_on,
            code=letter.code,
            holder_ref=letter.holder_ref,
            signing_key=ctx.keyring.private_key(key),
            key_id=letter.key_id,
            origin=ctx.settings.public_origin,
            renderer=ctx.renderer(),
            template_source=letter.template,
            valid_until=letter.valid_until,
        )
    except TemplateRenderError as exc:
        raise PermanentError(f"the letter's template failed on its data: {exc}") from exc
    return composed, _archive_data(letter, composed, village, resident), signer


def render_handler(ctx: LettersContext) -> Handler:
    async def render_signed_letter(event: LetterSignedV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
        letter = await uow.letters.get(event.request_id)
        request = await uow.requests.get(event.request_id)
        if letter is None or request is None:
            raise PermanentError(f"no signed letter {event.request_id}")
        if letter.rendered_at is not None or request.state is not State.SIGNED:
            return  # already rendered, or revoked before its PDF was made
        composed, data, signer = await _compose(ctx, uow, letter)
        key = archive_key(letter)
        await ctx.archive.put(key, composed.pdf)
        sha256 = hashlib.sha256(composed.pdf).hexdigest()
        request = await uow.requests.get(event.request_id, for_update=True)
        if request is None or not request.mark_issued(ctx.now()):
            return  # revoked while rendering: the PDF stays archived, the state stays revoked
        await uow.letters.set_rendered(
            letter.request_id,
            pdf_key=key,
            sha256=sha256,
            size=len(composed.pdf),
            digest=composed.payload.digest.hex(),
            data=data,
            signer=(signer.name, signer.position, signer.on_behalf_of),
        )
        await uow.requests.save(request, State.SIGNED)
        emit_transitions(uow, request, EventFacts(letter=letter, pdf_sha256=sha256, pdf_bytes=len(composed.pdf)))

    return render_signed_letter
