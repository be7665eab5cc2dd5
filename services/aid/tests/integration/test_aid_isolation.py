"""Village isolation: an operator of another village can read and change nothing, on every endpoint."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from balai.aid.models import beneficiaries, disbursements, exclusion_rules, messaging, programs

from ..support import BANGGI, MOJOWARNO, dtks_csv, kk, nik, opensid_workbook
from .conftest import count, create_program, enrol, ok, operator, paid

PUBLIC = {("POST", "/check"), ("GET", "/me/aid")}  # not village data: the NIK's own answer / the caller's own

pytestmark = pytest.mark.integration


async def _snapshot(svc) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    tables = (programs, beneficiaries, disbursements, exclusion_rules, messaging.outbox)
    return tuple([await count(svc, t) for t in tables])


async def test_an_operator_of_another_village_can_read_and_change_nothing(aid) -> None:
    async with aid() as svc:
        blt = await create_program(svc)
        family = ok(await enrol(svc, blt["id"], 1), 201)
        pay = paid("2026-01")
        ok(await svc.client.post(f"/beneficiaries/{family['id']}/disbursements", json=pay, headers=operator(svc)))
        rule_body = {"name": "Aturan desa", "kinds": ["blt_dd"], "excludes": ["bst"], "village": MOJOWARNO}
        rule = ok(await svc.client.post("/exclusion-rules", json=rule_body, headers=operator(svc)), 201)
        before = await _snapshot(svc)

        other = operator(svc, BANGGI)
        p, b = blt["id"], family["id"]
        enrol_here = {"village": MOJOWARNO, "nik": nik(2), "kk": kk(2)}
        enrol_there = {**enrol_here, "village": BANGGI}
        workbook = opensid_workbook([(kk(3), "", nik(3), "X", None, None, None)])
        attempts = [
            ("GET", "/programs", {"params": {"area": MOJOWARNO}}, 403),
            ("GET", "/programs/{program_id}", {"url": f"/programs/{p}"}, 404),
            ("POST", "/programs", {"json": {**_program(), "village": MOJOWARNO}}, 403),
            (
                "POST",
                "/programs/{program_id}/beneficiaries",
                {"url": f"/programs/{p}/beneficiaries", "json": enrol_here},
                403,
            ),
            (
                "POST",
                "/programs/{program_id}/beneficiaries",
                {"url": f"/programs/{p}/beneficiaries", "json": enrol_there},
                404,
            ),
            ("GET", "/beneficiaries", {"params": {"village": MOJOWARNO}}, 403),
            ("GET", "/beneficiaries/{beneficiary_id}", {"url": f"/beneficiaries/{b}"}, 404),
            (
                "POST",
                "/beneficiaries/{beneficiary_id}/removal",
                {"url": f"/beneficiaries/{b}/removal", "json": {"reason": "Coba-coba"}},
                404,
            ),
            (
                "POST",
                "/beneficiaries/{beneficiary_id}/review",
                {"url": f"/beneficiaries/{b}/review", "json": {"decision": "remove", "note": "Coba"}},
                404,
            ),
            (
                "POST",
                "/beneficiaries/{beneficiary_id}/disbursements",
                {"url": f"/beneficiaries/{b}/disbursements", "json": {**pay, "period": "2026-02"}},
                404,
            ),
            (
                "POST",
                "/programs/{program_id}/periods/{period}/plan",
                {"url": f"/programs/{p}/periods/2026-02/plan", "json": {"village": MOJOWARNO}},
                403,
            ),
            (
                "POST",
                "/programs/{program_id}/periods/{period}/plan",
                {"url": f"/programs/{p}/periods/2026-02/plan", "json": {"village": BANGGI}},
                404,
            ),
            (
                "GET",
                "/programs/{program_id}/disbursements",
                {"url": f"/programs/{p}/disbursements", "params": {"village": MOJOWARNO}},
                403,
            ),
            (
                "GET",
                "/programs/{program_id}/disbursements",
                {"url": f"/programs/{p}/disbursements", "params": {"village": BANGGI}},
                404,
            ),
            ("GET", "/exclusion-rules", {"params": {"village": MOJOWARNO}}, 403),
            ("POST", "/exclusion-rules", {"json": rule_body}, 403),
            ("DELETE", "/exclusion-rules/{rule_id}", {"url": f"/exclusion-rules/{rule['id']}"}, 404),
            ("GET", "/exclusion-conflicts", {"params": {"village": MOJOWARNO}}, 403),
            (
                "POST",
                "/programs/{program_id}/imports",
                {
                    "url": f"/programs/{p}/imports",
                    "params": {"village": MOJOWARNO, "dry_run": "false"},
                    "content": dtks_csv([(nik(4), kk(4), "x", "y")]),
                },
                403,
            ),
            (
                "POST",
                "/programs/{program_id}/imports",
                {
                    "url": f"/programs/{p}/imports",
                    "params": {"village": BANGGI, "dry_run": "false"},
                    "content": dtks_csv([(nik(4), kk(4), "x", "y")]),
                },
                404,
            ),
            (
                "POST",
                "/imports/opensid",
                {"params": {"village": MOJOWARNO, "dry_run": "false"}, "content": workbook},
                403,
            ),
            ("GET", "/stats", {"params": {"area": MOJOWARNO}}, 403),
            ("GET", "/stats", {"params": {"area": MOJOWARNO[:6]}}, 403),
        ]
        tried: set[tuple[str, str]] = set()
        for method, route, options, status in attempts:
            url = options.pop("url", route)
            response = await svc.client.request(method, url, headers=other, **options)
            assert response.status_code == status, (method, url, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert "Warga Nomor 1" not in response.text
            tried.add((method, route))

        assert await _snapshot(svc) == before, "nothing changed"
        routes = {
            (method, route.path)
            for route in svc.app.routes
            if isinstance(route, APIRoute) and route.path not in ("/healthz", "/readyz")
            for method in route.methods
        }
        assert routes - PUBLIC - tried == set(), "every village endpoint is covered by this test"

        listed = ok(await svc.client.get("/beneficiaries", params={"village": BANGGI}, headers=other))
        assert listed == []
        assert ok(await svc.client.get("/stats", params={"area": BANGGI}, headers=other))["programs"] == []


def _program() -> dict[str, object]:
    return {
        "name": "Program Desa Lain",
        "kind": "village",
        "source_of_funds": "apbdes",
        "target": "person",
        "starts_on": "2026-01-01",
    }
