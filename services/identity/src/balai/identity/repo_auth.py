"""Repository of credentials: staff accounts, PINs, cards, devices, refresh tokens, signing keys."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
