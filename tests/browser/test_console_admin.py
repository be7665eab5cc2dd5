"""The operator console's register and aid work, by hand at phone size: an OpenSID export is previewed
(a refused row named with its reason, nothing saved), saved without the refused row, a new resident gets
an e-KTP card bound; an aid programme is made, a head of family enrolled, a disbursement planned and
recorded with who paid it and the proof."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import random
import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from balai.common.timestamps import local_date
from balai.identity.opensid_codes import OPENSID_COLUMNS
from balai.stack.demo import FAMILY

from ._api import VILLAGE, bearer, ok, register_resident
from ._support import OPERATOR, Stack, shot
from .test_operator import login_staff

KK = "3317090101260077"
WULAN = {"nama": "Wulan Sari", "nik": "3317095403920077", "sex": 2, "tanggallahir": "1992-03-14", "kk_level": 1}
JOKO = {"nama": "Joko Prasetyo", "nik": "3317090207900078", "sex": 1, "tanggallahir": "1990-07-02", "kk_level": 2}
HEAD = FAMILY[0]  # Slamet Riyadi, head of the demo family
BROKEN = {"nama": "Baris Rusak", "nik": "33170912", "sex": 1, "tanggallahir": "1980-01-01", "kk_level": 4}


def opensid_csv(*people: dict[str, object]) -> bytes:
    """A resident export in OpenSID's column layout (what `Impor dari OpenSID` reads)."""
    common = {
        "alamat": "Jl. Mawar 3",
        "dusun": "Krajan",
        "rw": "002",
        "rt": "001",
        "no_kk": KK,
        "tempatlahir": "Rembang",
    }
    common |= {"agama_id": 1, "pendidikan_kk_id": 5, "pekerjaan_id": 9, "status_kawin": 2, "warganegara_id": 1}
    common |= {"nama_ayah": "Sukardi", "nama_ibu": "Sumiyati", "golongan_darah_id": 13, "status_dasar": 1}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OPENSID_COLUMNS)
    for person in people:
        row = common | person
        writer.writerow([row.get(column, "") for column in OPENSID_COLUMNS])
    return out.getvalue().encode()


def test_import_preview_then_save_without_the_refused_row(page: Page, stack: Stack) -> None:
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("link", name="Penduduk").click()
    page.get_by_role("button", name="Impor dari OpenSID").click()
    page.get_by_label("Berkas Excel/CSV (format OpenSID)").set_input_files(
        {"name": "penduduk.csv", "mimeType": "text/csv", "buffer": opensid_csv(WULAN, JOKO, BROKEN)}
    )
    page.get_by_role("button", name="Pratinjau (belum disimpan)").click()
    report = page.locator(".import-report")
    expect(report).to_contain_text("Pratinjau: belum ada yang disimpan")
    expect(report.locator("dt", has_text="Baris dibaca").locator("xpath=following-sibling::dd[1]")).to_have_text("3")
    expect(report.locator("dt", has_text="Penduduk baru").locator("xpath=following-sibling::dd[1]")).to_have_text("2")
    expect(report).to_contain_text("Ditolak (1)")
    expect(report).to_contain_text("Baris 4")  # the header is row 1: the third person is row 4
    save = page.get_by_role("button", name="Simpan semua")
    expect(save).to_be_disabled()  # a refused row: nothing is saved unless the operator says to skip it
    shot(page, "36-console-import-preview")

    page.get_by_label(re.compile("Simpan tanpa 1 baris yang ditolak")).check()
    expect(save).to_be_enabled()
    save.click()
    expect(report).to_contain_text("Tersimpan.")

    page.get_by_label("Cari nama atau NIK").fill("Wulan Sari")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Wulan Sari").click()
    expect(page.get_by_role("heading", name="Wulan Sari")).to_be_visible()
    uid = f"04{random.getrandbits(48):012X}"
    page.get_by_label("UID kartu e-KTP").fill(uid.lower())
    page.get_by_role("button", name="Daftarkan e-KTP").last.click()
    expect(page.get_by_text("Kartu terdaftar.")).to_be_visible()
    assert len(residents_named(stack, "Wulan Sari")) == 1
    assert residents_named(stack, "Baris Rusak") == []  # the refused row was left out


