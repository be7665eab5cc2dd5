"""Events in and out: identity's events build the read model (a duplicate changes nothing), every
transition is published on the LETTERS stream, and a PDF waits for identity when it is down."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from balai.common.envelope import Envelope
from balai.common.testing.harness import RunningService
from balai.contracts.identity import ResidentDiedV1, ResidentRegisteredV1, ResidentUpdatedV1, VillageEnabledV1
from balai.letters.models import known_residents, known_villages

from .conftest import VILLAGE, eventually, kades, operator, resident, seed, submit, verified, wait_issued

pytestmark = pytest.mark.integration


async def _publish(svc: RunningService, envelope: Envelope, msg_id: str | None = None) -> None:
    await svc.runtime.bus.publish(
        envelope.bus_subject(svc.settings.nats_prefix), envelope.to_bytes(), msg_id=msg_id or str(envelope.id)
    )


async def test_identity_events_build_the_read_model_once(letters) -> None:
    async with letters() as svc:
        await svc.runtime.bus.wait_ready(5)
        await svc.runtime.bus.ensure_stream("identity")
        rid = uuid.uuid4()
        enabled = VillageEnabledV1.model_validate(VillageEnabledV1.example)
        registered = ResidentRegisteredV1.model_validate(ResidentRegisteredV1.example | {"resident_id": str(rid)})
        profile = ResidentRegisteredV1.example["profile"] | {"name": "Siti Aminah Lestari"}
        updated = ResidentUpdatedV1.model_validate(
            ResidentUpdatedV1.example | {"resident_id": str(rid), "profile": profile, "changed": ["name"]}
        )
        died = ResidentDiedV1.model_validate(ResidentDiedV1.example | {"resident_id": str(rid)})
        registration = Envelope.wrap(registered, village=VILLAGE, subject=str(rid))
        await _publish(svc, Envelope.wrap(enabled, village=VILLAGE, subject=VILLAGE))
        await _publish(svc, registration)
        await _publish(svc, registration, msg_id="a-redelivery")  # same event id, not deduplicated by NATS
        await _publish(svc, Envelope.wrap(updated, village=VILLAGE, subject=str(rid)))

        async def renamed() -> bool:
            async with svc.runtime.db.session() as s:
                name = await s.scalar(select(known_residents.c.name).where(known_residents.c.id == rid))
            return name == "Siti Aminah Lestari"

        await eventually(renamed, what="the update in the read model")
        await _publish(svc, Envelope.wrap(died, village=VILLAGE, subject=str(rid)))

        async def deceased() -> bool:
            async with svc.runtime.db.session() as s:
                status = await s.scalar(select(known_residents.c.status).where(known_residents.c.id == rid))
            return status == "deceased"

        await eventually(deceased, what="the death in the read model")
        async with svc.runtime.db.session() as s:
            assert await s.scalar(select(func.count()).select_from(known_residents)) == 1
            assert await s.scalar(select(known_villages.c.name)) == "Mojowarno"
            handled = await s.scalar(
                select(func.count())
                .select_from(svc.runtime.definition.tables.inbox)
                .where(svc.runtime.definition.tables.inbox.c.event_id == registration.id)
            )
        assert handled == 1


async def test_every_transition_is_published_and_rendering_waits_for_identity(letters, directory) -> None:
    async with letters() as svc:
        rid = await seed(svc, directory)
        returned = (await submit(svc, rid))["id"]
        await svc.client.post(f"/requests/{returned}/return", headers=operator(svc), json={"reason": "Kurang jelas"})
        request_id = await verified(svc, rid)
        directory.unavailable = True
        assert (await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))).status_code == 200

        async def asked() -> bool:
            return directory.calls >= 1

        await eventually(asked, what="the renderer asking identity")
        await asyncio.sleep(0.3)
        detail = (await svc.client.get(f"/requests/{request_id}", headers=resident(svc, rid))).json()
        assert detail["state"] == "signed"
        assert detail["pdf_url"] is None
        pending = await svc.client.get(f"/requests/{request_id}/pdf", headers=resident(svc, rid))
        assert pending.status_code == 409
        assert pending.headers["retry-after"]
        directory.unavailable = False
        await wait_issued(svc, request_id, resident(svc, rid))

        stream = svc.runtime.bus.stream_name("letters")
        types: list[str] = []

        async def all_published() -> bool:
            info = await svc.runtime.bus.js.stream_info(stream)
            types.clear()
            for seq in range(1, int(info.state.messages) + 1):
                message = await svc.runtime.bus.js.get_msg(stream, seq)
                types.append(Envelope.from_bytes(message.data or b"").type)
            return "letters.letter.issued" in types

        await eventually(all_published, what="the issued event on the stream")
        assert types == [
            "letters.request.submitted",
            "letters.request.returned",
            "letters.request.submitted",
            "letters.request.verified",
            "letters.letter.signed",
            "letters.letter.issued",
        ]
