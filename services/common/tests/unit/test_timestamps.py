"""UtcDateTime: every timestamp an API answers is in UTC with its offset, whatever the database handed back."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from balai.common.openapi import file_body
from balai.common.timestamps import UtcDateTime, as_utc, local_date, utc_iso


class Answer(BaseModel):
    at: UtcDateTime
    maybe: UtcDateTime | None = None


def test_naive_values_are_taken_as_utc_and_others_converted() -> None:
    naive = dt.datetime(2026, 11, 23, 14, 0)  # what SQLite hands back
    jakarta = dt.datetime(2026, 11, 23, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert as_utc(naive) == as_utc(jakarta) == dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    assert utc_iso(naive) == utc_iso(jakarta) == "2026-11-23T14:00:00+00:00"


def test_answers_write_the_offset_out() -> None:
    assert Answer(at=dt.datetime(2026, 11, 23, 14, 0, 0, 5)).model_dump(mode="json") == {
        "at": "2026-11-23T14:00:00.000005+00:00",
        "maybe": None,
    }
    assert Answer.model_validate({"at": "2026-11-23T14:00:00", "maybe": "2026-11-23T21:00:00+07:00"}).model_dump_json(
        exclude={"at"}
    ) == ('{"maybe":"2026-11-23T14:00:00+00:00"}')
    assert Answer(at=dt.datetime(2026, 11, 23, 14, 0)).at.tzinfo is dt.UTC


def test_schema_is_a_date_time_string() -> None:
    schema = Answer.model_json_schema(mode="serialization")["properties"]["at"]
    assert schema["type"] == "string"
    assert schema["format"] == "date-time"


def test_file_body_documents_raw_and_form_uploads() -> None:
    body = file_body("the file", ["text/csv"], form_field="file")["requestBody"]
    assert body["required"] is True
    assert body["content"]["text/csv"]["schema"] == {"type": "string", "format": "binary"}
    form = body["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert form["properties"]["file"]["format"] == "binary"


def test_local_dates_are_the_villages_not_the_servers() -> None:
    # 17:30 UTC is 00:30 WIB the next day and 01:30 WITA: the village's calendar has turned, UTC's has not
    evening_utc = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC)
    assert local_date("Asia/Jakarta", evening_utc) == dt.date(2026, 11, 24)
    assert local_date("Asia/Makassar", evening_utc) == dt.date(2026, 11, 24)
    assert local_date("Asia/Jakarta", dt.datetime(2026, 11, 23, 16, 59)) == dt.date(2026, 11, 23)  # naive = UTC
    assert local_date("UTC", evening_utc) == dt.date(2026, 11, 23)
