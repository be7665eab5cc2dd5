"""Village notices at phone size: the operator writes and pins a notice in the console, a resident sees it
first on the home screen and opens it, a visitor reads it without logging in; archived, it is gone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from ._support import OPERATOR, PHONE, RESIDENT_NIK, RESIDENT_PIN, Stack, shot
from .test_accessibility import AXE, audit
from .test_offline import wait_for_service_worker
from .test_operator import login_staff
from .test_resident import login_resident

TITLE = "Ronda malam dimulai lagi mulai Senin"
BODY = (
    "Mulai Senin, ronda malam di setiap RT dijadwalkan lagi pukul 22.00 sampai 04.00 WIB.\n\n"
    "Jadwal per rumah ditempel di pos ronda.\nBawa senter dan kentongan."
)


@pytest.fixture
def other_context(browser: Any, stack: Stack) -> Iterator[BrowserContext]:
    """A second person on another phone (no shared storage or HTTP cache with `page`)."""
    ctx = browser.new_context(
        base_url=stack.url, viewport=PHONE, device_scale_factor=1, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def test_operator_publishes_a_notice_and_the_resident_sees_it(page: Page, other_context: BrowserContext) -> None:
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("navigation", name="Konsol desa").get_by_role("link", name="Pengumuman").click()
    expect(page.get_by_role("heading", name="Pengumuman", exact=True)).to_be_visible()
    expect(page.get_by_text("Pencairan BLT-DD tahap 3").first).to_be_visible()  # the demo notices

    form = page.locator("form", has=page.get_by_role("heading", name="Tulis pengumuman"))
    form.get_by_label("Judul").fill(TITLE)
    form.get_by_label("Kategori").select_option(label="Keamanan dan ketertiban")
    form.get_by_label("Isi pengumuman").fill("Hubungi Pak RT, NIK 3317094501900002.")
    form.get_by_role("button", name="Terbitkan").click()  # checked on the phone before anything is sent
    expect(form.get_by_text("Ada angka 16 digit (NIK atau nomor KK)")).to_be_visible()
    form.get_by_label("Isi pengumuman").fill(BODY)
    form.get_by_label("Sematkan di urutan teratas").check()
    expect(form.get_by_text(f"{len(TITLE)}/120 karakter")).to_be_visible()
    form.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("Pengumuman diterbitkan.")).to_be_visible()
    mine = page.locator("ul.list > li").filter(has_text=TITLE)
    expect(mine).to_contain_text("Tampil")
    expect(mine).to_contain_text("Disematkan")
    expect(form.get_by_label("Judul")).to_have_value("")  # a fresh form for the next notice
    shot(page, "27-console-notices")

    resident = other_context.new_page()
    login_resident(resident, RESIDENT_NIK, RESIDENT_PIN)
    expect(resident.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    section = resident.locator("section", has=resident.get_by_role("heading", name="Pengumuman desa"))
    first = section.get_by_role("link").first
    expect(first).to_contain_text(TITLE)  # pinned and newest: first
    expect(first).to_contain_text("Keamanan dan ketertiban")
    expect(section.get_by_role("link", name=re.compile("Posyandu balita"))).to_be_visible()
    expect(resident.get_by_role("heading", name="Pemberitahuan")).to_be_visible()  # the personal one stays
    shot(resident, "28-home-notices")
    first.click()
    expect(resident.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(resident.get_by_text("Jadwal per rumah ditempel di pos ronda.")).to_be_visible()
    assert resident.locator("article.notice-body p").count() == 2
    shot(resident, "29-notice")

    # offline, with the browser's HTTP cache emptied: the home and the notice come from the last sync
    # (IndexedDB), as letters and aid do
    wait_for_service_worker(resident)
    other_context.new_cdp_session(resident).send("Network.clearBrowserCache")
    other_context.set_offline(True)
    try:
        resident.goto("/")
        expect(section.get_by_role("link").first).to_contain_text(TITLE)
        section.get_by_role("link").first.click()
        expect(resident.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(resident.get_by_text("Bawa senter dan kentongan.", exact=False)).to_be_visible()
        expect(resident.get_by_text(re.compile("Sinkron terakhir"))).to_be_visible()
    finally:
        other_context.set_offline(False)

    # archived in the console: off the board for everyone, still in the operator's list
    page.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name=re.compile("^Arsipkan")).click()
    expect(page.get_by_text("Pengumuman diarsipkan.")).to_be_visible()
    expect(mine).to_contain_text("Diarsipkan")


def test_a_visitor_reads_the_board_without_logging_in(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Pengumuman desa").click()
    expect(page.get_by_role("heading", name="Pengumuman desa")).to_be_visible()
    expect(page.get_by_label("Desa")).to_have_value("3317092016")  # the one village of the demo
    notice = page.get_by_role("link", name=re.compile("Pencairan BLT-DD tahap 3"))
    expect(notice).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(TITLE))).to_have_count(0)  # archived by the test above
    notice.click()
    expect(page.get_by_role("heading", name=re.compile("Pencairan BLT-DD tahap 3"))).to_be_visible()
    expect(page.get_by_text("Bawa e-KTP dan Kartu Keluarga asli.", exact=False)).to_be_visible()


def test_notice_screens_are_accessible_at_360_px(page: Page) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` in pwa/")
    problems = []
    page.goto("/pengumuman")
    problems += audit(page, "/pengumuman")
    page.get_by_role("link", name=re.compile("Posyandu balita")).click()
    problems += audit(page, "notice page")
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.goto("/konsol/pengumuman")
    expect(page.get_by_role("heading", name="Tulis pengumuman")).to_be_visible()
    problems += audit(page, "/konsol/pengumuman")
    assert not problems, "\n".join(problems)
