"""The resident on the PWA: login, home, own aid, a letter request and its status and PDF, an order now and
then (so the seller journey has orders to handle)."""

from __future__ import annotations

import random

from common import Dataset, Resident, dotted, requires
from locust import task

from .base import BalaiUser, one_of, page_items
from .letter_request import submit_letter


class ResidentUser(BalaiUser):
    journey_requires = ("POST identity /auth/resident/login",)

    def on_start(self) -> None:
        self.me: Resident = one_of(Dataset.get().residents)
        self.token = ""
        self.requests: list[str] = []
        self.login()

    def login(self) -> None:
        self.token = self.resident_login(self.me)

    @task(2)
    @requires("POST identity /auth/resident/login")
    def new_session(self) -> None:
        self.login()

    @task(6)
    @requires("GET identity /me", "GET identity /me/family")
    def home(self) -> None:
        self.call("GET", "/api/identity/me", "identity: me", token=self.token)
        self.call("GET", "/api/identity/me/family", "identity: my family", token=self.token)

    @task(3)
    @requires("GET aid /me/aid")
    def my_aid(self) -> None:
        self.call("GET", "/api/aid/me/aid", "aid: my aid", token=self.token)

    @task(3)
    @requires("POST letters /villages/{code}/requests")
    def request_letter(self) -> None:
        created = submit_letter(self, self.token, self.me.village, "letters: request")
        if created:
            self.requests.append(created["id"])

    @task(4)
    @requires("GET letters /requests/{request_id}", "GET letters /me/requests")
    def letter_status(self) -> None:
        self.call("GET", "/api/letters/me/requests?limit=10", "letters: my requests", token=self.token)
        if self.requests:
            rid = random.choice(self.requests)
            self.call("GET", f"/api/letters/requests/{rid}", "letters: status", token=self.token)

    @task(2)
    @requires("GET letters /requests/{request_id}/pdf")
    def download(self) -> None:
        if self.requests:
            path = f"/api/letters/requests/{self.requests[0]}/pdf"
            # not signed yet is a normal answer
            self.call("GET", path, "letters: download", token=self.token, also_ok=(404, 409))

    @task(1)
    @requires("GET marketplace /products", "POST marketplace /orders")
    def buy(self) -> None:
        """Orders from a village shop, so the seller journey has orders to handle."""
        page = self.call(
            "GET",
            f"/api/marketplace/products?village={dotted(self.me.village)}&in_stock=true&limit=10",
            "marketplace: village products",
        )
        items = page_items(page)
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
        # sold out meanwhile is a correct answer
        self.call(
            "POST",
            "/api/marketplace/orders",
            "marketplace: order",
            token=self.token,
            json=order,
            idempotent=True,
            also_ok=(409,),
        )
