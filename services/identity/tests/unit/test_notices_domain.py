"""Village notices' pure rules: text limits and cleaning, no HTML, no NIK, categories, expiry, board order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from typing import Any

import pytest
from pydantic import ValidationError

from balai.common.ids import uuid7
from balai.contracts.identity import NoticePublishedV1
from balai.identity.notices_domain import (
    BODY_MAX,
    TITLE_MAX,
    Notice,
    NoticeCategory,
    NoticeInvalid,
    NoticeText,
    apply_patch,
    board,
    check_text,
    clean_body,
    clean_title,
)
from balai.identity.notices_schemas import NOTICE_CATEGORIES, NoticeIn, NoticePatch, next_offset

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # 10.00 WIB
BLT = NoticeText(
    title="Pencairan BLT-DD tahap 3 tanggal 5 Desember di balai desa",
    body="Penerima BLT Dana Desa dimohon hadir pukul 08.00 WIB.\n\nBawa e-KTP dan KK asli.",
    category=NoticeCategory.BANTUAN,
)


def codes(text: NoticeText, today: dt.date = TODAY) -> list[str]:
    with pytest.raises(NoticeInvalid) as caught:
        check_text(text, today=today)
    assert all(i.message.endswith(".") for i in caught.value.issues)  # explained, in Indonesian
    return [i.code for i in caught.value.issues]


def stored(**overrides: Any) -> Notice:
    values: dict[str, Any] = {
        "id": uuid7(),
        "village": "3317092016",
        "title": BLT.title,
        "body": BLT.body,
        "category": NoticeCategory.BANTUAN,
        "pinned": False,
        "published_at": NOW - dt.timedelta(hours=1),
        "expires_on": None,
        "author_id": "op-1",
        "author_name": "Sri Wahyuni",
        "author_role": "operator",
        "archived_at": None,
        "created_at": NOW - dt.timedelta(hours=1),
        "updated_at": NOW - dt.timedelta(hours=1),
    }
    values.update(overrides)
    return Notice(**values)


# -- text ---------------------------------------------------------------------------------------------


def test_a_valid_notice_comes_back_cleaned() -> None:
    messy = dataclasses.replace(
        BLT, title="  Posyandu   balita\nKamis ", body="\r\n  Bawa buku KIA.  \r\nTerima kasih.\r\n\r\n"
    )
    clean = check_text(messy, today=TODAY)
    assert clean.title == "Posyandu balita Kamis"
    assert clean.body == "Bawa buku KIA.\nTerima kasih."
    assert check_text(BLT, today=TODAY) == BLT


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("", "isi", ["title.empty"]),
        ("   \n ", "isi", ["title.empty"]),
        ("Judul", "  \n\n ", ["body.empty"]),
        ("x" * (TITLE_MAX + 1), "isi", ["title.too_long"]),
        ("Judul", "y" * (BODY_MAX + 1), ["body.too_long"]),
        ("", "", ["title.empty", "body.empty"]),
    ],
)
def test_title_and_body_lengths(title: str, body: str, expected: list[str]) -> None:
    assert codes(dataclasses.replace(BLT, title=title, body=body)) == expected


def test_the_limits_themselves_are_allowed() -> None:
    longest = dataclasses.replace(BLT, title="x" * TITLE_MAX, body="y" * BODY_MAX)
    assert check_text(longest, today=TODAY) == longest
    with pytest.raises(NoticeInvalid) as caught:
        check_text(dataclasses.replace(BLT, body="y" * 4001), today=TODAY)
    assert caught.value.issues[0].message == "Isi pengumuman paling panjang 4.000 karakter (sekarang 4.001)."


@pytest.mark.parametrize(
    "body",
    [
        "Datang ke <b>balai desa</b>",
        "<script>alert(1)</script>",
        "baris<br/>baris",
        '<a href="https://x.id">tautan</a>',
        "<!-- catatan -->",
        "Kerja&nbsp;bakti",
        "Kerja&#160;bakti",
        "<P>Paragraf</P>",
    ],
)
def test_html_is_refused(body: str) -> None:
    assert codes(dataclasses.replace(BLT, body=body)) == ["body.html"]


@pytest.mark.parametrize(
    "body",
    [
        "Balita usia <5 tahun dan ibu hamil",
        "Nilai x<y dan y>z",
        "Pak RT & Bu RW; semua hadir",
        "Bawa KK -> fotokopi 2 lembar",
        "Gotong royong <selesai pukul 11>",
    ],
)
def test_plain_text_with_angle_brackets_and_ampersands_is_fine(body: str) -> None:
    assert check_text(dataclasses.replace(BLT, body=body), today=TODAY).body == body


def test_no_nik_or_kk_number_on_a_public_board() -> None:
    nik = dataclasses.replace(BLT, body="Penerima: Siti, NIK 3317094501900001.")
    assert codes(nik) == ["body.personal_number"]
    assert codes(dataclasses.replace(BLT, title="KK 3317090101100001 harap datang")) == ["title.personal_number"]
    phone = dataclasses.replace(BLT, body="Hubungi kantor desa (0295) 691234 atau 081234567890.")
    assert check_text(phone, today=TODAY) == phone  # a phone number of the office is not a NIK


def test_control_characters_are_refused_but_tabs_and_newlines_are_not() -> None:
    assert codes(dataclasses.replace(BLT, body="bel\x07")) == ["body.control"]
    fine = dataclasses.replace(BLT, body="Jadwal:\n\tSenin\n\tKamis")
    assert check_text(fine, today=TODAY).body == "Jadwal:\n\tSenin\n\tKamis"


def test_cleaning_helpers() -> None:
    assert clean_title("\tA  B\r\nC ") == "A B C"
    assert clean_body("\n\nA  \r\n\r\nB\r") == "A\n\nB"


# -- expiry and the board -----------------------------------------------------------------------------


def test_expiry_may_be_today_or_later_not_before() -> None:
    assert check_text(dataclasses.replace(BLT, expires_on=TODAY), today=TODAY).expires_on == TODAY
    assert codes(dataclasses.replace(BLT, expires_on=TODAY - dt.timedelta(days=1))) == ["expires_on.past"]


def test_a_notice_is_active_through_its_expiry_day() -> None:
    notice = stored(expires_on=TODAY)
    assert notice.is_active(NOW, TODAY)
    assert not notice.is_expired(TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert not notice.is_active(NOW + dt.timedelta(days=1), tomorrow)
    assert notice.is_expired(tomorrow)
    assert not stored(archived_at=NOW).is_active(NOW, TODAY)
    assert not stored(published_at=NOW + dt.timedelta(minutes=1)).is_active(NOW, TODAY)
    assert stored().is_active(NOW, TODAY)


def test_board_is_pinned_first_then_newest_without_expired_or_archived() -> None:
    old_pinned = stored(title="lama disematkan", pinned=True, published_at=NOW - dt.timedelta(days=9))
    newest = stored(title="terbaru", published_at=NOW - dt.timedelta(minutes=5))
    older = stored(title="lebih lama", published_at=NOW - dt.timedelta(days=2))
    new_pinned = stored(title="baru disematkan", pinned=True, published_at=NOW - dt.timedelta(days=1))
    expired = stored(title="kedaluwarsa", expires_on=TODAY - dt.timedelta(days=1))
    archived = stored(title="diarsipkan", archived_at=NOW)
    shown = board([older, expired, old_pinned, newest, archived, new_pinned], now=NOW, today=TODAY)
    assert [n.title for n in shown] == ["baru disematkan", "lama disematkan", "terbaru", "lebih lama"]


def test_same_moment_orders_by_id_newest_first() -> None:
    first, second = stored(title="a", published_at=NOW), stored(title="b", published_at=NOW)
    assert [n.title for n in board([first, second], now=NOW, today=TODAY)] == ["b", "a"]


# -- edits --------------------------------------------------------------------------------------------


def test_patch_names_what_changed_and_checks_only_what_it_sets() -> None:
    current = stored(expires_on=TODAY - dt.timedelta(days=3))  # already expired
    new, changed = apply_patch(current, {"title": "  Jadwal   baru ", "pinned": True}, today=TODAY)
    assert changed == ["title", "pinned"]
    assert new.title == "Jadwal baru"
    assert new.expires_on == current.expires_on  # the old expiry stays; it is not re-checked
    assert apply_patch(current, {"title": current.title}, today=TODAY)[1] == []
    with pytest.raises(NoticeInvalid) as caught:
        apply_patch(current, {"expires_on": TODAY - dt.timedelta(days=1), "body": "<b>x</b>"}, today=TODAY)
    assert [i.code for i in caught.value.issues] == ["body.html", "expires_on.past"]
    assert apply_patch(current, {"expires_on": None}, today=TODAY)[1] == ["expires_on"]
    with pytest.raises(KeyError):
        apply_patch(current, {"author_id": "x"}, today=TODAY)


# -- vocabulary, API models, the event ----------------------------------------------------------------


def test_categories_have_both_labels_and_match_the_events_documented_values() -> None:
    values = [c.value for c in NoticeCategory]
    assert values == ["umum", "bantuan", "kesehatan", "pembangunan", "keamanan", "kegiatan"]
    assert all(c.label and c.label_en and c.label != c.label_en for c in NoticeCategory if c.value != "umum")
    assert [c.value for c in NOTICE_CATEGORIES] == values
    assert NoticeCategory.of("kesehatan") is NoticeCategory.KESEHATAN
    with pytest.raises(ValueError, match="unknown"):
        NoticeCategory.of("politik")
    contract = inspect.getsource(NoticePublishedV1)  # the event's `category` is a string documented there
    assert all(v in contract for v in values)


def test_api_input_refuses_unknown_fields_and_categories() -> None:
    assert NoticeIn(title="a", body="b").category is NoticeCategory.UMUM
    with pytest.raises(ValidationError):
        NoticeIn.model_validate({"title": "a", "body": "b", "category": "politik"})
    with pytest.raises(ValidationError):
        NoticeIn.model_validate({"title": "a", "body": "b", "author_id": "me"})
    assert NoticePatch(expires_on=None).changes() == {"expires_on": None}
    assert NoticePatch.model_validate({"category": "kegiatan"}).changes() == {"category": NoticeCategory.KEGIATAN}
    with pytest.raises(ValueError, match="title"):
        NoticePatch(title=None).changes()


def test_next_offset() -> None:
    assert next_offset(0, 20, 20, 45) == 20
    assert next_offset(40, 20, 5, 45) is None
    assert next_offset(0, 20, 0, 0) is None
