"""Unit of work of the letters service: the only code that talks SQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork


class LettersUnitOfWork(UnitOfWork):
    """Repositories of this service hang off `self.session`."""


def _uow(request: Request) -> LettersUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, LettersUnitOfWork)
    return uow


UoW = Annotated[LettersUnitOfWork, Depends(_uow)]
