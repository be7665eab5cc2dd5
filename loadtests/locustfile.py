"""Balai's load journeys (Locust). Seed first (loadtests/seed.py), then, against a running stack:

    uv run locust -f loadtests/locustfile.py --host http://127.0.0.1:8000 --headless -u 60 -r 10 -t 2m

Profile (BALAI_PROFILE): `regency` (default) mixes the journeys in the proportions of a working day;
`spike` is the day aid is announced (public checks x20); `smoke` runs one user of each journey.

Journeys: resident on the PWA, kiosk (e-KTP + PIN with a device assertion), public (aid check, letter
verification, marketplace browse/search), seller (list a product, handle orders), operator (console,
letter inbox: verify and sign). A step whose API is not published yet (see the OpenAPI probe in
common.py) is dropped at start-up with a note.
"""

from __future__ import annotations

import os
import random
import sys
import uuid
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ApiSurface, Dataset, dotted, kiosk_assertion, pick, requires

PROFILE = os.environ.get("BALAI_PROFILE", "regency")
# Share of simultaneous users per journey on a working day: residents on phones and the public dominate;
# kiosks are one per village office; operators work their inbox; a few sellers manage shops.
REGENCY_WEIGHTS = {"ResidentUser": 40, "KioskUser": 8, "PublicUser": 35, "SellerUser": 5, "OperatorUser": 12}
SPIKE_FACTOR = {"PublicUser": 20}
SURFACE: ApiSurface | None = None
VERIFY_CODES: list[str] = []
"""Verification codes of letters signed in this Locust process (the public journey scans them)."""
LETTER_TYPE = "domisili"
LETTER_FIELDS = {"alamat_domisili": "Dusun Krajan RT 003 RW 002", "keperluan": "Persyaratan melamar pekerjaan"}


def _ok(response: Any, *allowed: int) -> Any:
    """Mark a response failed unless its status is 2xx (or allowed); returns the JSON body or None."""
    if 200 <= response.status_code < 300 or response.status_code in allowed:
        response.success()
        try:
            return response.json()
        except Exception:
            return None
    response.failure(f"{response.status_code}: {response.text[:200] if response.text else ''}")
    return None


