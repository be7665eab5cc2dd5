"""The operator console at phone size: staff login, statistics charts, residents, PIN issue, kiosks."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ._api import enrol_in_program
from ._support import OPERATOR, RESIDENT_NIK, STAFF_PASSWORD, Stack, shot


def login_staff(page: Page, username: str) -> None:
    page.goto("/masuk?petugas=1")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_operator_console(page: Page, stack: Stack) -> None:
    enrol_in_program(stack, RESIDENT_NIK)
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    expect(page.get_by_role("heading", name="Statistik")).to_be_visible()
    pyramid = page.get_by_role("img", name="Penduduk menurut umur dan jenis kelamin")
    expect(pyramid).to_be_visible()
    expect(page.get_by_role("img", name="Penerima bantuan per program")).to_contain_text("BLT Dana Desa 2026")
    shot(page, "11-console-stats")

    page.get_by_role("link", name="Penduduk").click()
    page.get_by_label("Cari nama atau NIK").fill("Dewi")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Dewi Lestari").click()
    expect(page.get_by_role("heading", name="Dewi Lestari")).to_be_visible()
    page.get_by_role("button", name="Beri/atur ulang PIN").first.click()
    expect(page.get_by_test_id("issued-pin")).to_have_text(re.compile(r"^\d{6}$"))
    shot(page, "12-console-resident-pin")

    page.get_by_role("link", name="Anjungan").click()
    expect(page.get_by_role("heading", name="Anjungan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Daftarkan anjungan")).to_be_visible()

    page.get_by_role("link", name="Pasar").click()
    expect(page.get_by_role("heading", name="Lapak")).to_be_visible()
    page.get_by_role("link", name="Penduduk").click()
    page.get_by_role("button", name="Tambah penduduk").click()
    expect(page.get_by_label("NIK", exact=True)).to_be_visible()
    shot(page, "13-console-add-resident")


def test_camat_reads_a_village_of_the_district(page: Page) -> None:
    login_staff(page, "camat.kaliori")
    expect(page).to_have_url(re.compile(r"/konsol$"))
    expect(page.get_by_text("Akses baca saja (kecamatan).")).to_be_visible()
    page.get_by_label("Desa", exact=True).select_option(label="Mojowarno (Kaliori)")
    expect(page.get_by_role("img", name="Penduduk menurut umur dan jenis kelamin")).to_be_visible()
    shot(page, "24-console-camat")
    expect(page.get_by_role("link", name="Penduduk")).to_have_count(0)  # aggregates only
