"""Creating programs and exclusion rules."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from balai.aid.domain.errors import conflict
from balai.aid.domain.exclusions import ExclusionRule, new_rule
from balai.aid.domain.model import Program, ProgramKind, Unit
from balai.aid.domain.programs import CreateProgram, new_program
from balai.aid.events import publish
from balai.aid.handlers.access import now, require_regency_admin
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Principal
from balai.common.errors import not_found
from balai.common.ids import uuid7


async def create_program(cmd: CreateProgram, uow: AidUnitOfWork, caller: Principal) -> Program:
    if cmd.village is not None:
        caller.require_manage(cmd.village)
    else:
        require_regency_admin(caller, "Hanya admin kabupaten yang dapat membuat program se-kabupaten.")
    program, created = new_program(cmd, program_id=uuid7(), now=now())
    if await uow.programs.find_same(program.owner, program.name, program.starts_on) is not None:
        raise conflict("program_exists", "Program dengan nama dan tanggal mulai yang sama sudah ada.")
    await uow.programs.add(program)
    publish(uow, [created])
    return program


@dataclass(frozen=True, slots=True)
class CreateRule:
    name: str
    kinds: tuple[ProgramKind, ...]
    excludes: tuple[ProgramKind, ...]
    unit: Unit
    village: str | None


def _require_rule_owner(caller: Principal, village: str | None) -> None:
    if village is None:
        require_regency_admin(caller, "Hanya admin kabupaten yang dapat mengatur aturan se-kabupaten.")
    else:
        caller.require_manage(village)


async def create_rule(cmd: CreateRule, uow: AidUnitOfWork, caller: Principal) -> ExclusionRule:
    _require_rule_owner(caller, cmd.village)
    rule = new_rule(
        rule_id=uuid7(),
        name=cmd.name,
        kinds=cmd.kinds,
        excludes=cmd.excludes,
        unit=cmd.unit,
        village=cmd.village,
        created_by=caller.subject,
        now=now(),
    )
    await uow.rules.add(rule)
    return rule


async def delete_rule(rule_id: UUID, uow: AidUnitOfWork, caller: Principal) -> None:
    rule = await uow.rules.get(rule_id)
    if rule is None or not (rule.village is None or caller.can_read_village(rule.village)):
        raise not_found("Aturan pengecualian", "rule_not_found")
    _require_rule_owner(caller, rule.village)
    await uow.rules.delete(rule_id)
