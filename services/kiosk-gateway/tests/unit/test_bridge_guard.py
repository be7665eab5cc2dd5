"""The bridge answers the kiosk's own screen only: loopback peer, local Host, local (or configured) Origin."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
import websockets

from balai.kiosk.config import Settings
from balai.kiosk.guard import is_loopback
from balai.kiosk.main import create_app
from balai.kiosk.testing import FakeCentre
from balai.kiosk.testing_bridge import running_app, serve_app

ORIGIN = "http://127.0.0.1:8787"


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", True), ("127.3.2.1", True), ("::1", True), ("::ffff:127.0.0.1", True), ("10.0.0.7", False),
     ("192.168.1.20", False), ("testclient", False), ("", False), (None, False)],
)  # fmt: skip
def test_is_loopback(host: str | None, expected: bool) -> None:
    assert is_loopback(host) is expected


async def test_a_request_from_another_address_is_refused(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    app = create_app(make_settings(), centre=centre)
    async with running_app(app, ORIGIN) as local:
        assert (await local.get("/bridge/status")).status_code == 200
        transport = httpx.ASGITransport(app=app, client=("192.168.1.20", 40000))
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as remote:
            for method, path in [("GET", "/bridge/status"), ("POST", "/bridge/ticket"), ("GET", "/healthz")]:
                refused = await remote.request(method, path)
                assert refused.status_code == 403, path
                assert refused.json()["code"] == "not_local"


async def test_a_foreign_host_or_origin_is_refused(make_settings: Callable[..., Settings], centre: FakeCentre) -> None:
    app = create_app(make_settings(extra_origins=["https://balai.rembangkab.go.id"]), centre=centre)
    async with running_app(app, ORIGIN) as local:
        rebinding = await local.get("/bridge/status", headers={"Host": "evil.example:8787"})
        assert rebinding.status_code == 403, "a DNS-rebinding page sends its own host name"
        other_page = await local.delete("/bridge/session", headers={"Origin": "https://evil.example"})
        assert other_page.status_code == 403, "another web page in the kiosk's browser"
        screen = await local.get("/bridge/status", headers={"Origin": ORIGIN})
        assert screen.status_code == 200
        also_local = await local.get("/bridge/status", headers={"Host": "localhost:8787"})
        assert also_local.status_code == 200
        configured = await local.get("/bridge/status", headers={"Origin": "https://balai.rembangkab.go.id"})
        assert configured.status_code == 200
        assert configured.headers["access-control-allow-origin"] == "https://balai.rembangkab.go.id"


async def test_the_pwa_from_the_centre_may_call_the_bridge(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    """The kiosk's browser may open the PWA's kiosk mode from the centre: CORS and Private Network Access."""
    app = create_app(make_settings(centre={"url": "https://balai.rembangkab.go.id", "device_id": "d"}), centre=centre)
    async with running_app(app, ORIGIN) as local:
        preflight = await local.options(
            "/bridge/session",
            headers={
                "Origin": "https://balai.rembangkab.go.id",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
                "Access-Control-Request-Private-Network": "true",
            },
        )
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["access-control-allow-origin"] == "https://balai.rembangkab.go.id"
        assert preflight.headers["access-control-allow-private-network"] == "true"
        foreign = await local.options(
            "/bridge/session",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert foreign.status_code == 403


async def test_websocket_from_a_foreign_origin_is_refused(
    make_settings: Callable[..., Settings], centre: FakeCentre
) -> None:
    def build(port: int):  # type: ignore[no-untyped-def]
        return create_app(make_settings(bridge_port=port), centre=centre)

    async with serve_app(build) as (_, base):
        url = base.replace("http", "ws") + "/bridge/events"
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(url, origin=websockets.Origin("https://evil.example")):
                pass
        assert refused.value.response.status_code == 403
        async with websockets.connect(url, origin=websockets.Origin(base)) as screen:
            hello = await screen.recv()
        assert json.loads(hello)["type"] == "hello"
