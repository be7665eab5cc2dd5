"""A contactless card emulated on vsmartcard-vpcd's socket, and pcscd slot helpers."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time

from balai.kiosk.devices.testing.daemons import wait_until

__all__ = ["CONTACTLESS_ATR", "GET_UID", "VPCD_PORT", "VPCD_READER", "VirtualCard", "slot_state", "wait_slot_empty"]

VPCD_PORT = 35963  # "Virtual PCD 00 00"; "Virtual PCD 00 01" waits on 35964
VPCD_READER = "Virtual PCD 00 00"
#: A contactless ISO 14443-A card, as a PC/SC reader builds its ATR (PC/SC part 3).
CONTACTLESS_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
GET_UID = bytes.fromhex("FFCA000000")


class VirtualCard:
    """A card on vpcd's socket: connecting = card placed, closing = card removed.

    vpcd frames every message as a 2-byte big-endian length + payload. A 1-byte payload is a control
    message (00 power off, 01 power on, 02 reset, 04 "send your ATR"); anything longer is a command APDU
    to answer with a response APDU. vpcd forwards reader-level APDUs too, so GET DATA ``FF CA 00 00 00``
    is answered here: the UID + ``90 00``, or ``uid_status`` alone when it is given (an error status).
    ``responses`` adds or overrides answers per command (a list is answered in turn, its last answer
    repeated); any other command gets ``6D 00``. Never answer with zero bytes: vpcd takes an empty frame
    for a vanished card and pcscd then stalls the next connect for seconds.
    ``hang_up_on``: a command on which the card vanishes without answering (a card pulled half-way).
    Every command is logged in :attr:`apdus`, every control byte in :attr:`controls`.
    """

    def __init__(
        self,
        uid: str | bytes = "04A23B12",
        *,
        atr: bytes = CONTACTLESS_ATR,
        uid_status: bytes | None = None,
        responses: dict[bytes, bytes | list[bytes]] | None = None,
        hang_up_on: bytes | None = None,
        host: str = "127.0.0.1",
        port: int = VPCD_PORT,
    ) -> None:
        self.uid = bytes.fromhex(uid) if isinstance(uid, str) else uid
        self.atr, self.host, self.port, self.hang_up_on = atr, host, port, hang_up_on
        self.responses: dict[bytes, bytes | list[bytes]] = {
            GET_UID: self.uid + b"\x90\x00" if uid_status is None else uid_status
        }
        self.responses.update(responses or {})
        self.apdus: list[bytes] = []
        self.controls: list[int] = []
        self.placed_at: float | None = None
        self.removed_at: float | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper()

    @property
    def placed(self) -> bool:
        return self._sock is not None

    def place(self, timeout: float = 5.0) -> None:
        """Put the card on the reader (retries while vpcd is not listening yet)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        self._sock = sock
        self.placed_at = time.monotonic()
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="virtual-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Take the card off the reader."""
        sock, self._sock = self._sock, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        self.removed_at = time.monotonic()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                payload = _recv_exact(sock, struct.unpack(">H", _recv_exact(sock, 2))[0])
                if len(payload) == 1:
                    self.controls.append(payload[0])
                    if payload[0] == 0x04:
                        sock.sendall(struct.pack(">H", len(self.atr)) + self.atr)
                    continue
                self.apdus.append(payload)
                if self.hang_up_on is not None and payload == self.hang_up_on:
                    self.removed_at = time.monotonic()
                    sock.shutdown(socket.SHUT_RDWR)
                    return
                response = self._answer(payload)
                sock.sendall(struct.pack(">H", len(response)) + response)
        except (EOFError, OSError):
            return

    def _answer(self, command: bytes) -> bytes:
        answer = self.responses.get(command, b"\x6d\x00")  # 6D00: instruction not supported
        if isinstance(answer, list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        return answer


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def slot_state(reader: str = VPCD_READER) -> int:
    """pcscd's current SCARD_STATE_* bits for ``reader``."""
    from smartcard import scard

    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        raise ConnectionError(str(scard.SCardGetErrorMessage(hr)))
    try:
        hr, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return int(states[0][1])
    finally:
        scard.SCardReleaseContext(ctx)


def wait_slot_empty(reader: str = VPCD_READER, timeout: float = 5.0) -> None:
    """Wait until pcscd reports no card on ``reader`` (it polls: a removal shows after 150–400 ms)."""
    empty = 0x10  # SCARD_STATE_EMPTY
    wait_until(lambda: bool(slot_state(reader) & empty), timeout, f"pcscd to report {reader!r} empty")
