"""Public verification of a letter by its code (the QR's URL): valid, expired, revoked or unknown.

Codes are 120 random bits, looked up case-insensitively. Every unknown code -- malformed or well-formed,
never issued -- costs one indexed lookup and answers the same 404 body, so the answers say nothing about
how close a guess was. Per-address rate limits (Redis) make guessing pointless anyway. The answer shows
what a clerk needs to compare with the paper (type, number, dates, village, masked holder name), never
a NIK.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from balai.common.errors import Problem
from balai.common.ratelimit import RateLimiter
from balai.common.timestamps import local_date
from balai.letters.policy import dotted
from balai.letters.schemas_verification import UnknownCodeOut, VerificationOut, VerifiedVillage
from balai.letters.uow import LettersUnitOfWork

__all__ = ["UNKNOWN", "check_rate", "verify_code"]

log = logging.getLogger(__name__)

_CODE_RE = re.compile(r"^[A-Z2-7]{24}$")
_DECOY = "A" * 24  # well-formed, so a malformed code takes the same lookup as any unknown one
UNKNOWN = UnknownCodeOut(status="unknown", valid=False)


async def check_rate(limiter: RateLimiter | None, client: str) -> None:
    """429 when ``client`` asked too often; lets the request through if Redis itself is unreachable."""
    if limiter is None:
        return
    try:
        await limiter.check(client)
    except Problem:
        raise
    except Exception as exc:  # Redis down: verification must keep working
        log.warning("verification rate limit unavailable: %s", exc)


async def verify_code(
    uows: Callable[[], LettersUnitOfWork], code: str, today: dt.date, zone_name: str
) -> tuple[int, VerificationOut | UnknownCodeOut]:
    """The answer for ``code`` on ``today``; dates are the village's (``zone_name``), as printed on the letter."""
    normalized = code.strip().upper()
    lookup = normalized if _CODE_RE.match(normalized) else _DECOY
    async with uows() as uow:
        letter = await uow.letters.by_code(lookup)
        if letter is None or lookup != normalized:
            return 404, UNKNOWN
        village = await uow.villages.village(letter.village)
    revoked = letter.revoked_at is not None
    expired = letter.valid_until is not None and today > letter.valid_until
    status = "revoked" if revoked else "expired" if expired else "valid"
    return 200, VerificationOut(
        status=status,
        valid=status == "valid",
        revoked=revoked,
        revoked_on=local_date(zone_name, letter.revoked_at) if letter.revoked_at else None,
        expired=expired,
        type=letter.type_code,
        type_title=letter.type_title,
        number=letter.number,
        issued_on=letter.issued_on,
        valid_until=letter.valid_until,
        holder=letter.holder_name_masked,
        village=VerifiedVillage(
            code=dotted(letter.village), name=village.name.title() if village else dotted(letter.village)
        ),
        signer_position=letter.signer_position,
        signer_on_behalf_of=letter.signer_on_behalf_of,
        key_id=letter.key_id,
        code=letter.code,
    )
