"""Stand-ins: a network ESC/POS printer (TCP listener) and a small PDF written by hand."""

from __future__ import annotations

import contextlib
import socket
import threading

from balai.kiosk.devices.testing.daemons import wait_until

__all__ = ["RawPrinter", "minimal_pdf"]


class RawPrinter:
    """A TCP listener on 127.0.0.1 like a printer's port 9100: keeps each connection's bytes as one job
    (connections that send nothing are only counted in :attr:`connections`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.05)  # so close() ends the accept loop promptly
        self._closed = threading.Event()
        self.host = host
        self.port: int = self._server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="raw-printer", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(10)
            chunks = []
            with conn, contextlib.suppress(OSError):  # a stalled client: keep what arrived
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            if chunks:  # a connection that sent nothing is a reachability probe, not a job
                with self._lock:
                    self.jobs.append(b"".join(chunks))
            self.connections += 1

    def wait_job(self, timeout: float = 5.0) -> bytes:
        """The next job received (the printer's connection closed), waiting up to ``timeout``."""
        wait_until(lambda: bool(self.jobs), timeout, "the printer to receive a job")
        with self._lock:
            return self.jobs.pop(0)

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=5)
        self._server.close()


def minimal_pdf(text: str) -> bytes:
    """A one-page A4 PDF with one line of Helvetica text (Latin-1, no parentheses), no PDF library needed."""
    content = f"BT /F1 20 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%b\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
