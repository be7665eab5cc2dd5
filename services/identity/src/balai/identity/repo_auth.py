"""Repository of credentials: staff accounts, PINs, PIN deliveries, cards, devices (SQL only, no rules)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from balai.identity.models import (
    cards,
    device_nonces,
    devices,
    pin_deliveries,
    resident_pins,
    residents,
    staff_accounts,
)

Row = Any


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- residents (read-only here) ----------------------------------------------------------
    async def resident_by_nik(self, nik: str) -> Row | None:
        return (await self.session.execute(select(residents).where(residents.c.nik == nik))).first()

    async def resident(self, resident_id: uuid.UUID) -> Row | None:
        return (await self.session.execute(select(residents).where(residents.c.id == resident_id))).first()

    async def residents_in(self, village: str, ids: list[uuid.UUID]) -> list[Row]:
        query = select(residents).where(residents.c.village == village, residents.c.id.in_(ids))
        return list((await self.session.execute(query)).all())

    # --- PINs ---------------------------------------------------------------------------------
    async def pin(self, resident_id: uuid.UUID) -> Row | None:
        query = select(resident_pins).where(resident_pins.c.resident_id == resident_id)
        return (await self.session.execute(query)).first()

    async def set_pin(self, resident_id: uuid.UUID, pin_hash: str, *, must_change: bool, by: str) -> None:
        values = {"pin_hash": pin_hash, "must_change": must_change, "issued_at": datetime.now(UTC), "issued_by": by}
        done = await self.session.execute(
            update(resident_pins).where(resident_pins.c.resident_id == resident_id).values(**values)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            await self.session.execute(insert(resident_pins).values(resident_id=resident_id, **values))

    async def add_delivery(
        self, delivery_id: uuid.UUID, resident_id: uuid.UUID, sealed: bytes, channel: str, expires_at: datetime
    ) -> None:
        await self.session.execute(
            insert(pin_deliveries).values(
                id=delivery_id, resident_id=resident_id, sealed_pin=sealed, channel=channel, expires_at=expires_at
            )
        )

    async def delivery_for_update(self, delivery_id: uuid.UUID) -> Row | None:
        query = select(pin_deliveries).where(pin_deliveries.c.id == delivery_id).with_for_update()
        return (await self.session.execute(query)).first()

    async def erase_delivery(self, delivery_id: uuid.UUID) -> None:
        await self.session.execute(
            update(pin_deliveries)
            .where(pin_deliveries.c.id == delivery_id)
            .values(sealed_pin=None, fetched_at=datetime.now(UTC))
        )

    async def erase_pending_deliveries(self, resident_id: uuid.UUID) -> None:
        await self.session.execute(
            update(pin_deliveries)
            .where(pin_deliveries.c.resident_id == resident_id, pin_deliveries.c.sealed_pin.is_not(None))
            .values(sealed_pin=None)
        )

    # --- cards --------------------------------------------------------------------------------
    async def card(self, uid: str) -> Row | None:
        return (await self.session.execute(select(cards).where(cards.c.uid == uid))).first()

    async def cards_of(self, resident_id: uuid.UUID) -> list[Row]:
        return list((await self.session.execute(select(cards).where(cards.c.resident_id == resident_id))).all())

    async def bind_card(self, uid: str, resident_id: uuid.UUID, village: str, by: str) -> None:
        await self.session.execute(
            insert(cards).values(
                uid=uid, resident_id=resident_id, village=village, bound_at=datetime.now(UTC), bound_by=by
            )
        )

    async def unbind_card(self, uid: str) -> None:
        await self.session.execute(delete(cards).where(cards.c.uid == uid))

    # --- devices ------------------------------------------------------------------------------
    async def device(self, device_id: uuid.UUID) -> Row | None:
        return (await self.session.execute(select(devices).where(devices.c.id == device_id))).first()

    async def active_device_with_key(self, public_key: str) -> Row | None:
        """The enrolled, not revoked kiosk holding ``public_key`` (the latest if it was enrolled twice)."""
        query = (
            select(devices)
            .where(devices.c.public_key == public_key, devices.c.revoked_at.is_(None))
            .order_by(devices.c.enrolled_at.desc())
        )
        return (await self.session.execute(query)).first()

    async def devices_in(self, village: str) -> list[Row]:
        query = select(devices).where(devices.c.village == village).order_by(devices.c.enrolled_at)
        return list((await self.session.execute(query)).all())

    async def add_device(self, device_id: uuid.UUID, village: str, name: str, public_key: str, by: str) -> None:
        await self.session.execute(
            insert(devices).values(
                id=device_id,
                village=village,
                name=name,
                public_key=public_key,
                enrolled_at=datetime.now(UTC),
                enrolled_by=by,
            )
        )

    async def revoke_device(self, device_id: uuid.UUID) -> None:
        await self.session.execute(
            update(devices).where(devices.c.id == device_id).values(revoked_at=datetime.now(UTC))
        )

    async def touch_device(self, device_id: uuid.UUID) -> None:
        await self.session.execute(
            update(devices).where(devices.c.id == device_id).values(last_seen_at=datetime.now(UTC))
        )

    async def use_nonce(self, jti: str, device_id: uuid.UUID, expires_at: datetime) -> bool:
        """Record a device assertion's nonce; False if it was used before (a replay)."""
        await self.session.execute(delete(device_nonces).where(device_nonces.c.expires_at < datetime.now(UTC)))
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(device_nonces).values(jti=jti, device_id=device_id, expires_at=expires_at)
                )
        except IntegrityError:
            return False
        return True

    # --- staff --------------------------------------------------------------------------------
    async def staff_by_username(self, username: str) -> Row | None:
        query = select(staff_accounts).where(staff_accounts.c.username == username.lower())
        return (await self.session.execute(query)).first()

    async def staff(self, account_id: uuid.UUID) -> Row | None:
        return (await self.session.execute(select(staff_accounts).where(staff_accounts.c.id == account_id))).first()

    async def staff_in(self, area_prefix: str | None) -> list[Row]:
        query = select(staff_accounts).order_by(staff_accounts.c.username)
        if area_prefix is not None:
            query = query.where(staff_accounts.c.area.startswith(area_prefix))
        return list((await self.session.execute(query)).all())

    async def add_staff(
        self, account_id: uuid.UUID, username: str, name: str, password_hash: str, roles: list[str], area: str | None
    ) -> None:
        await self.session.execute(
            insert(staff_accounts).values(
                id=account_id,
                username=username.lower(),
                name=name,
                password_hash=password_hash,
                roles=roles,
                area=area,
                active=True,
                created_at=datetime.now(UTC),
            )
        )

    async def set_staff_active(self, account_id: uuid.UUID, active: bool) -> None:
        await self.session.execute(
            update(staff_accounts).where(staff_accounts.c.id == account_id).values(active=active)
        )
