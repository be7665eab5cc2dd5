"""The kiosk (Anjungan Desa Mandiri): tap the e-KTP and type the PIN (with the device's signed assertion),
see one's data and aid, request a letter and print an earlier one."""

from __future__ import annotations

from common import Dataset, Resident, kiosk_assertion, pick, requires
from locust import between, task
from locust.exception import StopUser

from .base import BalaiUser
from .letter_request import submit_letter


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
        person: Resident = pick(self.data.card_holders)
        kiosk = self.data.kiosks[person.village]
        body = {"assertion": kiosk_assertion(kiosk), "card_uid": person.card_uid, "pin": person.pin}
        token = self.sign_in("kiosk", body)
        if not token:
            return
        self.call("GET", "/api/identity/me", "identity: me (kiosk)", token=token)
        surface = self.shared.surface
        if surface.has("GET aid /me/aid"):
            self.call("GET", "/api/aid/me/aid", "aid: my aid (kiosk)", token=token)
        if surface.has("POST letters /villages/{code}/requests"):
            created = submit_letter(self, token, person.village, "letters: request (kiosk)")
            earlier = self.printable.get(person.resident_id)
            if created and not earlier:
                self.printable[person.resident_id] = created["id"]
            if earlier and surface.has("GET letters /requests/{request_id}/pdf"):
                path = f"/api/letters/requests/{earlier}/pdf"
                self.call("GET", path, "letters: print (kiosk)", token=token, also_ok=(404, 409))
