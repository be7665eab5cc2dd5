"""Letter requests: states, transitions and who may make them. Pure Python, no I/O.

    submitted --verify--> verified --(check, if the village wants it)--> checked --sign--> signed --> issued
        |  ^                 |                                             |                  |         |
        |  '--resubmit-- returned <--return-- (any of submitted/verified/checked)           '-revoke--'--> revoked
        '--reject--> rejected (also from verified, checked, returned)

Every transition appends a :class:`Transition` to ``new_transitions``: the unit of work stores it as the
request's history and ``events.py`` turns it into the matching event, so history and events never differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

from balai.common.auth import KADES
from balai.common.errors import Problem
from balai.letters.actor import Actor

__all__ = [
    "Action",
    "LetterRequest",
    "SignerRole",
    "State",
    "Transition",
    "WorkflowError",
    "clean_reason",
]

SignerRole = Literal["kades", "operator"]
MIN_REASON, MAX_REASON = 3, 500


class State(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    RETURNED = "returned"
    REJECTED = "rejected"
    CHECKED = "checked"
    SIGNED = "signed"
    ISSUED = "issued"
    REVOKED = "revoked"


class Action(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    VERIFY = "verify"
    RETURN = "return"
    REJECT = "reject"
    CHECK = "check"
    SIGN = "sign"
    ISSUE = "issue"
    REVOKE = "revoke"


class WorkflowError(Problem):
    """A transition that the rules do not allow (a problem detail with an Indonesian message)."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of a request's history (and the event it publishes)."""

    action: Action
    state: State
    actor: str
    actor_role: str
    at: dt.datetime
    reason: str | None = None


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not MIN_REASON <= len(text) <= MAX_REASON:
        raise WorkflowError(
            422, "reason_required", f"Tuliskan alasan yang jelas ({MIN_REASON}-{MAX_REASON} karakter) untuk pemohon."
        )
    return text


def _not_allowed(detail: str) -> WorkflowError:
    return WorkflowError(403, "not_allowed", detail)


def _wrong_state(state: State, wanted: str) -> WorkflowError:
    return WorkflowError(
        409, "wrong_state", f"Permohonan berstatus '{state.value}', bukan {wanted}.", state=state.value
    )


