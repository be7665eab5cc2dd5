"""Unit of work of the aid service: the only code that talks SQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork


class AidUnitOfWork(UnitOfWork):
    """Repositories of this service hang off `self.session`."""


def _uow(request: Request) -> AidUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, AidUnitOfWork)
    return uow


UoW = Annotated[AidUnitOfWork, Depends(_uow)]
