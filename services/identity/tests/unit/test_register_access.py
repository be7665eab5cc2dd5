"""Who may use the register: village staff their own village, the regency admin all, camat aggregates only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from balai.common.auth import Principal
from balai.common.errors import Problem
from balai.identity.register_access import (
    can_use_register,
    require_area_read,
    require_register,
    require_register_role,
    require_resident,
    require_village_read,
    sees_full_numbers,
)

A, B = "3317092016", "3317092001"


def who(roles: str, village: str | None = A, subject: str = "s") -> Principal:
    return Principal(subject=subject, village=village, roles=frozenset(roles.split(",")))


OPERATOR, KADES, CAMAT, ADMIN = who("operator"), who("kades"), who("camat", "331709"), who("regency_admin", None)
RESIDENT = who("resident", A, "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e")


def forbidden(check: Callable[..., object], *args: object) -> bool:
    """True when ``check`` refuses with 403 (any other outcome but passing fails the test)."""
    try:
        check(*args)
    except Problem as problem:
        return problem.status == 403
    return False


def test_register_is_for_the_villages_own_staff_and_the_regency_admin() -> None:
    assert can_use_register(OPERATOR, A)
    assert can_use_register(KADES, A)
    assert can_use_register(ADMIN, B)
    assert not can_use_register(OPERATOR, B)
    assert not can_use_register(CAMAT, A)
    assert not can_use_register(RESIDENT, A)
    assert not can_use_register(who("operator", None), A)
    for caller in (CAMAT, RESIDENT, who("kiosk")):
        assert forbidden(require_register_role, caller)
        assert forbidden(require_register, caller, A)
    assert forbidden(require_register, OPERATOR, B)


def test_full_numbers_only_for_the_villages_own_staff() -> None:
    assert sees_full_numbers(OPERATOR, A)
    assert not sees_full_numbers(OPERATOR, B)
    assert not sees_full_numbers(ADMIN, A)
    assert not sees_full_numbers(CAMAT, A)


def test_aggregates_and_profiles_follow_the_area() -> None:
    assert not forbidden(require_area_read, CAMAT, "331709")
    assert not forbidden(require_area_read, CAMAT, A)
    assert forbidden(require_area_read, CAMAT, "3317")
    assert forbidden(require_area_read, CAMAT, "331701")
    assert not forbidden(require_area_read, ADMIN, "3317")
    assert not forbidden(require_area_read, OPERATOR, A)
    assert forbidden(require_area_read, OPERATOR, "331709")
    assert forbidden(require_area_read, RESIDENT, A)
    assert not forbidden(require_village_read, CAMAT, B)
    assert forbidden(require_village_read, RESIDENT, A)


def test_resident_is_named_by_the_token_subject() -> None:
    assert str(require_resident(RESIDENT)) == RESIDENT.subject
    assert forbidden(require_resident, OPERATOR)
    with pytest.raises(Problem):
        require_resident(who("resident", A, "not-a-uuid"))
