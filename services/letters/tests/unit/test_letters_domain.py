"""The request state machine and who may move it, with no I/O."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from balai.letters.actor import Actor
from balai.letters.domain import Action, LetterRequest, State, WorkflowError

VILLAGE, OTHER = "3317092016", "3317092001"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
RID = uuid.uuid4()


def staff(role: str = "operator", village: str = VILLAGE, subject: str | None = None) -> Actor:
    return Actor(subject=subject or f"{role}-{village}", roles=frozenset({role}), village=village, name="Petugas")


def holder(resident_id: uuid.UUID = RID, device: str | None = None) -> Actor:
    return Actor(subject=str(resident_id), roles=frozenset({"resident"}), village=VILLAGE, device=device)


def new_request(actor: Actor | None = None, type_code: str = "domisili") -> LetterRequest:
    return LetterRequest.submit(
        request_id=uuid.uuid4(),
        village=VILLAGE,
        resident_id=RID,
        type_code=type_code,
        fields={"keperluan": "Melamar kerja"},
        attachments=(),
        actor=actor or holder(),
        now=NOW,
    )


def sign(request: LetterRequest, actor: Actor, *, check: bool = False, allowed: frozenset[str] = frozenset()) -> str:
    return request.sign(actor, secretary_check=check, operator_may_sign=allowed, now=NOW)


def test_happy_path_records_every_step() -> None:
    request = new_request()
    request.verify(staff(), NOW)
    assert sign(request, staff("kades")) == "kades"
    assert request.mark_issued(NOW) is True
    assert request.state is State.ISSUED
    assert [(t.action, t.state, t.actor_role) for t in request.new_transitions] == [
        (Action.SUBMIT, State.SUBMITTED, "resident"),
        (Action.VERIFY, State.VERIFIED, "operator"),
        (Action.SIGN, State.SIGNED, "kades"),
        (Action.ISSUE, State.ISSUED, "system"),
    ]


def test_who_may_submit() -> None:
    assert new_request(staff()).channel == "counter"
    assert new_request(holder(device="kiosk-1")).channel == "kiosk"
    assert new_request(holder()).channel == "pwa"
    with pytest.raises(WorkflowError) as other_person:
        new_request(holder(uuid.uuid4()))
    assert other_person.value.status == 403
    with pytest.raises(WorkflowError):
        new_request(staff(village=OTHER))
    with pytest.raises(WorkflowError):
        new_request(Actor("admin", frozenset({"regency_admin"}), None))


def test_returned_request_is_fixed_and_resubmitted() -> None:
    request = new_request()
    with pytest.raises(WorkflowError) as no_reason:
        request.return_to_resident(staff(), "  ", NOW)
    assert no_reason.value.code == "reason_required"
    request.return_to_resident(staff(), "Foto   pengantar buram", NOW)
    assert request.state is State.RETURNED
    assert request.new_transitions[-1].reason == "Foto pengantar buram"
    with pytest.raises(WorkflowError):
        request.verify(staff(), NOW)
    with pytest.raises(WorkflowError):
        request.resubmit(holder(uuid.uuid4()), {}, (), NOW)
    request.resubmit(holder(), {"keperluan": "Baru"}, (uuid.uuid4(),), NOW)
    assert request.state is State.SUBMITTED
    assert request.resubmissions == 1
    assert request.fields == {"keperluan": "Baru"}


def test_residents_and_other_villages_cannot_move_requests() -> None:
    request = new_request()
    for actor in (holder(), staff(village=OTHER), staff("kades", OTHER)):
        with pytest.raises(WorkflowError) as denied:
            request.verify(actor, NOW)
        assert denied.value.status == 403
    assert request.state is State.SUBMITTED


def test_secretary_check_is_four_eyes_and_required_when_enabled() -> None:
    request = new_request()
    with pytest.raises(WorkflowError) as off:
        request.check(staff(), False, NOW)
    assert off.value.code == "check_not_required"
    request.verify(staff(subject="op-a"), NOW)
    with pytest.raises(WorkflowError) as early:
        sign(request, staff("kades"), check=True)
    assert early.value.code == "wrong_state"
    with pytest.raises(WorkflowError) as same:
        request.check(staff(subject="op-a"), True, NOW)
    assert same.value.code == "four_eyes"
    request.check(staff(subject="sekdes"), True, NOW)
    assert sign(request, staff("kades"), check=True) == "kades"


def test_operator_signs_only_types_the_village_allows() -> None:
    request = new_request(type_code="skck")
    request.verify(staff(), NOW)
    with pytest.raises(WorkflowError) as denied:
        sign(request, staff(), allowed=frozenset({"domisili"}))
    assert denied.value.status == 403
    assert request.state is State.VERIFIED
    assert sign(request, staff(), allowed=frozenset({"skck"})) == "operator"
    with pytest.raises(WorkflowError):
        sign(request, staff("kades"))  # signed once only


def test_reject_is_final_and_revoke_needs_a_signed_letter() -> None:
    request = new_request()
    with pytest.raises(WorkflowError):
        request.revoke(staff(), "Data salah", NOW)
    request.reject(staff(), "Bukan warga desa ini", NOW)
    for step in (lambda: request.verify(staff(), NOW), lambda: request.resubmit(holder(), {}, (), NOW)):
        with pytest.raises(WorkflowError):
            step()
    signed = new_request()
    signed.verify(staff(), NOW)
    sign(signed, staff("kades"))
    with pytest.raises(WorkflowError):
        signed.reject(staff(), "Terlambat", NOW)
    signed.revoke(staff(), "Alamat salah ketik", NOW)
    assert signed.state is State.REVOKED
    assert signed.mark_issued(NOW) is False  # revoked before its PDF was made: stays revoked


def test_visibility() -> None:
    request = new_request()
    assert request.visible_to(holder())
    assert request.visible_to(staff())
    assert request.visible_to(Actor("admin", frozenset({"regency_admin"}), None))
    assert not request.visible_to(holder(uuid.uuid4()))
    assert not request.visible_to(staff(village=OTHER))
    assert not request.visible_to(Actor("camat", frozenset({"camat"}), "331709"))
