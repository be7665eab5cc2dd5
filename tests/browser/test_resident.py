"""The resident app at phone size: login, first-login PIN change, home, public aid check, language."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ._api import enrol_in_program, issue_pin, register_resident
from ._support import RESIDENT_NAME, RESIDENT_NIK, RESIDENT_PIN, Stack, shot


def login_resident(page: Page, nik: str, pin: str) -> None:
    page.goto("/masuk")
    page.get_by_label("NIK (16 angka)").fill(nik)
    page.get_by_label("PIN (6 angka)").fill(pin)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_welcome_and_login_screens(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Layanan desa 24 jam")).to_be_visible()
    shot(page, "01-welcome")
    page.get_by_role("link", name="Masuk").first.click()
    expect(page).to_have_url(re.compile(r"/masuk$"))
    expect(page.get_by_label("NIK (16 angka)")).to_be_visible()
    shot(page, "02-login")


def test_wrong_pin_shows_the_services_problem_detail(page: Page) -> None:
    login_resident(page, "3317090000000009", "000000")
    expect(page.get_by_role("alert")).to_contain_text("NIK atau PIN salah.")


def test_resident_logs_in_and_sees_home(page: Page) -> None:
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
    shot(page, "03-home")
    page.get_by_role("link", name="Bantuan", exact=True).click()
    expect(page.get_by_role("heading", name="Bantuan saya dan keluarga")).to_be_visible()
    shot(page, "04-my-aid")


def test_first_login_asks_for_a_new_pin(page: Page, stack: Stack) -> None:
    rid = register_resident(
        stack, nik="3317092208880004", name="Budi Santoso", sex="male", birth_date="1988-08-22", kk="3317092001230099"
    )
    pin = issue_pin(stack, rid)
    login_resident(page, "3317092208880004", pin)
    expect(page.get_by_role("heading", name="Buat PIN baru")).to_be_visible()
    page.get_by_label("PIN baru (6 angka)").fill("731946")
    page.get_by_label("Ulangi PIN baru").fill("731964")
    page.get_by_role("button", name="Simpan PIN").click()
    expect(page.get_by_text("Kedua PIN tidak sama.")).to_be_visible()
    page.get_by_label("Ulangi PIN baru").fill("731946")
    shot(page, "05-pin-change")
    page.get_by_role("button", name="Simpan PIN").click()
    expect(page.get_by_role("heading", name="Halo, Budi Santoso")).to_be_visible()
    # the new PIN works, the operator's does not any more
    page.context.clear_cookies()
    page.evaluate("localStorage.clear()")
    login_resident(page, "3317092208880004", pin)
    expect(page.get_by_role("alert")).to_contain_text("NIK atau PIN salah.")
    login_resident(page, "3317092208880004", "731946")
    expect(page.get_by_role("heading", name="Halo, Budi Santoso")).to_be_visible()


def test_public_aid_check_page_without_login(page: Page) -> None:
    """The page works without a session and shows whatever the service answers (result or problem detail)."""
    page.goto("/cek-bantuan")
    expect(page.get_by_role("heading", name="Cek bantuan sosial")).to_be_visible()
    button = page.get_by_role("button", name="Cek", exact=True)
    expect(button).to_be_disabled()  # until 16 digits are typed
    page.get_by_label("NIK (16 angka)").fill("33170945019000021234abc")
    expect(page.get_by_label("NIK (16 angka)")).to_have_value("3317094501900002")
    button.click()
    answer = page.get_by_text(re.compile("Terdaftar sebagai penerima|tidak terdaftar")).or_(page.get_by_role("alert"))
    expect(answer.first).to_be_visible()
    shot(page, "06-aid-check")


def test_public_aid_check_finds_an_enrolled_nik(page: Page, stack: Stack) -> None:
    enrol_in_program(stack, RESIDENT_NIK)
    page.goto("/cek-bantuan")
    page.get_by_label("NIK (16 angka)").fill(RESIDENT_NIK)
    page.get_by_role("button", name="Cek", exact=True).click()
    expect(page.get_by_text("Terdaftar sebagai penerima:")).to_be_visible()
    expect(page.get_by_text("BLT Dana Desa").first).to_be_visible()
    expect(page.get_by_text(RESIDENT_NAME)).to_have_count(0)  # the name is masked


def test_english_is_one_tap_away(page: Page) -> None:
    page.goto("/masuk")
    page.get_by_role("button", name=re.compile("Bahasa")).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()  # the choice is kept; the English words (their own chunk) arrive before the first screen
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name=re.compile("Language")).click()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
