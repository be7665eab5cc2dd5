from __future__ import annotations

import pytest

from balai.identity.config import Settings
from balai.identity.main import create_app
from balai.identity.regions import default_regions

from .conftest import admin

pytestmark = pytest.mark.integration


async def test_a_regency_deployment_enables_only_its_own_villages(balai_service) -> None:
    outside = default_regions().villages_in("33.74")[0]
    async with balai_service(create_app, Settings, regency_code="33.17") as svc:
        refused = await svc.client.post("/villages", json={"code": outside.code}, headers=admin(svc))
        assert refused.status_code == 422
        assert refused.json()["code"] == "other_regency"
        own = await svc.client.post("/villages", json={"code": "33.17.09.2016"}, headers=admin(svc))
        assert own.status_code == 201


async def test_service_accounts_read_village_profiles_for_the_letterhead(balai_service) -> None:
    async with balai_service(create_app, Settings) as svc:
        await svc.client.post("/villages", json={"code": "33.17.09.2016"}, headers=admin(svc))
        service = svc.headers("svc.letters", roles=["service"], village=None)
        profile = await svc.client.get("/villages/33.17.09.2016", headers=service)
        assert profile.status_code == 200
        assert profile.json()["name"] == "Mojowarno"
        resident = svc.headers("r1", roles=["resident"], village="3317092016")
        assert (await svc.client.get("/villages/33.17.09.2016", headers=resident)).status_code == 403
