"""Events in and out over the real NATS JetStream: identity's village events build the read model
(the same event twice = once); the marketplace's events reach its stream under the village subject."""

from __future__ import annotations

import pytest

from balai.common.envelope import Envelope
from balai.common.testing.harness import eventually
from balai.contracts.identity import VillageEnabledV1
from balai.contracts.marketplace import ShopOpenedV1
from balai.marketplace.models import villages

from .conftest import MOJOWARNO, Market

pytestmark = pytest.mark.integration


async def test_village_enabled_events_fill_the_read_model_once(market: Market) -> None:
    bus = market.svc.runtime.bus
    await bus.wait_ready(5)
    await bus.ensure_stream("identity")
    event = VillageEnabledV1(
        village_code="33.17.01.2002",
        name="Logede",
        district_code="33.17.01",
        district_name="Sumber",
        regency_code="33.17",
        regency_name="Kabupaten Rembang",
    )
    envelope = Envelope.wrap(event, village="3317012002", subject="3317012002")
    subject = envelope.bus_subject(market.svc.settings.nats_prefix)
    await bus.publish(subject, envelope.to_bytes(), msg_id="first")
    await bus.publish(subject, envelope.to_bytes(), msg_id="second")  # a redelivery JetStream cannot dedupe

    async def enabled() -> bool:
        response = await market.client.get("/villages?district=33.17.01")
        return [v["name"] for v in response.json()] == ["Logede"]

    await eventually(enabled, what="Logede in the enabled villages")
    assert await market.count(villages) == 4
    body = {"name": "Lapak Logede", "whatsapp": "081234567890", "pickup_address": "Dusun Logede RT 1"}
    opened = await market.client.post("/shops", json=body, headers=market.resident("warga", village="3317012002"))
    assert opened.status_code == 201


async def test_marketplace_events_are_published_under_the_village(market: Market) -> None:
    shop = await market.open_shop("siti", approve=False)
    bus = market.svc.runtime.bus
    await bus.wait_ready(5)
    stream = bus.stream_name("marketplace")

    async def published() -> bool:
        try:
            return (await bus.js.stream_info(stream)).state.messages >= 1
        except Exception:
            return False

    await eventually(published, what="shop.opened on the MARKETPLACE stream")
    message = await bus.js.get_msg(stream, 1)
    envelope = Envelope.from_bytes(message.data or b"")
    assert message.subject == f"{market.svc.settings.nats_prefix}.marketplace.{MOJOWARNO}.shop.opened"
    assert (envelope.type, envelope.village, envelope.subject) == ("marketplace.shop.opened", MOJOWARNO, shop["id"])
    payload = ShopOpenedV1.model_validate(envelope.data)
    assert (payload.owner_id, payload.village_code, payload.name) == ("siti", "33.17.09.2016", "Lapak siti")
