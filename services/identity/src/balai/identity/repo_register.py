"""Repository of the village register: villages, families, residents (SQL only, no rules)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class RegisterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
