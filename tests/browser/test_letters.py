"""The letter journey across roles: a resident requests a letter (form from the type catalogue, photo of the
RT/RW cover letter), the operator verifies it, the village head signs it, the resident downloads the PDF.
And offline: a request made without a link waits ("menunggu dikirim") and is sent once when it returns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from ._api import letter_requests, resident_token
from ._support import KADES, OPERATOR, PHONE, RESIDENT_NIK, RESIDENT_PIN, ROOT, Stack, shot
from .test_offline import wait_for_service_worker
from .test_operator import login_staff
from .test_resident import login_resident

COVER_LETTER = ROOT / "pwa" / "public" / "icons" / "icon-192.png"  # any PNG stands in for the photo


def fill_domisili(page: Page, purpose: str) -> None:
    page.goto("/surat/baru")
    page.get_by_label("Jenis surat").select_option(label="Surat Keterangan Domisili")
    page.get_by_label("Alamat domisili").fill("Dusun Krajan RT 003 RW 002, Mojowarno")
    page.get_by_label("Keperluan", exact=True).fill(purpose)
    page.get_by_label(re.compile("^Surat pengantar RT/RW")).set_input_files(str(COVER_LETTER))


def staff_page(browser: Any, stack: Stack, username: str) -> Page:
    ctx = browser.new_context(base_url=stack.url, viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    login_staff(page, username)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("link", name="Kotak surat").click()
    return page


def open_request(page: Page, filter_name: str) -> Any:
    page.get_by_role("button", name=filter_name).click()
    item = page.locator("li[data-letter]").filter(has_text="Surat Keterangan Domisili").first
    item.get_by_role("button", name="Periksa").click()
    return item


def test_request_verify_sign_and_download(page: Page, browser: Any, stack: Stack, tmp_path: Path) -> None:
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    fill_domisili(page, "Persyaratan melamar pekerjaan")
    shot(page, "14-letter-form")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/surat$"))
    mine = page.locator("ul.list li").filter(has_text="Surat Keterangan Domisili").first
    expect(mine).to_contain_text("Diajukan")
    shot(page, "15-letter-list")

    operator = staff_page(browser, stack, OPERATOR)
    item = open_request(operator, "Menunggu verifikasi")
    expect(item).to_contain_text("Siti Aminah")
    expect(item).to_contain_text("Persyaratan melamar pekerjaan")
    shot(operator, "16-console-inbox")
    letter_id = item.get_attribute("data-letter")
    item.get_by_role("button", name="Verifikasi").click()
    expect(operator.locator(f'li[data-letter="{letter_id}"]')).to_have_count(0)  # off the "to verify" list
    operator.context.close()

    kades = staff_page(browser, stack, KADES)
    kades.get_by_role("button", name="Menunggu tanda tangan").click()
    item = kades.locator(f'li[data-letter="{letter_id}"]')
    item.get_by_role("button", name="Periksa").click()
    item.get_by_role("button", name="Tandatangani").click()
    expect(item).to_have_count(0)
    kades.context.close()

    mine.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Surat Keterangan Domisili")).to_be_visible()
    download_button = page.get_by_role("button", name="Unduh PDF")
    expect(download_button).to_be_visible(timeout=30_000)  # the PDF is rendered after signing
    expect(page.get_by_text(re.compile(r"Nomor surat: \d+/\d{3}/33\.17\.09\.2016/[IVXL]+/\d{4}"))).to_be_visible()
    shot(page, "17-letter-issued")
    with page.expect_download() as info:
        download_button.click()
    path = tmp_path / "surat.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")


def test_letter_request_made_offline_is_sent_when_online(context: BrowserContext, page: Page, stack: Stack) -> None:
    token = resident_token(stack, RESIDENT_NIK, RESIDENT_PIN)
    purpose = "Pendaftaran sekolah anak (luring)"
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    wait_for_service_worker(page)
    page.goto("/surat/baru")  # the type catalogue is cached for offline use on the first visit
    expect(page.get_by_label("Jenis surat")).to_be_visible()

    context.set_offline(True)
    try:
        page.reload()  # the app shell and the catalogue come from the device
        fill_domisili(page, purpose)
        expect(page.get_by_text("Tersimpan di ponsel")).to_be_visible()
        page.get_by_role("button", name="Ajukan", exact=True).click()
        waiting = page.locator("[data-outbox-state=waiting]")
        expect(waiting).to_contain_text("menunggu dikirim")
        expect(page.get_by_text("1 permintaan menunggu dikirim")).to_be_visible()
        shot(page, "18-letter-waiting")
    finally:
        context.set_offline(False)
    expect(waiting).to_have_count(0, timeout=15_000)
    sent = [r for r in letter_requests(stack, token) if r["type_code"] == "domisili"]
    details = [
        r for r in sent if purpose in str(stack_request(stack, token, r["id"]).get("fields", {}).get("keperluan", ""))
    ]
    assert len(details) == 1  # one request for one press of "Ajukan", however many tries


def stack_request(stack: Stack, token: str, request_id: str) -> dict[str, Any]:
    import httpx

    r = httpx.get(f"{stack.api('letters')}/requests/{request_id}", headers={"Authorization": f"Bearer {token}"})
    r.raise_for_status()
    return dict(r.json())


def test_a_returned_request_shows_why_and_is_sent_again(page: Page, browser: Any, stack: Stack) -> None:
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name="Halo, Siti Aminah")).to_be_visible()
    fill_domisili(page, "Persyaratan bantuan pendidikan")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/surat$"))

    operator = staff_page(browser, stack, OPERATOR)
    operator.get_by_role("button", name="Menunggu verifikasi").click()
    item = operator.locator("li[data-letter]").filter(has_text="Surat Keterangan Domisili").first
    item.get_by_role("button", name="Periksa").click()
    expect(item.locator("dt", has_text="Keperluan")).to_be_visible()  # the type's labels, not field names
    expect(item).to_contain_text("Persyaratan bantuan pendidikan")
    letter_id = item.get_attribute("data-letter")
    item.get_by_role("button", name="Kembalikan").click()
    item.get_by_label("Alasan dikembalikan").fill("Alamat belum lengkap: tulis nomor rumah.")
    item.get_by_role("button", name="Kembalikan").last.click()
    expect(operator.locator(f'li[data-letter="{letter_id}"]')).to_have_count(0)

    page.goto(f"/surat/{letter_id}")
    expect(page.get_by_text("Dikembalikan").first).to_be_visible()
    expect(page.get_by_text("Alasan: Alamat belum lengkap: tulis nomor rumah.")).to_be_visible()
    page.get_by_role("button", name="Ajukan lagi").click()
    page.get_by_label("Alamat domisili").fill("Dusun Krajan RT 003 RW 002 No. 14, Mojowarno")
    page.get_by_role("button", name="Ajukan lagi").click()
    expect(page.get_by_text("Diajukan").first).to_be_visible()

    operator.reload()
    operator.get_by_role("button", name="Menunggu verifikasi").click()
    again = operator.locator(f'li[data-letter="{letter_id}"]')
    again.get_by_role("button", name="Periksa").click()
    expect(again).to_contain_text("No. 14")  # the corrected request, not a new one
    operator.context.close()
