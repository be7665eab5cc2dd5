"""Unit of work of the aid service: one transaction, its repositories (the only SQL), its events."""

from __future__ import annotations

from typing import Annotated, Self

from fastapi import Depends, Request

from balai.aid.repositories.beneficiaries import BeneficiaryRepository
from balai.aid.repositories.disbursements import DisbursementRepository
from balai.aid.repositories.programs import ProgramRepository, RuleRepository
from balai.aid.repositories.queries import QueryRepository
from balai.aid.repositories.residents import ResidentRepository
from balai.common.service import runtime_of
from balai.common.uow import UnitOfWork


class AidUnitOfWork(UnitOfWork):
    programs: ProgramRepository
    rules: RuleRepository
    beneficiaries: BeneficiaryRepository
    disbursements: DisbursementRepository
    residents: ResidentRepository
    queries: QueryRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.programs = ProgramRepository(self.session)
        self.rules = RuleRepository(self.session)
        self.beneficiaries = BeneficiaryRepository(self.session)
        self.disbursements = DisbursementRepository(self.session)
        self.residents = ResidentRepository(self.session)
        self.queries = QueryRepository(self.session)
        return self


def new_uow(request: Request) -> AidUnitOfWork:
    uow = runtime_of(request).uow()
    assert isinstance(uow, AidUnitOfWork)
    return uow


UoW = Annotated[AidUnitOfWork, Depends(new_uow)]
