"""The seller: list a product, confirm, dispatch and complete the shop's orders."""

from __future__ import annotations

import random

from common import Dataset, Resident, requires
from locust import between, task

from .base import BalaiUser, one_of, page_items


class SellerUser(BalaiUser):
    wait_time = between(3, 10)
    journey_requires = ("POST identity /auth/resident/login",)

    def on_start(self) -> None:
        self.me: Resident = one_of(Dataset.get().sellers)
        self.token = self.resident_login(self.me)

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
        path = f"/api/marketplace/shops/{self.me.shop_id}/products"
        self.call("POST", path, "marketplace: list product", token=self.token, json=product)

    @task(4)
    @requires("GET marketplace /shops/{shop_id}/orders", "POST marketplace /orders/{order_id}/confirm")
    def handle_orders(self) -> None:
        path = f"/api/marketplace/shops/{self.me.shop_id}/orders?status=placed&limit=5"
        page = self.call("GET", path, "marketplace: shop orders", token=self.token)
        for order in page_items(page)[:2]:
            for step in ("confirm", "dispatch", "complete"):
                path = f"/api/marketplace/orders/{order['id']}/{step}"
                # a buyer's cancel may win the race: 409 is a correct answer
                if not self.call("POST", path, f"marketplace: order {step}", token=self.token, also_ok=(409,)):
                    break
