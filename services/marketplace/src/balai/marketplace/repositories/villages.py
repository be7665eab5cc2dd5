from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.marketplace.domain.villages import Village
from balai.marketplace.models import villages
from balai.marketplace.repositories.common import rowcount


class Villages:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, code: str) -> Village | None:
        row = (await self.session.execute(select(villages).where(villages.c.code == code))).first()
        return Village(**row._mapping) if row else None

    async def put(self, village: Village) -> None:
        """Insert or refresh (a re-enabled village keeps its first `enabled_at`)."""
        values = {
            "name": village.name,
            "district_code": village.district_code,
            "district_name": village.district_name,
            "regency_code": village.regency_code,
            "regency_name": village.regency_name,
        }
        updated = await self.session.execute(update(villages).where(villages.c.code == village.code).values(values))
        if not rowcount(updated):
            await self.session.execute(
                insert(villages).values(code=village.code, enabled_at=village.enabled_at, **values)
            )

    async def listing(self, area: str | None = None) -> list[Village]:
        query = select(villages).order_by(villages.c.code)
        if area:
            query = query.where(villages.c.code.startswith(area, autoescape=True))
        return [Village(**row._mapping) for row in (await self.session.execute(query)).all()]
