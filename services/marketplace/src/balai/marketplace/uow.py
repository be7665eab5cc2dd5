"""Unit of work of the marketplace service: the only code that talks SQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork


class MarketplaceUnitOfWork(UnitOfWork):
    """Repositories of this service hang off `self.session`."""


def _uow(request: Request) -> MarketplaceUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, MarketplaceUnitOfWork)
    return uow


UoW = Annotated[MarketplaceUnitOfWork, Depends(_uow)]
