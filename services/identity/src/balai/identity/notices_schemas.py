"""Request and response bodies of the notices API (pydantic), and the mapping from domain objects.

The public answers (:class:`NoticePublicOut`) carry no author beyond the role; the staff answers
(:class:`NoticeOut`) add who wrote it and whether it is archived or expired. The exact text rules (title
<= 120, body <= 4,000 characters after trimming, no HTML, no 16-digit numbers) are the domain's, so the
operator gets an Indonesian message for each; the limits here only bound the request size.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from balai.common.timestamps import UtcDateTime
from balai.identity.notices_domain import BODY_MAX, TITLE_MAX, Notice, NoticeCategory, NoticeText
from balai.identity.regions import dotted_code

_STRICT = ConfigDict(extra="forbid")


class NoticeIn(BaseModel):
    """A notice to publish now."""

    model_config = _STRICT
    title: str = Field(max_length=TITLE_MAX * 4, description=f"one line, 1-{TITLE_MAX} characters after trimming")
    body: str = Field(max_length=BODY_MAX * 2, description=f"plain text (no HTML), 1-{BODY_MAX} characters")
    category: NoticeCategory = NoticeCategory.UMUM
    pinned: bool = Field(False, description="pinned notices come first on the board")
    expires_on: dt.date | None = Field(
        None, description="last day on the public board (village time zone); none = until archived"
    )

    def text(self) -> NoticeText:
        return NoticeText(
            title=self.title, body=self.body, category=self.category, pinned=self.pinned, expires_on=self.expires_on
        )


class NoticePatch(BaseModel):
    """Changes to a notice; only the fields sent change. ``expires_on: null`` removes the expiry."""

    model_config = _STRICT
    title: str | None = Field(None, max_length=TITLE_MAX * 4)
    body: str | None = Field(None, max_length=BODY_MAX * 2)
    category: NoticeCategory | None = None
    pinned: bool | None = None
    expires_on: dt.date | None = None

    def changes(self) -> dict[str, Any]:
        """Field -> new value for the fields sent (null is allowed for ``expires_on`` only)."""
        given = self.model_dump(exclude_unset=True)
        if empty := sorted(k for k, v in given.items() if v is None and k != "expires_on"):
            raise ValueError(", ".join(empty))
        if "category" in given:
            given["category"] = NoticeCategory.of(given["category"])
        return given


class NoticePublicOut(BaseModel):
    """A notice as anyone may read it."""

    id: UUID
    village_code: str = Field(description="dotted, e.g. 33.17.09.2016")
    title: str
    body: str = Field(description="plain text; paragraphs separated by blank lines; render as text, never HTML")
    category: NoticeCategory
    category_label: str = Field(description="Indonesian label of the category")
    category_label_en: str = Field(description="English label of the category")
    pinned: bool
    published_at: UtcDateTime
    expires_on: dt.date | None
    author_role: str = Field(description="operator, kades or regency_admin (never the person)")
    updated_at: UtcDateTime

    @classmethod
    def fields_of(cls, n: Notice) -> dict[str, Any]:
        return {
            "id": n.id,
            "village_code": dotted_code(n.village),
            "title": n.title,
            "body": n.body,
            "category": n.category,
            "category_label": n.category.label,
            "category_label_en": n.category.label_en,
            "pinned": n.pinned,
            "published_at": n.published_at,
            "expires_on": n.expires_on,
            "author_role": n.author_role,
            "updated_at": n.updated_at,
        }

    @classmethod
    def of(cls, n: Notice) -> NoticePublicOut:
        return cls(**cls.fields_of(n))


class NoticeOut(NoticePublicOut):
    """A notice as the village's staff see it."""

    author_id: str
    author_name: str
    archived: bool
    archived_at: UtcDateTime | None
    active: bool = Field(description="on the public board now (published, not expired, not archived)")
    expired: bool
    created_at: UtcDateTime

    @classmethod
    def staff(cls, n: Notice, *, now: dt.datetime, today: dt.date) -> NoticeOut:
        return cls(
            **NoticePublicOut.fields_of(n),
            author_id=n.author_id,
            author_name=n.author_name,
            archived=n.archived,
            archived_at=n.archived_at,
            active=n.is_active(now, today),
            expired=n.is_expired(today),
            created_at=n.created_at,
        )


class NoticeBoard(BaseModel):
    """One page of a village's public board: pinned first, then the newest."""

    items: list[NoticePublicOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(description="the offset of the next page; null on the last page")


class NoticeList(BaseModel):
    """One page of every notice of a village, for its staff: current ones first, archived last."""

    items: list[NoticeOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class NoticeCategoryOut(BaseModel):
    value: NoticeCategory
    label: str
    label_en: str


NOTICE_CATEGORIES = [NoticeCategoryOut(value=c, label=c.label, label_en=c.label_en) for c in NoticeCategory]


def next_offset(offset: int, limit: int, count: int, total: int) -> int | None:
    return offset + count if offset + count < total and count else None
