"""Offline: the shell opens with the network off, and an order made offline waits in IndexedDB
("menunggu dikirim") and is sent once — one order, thanks to its idempotency key — when the link returns."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from ._api import my_orders, resident_token, seller_with_product
from ._support import DIST, RESIDENT_NIK, RESIDENT_PIN, Stack, shot
from .test_resident import login_resident


def wait_for_service_worker(page: Page) -> None:
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(r => !!r.active)")
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(r => r.active.state === 'activated')", polling=100, timeout=15_000
    )


def test_shell_opens_offline_after_the_first_visit(context: BrowserContext, page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Layanan desa 24 jam")).to_be_visible()
    wait_for_service_worker(page)
    context.set_offline(True)
    try:
        page.goto("/cek-bantuan")  # a client route never loaded before: answered from the precache
        expect(page.get_by_role("heading", name="Cek bantuan sosial")).to_be_visible()
        expect(page.get_by_text("Anda sedang luring")).to_be_visible()
        page.reload()
        expect(page.get_by_role("heading", name="Cek bantuan sosial")).to_be_visible()
        shot(page, "07-offline-shell")
        page.goto("/api/identity/docs")  # online-only: the offline page
        expect(page.get_by_role("heading", name="Tidak ada koneksi internet")).to_be_visible()
    finally:
        context.set_offline(False)


def test_own_data_is_readable_offline(context: BrowserContext, page: Page) -> None:
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    wait_for_service_worker(page)
    page.get_by_role("link", name="Surat", exact=True).click()
    letters = page.locator("ul.list li a.row")
    expect(letters.first.or_(page.get_by_text("Belum ada pengajuan surat."))).to_be_visible()
    has_letters = letters.count() > 0
    if has_letters:  # the letter tests ran first: open one so its details are kept too
        letters.first.click()
        # "Surat Keterangan ...", not the loading title "Surat": the details must have come (and been kept)
        expect(page.get_by_role("heading", name=re.compile("^Surat .+"))).to_be_visible()
        expect(page.get_by_text("Memuat")).to_have_count(0)
        letter_url = page.url
    page.get_by_role("link", name="Bantuan", exact=True).click()
    expect(page.get_by_role("heading", name="Bantuan saya dan keluarga")).to_be_visible()
    expect(page.get_by_text("Memuat")).to_have_count(0)
    context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Bantuan saya dan keluarga")).to_be_visible()
        expect(page.get_by_text(re.compile("Sinkron terakhir"))).to_be_visible()
        page.get_by_role("link", name="Beranda").click()
        expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()  # the name comes from IndexedDB
        if has_letters:
            page.goto(letter_url)
            expect(page.get_by_role("heading", name=re.compile("^Surat"))).to_be_visible()
            expect(page.get_by_text(re.compile("Sinkron terakhir"))).to_be_visible()
            shot(page, "19-letter-offline")
    finally:
        context.set_offline(False)


def test_order_made_offline_is_queued_and_sent_once_online(context: BrowserContext, page: Page, stack: Stack) -> None:
    listing = seller_with_product(stack)
    buyer = resident_token(stack, RESIDENT_NIK, RESIDENT_PIN)
    before = len(my_orders(stack, buyer))

    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    wait_for_service_worker(page)
    page.goto(f"/pasar/produk/{listing['product_id']}")
    expect(page.get_by_role("heading", name="Keripik Tempe Bu Slamet")).to_be_visible()
    expect(page.get_by_text("Rp 15.000")).to_be_visible()
    shot(page, "08-product")
    page.get_by_role("button", name="+1").click()
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.get_by_role("link", name="Kembali").click()
    page.get_by_role("link", name=re.compile("Keranjang")).click()
    expect(page.get_by_text("Rp 30.000").first).to_be_visible()

    context.set_offline(True)
    page.get_by_label("Nomor HP/WhatsApp").fill("081234567890")
    expect(page.get_by_text("Tersimpan di ponsel")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Pesan")).click()
    expect(page.get_by_text("1 permintaan menunggu dikirim")).to_be_visible()
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Akun").click()
    queued = page.locator("[data-outbox-state=waiting]")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("menunggu dikirim")
    shot(page, "09-waiting-to-send")
    assert len(my_orders(stack, buyer)) == before

    context.set_offline(False)  # the `online` event sends it
    expect(queued).to_have_count(0, timeout=15_000)
    expect(page.get_by_text("1 permintaan menunggu dikirim")).to_have_count(0)
    orders = my_orders(stack, buyer)
    assert len(orders) == before + 1
    assert orders[0]["total"] == 30_000
    page.goto("/pasar/pesanan")
    expect(page.get_by_text("2× Keripik Tempe Bu Slamet")).to_be_visible()
    shot(page, "10-my-orders")


def test_a_new_version_is_offered_and_applied_on_request(page: Page) -> None:
    """A new service worker waits until the person presses "Muat ulang" (no surprise reloads mid-form)."""
    page.goto("/")
    wait_for_service_worker(page)
    page.reload()  # now the page is controlled by the installed worker
    page.wait_for_function("!!navigator.serviceWorker.controller")
    sw = DIST / "sw.js"
    original = sw.read_bytes()
    try:
        sw.write_bytes(original + b"\n// a new release\n")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        banner = page.get_by_role("alert").filter(has_text="Versi baru Balai tersedia.")
        expect(banner).to_be_visible(timeout=15_000)
        shot(page, "26-update-prompt")
        with page.expect_event("load"):
            banner.get_by_role("button", name="Muat ulang").click()
        expect(page.get_by_role("heading", name="Layanan desa 24 jam")).to_be_visible()
        expect(page.get_by_text("Versi baru Balai tersedia.")).to_have_count(0)
    finally:
        sw.write_bytes(original)