def _photo() -> bytes:
    """A small JPEG standing in for the phone photo of the RT/RW cover letter."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 640), "white")
    ImageDraw.Draw(image).text((40, 60), "SURAT PENGANTAR RT 003 / RW 002", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


PHOTO = _photo()
REQUIRED_DOCUMENTS: dict[str, list[str]] = {}
"""village -> keys of the documents the letter type asks for (read once, as the PWA's form does)."""


def required_documents(user: BalaiUser, token: str, village: str) -> list[str]:
    if village not in REQUIRED_DOCUMENTS:
        with user.client.get(
            f"/api/letters/villages/{dotted(village)}/letter-types",
            headers=user.bearer(token),
            name="letters: letter types",
            catch_response=True,
        ) as r:
            types = _ok(r) or []
        wanted = next((t for t in types if isinstance(t, dict) and t.get("code") == LETTER_TYPE), {})
        REQUIRED_DOCUMENTS[village] = [d["key"] for d in wanted.get("documents", []) if d.get("required")]
    return REQUIRED_DOCUMENTS[village]


def submit_letter(user: BalaiUser, token: str, village: str, name: str) -> dict[str, Any] | None:
    """A resident asks for a Surat Keterangan Domisili: uploads the photo(s) the type requires, submits."""
    code = dotted(village)
    attachments = []
    for key in required_documents(user, token, village):
        with user.client.post(
            f"/api/letters/villages/{code}/uploads?kind={key}",
            data=PHOTO,
            headers={**user.bearer(token), "Content-Type": "image/jpeg"},
            name="letters: upload document",
            catch_response=True,
        ) as r:
            uploaded = _ok(r)
        if not uploaded:
            return None
        attachments.append(uploaded["id"])
    headers = {**user.bearer(token), "Idempotency-Key": uuid.uuid4().hex}
    body = {"type": LETTER_TYPE, "fields": LETTER_FIELDS, "attachments": attachments}
    with user.client.post(
        f"/api/letters/villages/{code}/requests", json=body, headers=headers, name=name, catch_response=True
    ) as r:
        created = _ok(r)
    return created if isinstance(created, dict) else None


class BalaiUser(FastHttpUser):
    abstract = True
    wait_time = between(1, 5)
    journey_requires: tuple[str, ...] = ()
    """Operations without which the journey cannot start (its login)."""

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


# --- resident on the PWA ----------------------------------------------------------------------------
class ResidentUser(BalaiUser):
    journey_requires = ("POST identity /auth/resident/login",)

    def on_start(self) -> None:
        data = Dataset.get()
        if not data.residents:
            raise StopUser
        self.me = pick(data.residents)
        self.token = ""
        self.requests: list[str] = []
        self.login()

    def login(self) -> None:
        with self.client.post(
            "/api/identity/auth/resident/login",
            json={"nik": self.me.nik, "pin": self.me.pin},
            name="identity: resident login",
            catch_response=True,
        ) as r:
            body = _ok(r)
        self.token = body["access_token"] if body else ""

    @task(2)
    @requires("POST identity /auth/resident/login")
    def new_session(self) -> None:
        self.login()

    @task(6)
    @requires("GET identity /me", "GET identity /me/family")
    def home(self) -> None:
        headers = self.bearer(self.token)
        with self.client.get("/api/identity/me", headers=headers, name="identity: me", catch_response=True) as r:
            _ok(r)
        with self.client.get(
            "/api/identity/me/family", headers=headers, name="identity: my family", catch_response=True
        ) as r:
            _ok(r)

    @task(3)
    @requires("GET aid /me/aid")
    def my_aid(self) -> None:
        with self.client.get(
            "/api/aid/me/aid", headers=self.bearer(self.token), name="aid: my aid", catch_response=True
        ) as r:
            _ok(r)

    @task(3)
    @requires("POST letters /villages/{code}/requests")
    def request_letter(self) -> None:
        created = submit_letter(self, self.token, self.me.village, "letters: request")
        if created:
            self.requests.append(created["id"])

    @task(4)
    @requires("GET letters /requests/{request_id}", "GET letters /me/requests")
    def letter_status(self) -> None:
        headers = self.bearer(self.token)
        with self.client.get(
            "/api/letters/me/requests?limit=10", headers=headers, name="letters: my requests", catch_response=True
        ) as r:
            _ok(r)
        if self.requests:
            rid = random.choice(self.requests)
            with self.client.get(
                f"/api/letters/requests/{rid}", headers=headers, name="letters: status", catch_response=True
            ) as r:
                _ok(r)

    @task(2)
    @requires("GET letters /requests/{request_id}/pdf")
    def download(self) -> None:
        if self.requests:
            rid = self.requests[0]
            with self.client.get(
                f"/api/letters/requests/{rid}/pdf",
                headers=self.bearer(self.token),
                name="letters: download",
                catch_response=True,
            ) as r:
                _ok(r, 404, 409)  # not signed yet is a normal answer

    @task(1)
    @requires("GET marketplace /products", "POST marketplace /orders")
    def buy(self) -> None:
        """Orders from a village shop, so the seller journey has orders to handle."""
        with self.client.get(
            f"/api/marketplace/products?village={dotted(self.me.village)}&in_stock=true&limit=10",
            name="marketplace: village products",
            catch_response=True,
        ) as r:
            page = _ok(r)
        items = (page or {}).get("items") or []
        if not items:
            return
        product = random.choice(items)
        order = {
            "shop_id": product["shop_id"],
            "items": [{"product_id": product["id"], "quantity": 1}],
            "delivery": "pickup",
            "payment": "cod",
            "contact_phone": "0813-2222-3333",
        }
        headers = {**self.bearer(self.token), "Idempotency-Key": uuid.uuid4().hex}
        with self.client.post(
            "/api/marketplace/orders", json=order, headers=headers, name="marketplace: order", catch_response=True
        ) as r:
            _ok(r, 409)  # sold out meanwhile is a correct answer


# --- kiosk (Anjungan Desa Mandiri) ------------------------------------------------------------------------
class KioskUser(BalaiUser):
    wait_time = between(5, 15)  # one person at the machine at a time
    journey_requires = ("POST identity /auth/kiosk/login",)

    def on_start(self) -> None:
        data = Dataset.get()
        if not data.card_holders:
            raise StopUser
        self.data = data
        self.printable: dict[str, str] = {}  # resident -> an earlier request, printed on a later visit

    @task
    @requires("POST identity /auth/kiosk/login", "GET identity /me")
    def visit(self) -> None:
        """Tap the e-KTP, type the PIN; see one's data and aid; request and print a letter."""
        person = pick(self.data.card_holders)
        kiosk = self.data.kiosks[person.village]
        body = {"assertion": kiosk_assertion(kiosk), "card_uid": person.card_uid, "pin": person.pin}
        with self.client.post(
            "/api/identity/auth/kiosk/login", json=body, name="identity: kiosk login", catch_response=True
        ) as r:
            session = _ok(r)
        if not session:
            return
        headers = self.bearer(session["access_token"])
        with self.client.get(
            "/api/identity/me", headers=headers, name="identity: me (kiosk)", catch_response=True
        ) as r:
            _ok(r)
        if SURFACE is not None and SURFACE.has("GET aid /me/aid"):
            with self.client.get(
                "/api/aid/me/aid", headers=headers, name="aid: my aid (kiosk)", catch_response=True
            ) as r:
                _ok(r)
        if SURFACE is not None and SURFACE.has("POST letters /villages/{code}/requests"):
            created = submit_letter(self, session["access_token"], person.village, "letters: request (kiosk)")
            earlier = self.printable.get(person.resident_id)
            if created and not earlier:
                self.printable[person.resident_id] = created["id"]
            if earlier and SURFACE.has("GET letters /requests/{request_id}/pdf"):
                with self.client.get(
                    f"/api/letters/requests/{earlier}/pdf",
                    headers=headers,
                    name="letters: print (kiosk)",
                    catch_response=True,
                ) as r:
                    _ok(r, 404, 409)


# --- the public: aid check, letter verification, marketplace --------------------------------------------
class PublicUser(BalaiUser):
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.data = Dataset.get()

    @task(4)
    @requires("POST aid /check")
    def aid_check(self) -> None:
        pool = (
            self.data.aid_niks if self.data.aid_niks and random.random() < 0.6 else [r.nik for r in self.data.residents]
        )
        if pool:
            with self.client.post(
                "/api/aid/check", json={"nik": pick(pool)}, name="aid: public check", catch_response=True
            ) as r:
                _ok(r)

    @task(1)
    @requires("GET letters /verify/{code}", "GET letters /v/{code}")
    def verify_letter(self) -> None:
        """Scan a letter's QR: the JSON check and the public page (an unknown code must say so quickly)."""
        code = random.choice(VERIFY_CODES) if VERIFY_CODES else "A" * 24
        with self.client.get(f"/api/letters/verify/{code}", name="letters: verify (JSON)", catch_response=True) as r:
            _ok(r, 404)
        with self.client.get(f"/api/letters/v/{code}", name="letters: verify page /v/", catch_response=True) as r:
            _ok(r, 404)

    @task(3)
    @requires("GET marketplace /products")
    def browse(self) -> None:
        village = pick(self.data.villages) if self.data.villages else "3317092016"
        with self.client.get(
            "/api/marketplace/products?regency=33.17&limit=20", name="marketplace: browse regency", catch_response=True
        ) as r:
            _ok(r)
        with self.client.get(
            f"/api/marketplace/products?village={dotted(village)}&limit=20",
            name="marketplace: browse village",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(3)
    @requires("GET marketplace /products", "GET marketplace /products/{product_id}")
    def search(self) -> None:
        q = random.choice(["keripik", "batik tulis", "terasi", "ikan asin", "madu", "beras", "garam"])
        with self.client.get(
            f"/api/marketplace/products?q={q}&limit=20", name="marketplace: search", catch_response=True
        ) as r:
            page = _ok(r)
        items = (page or {}).get("items") or []
        if items:
            pid = random.choice(items)["id"]
            with self.client.get(
                f"/api/marketplace/products/{pid}", name="marketplace: product", catch_response=True
            ) as r:
                _ok(r)


# --- seller ---------------------------------------------------------------------------------------------
class SellerUser(BalaiUser):
    wait_time = between(3, 10)
    journey_requires = ("POST identity /auth/resident/login",)

    def on_start(self) -> None:
        data = Dataset.get()
        if not data.sellers:
            raise StopUser
        self.me = pick(data.sellers)
        with self.client.post(
            "/api/identity/auth/resident/login",
            json={"nik": self.me.nik, "pin": self.me.pin},
            name="identity: resident login",
            catch_response=True,
        ) as r:
            body = _ok(r)
        self.token = body["access_token"] if body else ""

    @task(1)
    @requires("POST marketplace /shops/{shop_id}/products")
    def list_product(self) -> None:
        product = {
            "title": random.choice(["Keripik Tempe", "Rengginang", "Kain Batik Lasem", "Ikan Bandeng Presto"]),
            "description": "Dibuat hari ini.",
            "category": "makanan",
            "price": random.randrange(5, 200) * 1000,
            "unit": "bungkus",
            "stock": random.randrange(10, 100),
        }
        with self.client.post(
            f"/api/marketplace/shops/{self.me.shop_id}/products",
            json=product,
            headers=self.bearer(self.token),
            name="marketplace: list product",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(4)
    @requires("GET marketplace /shops/{shop_id}/orders", "POST marketplace /orders/{order_id}/confirm")
    def handle_orders(self) -> None:
        headers = self.bearer(self.token)
        with self.client.get(
            f"/api/marketplace/shops/{self.me.shop_id}/orders?status=placed&limit=5",
            headers=headers,
            name="marketplace: shop orders",
            catch_response=True,
        ) as r:
            page = _ok(r)
        for order in ((page or {}).get("items") or [])[:2]:
            for step in ("confirm", "dispatch", "complete"):
                with self.client.post(
                    f"/api/marketplace/orders/{order['id']}/{step}",
                    headers=headers,
                    name=f"marketplace: order {step}",
                    catch_response=True,
                ) as r:
                    if not _ok(r, 409):  # a buyer's cancel may win the race: 409 is a correct answer
                        break


# --- village operator (and the village head signing) -----------------------------------------------------
class OperatorUser(BalaiUser):
    wait_time = between(2, 6)
    journey_requires = ("POST identity /auth/staff/login",)

    def on_start(self) -> None:
        data = Dataset.get()
        me = data.next_operator()
        if me is None:
            raise StopUser
        self.me = me
        self.head = data.heads.get(self.me.village)
        self.residents = [r for r in data.residents if r.village == self.me.village] or data.residents
        self.token = self._login(self.me.username, self.me.password, "identity: staff login")
        self.head_token = ""

    def _login(self, username: str, password: str, name: str) -> str:
        with self.client.post(
            "/api/identity/auth/staff/login",
            json={"username": username, "password": password},
            name=name,
            catch_response=True,
        ) as r:
            body = _ok(r)
        return str(body["access_token"]) if body else ""

    @task(3)
    @requires("GET identity /villages/{code}/residents")
    def residents_page(self) -> None:
        code = dotted(self.me.village)
        with self.client.get(
            f"/api/identity/villages/{code}/residents?size=20",
            headers=self.bearer(self.token),
            name="identity: residents page",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(1)
    @requires("GET identity /villages/{code}/stats/population")
    def statistics(self) -> None:
        code = dotted(self.me.village)
        with self.client.get(
            f"/api/identity/villages/{code}/stats/population",
            headers=self.bearer(self.token),
            name="identity: population stats",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(2)
    @requires("PATCH identity /residents/{resident_id}")
    def correct_record(self) -> None:
        """A correction emits identity.resident.updated: aid and marketplace consume it (event lag)."""
        resident = pick(self.residents)
        body = {"occupation": random.choice(["petani_pekebun", "wiraswasta", "perdagangan", "nelayan_perikanan"])}
        with self.client.patch(
            f"/api/identity/residents/{resident.resident_id}",
            json=body,
            headers=self.bearer(self.token),
            name="identity: correct resident",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(2)
    @requires("GET aid /beneficiaries")
    def beneficiaries(self) -> None:
        with self.client.get(
            f"/api/aid/beneficiaries?village={self.me.village}&limit=20",
            headers=self.bearer(self.token),
            name="aid: beneficiaries",
            catch_response=True,
        ) as r:
            _ok(r)

    @task(4)
    @requires(
        "GET letters /villages/{code}/requests",
        "POST letters /requests/{request_id}/verify",
        "POST letters /requests/{request_id}/sign",
    )
    def letter_inbox(self) -> None:
        """Work the inbox: verify submitted requests; the village head signs them (number, QR, PDF)."""
        code = dotted(self.me.village)
        with self.client.get(
            f"/api/letters/villages/{code}/requests?state=submitted&limit=5",
            headers=self.bearer(self.token),
            name="letters: inbox",
            catch_response=True,
        ) as r:
            page = _ok(r)
        for item in ((page or {}).get("items") or [])[:3]:
            with self.client.post(
                f"/api/letters/requests/{item['id']}/verify",
                headers=self.bearer(self.token),
                name="letters: verify request",
                catch_response=True,
            ) as r:
                if not _ok(r, 409):
                    continue
            if self.head is not None:
                self.head_token = self.head_token or self._login(
                    self.head.username, self.head.password, "identity: staff login"
                )
                with self.client.post(
                    f"/api/letters/requests/{item['id']}/sign",
                    headers=self.bearer(self.head_token),
                    name="letters: sign",
                    catch_response=True,
                ) as r:
                    signed = _ok(r, 409)
                letter = (signed or {}).get("letter") or {}
                found = letter.get("code") or str(letter.get("verify_url", "")).rsplit("/", 1)[-1]
                if found:
                    VERIFY_CODES.append(found)
                    del VERIFY_CODES[:-500]


JOURNEYS: list[type[BalaiUser]] = [ResidentUser, KioskUser, PublicUser, SellerUser, OperatorUser]


def _all_steps(steps: list[Any]) -> Any:
    def every_step(user: BalaiUser) -> None:
        for step in steps:
            step(user)

    return every_step


def select_journeys(surface: ApiSurface, journeys: list[type[BalaiUser]], profile: str) -> list[str]:
    """Drop the steps (and journeys) whose API is missing; weight the rest by profile. Returns notes."""
    notes = list(surface.notes)
    for journey in journeys:
        missing = surface.missing(journey.journey_requires)
        kept = []
        for t in journey.tasks:
            gaps = surface.missing(getattr(t, "balai_requires", ()))
            if gaps:
                step = getattr(t, "__name__", str(t))
                notes.append(f"{journey.__name__}.{step}: skipped, not published yet: {', '.join(gaps)}")
            else:
                kept.append(t)
        journey.tasks = kept
        if missing or not kept:
            notes.append(f"{journey.__name__}: journey skipped ({', '.join(missing) or 'no step available'})")
            journey.weight = 0
            continue
        if profile == "smoke":  # one user per journey doing every step in turn: each step is checked
            journey.fixed_count = 1
            journey.wait_time = between(0.2, 1.0)
            journey.tasks = [_all_steps(list(dict.fromkeys(kept)))]
        else:
            journey.weight = REGENCY_WEIGHTS[journey.__name__] * (
                SPIKE_FACTOR.get(journey.__name__, 1) if profile == "spike" else 1
            )
    return notes


@events.init.add_listener
def _on_init(environment: Environment, **_: Any) -> None:
    global SURFACE
    host = environment.host or os.environ.get("BALAI_HOST", "http://127.0.0.1:8000")
    SURFACE = ApiSurface.probe(host)
    notes = select_journeys(SURFACE, JOURNEYS, PROFILE)
    kept = [j for j in JOURNEYS if j.tasks and j.weight > 0]
    environment.user_classes[:] = [c for c in environment.user_classes if c in kept]
    print(f"balai load profile {PROFILE!r}: journeys {[c.__name__ for c in environment.user_classes]}", flush=True)
    for note in notes:
        print(f"  note: {note}", flush=True)
