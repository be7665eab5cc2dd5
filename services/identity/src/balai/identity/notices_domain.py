"""Village notices (pengumuman desa): the rules, pure (no I/O).

A notice is public text a village's operator or head publishes: "Pencairan BLT-DD tahap 3 tanggal 5
Desember di balai desa". The title is one line of at most 120 characters; the body is plain text of at
most 4,000 (the PWA renders text, never HTML, so markup is refused rather than shown as tags); neither may
carry a 16-digit number (a NIK or KK number does not belong on a public board). A notice is *active* —
on the public board — from its publication until the end of its ``expires_on`` day in the village's time
zone, unless archived. Pinned notices come first, then the newest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Self
from uuid import UUID

TITLE_MAX = 120
BODY_MAX = 4000

_TAGS = (
    "a|b|i|u|s|p|br|hr|div|span|font|center|strong|em|small|big|sub|sup|mark|code|pre|blockquote|h[1-6]|ul|ol|li|"
    "table|thead|tbody|tr|td|th|img|picture|video|audio|source|iframe|object|embed|script|style|link|meta|html|"
    "head|body|form|input|button|select|textarea|label|svg|math|marquee|details|summary"
)
#: Markup the author may have pasted: a known HTML tag, a comment, or a character reference (&nbsp; &#39;).
_HTML = re.compile(
    rf"</?\s*(?:{_TAGS})(?:\s[^<>]*)?/?>|<!--|&(?:[a-zA-Z]{{2,8}}|#[0-9]{{1,7}}|#x[0-9a-fA-F]{{1,6}});", re.IGNORECASE
)
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # keeps \t and \n
_SPACES = re.compile(r"\s+")


class NoticeCategory(StrEnum):
    """What a notice is about; the value is stored and sent in events, the labels are shown."""

    label: str
    label_en: str

    def __new__(cls, value: str, label: str, label_en: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.label_en = label_en
        return member

    @classmethod
    def of(cls, value: str) -> NoticeCategory:
        """The member whose value is ``value`` (``NoticeCategory(value)`` to the type checker wants labels)."""
        for member in cls:
            if member.value == value:
                return member
        raise ValueError(f"unknown notice category {value!r}")

    UMUM = "umum", "Umum", "General"
    BANTUAN = "bantuan", "Bantuan sosial", "Social aid"
    KESEHATAN = "kesehatan", "Kesehatan", "Health"
    PEMBANGUNAN = "pembangunan", "Pembangunan", "Development"
    KEAMANAN = "keamanan", "Keamanan dan ketertiban", "Safety and order"
    KEGIATAN = "kegiatan", "Kegiatan warga", "Community activities"


@dataclass(frozen=True, slots=True)
class NoticeIssue:
    code: str  # stable, e.g. "title.too_long"
    field: str  # the request field it is about
    message: str  # Indonesian, for the operator


class NoticeInvalid(ValueError):
    """Rules broken by a notice's text or dates; ``issues`` lists every one."""

    def __init__(self, issues: Sequence[NoticeIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = tuple(issues)


@dataclass(frozen=True, slots=True)
class NoticeText:
    """What the author writes; :func:`check_text` returns it cleaned."""

    title: str
    body: str
    category: NoticeCategory
    pinned: bool = False
    expires_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    id: UUID
    village: str  # compact code
    title: str
    body: str
    category: NoticeCategory
    pinned: bool
    published_at: dt.datetime
    expires_on: dt.date | None
    author_id: str
    author_name: str
    author_role: str
    archived_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def is_active(self, now: dt.datetime, today: dt.date) -> bool:
        """On the public board at ``now``; ``today`` is the date in the village's time zone."""
        return is_active(self.archived, self.published_at, self.expires_on, now=now, today=today)

    def is_expired(self, today: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < today


def is_active(
    archived: bool, published_at: dt.datetime, expires_on: dt.date | None, *, now: dt.datetime, today: dt.date
) -> bool:
    """The public board's rule (the repository's query says the same in SQL)."""
    return not archived and published_at <= now and (expires_on is None or expires_on >= today)


def clean_title(text: str) -> str:
    """One line: surrounding spaces trimmed, every run of white space (newlines too) made one space."""
    return _SPACES.sub(" ", text).strip()


def clean_body(text: str) -> str:
    """Line endings made ``\\n``, trailing spaces of each line and blank lines at both ends trimmed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def _number(n: int) -> str:
    """4000 -> "4.000", as Indonesians write it."""
    return f"{n:,}".replace(",", ".")


def _text_issues(field: str, label: str, value: str, limit: int) -> list[NoticeIssue]:
    issues: list[NoticeIssue] = []
    if not value:
        issues.append(NoticeIssue(f"{field}.empty", field, f"{label} wajib diisi."))
    elif len(value) > limit:
        too_long = f"{label} paling panjang {_number(limit)} karakter (sekarang {_number(len(value))})."
        issues.append(NoticeIssue(f"{field}.too_long", field, too_long))
    if _HTML.search(value):
        issues.append(
            NoticeIssue(
                f"{field}.html",
                field,
                f"{label} ditulis sebagai teks biasa: tanda HTML seperti <b> atau &nbsp; tidak dipakai.",
            )
        )
    if _CONTROL.search(value):
        issues.append(NoticeIssue(f"{field}.control", field, f"{label} memuat karakter yang tidak dapat ditampilkan."))
    if _SIXTEEN_DIGITS.search(value):
        issues.append(
            NoticeIssue(
                f"{field}.personal_number",
                field,
                f"{label} memuat angka 16 digit (NIK atau nomor KK): data pribadi tidak boleh diumumkan.",
            )
        )
    return issues


def _expiry_issues(expires_on: dt.date | None, today: dt.date) -> list[NoticeIssue]:
    if expires_on is not None and expires_on < today:
        return [
            NoticeIssue(
                "expires_on.past",
                "expires_on",
                "Tanggal berlaku sampai tidak boleh sebelum hari ini (untuk menurunkan pengumuman, arsipkan saja).",
            )
        ]
    return []


def check_text(text: NoticeText, *, today: dt.date) -> NoticeText:
    """The notice cleaned, or :class:`NoticeInvalid` listing every broken rule."""
    cleaned = replace(text, title=clean_title(text.title), body=clean_body(text.body))
    issues = [
        *_text_issues("title", "Judul", cleaned.title, TITLE_MAX),
        *_text_issues("body", "Isi pengumuman", cleaned.body, BODY_MAX),
        *_expiry_issues(cleaned.expires_on, today),
    ]
    if issues:
        raise NoticeInvalid(issues)
    return cleaned


EDITABLE = ("title", "body", "category", "pinned", "expires_on")


def apply_patch(current: Notice, patch: Mapping[str, Any], *, today: dt.date) -> tuple[NoticeText, list[str]]:
    """The notice's text with ``patch`` applied and checked, and the names of the fields that changed.

    Only what the patch sets is checked against today: an expiry already past may stay while the title
    is corrected, but a new expiry may not be in the past.
    """
    unknown = set(patch) - set(EDITABLE)
    if unknown:
        raise KeyError(f"not editable: {sorted(unknown)}")
    values = {name: getattr(current, name) for name in EDITABLE} | dict(patch)
    merged = NoticeText(**values)
    cleaned = replace(merged, title=clean_title(merged.title), body=clean_body(merged.body))
    issues = [
        *(_text_issues("title", "Judul", cleaned.title, TITLE_MAX) if "title" in patch else []),
        *(_text_issues("body", "Isi pengumuman", cleaned.body, BODY_MAX) if "body" in patch else []),
        *(_expiry_issues(cleaned.expires_on, today) if "expires_on" in patch else []),
    ]
    if issues:
        raise NoticeInvalid(issues)
    changed = [name for name in EDITABLE if getattr(cleaned, name) != getattr(current, name)]
    return cleaned, changed


def board_order(notice: Notice) -> tuple[bool, float, int]:
    """Sort key of the public board: pinned first, then the newest, then the newest id (UUIDv7)."""
    return (not notice.pinned, -notice.published_at.timestamp(), -notice.id.int)


def board(notices: Iterable[Notice], *, now: dt.datetime, today: dt.date) -> list[Notice]:
    """The active notices in board order (what the repository's public query returns)."""
    return sorted((n for n in notices if n.is_active(now, today)), key=board_order)
