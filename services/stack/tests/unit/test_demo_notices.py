"""The demo village's notices pass identity's rules, so `make up` never stops on its own seed data."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.identity.notices_domain import NoticeCategory, check_text
from balai.identity.notices_schemas import NoticeIn
from balai.stack.demo import NOTICES


@pytest.mark.parametrize("notice", NOTICES, ids=[n["category"] for n in NOTICES])
def test_demo_notice_is_valid_as_sent(notice: dict[str, object]) -> None:
    body = NoticeIn.model_validate(notice)
    text = body.text()
    assert check_text(text, today=dt.date.today()) == text  # already clean: the same text is stored


def test_demo_board_has_a_pinned_notice_and_distinct_titles() -> None:
    assert [n["pinned"] for n in NOTICES].count(True) == 1
    assert len({n["title"] for n in NOTICES}) == len(NOTICES)
    assert {NoticeCategory.of(str(n["category"])) for n in NOTICES} <= set(NoticeCategory)
