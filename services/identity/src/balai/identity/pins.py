"""PINs and passwords: argon2id hashes, with a pepper kept outside the database for PINs.

A 6-digit PIN has only a million values: an attacker with the database alone could try them all against
any argon2 cost we can afford at login. The pepper (HMAC key in settings, never in the database) makes
the stored hashes useless without it. Hashing runs in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# For a 6-digit PIN the argon2 cost barely matters offline (a million guesses stay cheap at any cost a
# login can afford); the pepper is what protects a stolen database. So PINs use a light argon2id
# (8 MiB, t=1: a few ms) that keeps logins fast, while staff passwords -- which can be long -- get the
# OWASP-recommended cost. See docs/adr/0004-resident-credentials.md.
PIN_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
PIN_LENGTH = 6
MIN_PASSWORD_LENGTH = 10


def _peppered(pepper: str, subject: str, pin: str) -> str:
    return hmac.new(pepper.encode(), f"{subject}:{pin}".encode(), hashlib.sha256).hexdigest()


async def hash_pin(pin: str, *, subject: str, pepper: str) -> str:
    return await asyncio.to_thread(PIN_HASHER.hash, _peppered(pepper, subject, pin))


async def verify_pin(stored: str, pin: str, *, subject: str, pepper: str) -> bool:
    return await asyncio.to_thread(_verify, PIN_HASHER, stored, _peppered(pepper, subject, pin))


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(PASSWORD_HASHER.hash, password)


async def verify_password(stored: str, password: str) -> bool:
    return await asyncio.to_thread(_verify, PASSWORD_HASHER, stored, password)


def _verify(hasher: PasswordHasher, stored: str, candidate: str) -> bool:
    try:
        return bool(hasher.verify(stored, candidate))
    except (VerificationError, InvalidHashError):
        return False


# A burned-in dummy hash so an unknown NIK costs the same time as a wrong PIN (no user enumeration by timing).
DUMMY_PIN_HASH = PIN_HASHER.hash("balai-timing-equaliser")


async def burn_time() -> None:
    await asyncio.to_thread(_verify, PIN_HASHER, DUMMY_PIN_HASH, "x")


def is_trivial_pin(pin: str) -> bool:
    digits = [int(c) for c in pin]
    steps = {b - a for a, b in itertools.pairwise(digits)}
    return len(set(digits)) == 1 or steps in ({1}, {-1})


def pin_problems(pin: str, *, birth_date_ddmmyy: str | None = None) -> list[str]:
    """Why a PIN a resident chose is not acceptable (Indonesian), empty when it is."""
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        return ["PIN harus 6 angka."]
    problems = []
    if is_trivial_pin(pin):
        problems.append("PIN terlalu mudah ditebak (angka sama atau berurutan).")
    if birth_date_ddmmyy and pin == birth_date_ddmmyy:
        problems.append("Jangan memakai tanggal lahir sebagai PIN.")
    return problems


def generate_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**PIN_LENGTH):06d}"
        if not is_trivial_pin(pin):
            return pin


def password_problems(password: str) -> list[str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter."]
    return []
