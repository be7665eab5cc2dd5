"""The audit trail: who did what to whom, from where, with what outcome. Never a NIK, PIN or password."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.logs import redact
from balai.identity.models import audit_log


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    outcome: str = "ok",
    village: str | None = None,
    target: str | None = None,
    source: str = "",
    detail: str = "",
) -> None:
    await session.execute(
        insert(audit_log).values(
            at=datetime.now(UTC),
            actor=actor[:64],
            action=action,
            village=village,
            target=target,
            source=source[:80],
            outcome=outcome,
            detail=redact(detail)[:2000],
        )
    )
