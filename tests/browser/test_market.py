"""The village market in the browser, every part by hand: a resident opens a shop, the operator approves it
in the console, the seller lists a product with a photo and corrects its stock, a buyer finds it by search,
orders it, and the seller confirms it, marks it paid and hands it over; the buyer sees where the order stands;
the operator hides the product with a reason the seller reads."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ._api import issue_pin, register_resident, resident_token
from ._support import OPERATOR, PHONE, RESIDENT_NIK, RESIDENT_PIN, Stack, shot
from .test_operator import login_staff
from .test_resident import login_resident

SELLER_NIK = "3317096304790002"  # Sri Wulandari, born 23 April 1979 (a woman: day + 40)
SELLER_PIN = "582913"
PRODUCT = "Gula Aren Mojowarno"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 90, 40)).save(out, "JPEG", quality=80)
    return out.getvalue()


def _new_page(browser: Browser, stack: Stack) -> tuple[BrowserContext, Page]:
    ctx = browser.new_context(
        base_url=stack.url, viewport=PHONE, device_scale_factor=1, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    ctx.set_default_timeout(10_000)
    return ctx, ctx.new_page()


def _seller(stack: Stack) -> None:
    rid = register_resident(
        stack, nik=SELLER_NIK, name="Sri Wulandari", sex="female", birth_date="1979-04-23", kk="3317092001230120"
    )
    resident_token(stack, SELLER_NIK, issue_pin(stack, rid), new_pin=SELLER_PIN)


def test_a_shop_is_opened_approved_stocked_and_an_order_handled(browser: Browser, page: Page, stack: Stack) -> None:
    _seller(stack)
    login_resident(page, SELLER_NIK, SELLER_PIN)
    expect(page.get_by_role("heading", name="Halo, Sri Wulandari")).to_be_visible()
    page.goto("/lapak")
    page.get_by_label("Nama lapak").fill("Gula Aren Bu Sri")
    page.get_by_label("Deskripsi").fill("Gula aren cetak dari nira pohon sendiri.")
    page.get_by_label("Nomor WhatsApp").fill("0812-3456-7021")
    page.get_by_label("Alamat ambil barang").fill("Dusun Krajan RT 001 RW 002")
    page.get_by_role("button", name="Buka lapak").click()
    expect(page.get_by_role("heading", name="Gula Aren Bu Sri")).to_be_visible()
    expect(page.get_by_text("Menunggu persetujuan desa")).to_be_visible()

    # the operator approves the shop in the console
    op_ctx, op = _new_page(browser, stack)
    try:
        login_staff(op, OPERATOR)
        expect(op).to_have_url(re.compile(r"/konsol$"))
        op.get_by_role("link", name="Pasar").click()
        shop_row = op.get_by_role("listitem").filter(has_text="Gula Aren Bu Sri")
        shop_row.get_by_role("button", name="Setujui").click()
        expect(shop_row).to_have_count(0)  # the list shows pending shops; this one is no longer pending
    finally:
        op_ctx.close()

    page.reload()
    expect(page.get_by_text("Disetujui")).to_be_visible()
    page.get_by_role("button", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill(PRODUCT)
    page.get_by_label("Kategori").select_option(index=1)
    page.get_by_label("Harga (Rp)").fill("25000")
    expect(page.get_by_text("Rp 25.000")).to_be_visible()  # the price as the buyer will read it
    page.get_by_label("Satuan").fill("kg")
    page.get_by_label("Stok").fill("5")
    page.get_by_label("Deskripsi").fill("Gula aren cetak, 1 kg.")
    page.get_by_role("button", name="Simpan").click()
    product_row = page.get_by_role("listitem").filter(has_text=PRODUCT)
    expect(product_row).to_contain_text("Stok: 5")
    product_row.get_by_label("Foto produk").set_input_files(
        {"name": "gula.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    product_row.get_by_label("Stok").fill("12")
    product_row.get_by_label("Harga (Rp)").fill("24000")  # a price corrected after listing
    product_row.get_by_role("button", name="Simpan").click()
    expect(product_row).to_contain_text("Stok: 12")
    expect(product_row).to_contain_text("Rp 24.000 / kg")
    shot(page, "33-my-shop")

    # a buyer finds it, sees its photo, and orders two
    buyer_ctx, buyer = _new_page(browser, stack)
    try:
        login_resident(buyer, RESIDENT_NIK, RESIDENT_PIN)
        expect(buyer.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
        buyer.goto("/pasar")
        buyer.get_by_label("Cari produk").fill("gula aren")
        buyer.get_by_label("Cari produk").press("Enter")
        buyer.get_by_role("link", name=re.compile(PRODUCT)).first.click()
        expect(buyer.get_by_role("heading", name=PRODUCT)).to_be_visible()
        photo = buyer.get_by_role("img", name=PRODUCT).first
        expect(photo).to_be_visible()
        assert buyer.evaluate("(img) => img.complete && img.naturalWidth > 0", photo.element_handle())
        expect(buyer.get_by_text("Stok: 12")).to_be_visible()
        shot(buyer, "34-market-product-photo")
        buyer.get_by_role("button", name="+1").click()
        buyer.get_by_role("button", name="Tambah ke keranjang").click()
        buyer.goto("/pasar/keranjang")
        expect(buyer.get_by_text("Rp 48.000").first).to_be_visible()
        buyer.get_by_label("Nomor HP/WhatsApp").fill("081234567890")
        buyer.get_by_role("button", name=re.compile("^Pesan")).click()
        expect(buyer.get_by_role("heading", name="Pesanan saya")).to_be_visible()  # sent at once, online
        mine = buyer.get_by_role("listitem").filter(has_text=f"2× {PRODUCT}")
        expect(mine).to_contain_text("baru dipesan")

        # the seller sees it, confirms it and marks it paid
        page.reload()
        incoming = page.get_by_role("listitem").filter(has_text=f"2× {PRODUCT}")
        expect(incoming).to_contain_text("Rp 48.000")
        expect(incoming).to_contain_text("Ambil sendiri")  # delivery and payment in words, not codes
        expect(incoming).to_contain_text("Bayar di tempat")
        incoming.get_by_role("button", name="Konfirmasi").click()
        expect(incoming.get_by_role("button", name="Kirim / siap diambil")).to_be_visible()
        incoming.get_by_role("button", name="Tandai lunas").click()
        expect(incoming.get_by_role("button", name="Tandai lunas")).to_have_count(0)
        expect(page.get_by_role("listitem").filter(has_text=PRODUCT).last).to_contain_text("Stok: 10")
        shot(page, "35-shop-incoming-order")

        buyer.reload()
        expect(mine).to_contain_text("sudah dikonfirmasi")
        incoming.get_by_role("button", name="Kirim / siap diambil").click()  # picked up: no tracking number asked
        buyer.reload()
        expect(mine).to_contain_text("siap diambil")
    finally:
        buyer_ctx.close()

    # the operator hides the product with a reason; the seller reads it, the market no longer lists it
    op_ctx, op = _new_page(browser, stack)
    try:
        login_staff(op, OPERATOR)
        expect(op).to_have_url(re.compile(r"/konsol$"))
        op.get_by_role("link", name="Pasar").click()
        op.get_by_label("Status").select_option(label="Disetujui")
        op.get_by_role("button", name="Gula Aren Bu Sri").click()
        listed = op.get_by_role("listitem").filter(has_text=PRODUCT).last
        listed.get_by_role("button", name="Sembunyikan").click()
        ask = op.get_by_role("form", name="Sembunyikan")
        ask.get_by_label("Alasan").fill("Foto tidak sesuai barang")
        ask.get_by_role("button", name="Sembunyikan").click()
        expect(listed).to_contain_text("Foto tidak sesuai barang")
    finally:
        op_ctx.close()
    page.reload()
    expect(page.get_by_role("listitem").filter(has_text=PRODUCT).last).to_contain_text(
        "Disembunyikan petugas desa — Foto tidak sesuai barang"
    )
