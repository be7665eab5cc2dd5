from __future__ import annotations

import asyncio

import pytest

from .demo.app import DemoSettings, create_app, notes, tables
from .test_messaging import VILLAGE, count

pytestmark = pytest.mark.integration


async def test_retried_and_concurrent_requests_with_one_key_make_one_note(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        headers = svc.headers("op-1", roles=["operator"], village=VILLAGE) | {"Idempotency-Key": "k-1"}
        body = {"village": VILLAGE, "text": "sekali saja"}
        responses = await asyncio.gather(
            *(svc.client.post("/idempotent-notes", json=body, headers=headers) for _ in range(5))
        )
        assert {r.status_code for r in responses} == {201}
        assert len({r.json()["id"] for r in responses}) == 1, "every retry answers with the same note"
        assert sum(r.headers["Idempotent-Replayed"] == "false" for r in responses) == 1
        assert await count(svc, notes) == 1
        assert await count(svc, tables.outbox) == 1

        reused = await svc.client.post("/idempotent-notes", json={**body, "text": "lain"}, headers=headers)
        assert reused.status_code == 422
        assert reused.json()["code"] == "idempotency_key_reused"
        other_caller = svc.headers("op-2", roles=["operator"], village=VILLAGE) | {"Idempotency-Key": "k-1"}
        assert (await svc.client.post("/idempotent-notes", json=body, headers=other_caller)).status_code == 201
        assert await count(svc, notes) == 2
