"""Personal numbers (UU 27/2022): full NIK/KK stay in identity; everyone else uses keyed hashes.

The same `nik_hash_key` is configured on every service, so aid can hash a NIK typed into the public
check and find the enrolment without ever storing the NIK itself. The key is a secret: without it the
hash of a 16-digit number could be brute-forced in minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_DIGITS16 = re.compile(r"^\d{16}$")


def personal_number_hash(number: str, key: str, *, kind: str = "nik") -> str:
    """HMAC-SHA256 of a 16-digit NIK or KK, domain-separated by kind; 64 hex characters."""
    compact = number.strip().replace(" ", "").replace(".", "")
    if not _DIGITS16.match(compact):
        raise ValueError(f"a {kind.upper()} has 16 digits")
    return hmac.new(key.encode(), f"{kind}:{compact}".encode(), hashlib.sha256).hexdigest()


def mask_personal_number(number: str) -> str:
    """`3317094501900001` -> `331709**********`: the district stays, birth date and serial do not."""
    compact = number.strip()
    if _DIGITS16.match(compact):
        return compact[:6] + "*" * 10
    return "*" * len(compact)


def mask_name(name: str) -> str:
    """`Siti Aminah` -> `S*** A*****`: enough to recognise oneself, not enough to identify a stranger."""
    return " ".join(word[0] + "*" * (len(word) - 1) if len(word) > 1 else word for word in name.split())


def keyed_ref(value: str, key: str, *, kind: str, length: int = 32) -> str:
    """A short keyed reference to an identifier (e.g. a card UID) that other services may hold."""
    return hmac.new(key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:length]
