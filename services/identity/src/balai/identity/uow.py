"""Unit of work of the identity service: the only code that talks SQL (through its repositories)."""

from __future__ import annotations

from typing import Annotated, Self

from fastapi import Depends, Request

from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork
from balai.identity.repo_auth import AuthRepository
from balai.identity.repo_notices import NoticeRepository
from balai.identity.repo_register import RegisterRepository


class IdentityUnitOfWork(UnitOfWork):
    register: RegisterRepository
    auth: AuthRepository
    notices: NoticeRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.register = RegisterRepository(self.session)
        self.auth = AuthRepository(self.session)
        self.notices = NoticeRepository(self.session)
        return self


def _uow(request: Request) -> IdentityUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, IdentityUnitOfWork)
    return uow


UoW = Annotated[IdentityUnitOfWork, Depends(_uow)]
