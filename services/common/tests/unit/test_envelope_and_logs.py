from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from balai.common.envelope import Envelope, area_code
from balai.common.logs import JsonFormatter, redact
from balai.common.settings import BaseServiceSettings


class Payload(BaseModel):
    event_type: ClassVar[str] = "letters.letter.issued"
    event_version: ClassVar[int] = 2
    number: str


def test_envelope_names_the_village_in_the_bus_subject() -> None:
    env = Envelope.wrap(Payload(number="470/012"), village="33.17.09.2016", subject="abc")
    assert env.village == "3317092016"
    assert env.bus_subject() == "letters.3317092016.letter.issued"
    assert env.bus_subject("t1") == "t1.letters.3317092016.letter.issued"
    assert env.version == 2
    assert env.source == "/balai/letters"
    assert env.id.version == 7
    assert env.correlation_id == str(env.id)
    assert Envelope.from_bytes(env.to_bytes()) == env


@pytest.mark.parametrize("bad", ["33.17.09.201", "abc", "331709201612", ""])
def test_area_codes_are_checked(bad: str) -> None:
    with pytest.raises(ValueError, match="area code"):
        area_code(bad)


def test_envelope_refuses_a_malformed_type() -> None:
    with pytest.raises(ValidationError):
        Envelope(type="letters.issued", version=1, source="x", subject="s", village="33", correlation_id="c", data={})


def test_logs_never_carry_a_sixteen_digit_number() -> None:
    assert redact("NIK 3317094501900001 ditolak") == "NIK 331709********** ditolak"
    assert redact("telepon 081234567890") == "telepon 081234567890"  # 12 digits: not a NIK
    record = logging.LogRecord("x", logging.INFO, "f", 1, "login %s", ("3317094501900001",), None)
    record.kk = "3317091201220003"
    line = json.loads(JsonFormatter().format(record))
    assert "3317094501900001" not in json.dumps(line)
    assert line["message"] == "login 331709**********"
    assert line["kk"] == "331709**********"


class _Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "x"


def test_production_refuses_development_secrets() -> None:
    with pytest.raises(ValidationError, match="nik_hash_key"):
        _Settings(environment="production", database_url="postgresql+asyncpg://db/x")
    ok: Any = _Settings(
        environment="production", database_url="postgresql+asyncpg://db/x", nik_hash_key=SecretStr("k" * 40)
    )
    assert ok.environment == "production"


def test_development_defaults_to_an_sqlite_file_per_service() -> None:
    assert _Settings().effective_database_url == "sqlite+aiosqlite:///./data/x.db"
