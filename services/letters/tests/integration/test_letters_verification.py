"""Public verification: unknown codes all look alike, codes are case-insensitive, requests are
rate-limited per address, public keys are published, and the stack's /v page app serves the same page."""

from __future__ import annotations

import base64
import secrets
import uuid

import httpx
import pytest

from balai.letters.verify_page import verify_page_app

from .conftest import kades, seed, verified

pytestmark = pytest.mark.integration


async def test_unknown_codes_answer_alike_and_known_ones_in_any_case(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        request_id = await verified(svc, rid)
        assert (await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))).status_code == 200
        async with svc.runtime.uow() as uow:
            letter = await uow.letters.get(uuid.UUID(request_id))
        assert letter is not None
        code = letter.code

        never_issued = base64.b32encode(secrets.token_bytes(15)).decode()
        unknown = ["x", "not-a-code", never_issued, never_issued.lower(), code[:-1] + "!", "A" * 24, code + "A"]
        answers = [await svc.client.get(f"/verify/{c}") for c in unknown]
        assert {a.status_code for a in answers} == {404}
        assert {a.content for a in answers} == {answers[0].content}
        assert answers[0].json() == {"status": "unknown", "valid": False}

        for variant in (code, code.lower(), f" {code.swapcase()} ".strip()):
            found = await svc.client.get(f"/verify/{variant}")
            assert found.status_code == 200
            assert found.json()["status"] == "valid"
        page = await svc.client.get(f"/v/{code.lower()}")
        assert page.status_code == 200
        assert "ASLI dan BERLAKU" in page.text
        assert 'lang="id"' in page.text.replace("'", '"')
        assert "width=device-width" in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        assert (await svc.client.get("/v/TIDAKADA")).status_code == 404

        stack_page = verify_page_app(svc.app)
        transport = httpx.ASGITransport(app=stack_page)
        async with httpx.AsyncClient(transport=transport, base_url="http://balai") as client:
            mounted = await client.get(f"/{code}")
            assert mounted.status_code == 200
            assert "ASLI dan BERLAKU" in mounted.text

        keys = (await svc.client.get("/villages/33.17.09.2016/keys")).json()["keys"]
        assert [k["key_id"] for k in keys] == [letter.key_id]
        assert keys[0]["algorithm"] == "Ed25519"
        assert "sealed" not in str(keys[0])
        assert (await svc.client.get("/keys")).json()["keys"] == keys


async def test_verification_is_rate_limited_per_address(letters) -> None:
    async with letters(consumers_enabled=False, verify_rate_limit=5, verify_rate_window=60) as svc:
        answers = [(await svc.client.get(f"/verify/{'B' * 24}")).status_code for _ in range(5)]
        assert answers == [404] * 5
        limited = await svc.client.get(f"/verify/{'B' * 24}")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
        page = await svc.client.get(f"/v/{'B' * 24}")
        assert page.status_code == 429
        assert "Terlalu banyak" in page.text
