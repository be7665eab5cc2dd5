"""Command and event handlers of the aid service: one small function each.

Command handlers take the caller and check access before touching data; they never commit (the API
runs them in `run_idempotent`, which commits state, outbox and idempotency key together). Event
handlers run inside the consumer's transaction with the inbox row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from balai.aid.domain.disbursements import RecordDisbursement
from balai.aid.domain.programs import CreateProgram
from balai.aid.handlers.disbursements import PlanPeriod, plan_period, record_disbursement
from balai.aid.handlers.enrolment import EnrolBeneficiary, enrol_beneficiary
from balai.aid.handlers.identity import (
    on_family_changed,
    on_resident_died,
    on_resident_moved,
    on_resident_registered,
    on_resident_updated,
    on_village_enabled,
)
from balai.aid.handlers.imports import ImportFile, import_file
from balai.aid.handlers.programs import CreateRule, create_program, create_rule
from balai.contracts.identity import (
    FamilyChangedV1,
    ResidentDiedV1,
    ResidentMovedV1,
    ResidentRegisteredV1,
    ResidentUpdatedV1,
    VillageEnabledV1,
)

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    CreateProgram: create_program,
    CreateRule: create_rule,
    EnrolBeneficiary: enrol_beneficiary,
    ImportFile: import_file,
    PlanPeriod: plan_period,
    RecordDisbursement: record_disbursement,
}
EVENT_HANDLERS: dict[type, Sequence[Callable[..., Any]]] = {
    VillageEnabledV1: [on_village_enabled],
    ResidentRegisteredV1: [on_resident_registered],
    ResidentUpdatedV1: [on_resident_updated],
    ResidentMovedV1: [on_resident_moved],
    ResidentDiedV1: [on_resident_died],
    FamilyChangedV1: [on_family_changed],
}