@dataclass
class LetterRequest:
    """A resident's request for one letter, from submission to the issued (or revoked) letter."""

    id: UUID
    village: str
    resident_id: UUID
    type_code: str
    fields: dict[str, Any]
    attachments: tuple[UUID, ...]
    state: State
    channel: str
    submitted_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    verified_by: str | None = None
    checked_by: str | None = None
    signed_by: str | None = None
    resubmissions: int = 0
    new_transitions: list[Transition] = field(default_factory=list)

    @classmethod
    def submit(
        cls,
        *,
        request_id: UUID,
        village: str,
        resident_id: UUID,
        type_code: str,
        fields: Mapping[str, Any],
        attachments: tuple[UUID, ...],
        actor: Actor,
        now: dt.datetime,
    ) -> LetterRequest:
        """A new request by the resident themself (in their own village) or village staff on their behalf."""
        cls.require_submitter(actor, village, resident_id)
        request = cls(
            id=request_id,
            village=village,
            resident_id=resident_id,
            type_code=type_code,
            fields=dict(fields),
            attachments=attachments,
            state=State.SUBMITTED,
            channel=actor.channel,
            submitted_by=actor.subject,
            created_at=now,
            updated_at=now,
        )
        request._record(Action.SUBMIT, State.SUBMITTED, actor, now)
        return request

    @staticmethod
    def require_submitter(actor: Actor, village: str, resident_id: UUID) -> None:
        if not (actor.is_staff_of(village) or (actor.is_resident(resident_id) and actor.village == village)):
            raise _not_allowed("Permohonan hanya dapat diajukan oleh penduduk sendiri atau petugas desanya.")

    # --- who sees it -------------------------------------------------------------------------
    def visible_to(self, actor: Actor) -> bool:
        return actor.is_resident(self.resident_id) or actor.reads_village(self.village)

    def owned_or_staffed_by(self, actor: Actor) -> bool:
        return actor.is_resident(self.resident_id) or actor.is_staff_of(self.village)

    # --- transitions -------------------------------------------------------------------------
    def verify(self, actor: Actor, now: dt.datetime) -> None:
        self._require_staff(actor)
        if self.state is not State.SUBMITTED:
            raise _wrong_state(self.state, "'submitted'")
        self.verified_by = actor.subject
        self._record(Action.VERIFY, State.VERIFIED, actor, now)

    def return_to_resident(self, actor: Actor, reason: str, now: dt.datetime) -> None:
        self._require_staff(actor)
        if self.state not in (State.SUBMITTED, State.VERIFIED, State.CHECKED):
            raise _wrong_state(self.state, "yang masih diproses")
        self.verified_by = self.checked_by = None
        self._record(Action.RETURN, State.RETURNED, actor, now, clean_reason(reason))

    def reject(self, actor: Actor, reason: str, now: dt.datetime) -> None:
        self._require_staff(actor)
        if self.state not in (State.SUBMITTED, State.VERIFIED, State.CHECKED, State.RETURNED):
            raise _wrong_state(self.state, "yang belum ditandatangani")
        self._record(Action.REJECT, State.REJECTED, actor, now, clean_reason(reason))

    def resubmit(
        self, actor: Actor, fields: Mapping[str, Any], attachments: tuple[UUID, ...], now: dt.datetime
    ) -> None:
        if not self.owned_or_staffed_by(actor):
            raise _not_allowed("Hanya pemohon atau petugas desanya yang dapat mengajukan ulang.")
        if self.state is not State.RETURNED:
            raise _wrong_state(self.state, "'returned'")
        self.fields = dict(fields)
        self.attachments = attachments
        self.resubmissions += 1
        self._record(Action.RESUBMIT, State.SUBMITTED, actor, now)

    def check(self, actor: Actor, secretary_check: bool, now: dt.datetime) -> None:
        self._require_staff(actor)
        if not secretary_check:
            raise WorkflowError(409, "check_not_required", "Desa ini tidak memakai pemeriksaan sekretaris desa.")
        if self.state is not State.VERIFIED:
            raise _wrong_state(self.state, "'verified'")
        if actor.subject == self.verified_by:
            raise WorkflowError(
                409, "four_eyes", "Pemeriksaan harus dilakukan oleh petugas lain, bukan yang memverifikasi."
            )
        self.checked_by = actor.subject
        self._record(Action.CHECK, State.CHECKED, actor, now)

    def sign(
        self, actor: Actor, *, secretary_check: bool, operator_may_sign: frozenset[str], now: dt.datetime
    ) -> SignerRole:
        """The kades signs; an operator only the types the village lets operators sign. Returns the role."""
        if not actor.is_staff_of(self.village):
            raise _not_allowed(
                "Hanya kepala desa (atau petugas yang diberi wewenang) desa ini yang dapat menandatangani."
            )
        role: SignerRole
        if KADES in actor.roles:
            role = "kades"
        elif self.type_code in operator_may_sign:
            role = "operator"
        else:
            raise _not_allowed("Surat jenis ini hanya dapat ditandatangani oleh kepala desa.")
        ready = self.state is State.CHECKED or (self.state is State.VERIFIED and not secretary_check)
        if not ready:
            wanted = "'checked' (sudah diperiksa sekretaris)" if secretary_check else "'verified'"
            raise _wrong_state(self.state, wanted)
        self.signed_by = actor.subject
        self._record(Action.SIGN, State.SIGNED, actor, now)
        return role

    def mark_issued(self, now: dt.datetime) -> bool:
        """The PDF is archived. False (and no change) when the letter was revoked before it was rendered."""
        if self.state is State.ISSUED or self.state is State.REVOKED:
            return False
        if self.state is not State.SIGNED:
            raise _wrong_state(self.state, "'signed'")
        self._record(Action.ISSUE, State.ISSUED, None, now)
        return True

    def revoke(self, actor: Actor, reason: str, now: dt.datetime) -> None:
        self._require_staff(actor)
        if self.state not in (State.SIGNED, State.ISSUED):
            raise _wrong_state(self.state, "surat yang sudah ditandatangani")
        self._record(Action.REVOKE, State.REVOKED, actor, now, clean_reason(reason))

    # --- helpers -----------------------------------------------------------------------------
    def _require_staff(self, actor: Actor) -> None:
        if not actor.is_staff_of(self.village):
            raise _not_allowed("Hanya petugas desa ini yang dapat memproses permohonan.")

    def _record(
        self, action: Action, state: State, actor: Actor | None, now: dt.datetime, reason: str | None = None
    ) -> None:
        self.state = state
        self.updated_at = now
        who, role = (actor.subject, actor.role) if actor is not None else ("system", "system")
        self.new_transitions.append(Transition(action, state, who, role, now, reason))
