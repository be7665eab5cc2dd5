"""Who may see and change what (ADR 0003), for the handlers to call before touching data.

By-id lookups of something the caller may not see answer 404, so ids of other villages' records
cannot be probed; explicit village parameters answer 403.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from balai.aid.domain.model import Beneficiary, Program
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import REGENCY_ADMIN, VILLAGE_STAFF, Principal
from balai.common.errors import Problem, not_found


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in eastern Indonesia (UTC+9), the latest of the three time zones: a date recorded in any
    province is never "in the future"."""
    return (now() + timedelta(hours=9)).date()


def require_regency_admin(caller: Principal, detail: str) -> None:
    if not caller.has(REGENCY_ADMIN):
        raise Problem(403, "regency_admin_only", detail)


def can_see_people(caller: Principal, village: str) -> bool:
    """Names of beneficiaries: the village's own staff and the regency admin (a camat sees figures)."""
    if caller.has(REGENCY_ADMIN):
        return True
    return bool(caller.roles & VILLAGE_STAFF) and caller.village == village


def require_people(caller: Principal, village: str) -> None:
    if not can_see_people(caller, village):
        raise Problem(403, "other_village", "Data penerima ini hanya untuk perangkat desa yang bersangkutan.")


async def visible_program(uow: AidUnitOfWork, program_id: UUID, caller: Principal) -> Program:
    program = await uow.programs.get(program_id)
    if program is None or not any(caller.can_read_village(v) for v in program.villages):
        raise not_found("Program bantuan", "program_not_found")
    return program


async def visible_beneficiary(
    uow: AidUnitOfWork, beneficiary_id: UUID, caller: Principal, *, lock: bool = False
) -> Beneficiary:
    beneficiary = await uow.beneficiaries.get(beneficiary_id, for_update=lock)
    if beneficiary is None or not can_see_people(caller, beneficiary.village):
        raise not_found("Penerima bantuan", "beneficiary_not_found")
    return beneficiary


async def managed_beneficiary(uow: AidUnitOfWork, beneficiary_id: UUID, caller: Principal) -> Beneficiary:
    """The beneficiary, row-locked until commit (PostgreSQL), if the caller may change it."""
    beneficiary = await visible_beneficiary(uow, beneficiary_id, caller, lock=True)
    caller.require_manage(beneficiary.village)
    return beneficiary
