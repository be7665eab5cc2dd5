"""FastAPI dependencies shared by the register routes: caller context, unit of work factory, path codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.common.service import runtime_of
from balai.common.timestamps import local_date
from balai.identity.config import Settings
from balai.identity.regions import RegionLevel, compact_code, default_regions
from balai.identity.register_handlers import RegisterContext
from balai.identity.register_village_handlers import Actor
from balai.identity.uow import IdentityUnitOfWork


def settings_of(request: Request) -> Settings:
    settings = runtime_of(request).settings
    assert isinstance(settings, Settings)
    return settings


def village_today(request: Request) -> dt.date:
    """Today's date where the villages are (``IDENTITY_TIMEZONE``, WIB by default), not the server's."""
    return local_date(settings_of(request).timezone)


Today = Annotated[dt.date, Depends(village_today)]


def uow_factory(request: Request) -> Callable[[], IdentityUnitOfWork]:
    runtime = runtime_of(request)

    def make() -> IdentityUnitOfWork:
        uow = runtime.uow()
        assert isinstance(uow, IdentityUnitOfWork)
        return uow

    return make


def actor_of(request: Request, subject: str) -> Actor:
    return Actor(subject=subject, source=request.client.host if request.client else "")


async def register_context(request: Request, caller: Caller, today: Today) -> RegisterContext:
    return RegisterContext(
        caller=caller,
        actor=actor_of(request, caller.subject),
        nik_hash_key=settings_of(request).nik_hash_key.get_secret_value(),
        regions=default_regions(),
        today=today,
    )


Ctx = Annotated[RegisterContext, Depends(register_context)]
UowFactory = Annotated[Callable[[], IdentityUnitOfWork], Depends(uow_factory)]


def area(code: str, level: RegionLevel) -> str:
    """The compact code of a path parameter naming a region of ``level`` (dotted or compact accepted)."""
    try:
        compact = compact_code(code)
    except ValueError:
        compact = ""
    expected = {RegionLevel.VILLAGE: 10, RegionLevel.DISTRICT: 6, RegionLevel.REGENCY: 4}[level]
    if len(compact) != expected:
        raise Problem(404, "not_a_region_code", f"'{code}' bukan kode {_NAMES[level]} Kemendagri.")
    return compact


_NAMES = {RegionLevel.VILLAGE: "desa", RegionLevel.DISTRICT: "kecamatan", RegionLevel.REGENCY: "kabupaten/kota"}


def village_code(code: str) -> str:
    """Path dependency: ``{code}`` of a village as its compact code."""
    return area(code, RegionLevel.VILLAGE)


VillageCode = Annotated[str, Depends(village_code)]
