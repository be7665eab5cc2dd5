"""Saturation of the hot endpoints with wrk (as OpenSID was measured in shared/INCUMBENT.md), and the framework
ceiling (a bare FastAPI JSON endpoint on the same uvicorn setup) they are compared with."""

from __future__ import annotations

import csv
import json
import shutil
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regency import Run, Server


@dataclass
class Saturation:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: float
    cpu_ms_per_request: float


def wrk(server: Server, name: str, path: str, *, seconds: int, connections: int, script: str = "") -> Saturation:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    from _harness import wrk as run_wrk

    before = server.cpu_seconds()
    figures = run_wrk(server.url + path, seconds=seconds, connections=connections, script=script or None)
    cpu = server.cpu_seconds() - before
    requests = max(figures.get("requests", 0.0), 1.0)
    return Saturation(
        name,
        figures["requests_per_s"],
        figures.get("p50_ms", 0.0),
        figures.get("p99_ms", 0.0),
        figures.get("non_2xx", 0.0),
        cpu * 1000 / requests,
    )


def _lua_post(path: str, bodies: list[str], headers: dict[str, str] | None = None) -> str:
    items = ",".join(json.dumps(b) for b in bodies)
    hdrs = ", ".join(f'["{k}"] = "{v}"' for k, v in {"Content-Type": "application/json", **(headers or {})}.items())
    return f"""
local bodies = {{{items}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "{path}", {{{hdrs}}}, bodies[(i % #bodies) + 1])
end
"""


def _lua_get(paths: list[str], headers: dict[str, str] | None = None) -> str:
    items = ",".join(json.dumps(p) for p in paths)
    hdrs = ", ".join(f'["{k}"] = "{v}"' for k, v in (headers or {}).items())
    return f"""
local paths = {{{items}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {{{hdrs}}})
end
"""


def _post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        result: dict[str, Any] = json.loads(response.read())
        return result


def saturation_suite(server: Server, run: Run, *, seconds: int, connections: int) -> list[Saturation]:
    residents = list(csv.DictReader((run.data / "residents.csv").open()))
    checks = [r["nik"] for r in csv.DictReader((run.data / "aid_checks.csv").open())] or [r["nik"] for r in residents]
    villages = sorted({r["village"] for r in residents})
    token = _post_json(
        f"{server.url}/api/identity/auth/resident/login", {"nik": residents[0]["nik"], "pin": residents[0]["pin"]}
    )["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    dotted = [f"{v[:2]}.{v[2:4]}.{v[4:6]}.{v[6:]}" for v in villages]
    suite = [
        (
            "identity: resident login (argon2id)",
            "/",
            _lua_post(
                "/api/identity/auth/resident/login",
                [json.dumps({"nik": r["nik"], "pin": r["pin"]}) for r in residents[:500]],
            ),
        ),
        ("identity: me", "/", _lua_get(["/api/identity/me"], auth)),
        ("aid: public check", "/", _lua_post("/api/aid/check", [json.dumps({"nik": n}) for n in checks[:500]])),
        (
            "marketplace: search",
            "/",
            _lua_get(
                [
                    f"/api/marketplace/products?q={q}&limit=20"
                    for q in ("keripik", "batik", "terasi", "madu", "beras", "garam", "ikan")
                ]
            ),
        ),
        (
            "marketplace: browse village",
            "/",
            _lua_get([f"/api/marketplace/products?village={v}&limit=20" for v in dotted[:50]]),
        ),
        ("identity: healthz (framework + stack floor)", "/api/identity/healthz", ""),
    ]
    results = []
    for name, path, script in suite:
        wrk(server, name, path, seconds=2, connections=connections, script=script)  # warm-up
        results.append(wrk(server, name, path, seconds=seconds, connections=connections, script=script))
    return results
