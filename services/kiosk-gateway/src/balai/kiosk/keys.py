"""The kiosk's device key: an Ed25519 key pair made on first start, kept in one file (mode 0600).

The private key never leaves the PC: the operator enrols the PUBLIC key (``python -m balai.kiosk
enroll-info`` prints it, base64url of the raw 32 bytes, with a QR), and the kiosk proves itself to the
centre with short signed assertions (a JWT, EdDSA): ``iss`` = device id, ``aud`` = what it is for,
``iat``/``exp`` (60 s), ``jti`` random and single use.
"""

from __future__ import annotations

import base64
import logging
import os
import stat
import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

__all__ = ["HEARTBEAT_AUDIENCE", "LOGIN_AUDIENCE", "WHOAMI_AUDIENCE", "DeviceKey"]

log = logging.getLogger(__name__)

LOGIN_AUDIENCE = "balai-identity:kiosk-login"
HEARTBEAT_AUDIENCE = "balai-identity:heartbeat"
WHOAMI_AUDIENCE = "balai-identity:device-whoami"
ASSERTION_TTL_S = 60  # identity accepts at most 120 s between iat and exp


class DeviceKey:
    def __init__(self, private_key: Ed25519PrivateKey, path: Path | None = None) -> None:
        self._key = private_key
        self.path = path

    @classmethod
    def generate(cls) -> DeviceKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load_or_create(cls, path: Path) -> DeviceKey:
        """Load the key at ``path``; make it (0600, folder 0700) if there is none yet."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
            try:  # O_EXCL: two processes starting at once end up with the same key, never two
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return cls.load_or_create(path)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            log.info("new device key made at %s; enrol it: python -m balai.kiosk enroll-info", path)
            return cls(key, path)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            log.warning("device key %s had mode %o; set to 0600", path, mode)
            path.chmod(0o600)
        loaded = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return cls(loaded, path)

    @property
    def public_key(self) -> str:
        """The public key as the centre's enrolment takes it: base64url of the raw 32 bytes, no padding."""
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def assertion(self, issuer: str, audience: str, *, clock_offset: float = 0.0) -> str:
        """A fresh single-use assertion from ``issuer`` (the device id; the public key itself while the kiosk
        asks which id it has). ``clock_offset`` (centre time - our time) corrects a PC clock that is off, so
        the centre does not refuse every login of a kiosk whose battery-less clock drifted."""
        now = int(time.time() + clock_offset)
        claims = {
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "exp": now + ASSERTION_TTL_S,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm="EdDSA")
