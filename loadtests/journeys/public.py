"""The public, signed in to nothing: the aid check by NIK, a letter's verification (JSON and the `/v/` page),
marketplace browse and search."""

from __future__ import annotations

import random

from common import Dataset, dotted, pick, requires
from locust import between, task

from .base import BalaiUser, page_items


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
            self.call("POST", "/api/aid/check", "aid: public check", json={"nik": pick(pool)})

    @task(1)
    @requires("GET letters /verify/{code}", "GET letters /v/{code}")
    def verify_letter(self) -> None:
        """Scan a letter's QR: the JSON check and the public page (an unknown code must say so quickly)."""
        codes = self.shared.verify_codes
        code = random.choice(codes) if codes else "A" * 24
        self.call("GET", f"/api/letters/verify/{code}", "letters: verify (JSON)", also_ok=(404,))
        self.call("GET", f"/api/letters/v/{code}", "letters: verify page /v/", also_ok=(404,))

    @task(3)
    @requires("GET marketplace /products")
    def browse(self) -> None:
        village = pick(self.data.villages) if self.data.villages else "3317092016"
        self.call("GET", "/api/marketplace/products?regency=33.17&limit=20", "marketplace: browse regency")
        self.call("GET", f"/api/marketplace/products?village={dotted(village)}&limit=20", "marketplace: browse village")

    @task(3)
    @requires("GET marketplace /products", "GET marketplace /products/{product_id}")
    def search(self) -> None:
        q = random.choice(["keripik", "batik tulis", "terasi", "ikan asin", "madu", "beras", "garam"])
        items = page_items(self.call("GET", f"/api/marketplace/products?q={q}&limit=20", "marketplace: search"))
        if items:
            pid = random.choice(items)["id"]
            self.call("GET", f"/api/marketplace/products/{pid}", "marketplace: product")
