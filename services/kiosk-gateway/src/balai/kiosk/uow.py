"""Unit of work of the kiosk gateway service: the only code that talks SQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork


class KioskgatewayUnitOfWork(UnitOfWork):
    """Repositories of this service hang off `self.session`."""


def _uow(request: Request) -> KioskgatewayUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, KioskgatewayUnitOfWork)
    return uow


UoW = Annotated[KioskgatewayUnitOfWork, Depends(_uow)]
