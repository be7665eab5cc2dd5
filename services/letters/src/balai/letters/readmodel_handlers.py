"""The read model of identity: villages and residents as identity's events describe them (no NIK).

Requests are checked against it (the applicant lives in the village and is alive), and the verification
page shows the masked holder name taken from it at signing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from balai.common.consumer import Handler
from balai.common.envelope import Envelope, area_code
from balai.contracts.identity import (
    ResidentDiedV1,
    ResidentMovedV1,
    ResidentRegisteredV1,
    ResidentUpdatedV1,
    VillageEnabledV1,
)
from balai.letters.records import KnownVillage
from balai.letters.uow import LettersUnitOfWork

__all__ = ["IDENTITY_HANDLERS"]


async def on_village_enabled(event: VillageEnabledV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
    village = KnownVillage(area_code(event.village_code), event.name, event.district_name, event.regency_name)
    await uow.villages.put_village(village)


async def on_resident_registered(event: ResidentRegisteredV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
    profile = event.profile
    await uow.villages.put_resident(
        event.resident_id,
        {
            "village": area_code(event.village_code),
            "name": profile.name,
            "sex": profile.sex,
            "birth_date": profile.birth_date,
            "status": profile.status,
            "nik_masked": event.nik_masked,
        },
    )


async def on_resident_updated(event: ResidentUpdatedV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
    profile = event.profile
    values = {
        "village": area_code(event.village_code),
        "name": profile.name,
        "sex": profile.sex,
        "birth_date": profile.birth_date,
        "status": profile.status,
    }
    if event.nik_masked:
        values["nik_masked"] = event.nik_masked
    if not await uow.villages.update_resident(event.resident_id, values):
        await uow.villages.put_resident(event.resident_id, {"nik_masked": event.nik_masked or ""} | values)


async def on_resident_moved(event: ResidentMovedV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
    await uow.villages.update_resident(event.resident_id, {"status": "moved"})


async def on_resident_died(event: ResidentDiedV1, envelope: Envelope, uow: LettersUnitOfWork) -> None:
    await uow.villages.update_resident(event.resident_id, {"status": "deceased"})


IDENTITY_HANDLERS: dict[type[BaseModel], Sequence[Handler]] = {
    VillageEnabledV1: [on_village_enabled],
    ResidentRegisteredV1: [on_resident_registered],
    ResidentUpdatedV1: [on_resident_updated],
    ResidentMovedV1: [on_resident_moved],
    ResidentDiedV1: [on_resident_died],
}
