"""The public verification page: clear state per status, escaped data, no NIK."""

from __future__ import annotations

from balai.letters.verify_page import render_page

DATA = {
    "type_title": "Surat Keterangan Domisili",
    "number": "470/012/33.17.09.2016/XI/2026",
    "holder": "S*** A*****",
    "village": {"code": "33.17.09.2016", "name": "Mojowarno"},
    "issued_on": "2026-11-23",
    "valid_until": "2027-05-22",
    "signer_position": "Sekretaris Desa",
    "signer_on_behalf_of": "Kepala Desa Mojowarno",
}


def test_states_read_clearly_in_indonesian() -> None:
    valid = render_page("valid", DATA)
    assert "class='state ok'" in valid
    assert "ASLI dan BERLAKU" in valid
    assert "23 November 2026" in valid
    assert "22 Mei 2027" in valid
    assert "a.n. Kepala Desa Mojowarno Sekretaris Desa" in valid
    revoked = render_page("revoked", DATA | {"revoked_on": "2026-12-01"})
    assert "class='state bad'" in revoked
    assert "TELAH DICABUT" in revoked
    assert "1 Desember 2026" in revoked
    assert "MASA BERLAKUNYA SUDAH HABIS" in render_page("expired", DATA)
    unknown = render_page("unknown", {})
    assert "TIDAK DIKENAL" in unknown
    assert "470/012" not in unknown


def test_data_is_escaped() -> None:
    page = render_page("valid", DATA | {"holder": "<script>alert(1)</script>"})
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