def test_an_aid_programme_is_made_and_a_disbursement_recorded(page: Page, stack: Stack) -> None:
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("link", name="Bantuan").click()
    page.get_by_role("button", name="+ Program bantuan").click()
    page.get_by_label("Program", exact=True).fill("Bantuan Lansia Mojowarno")
    page.get_by_label("Jenis program").select_option(label="Program desa")
    page.get_by_label("Nilai (Rp)").fill("150000")
    expect(page.get_by_text("Rp 150.000")).to_be_visible()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Bantuan Lansia Mojowarno").click()
    panel = page.locator("section.card", has=page.get_by_role("heading", name="Bantuan Lansia Mojowarno"))
    panel.get_by_label(re.compile("^NIK")).fill(str(HEAD["nik"]))
    panel.get_by_role("button", name="Daftarkan").click()
    row = panel.get_by_role("row", name=re.compile(str(HEAD["name"])))
    expect(row).to_contain_text("Aktif")
    panel.get_by_role("button", name=re.compile("^Rencanakan penyaluran")).click()
    expect(row).to_contain_text("Direncanakan")
    row.get_by_role("button", name=f"Catat sudah disalurkan kepada {HEAD['name']}").click()
    form = row.get_by_role("form", name=f"Catat sudah disalurkan kepada {HEAD['name']}")
    expect(form.get_by_label("Tanggal penyaluran")).not_to_have_value("")  # today, in the village's calendar
    form.get_by_label("Disalurkan oleh").fill("Pemerintah Desa Mojowarno")
    form.get_by_role("button", name="Simpan").click()
    assert form.get_by_label("Nomor bukti").evaluate("input => input.validity.valueMissing")  # the browser holds it
    expect(row).to_contain_text("Direncanakan")
    form.get_by_label("Nomor bukti").fill("BA/12/2026/017")
    form.get_by_role("button", name="Simpan").click()
    expect(row).to_contain_text("Sudah disalurkan")
    expect(row).to_contain_text("Rp 150.000")
    shot(page, "37-console-aid-disbursed")

    # a goods programme paid per quarter (tahap), as BPNT/PKH are: its periods are quarters in words
    page.get_by_role("button", name="+ Program bantuan").click()
    page.get_by_label("Program", exact=True).fill("Sembako Lansia Mojowarno")
    page.get_by_label("Penyaluran", exact=True).select_option(label="Tiap tahap (triwulan)")
    page.get_by_label("Bentuk bantuan").select_option(label="Barang")
    page.get_by_label("Barang yang diberikan").fill("Beras 10 kg dan telur 1 kg")
    page.get_by_role("button", name="Simpan", exact=True).click()
    listed = page.get_by_role("listitem").filter(has_text="Sembako Lansia Mojowarno")
    expect(listed).to_contain_text("Beras 10 kg dan telur 1 kg · Tiap tahap (triwulan)")
    listed.get_by_role("button", name="Sembako Lansia Mojowarno").click()
    today = village_today()
    quarter = f"Tahap {(today.month - 1) // 3 + 1} {today.year}"
    expect(page.get_by_label("Periode")).to_have_value(f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    expect(page.get_by_role("button", name=f"Rencanakan penyaluran {quarter}")).to_be_visible()


def village_today() -> dt.date:
    return local_date("Asia/Jakarta")  # the demo village's zone, which the browser context uses too


def residents_named(stack: Stack, name: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{stack.api('identity')}/villages/{VILLAGE}/residents",
        params={"q": name},
        headers=bearer(stack.staff_token(OPERATOR)),
    )
    return list(ok(answer)["items"])


def test_a_resident_added_by_hand_is_checked_then_saved(page: Page, stack: Stack) -> None:
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("link", name="Penduduk").click()
    page.get_by_role("button", name="Tambah penduduk").click()
    form = page.locator("form", has=page.get_by_role("heading", name="Tambah penduduk"))
    form.get_by_label("NIK", exact=True).fill("9999991503950080")  # no such district
    form.get_by_label("Nomor KK").fill(KK)
    form.get_by_label("Nama lengkap").fill("Rudi Hartono")
    form.get_by_label("Jenis kelamin").select_option(label="Laki-laki")
    form.get_by_label("Hubungan dalam keluarga").select_option(index=3)
    form.get_by_label("Tanggal lahir").fill("1995-03-15")
    form.get_by_label("Dusun").fill("Krajan")
    form.get_by_label("RT").fill("001")
    form.get_by_label("RW").fill("002")
    form.get_by_role("button", name="Simpan").click()
    expect(form.get_by_role("alert").first).to_be_visible()  # the service's Indonesian reason
    assert residents_named(stack, "Rudi Hartono") == []  # nothing saved
    form.get_by_label("NIK", exact=True).fill("3317091503950080")  # Kaliori, 15 March 1995
    form.get_by_role("button", name="Simpan").click()
    expect(form).to_have_count(0)  # saved: the form closes and the list reloads
    page.get_by_label("Cari nama atau NIK").fill("Rudi Hartono")
    page.get_by_role("button", name="Cari").click()
    row = page.get_by_role("row", name=re.compile("Rudi Hartono"))
    expect(row).to_contain_text(re.compile(r"L · \d+ th"))
    expect(row).not_to_contain_text("Perlu diperiksa")  # NIK, sex and birth date agree


def test_a_resident_is_corrected_then_recorded_as_moved(page: Page, stack: Stack) -> None:
    ani = {"nik": "3317096108930081", "name": "Ani Rahmawati", "birth_date": "1993-08-21", "kk": "3317090101260081"}
    rid = register_resident(stack, sex="female", **ani)
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.goto(f"/konsol/penduduk/{rid}")
    expect(page.get_by_role("heading", name="Ani Rahmawati")).to_be_visible()

    page.get_by_role("button", name="Perbaiki data").click()
    page.get_by_label("Nomor HP").fill("0812 3456 7099")
    page.get_by_label("Jalan/nomor rumah").fill("Jl. Mawar No. 3")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text("Jl. Mawar No. 3")

    page.get_by_role("button", name="Catat pindah").click()
    move = page.get_by_role("form", name="Catat pindah")
    expect(move).to_contain_text("Bantuan sosial yang diterimanya ditahan")
    move.get_by_label("Pindah ke (desa/alamat tujuan)").fill("Desa Tunggulsari, Kaliori")
    move.get_by_role("button", name="Catat pindah").click()
    expect(page.locator("dl.facts")).to_contain_text("Pindah")
    expect(page.get_by_role("button", name="Catat meninggal")).to_have_count(0)  # only for living residents
    stored = ok(httpx.get(f"{stack.api('identity')}/residents/{rid}", headers=bearer(stack.staff_token(OPERATOR))))
    assert stored["status"] == "moved"
    assert (stored["phone"], stored["address"]["street"]) == ("081234567099", "Jl. Mawar No. 3")


def test_a_kiosk_is_enrolled_from_its_qr_text_and_revoked(page: Page, stack: Stack) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public_key = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    qr_text = json.dumps({"name": "Anjungan Balai Dusun Krajan", "public_key": public_key})  # enroll-info's QR

    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    page.get_by_role("link", name="Anjungan").click()
    page.get_by_label("Kunci publik (Ed25519, base64)").fill(qr_text)
    expect(page.get_by_label("Nama lengkap")).to_have_value("Anjungan Balai Dusun Krajan")
    expect(page.get_by_label("Kunci publik (Ed25519, base64)")).to_have_value(public_key)
    page.get_by_role("button", name="Daftarkan anjungan").click()
    line = page.locator("pre.copy")
    expect(line).to_have_text(re.compile(r'^device_id = "[0-9a-f-]{36}"$'))
    device_id = line.inner_text().split('"')[1]
    kiosk = page.get_by_role("listitem").filter(has_text=device_id)
    expect(kiosk).to_contain_text("Anjungan Balai Dusun Krajan")
    shot(page, "38-console-kiosk-enrolled")

    kiosk.get_by_role("button", name="Cabut akses anjungan").click()
    kiosk.get_by_role("alertdialog").get_by_role("button", name="Ya, cabut aksesnya").click()
    expect(kiosk).to_contain_text("Dicabut")
    devices = ok(
        httpx.get(f"{stack.api('identity')}/villages/{VILLAGE}/devices", headers=bearer(stack.staff_token(OPERATOR)))
    )
    assert [d["revoked"] for d in devices if d["device_id"] == device_id] == [True]
