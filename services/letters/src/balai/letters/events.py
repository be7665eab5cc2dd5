"""Domain transitions -> contract models -> envelopes: the only place letters events are built.

The request's history and its events come from the same :class:`~balai.letters.domain.Transition` list,
so what the resident sees in the history is exactly what the rest of the platform was told.
"""

from __future__ import annotations

from dataclasses import dataclass

from balai.contracts.base import EventContract
from balai.contracts.letters import (
    LetterIssuedV1,
    LetterRequestCheckedV1,
    LetterRequestRejectedV1,
    LetterRequestReturnedV1,
    LetterRequestSubmittedV1,
    LetterRequestVerifiedV1,
    LetterRevokedV1,
    LetterSignedV1,
)
from balai.letters.domain import Action, LetterRequest, Transition
from balai.letters.policy import dotted
from balai.letters.records import Letter
from balai.letters.uow import LettersUnitOfWork

__all__ = ["EventFacts", "emit_transitions"]


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What some events carry beyond the request itself."""

    type_title: str = ""
    letter: Letter | None = None
    pdf_sha256: str = ""
    pdf_bytes: int = 0


def _need_letter(facts: EventFacts) -> Letter:
    if facts.letter is None:
        raise ValueError("this transition's event needs the signed letter")
    return facts.letter


def _contract(request: LetterRequest, t: Transition, facts: EventFacts) -> EventContract:
    base = {
        "request_id": request.id,
        "village_code": dotted(request.village),
        "resident_id": request.resident_id,
        "type_code": request.type_code,
    }
    if t.action in (Action.SUBMIT, Action.RESUBMIT):
        return LetterRequestSubmittedV1(
            **base,
            type_title=facts.type_title,
            channel=request.channel,
            submitted_by=t.actor,
            resubmission=t.action is Action.RESUBMIT,
            attachments=len(request.attachments),
        )
    if t.action is Action.VERIFY:
        return LetterRequestVerifiedV1(**base, verified_by=t.actor)
    if t.action is Action.RETURN:
        return LetterRequestReturnedV1(**base, reason=t.reason or "", returned_by=t.actor)
    if t.action is Action.REJECT:
        return LetterRequestRejectedV1(**base, reason=t.reason or "", rejected_by=t.actor)
    if t.action is Action.CHECK:
        return LetterRequestCheckedV1(**base, checked_by=t.actor)
    letter = _need_letter(facts)
    if t.action is Action.SIGN:
        return LetterSignedV1(
            **base,
            number=letter.number,
            issued_on=letter.issued_on,
            valid_until=letter.valid_until,
            key_id=letter.key_id,
            signed_by=t.actor,
            signer_role=letter.signer_role,
        )
    if t.action is Action.ISSUE:
        return LetterIssuedV1(
            **base,
            type_title=letter.type_title,
            number=letter.number,
            pdf_sha256=facts.pdf_sha256,
            pdf_bytes=facts.pdf_bytes,
        )
    return LetterRevokedV1(**base, number=letter.number, reason=t.reason or "", revoked_by=t.actor)


def emit_transitions(uow: LettersUnitOfWork, request: LetterRequest, facts: EventFacts) -> None:
    """Queue one event per new transition (after the repository stored them as history), then forget them."""
    for transition in request.new_transitions:
        uow.emit(_contract(request, transition, facts), village=request.village, subject=str(request.id))
    request.new_transitions.clear()
