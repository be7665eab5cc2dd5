"""The enabled-villages read model, kept from identity's events."""

from __future__ import annotations

from balai.common.consumer import PermanentError
from balai.common.envelope import Envelope
from balai.contracts.identity import VillageEnabledV1
from balai.marketplace.domain.villages import Village
from balai.marketplace.uow import MarketplaceUnitOfWork


async def village_enabled(event: VillageEnabledV1, envelope: Envelope, uow: MarketplaceUnitOfWork) -> None:
    try:
        village = Village.enabled(
            village_code=event.village_code,
            name=event.name,
            district_code=event.district_code,
            district_name=event.district_name,
            regency_code=event.regency_code,
            regency_name=event.regency_name,
            at=envelope.time,
        )
    except ValueError as exc:
        raise PermanentError(str(exc)) from exc
    await uow.villages.put(village)
