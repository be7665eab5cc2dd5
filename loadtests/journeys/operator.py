"""The village operator on the console (and the village head signing): the residents page, statistics, a
record correction, aid beneficiaries, and the letter inbox (verify; the head signs)."""

from __future__ import annotations

import random

from common import Dataset, dotted, pick, requires
from locust import between, task
from locust.exception import StopUser

from .base import BalaiUser, page_items


class OperatorUser(BalaiUser):
    wait_time = between(2, 6)
    journey_requires = ("POST identity /auth/staff/login",)

    def on_start(self) -> None:
        data = Dataset.get()
        me = data.next_operator()
        if me is None:
            raise StopUser
        self.me = me
        self.village = dotted(me.village)  # as the API's paths spell it
        self.head = data.heads.get(self.me.village)
        self.residents = [r for r in data.residents if r.village == self.me.village] or data.residents
        self.token = self.staff_login(self.me)
        self.head_token = ""

    @task(3)
    @requires("GET identity /villages/{code}/residents")
    def residents_page(self) -> None:
        page = f"/api/identity/villages/{self.village}/residents?size=20"
        self.call("GET", page, "identity: residents page", token=self.token)

    @task(1)
    @requires("GET identity /villages/{code}/stats/population")
    def statistics(self) -> None:
        stats = f"/api/identity/villages/{self.village}/stats/population"
        self.call("GET", stats, "identity: population stats", token=self.token)

    @task(2)
    @requires("PATCH identity /residents/{resident_id}")
    def correct_record(self) -> None:
        """A correction emits identity.resident.updated: aid and marketplace consume it (event lag)."""
        resident = pick(self.residents)
        body = {"occupation": random.choice(["petani_pekebun", "wiraswasta", "perdagangan", "nelayan_perikanan"])}
        path = f"/api/identity/residents/{resident.resident_id}"
        self.call("PATCH", path, "identity: correct resident", token=self.token, json=body)

    @task(2)
    @requires("GET aid /beneficiaries")
    def beneficiaries(self) -> None:
        path = f"/api/aid/beneficiaries?village={self.me.village}&limit=20"
        self.call("GET", path, "aid: beneficiaries", token=self.token)

    @task(4)
    @requires(
        "GET letters /villages/{code}/requests",
        "POST letters /requests/{request_id}/verify",
        "POST letters /requests/{request_id}/sign",
    )
    def letter_inbox(self) -> None:
        """Work the inbox: verify submitted requests; the village head signs them (number, QR, PDF)."""
        path = f"/api/letters/villages/{self.village}/requests?state=submitted&limit=5"
        page = self.call("GET", path, "letters: inbox", token=self.token)
        for item in page_items(page)[:3]:
            request = f"/api/letters/requests/{item['id']}"
            if not self.call("POST", f"{request}/verify", "letters: verify request", token=self.token, also_ok=(409,)):
                continue
            if self.head is not None:
                self.head_token = self.head_token or self.staff_login(self.head)
                signed = self.call("POST", f"{request}/sign", "letters: sign", token=self.head_token, also_ok=(409,))
                letter = (signed or {}).get("letter") or {}
                found = letter.get("code") or str(letter.get("verify_url", "")).rsplit("/", 1)[-1]
                if found:
                    self.shared.verify_codes.append(found)
