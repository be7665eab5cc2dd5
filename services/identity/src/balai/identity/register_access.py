"""Who may see and change what in the village register (pure; every route calls one of these first).

- Village staff (operator, kades) read and change the register of their own village only, and are the
  only staff who see full NIK and KK numbers (they serve residents at the counter).
- The regency admin reads and changes every village (enabling villages is theirs alone) but sees NIK/KK
  masked: managing villages does not need them.
- A camat (district) reads aggregates of the district's villages: statistics and the village list, never
  a resident.
- A resident reads their own record and family (``/me``), nothing else.
"""

from __future__ import annotations

from uuid import UUID

from balai.common.auth import CAMAT, KADES, OPERATOR, REGENCY_ADMIN, RESIDENT, VILLAGE_STAFF, Principal
from balai.common.errors import Problem

STAFF = frozenset({OPERATOR, KADES, CAMAT, REGENCY_ADMIN})
REGISTER_ROLES = frozenset({OPERATOR, KADES, REGENCY_ADMIN})


def _forbidden(detail: str, code: str = "forbidden") -> Problem:
    return Problem(403, code, detail)


def require_staff(caller: Principal) -> None:
    if not caller.roles & STAFF:
        raise _forbidden("Hanya petugas yang dapat mengakses data ini.")


def require_regency_admin(caller: Principal) -> None:
    if REGENCY_ADMIN not in caller.roles:
        raise _forbidden("Hanya admin kabupaten yang dapat melakukan ini.")


def require_register_role(caller: Principal) -> None:
    """Resident-level data at all: village staff or the regency admin (not a camat, not a resident)."""
    if not caller.roles & REGISTER_ROLES:
        raise _forbidden("Hanya petugas desa yang dapat mengakses data penduduk.")


def can_use_register(caller: Principal, village: str) -> bool:
    """Resident-level data of ``village`` (compact code): its own staff, or the regency admin."""
    if REGENCY_ADMIN in caller.roles:
        return True
    return bool(caller.roles & VILLAGE_STAFF) and caller.village == village


def require_register(caller: Principal, village: str) -> None:
    if can_use_register(caller, village):
        return
    if caller.roles & STAFF:
        raise _forbidden("Data penduduk ini milik desa lain atau di luar wewenang Anda.", "other_village")
    raise _forbidden("Hanya petugas desa yang dapat mengakses data penduduk.")


def sees_full_numbers(caller: Principal, village: str) -> bool:
    """Full NIK/KK: the village's own staff only."""
    return bool(caller.roles & VILLAGE_STAFF) and caller.village == village


def require_village_read(caller: Principal, village: str) -> None:
    """A village's profile: staff whose scope covers it (camat: the villages of their district), and
    service accounts (the letters service prints it in the letterhead)."""
    if "service" in caller.roles:
        return
    require_staff(caller)
    caller.require_read(village)


def require_area_read(caller: Principal, area: str) -> None:
    """Aggregates of a village, district or regency (compact code): staff whose scope covers the area."""
    require_staff(caller)
    if not caller.can_read_village(area):
        raise _forbidden("Wilayah ini di luar wewenang Anda.", "other_area")


def require_resident(caller: Principal) -> UUID:
    """The caller's own resident id (a resident's token has ``sub`` = resident id)."""
    if RESIDENT not in caller.roles:
        raise _forbidden("Hanya untuk penduduk yang masuk dengan akunnya sendiri.")
    try:
        return UUID(caller.subject)
    except ValueError:
        raise _forbidden("Token ini bukan milik seorang penduduk.") from None
