"""Test setup through the services' HTTP APIs (what an operator or resident would do), not the browser."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from ._support import KADES, OPERATOR, Stack

VILLAGE = "3317092016"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ok(r: httpx.Response) -> Any:
    assert r.status_code < 300, f"{r.request.method} {r.request.url.path}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def find_resident(stack: Stack, name: str) -> dict[str, Any]:
    op = stack.staff_token(OPERATOR)
    page = ok(
        httpx.get(f"{stack.api('identity')}/villages/{VILLAGE}/residents", params={"q": name}, headers=bearer(op))
    )
    return dict(page["items"][0])


def register_resident(stack: Stack, *, nik: str, name: str, sex: str, birth_date: str, kk: str) -> str:
    op = stack.staff_token(OPERATOR)
    body = {
        "nik": nik,
        "name": name,
        "sex": sex,
        "birth_date": birth_date,
        "birth_place": "Rembang",
        "relationship": "head",
        "kk_number": kk,
        "address": {"dusun": "Krajan", "rt": "001", "rw": "002", "street": ""},
    }
    headers = bearer(op) | {"Idempotency-Key": str(uuid.uuid4())}
    r = httpx.post(f"{stack.api('identity')}/villages/{VILLAGE}/residents", json=body, headers=headers)
    return str(ok(r)["id"])


def issue_pin(stack: Stack, resident_id: str) -> str:
    op = stack.staff_token(OPERATOR)
    r = httpx.post(
        f"{stack.api('identity')}/residents/{resident_id}/pin", json={"channel": "handover"}, headers=bearer(op)
    )
    return str(ok(r)["pin"])


def resident_token(stack: Stack, nik: str, pin: str, *, new_pin: str | None = None) -> str:
    """Log a resident in; on a first login choose `new_pin` through the change token."""
    answer = ok(httpx.post(f"{stack.api('identity')}/auth/resident/login", json={"nik": nik, "pin": pin}))
    if answer["must_change_pin"]:
        assert new_pin, "first login: a new PIN is needed"
        answer = ok(
            httpx.post(
                f"{stack.api('identity')}/auth/pin/change",
                json={"new_pin": new_pin},
                headers=bearer(answer["change_token"]),
            )
        )
    return str(answer["access_token"])


def enrol_in_program(stack: Stack, nik: str, *, amount: int = 300_000) -> str:
    """An operator creates (or finds) a BLT Dana Desa programme for the village and enrols `nik` in it.
    Idempotent, as several tests ask for it. Returns the programme id."""
    op = bearer(stack.staff_token(OPERATOR))
    aid = stack.api("aid")
    name = "BLT Dana Desa 2026"
    existing = [p for p in ok(httpx.get(f"{aid}/programs", params={"area": VILLAGE}, headers=op)) if p["name"] == name]
    if existing:
        program = existing[0]
    else:
        program = ok(
            httpx.post(
                f"{aid}/programs",
                headers=op | {"Idempotency-Key": str(uuid.uuid4())},
                json={
                    "name": name,
                    "kind": "blt_dd",
                    "source_of_funds": "apbdes",
                    "target": "family",
                    "starts_on": "2026-01-01",
                    "period": "monthly",
                    "village": VILLAGE,
                    "benefit": {"kind": "cash", "amount_rupiah": amount},
                },
            )
        )
    r = httpx.post(
        f"{aid}/programs/{program['id']}/beneficiaries",
        headers=op | {"Idempotency-Key": str(uuid.uuid4())},
        json={"village": VILLAGE, "nik": nik},
    )
    if r.status_code != 409:  # already enrolled by an earlier test
        ok(r)
    return str(program["id"])


def seller_with_product(stack: Stack, *, title: str = "Keripik Tempe Bu Slamet", price: int = 15_000) -> dict[str, str]:
    """Slamet (the demo family's head) gets a PIN, opens a shop, the operator approves it, he lists a product."""
    slamet = find_resident(stack, "Slamet")
    pin = issue_pin(stack, str(slamet["id"]))
    token = bearer(resident_token(stack, str(slamet["nik"]), pin, new_pin="604817"))
    market = stack.api("marketplace")
    shop = ok(
        httpx.post(
            f"{market}/shops",
            headers=token,
            json={
                "name": "Warung Pak Slamet",
                "description": "Camilan rumahan",
                "whatsapp": "081234567001",
                "pickup_address": "Dusun Krajan RT 003 RW 002",
            },
        )
    )
    op = bearer(stack.staff_token(OPERATOR))
    ok(httpx.post(f"{market}/shops/{shop['id']}/approve", headers=op))
    categories = ok(httpx.get(f"{market}/categories"))
    product = ok(
        httpx.post(
            f"{market}/shops/{shop['id']}/products",
            headers=token | {"Idempotency-Key": str(uuid.uuid4())},
            json={
                "title": title,
                "category": categories[0]["slug"],
                "price": price,
                "unit": "bungkus",
                "stock": 20,
                "description": "Keripik tempe renyah, 250 gram.",
            },
        )
    )
    return {"shop_id": str(shop["id"]), "product_id": str(product["id"]), "seller_token": token["Authorization"]}


def my_orders(stack: Stack, token: str) -> list[dict[str, Any]]:
    return list(ok(httpx.get(f"{stack.api('marketplace')}/orders/mine", headers=bearer(token)))["items"])


def letter_requests(stack: Stack, token: str) -> list[dict[str, Any]]:
    return list(ok(httpx.get(f"{stack.api('letters')}/me/requests", headers=bearer(token)))["items"])


def issued_letter(stack: Stack, resident: str, *, purpose: str = "Persyaratan bank") -> str:
    """A domisili letter for the resident with token `resident`: submitted, verified, signed, PDF ready."""
    letters = stack.api("letters")
    cover = (Path(__file__).resolve().parents[2] / "pwa" / "public" / "icons" / "icon-192.png").read_bytes()
    upload = ok(
        httpx.post(
            f"{letters}/villages/{VILLAGE}/uploads",
            params={"kind": "pengantar_rt_rw"},
            content=cover,
            headers=bearer(resident) | {"Content-Type": "image/png"},
        )
    )
    request = ok(
        httpx.post(
            f"{letters}/villages/{VILLAGE}/requests",
            json={
                "type": "domisili",
                "fields": {"alamat_domisili": "Dusun Krajan RT 003 RW 002", "keperluan": purpose},
                "attachments": [upload["id"]],
            },
            headers=bearer(resident) | {"Idempotency-Key": str(uuid.uuid4())},
        )
    )
    rid = str(request["id"])
    verify_and_sign(stack, rid)
    return rid


def verify_and_sign(stack: Stack, request_id: str) -> None:
    """At the office: the operator verifies the request, the village head signs it; wait for the PDF."""
    letters = stack.api("letters")
    operator = bearer(stack.staff_token(OPERATOR))
    ok(httpx.post(f"{letters}/requests/{request_id}/verify", headers=operator))
    ok(httpx.post(f"{letters}/requests/{request_id}/sign", headers=bearer(stack.staff_token(KADES))))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if httpx.get(f"{letters}/requests/{request_id}/pdf", headers=operator).status_code == 200:
            return
        time.sleep(0.3)
    raise AssertionError("the letter's PDF was not rendered in 30 s")


def open_requests_of(stack: Stack, resident_id: str) -> list[dict[str, Any]]:
    """The village's open letter requests of one resident (the operator's inbox)."""
    page = ok(
        httpx.get(
            f"{stack.api('letters')}/villages/{VILLAGE}/requests",
            params={"limit": 100},
            headers=bearer(stack.staff_token(OPERATOR)),
        )
    )
    return [r for r in page["items"] if r.get("resident_id") == resident_id]
