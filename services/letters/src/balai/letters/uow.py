"""Unit of work of the letters service: the only code that talks SQL (through its repositories)."""

from __future__ import annotations

from typing import Self

from balai.common.uow import UnitOfWork
from balai.letters.repo_letters import LetterRepository
from balai.letters.repo_requests import RequestRepository
from balai.letters.repo_village import VillageRepository


class LettersUnitOfWork(UnitOfWork):
    requests: RequestRepository
    letters: LetterRepository
    villages: VillageRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.requests = RequestRepository(self.session)
        self.letters = LetterRepository(self.session)
        self.villages = VillageRepository(self.session)
        return self
