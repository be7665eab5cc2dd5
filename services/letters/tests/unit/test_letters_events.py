"""Each transition becomes exactly its event (and history and events come from the same list)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from balai.contracts.letters import (
    LetterIssuedV1,
    LetterRequestCheckedV1,
    LetterRequestReturnedV1,
    LetterRequestSubmittedV1,
    LetterRequestVerifiedV1,
    LetterRevokedV1,
    LetterSignedV1,
)
from balai.letters.actor import Actor
from balai.letters.domain import LetterRequest
from balai.letters.events import EventFacts, emit_transitions
from balai.letters.records import Letter

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
VILLAGE = "3317092016"


class RecordingUow:
    def __init__(self) -> None:
        self.emitted: list[tuple[Any, str, str]] = []

    def emit(self, payload: Any, *, village: str, subject: str) -> None:
        self.emitted.append((payload, village, subject))


def letter_for(request: LetterRequest) -> Letter:
    return Letter(
        request_id=request.id,
        village=VILLAGE,
        resident_id=request.resident_id,
        number="470/001/33.17.09.2016/XI/2026",
        code="K7QD2M4XW9ZP3HTF6RBN5JYA",
        key_id="K3QF7B2M",
        type_code="domisili",
        type_title="Surat Keterangan Domisili",
        type_snapshot={},
        template=None,
        fields={},
        issued_on=dt.date(2026, 11, 23),
        valid_until=dt.date(2027, 5, 22),
        holder_ref="abc",
        holder_name_masked="S*** A*****",
        signer_subject="kades",
        signer_role="kades",
        signer_name="H. Sutrisno",
        signer_position="Kepala Desa Mojowarno",
        signer_on_behalf_of=None,
        signed_at=NOW,
    )


def test_transitions_map_to_their_contracts() -> None:
    rid = uuid.uuid4()
    staff = Actor("op", frozenset({"operator"}), VILLAGE)
    kades = Actor("kades", frozenset({"kades"}), VILLAGE)
    request = LetterRequest.submit(
        request_id=uuid.uuid4(),
        village=VILLAGE,
        resident_id=rid,
        type_code="domisili",
        fields={},
        attachments=(uuid.uuid4(),),
        actor=Actor(str(rid), frozenset({"resident"}), VILLAGE, device="kiosk-7"),
        now=NOW,
    )
    request.return_to_resident(staff, "Foto buram", NOW)
    request.resubmit(Actor(str(rid), frozenset({"resident"}), VILLAGE), {}, (), NOW)
    request.verify(staff, NOW)
    request.check(Actor("sekdes", frozenset({"operator"}), VILLAGE), True, NOW)
    request.sign(kades, secretary_check=True, operator_may_sign=frozenset(), now=NOW)
    request.mark_issued(NOW)
    request.revoke(staff, "Salah ketik", NOW)
    uow = RecordingUow()
    emit_transitions(uow, request, EventFacts(type_title="Surat Keterangan Domisili", letter=letter_for(request)))  # type: ignore[arg-type]
    assert request.new_transitions == []
    kinds = [type(payload) for payload, _, _ in uow.emitted]
    assert kinds == [
        LetterRequestSubmittedV1,
        LetterRequestReturnedV1,
        LetterRequestSubmittedV1,
        LetterRequestVerifiedV1,
        LetterRequestCheckedV1,
        LetterSignedV1,
        LetterIssuedV1,
        LetterRevokedV1,
    ]
    first, returned, again = (p for p, _, _ in uow.emitted[:3])
    assert (first.channel, first.resubmission) == ("kiosk", False)
    assert again.resubmission is True
    assert returned.reason == "Foto buram"
    assert {(village, subject) for _, village, subject in uow.emitted} == {(VILLAGE, str(request.id))}
    signed = uow.emitted[5][0]
    assert (signed.number, signed.key_id, signed.village_code) == (
        "470/001/33.17.09.2016/XI/2026",
        "K3QF7B2M",
        "33.17.09.2016",
    )
