"""pcscd and cupsd for tests: started in the foreground, stopped by their own pid, never by name."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "CupsDaemon",
    "Daemon",
    "PcscDaemon",
    "StackUnavailable",
    "find_program",
    "running_pids",
    "wait_until",
]

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND_DIR = Path("/usr/lib/cups/backend")
# CUPS test backends reporting what a real one does when the paper runs out (then exit 4: stop the
# queue), or when the printer is off (the usb backend keeps waiting for it, reporting offline).
TEST_BACKENDS = {
    "balaitest-paperout": 'echo "STATE: +media-empty-error" >&2\necho "ERROR: Kertas habis (uji)" >&2\nexit 4\n',
    "balaitest-offline": 'echo "STATE: +offline-report" >&2\necho "INFO: Menunggu printer (uji)" >&2\n'
    "sleep 30\nexit 1\n",
}


class StackUnavailable(RuntimeError):
    """A piece of the stack cannot be started here (e.g. another pcscd already runs)."""


def find_program(name: str) -> str | None:
    """``name`` on PATH, else in the sbin folders (not on a non-root user's PATH on Debian)."""
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def _program(name: str) -> str:
    path = find_program(name)
    if path is None:
        raise StackUnavailable(f"{name} is not installed")
    return path


def wait_until(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def running_pids(name: str) -> list[int]:
    """Live (not zombie) processes whose command name is ``name``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                comm, state = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2]
                if comm == name and state != "Z":
                    pids.append(int(entry.name))
    return pids


def _pidfile() -> Path:
    """Pids of daemons these helpers started and have not stopped yet (a run that was killed)."""
    return Path(tempfile.gettempdir()) / "balai-kiosk-stack.pids"


def _recorded_pids() -> set[int]:
    with contextlib.suppress(OSError, ValueError):
        return {int(line) for line in _pidfile().read_text().split()}
    return set()


def _wait_gone(pid: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state == "Z":
            return
        time.sleep(0.05)


class Daemon:
    """A daemon started in the foreground (own session, log to a file) and stopped by its pid."""

    def __init__(self, name: str, argv: list[str], log_path: Path) -> None:
        self.name, self.argv, self.log_path = name, argv, log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        recorded = _recorded_pids()
        for pid in running_pids(self.name):
            if pid in recorded:  # ours, left behind by a run of these tests that was killed
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
                _wait_gone(pid)
        others = running_pids(self.name)
        if others:
            raise StackUnavailable(f"another {self.name} already runs (pid {others}); stop it first")
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - fixed argv of a system daemon
                self.argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        with _pidfile().open("a") as fh:
            fh.write(f"{self.proc.pid}\n")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        remaining = _recorded_pids() - {proc.pid}
        _pidfile().write_text("".join(f"{pid}\n" for pid in sorted(remaining)))

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _check_alive(self) -> None:
        if not self.alive():
            raise RuntimeError(f"{self.name} exited; see {self.log_path}")


class PcscDaemon(Daemon):
    """``pcscd --foreground``; with vsmartcard-vpcd installed it shows the two virtual readers."""

    def __init__(self, log_path: Path, expect_reader: str = "Virtual PCD 00 00") -> None:
        super().__init__("pcscd", [_program("pcscd"), "--foreground"], log_path)
        self.expect_reader = expect_reader

    def wait_ready(self, timeout: float = 10.0) -> None:
        from balai.kiosk.devices.cardreader import list_pcsc_readers

        def ready() -> bool:
            self._check_alive()
            try:
                return self.expect_reader in list_pcsc_readers()
            except ConnectionError:
                return False

        wait_until(ready, timeout, f"pcscd to list {self.expect_reader!r}")

    def restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()


class CupsDaemon(Daemon):
    """``cupsd -f`` with the system configuration; queues and files added here are removed by cleanup().

    cups-pdf 3 reads ``/etc/cups/cups-pdf-<instance>.conf`` for the device URI ``cups-pdf:/<instance>``,
    so each PDF queue gets its own config file with ``Out`` = ``out_dir``, and the shared
    ``/etc/cups/cups-pdf.conf`` is never edited.
    """

    def __init__(self, log_path: Path, out_dir: Path) -> None:
        super().__init__("cupsd", [_program("cupsd"), "-f"], log_path)
        self.out_dir = out_dir
        self.run_id = secrets.token_hex(3)
        self.queues: list[str] = []
        self.files: list[Path] = []

    def wait_ready(self, timeout: float = 10.0) -> None:
        import cups

        def ready() -> bool:
            self._check_alive()
            try:
                cups.Connection().getPrinters()
            except (RuntimeError, cups.IPPError):
                return False
            return True

        wait_until(ready, timeout, "cupsd to answer")

    def install_test_backends(self) -> None:
        """Before start(): CUPS lists its backends when it starts."""
        for name, body in TEST_BACKENDS.items():
            path = BACKEND_DIR / name
            usage = f'[ $# -eq 0 ] && {{ echo "direct {name} \\"Unknown\\" \\"{name}\\""; exit 0; }}\n'
            path.write_text("#!/bin/sh\n" + usage + body)
            path.chmod(0o755)
            self.files.append(path)

    def add_pdf_queue(self, label: str) -> str:
        instance = f"balaitest{self.run_id}{label.lower()}"
        config = Path(f"/etc/cups/cups-pdf-{instance}.conf")
        config.write_text(f"Out {self.out_dir}\nAnonDirName {self.out_dir}\nLabel 1\n")
        self.files.append(config)
        return self._lpadmin(f"BalaiTest{label}{self.run_id}", f"cups-pdf:/{instance}", "-P", str(CUPS_PDF_PPD))

    def admin(self, command: str, *args: str) -> None:
        """Run a CUPS admin command (``cupsdisable``, ``cupsreject``...) on this daemon."""
        subprocess.run([_program(command), *args], check=True, capture_output=True)  # noqa: S603

    def add_backend_queue(self, backend: str) -> str:
        """A raw queue on a test backend (raw queues are deprecated in CUPS; fine for a test)."""
        label = backend.rsplit("-", 1)[-1].capitalize()
        return self._lpadmin(f"BalaiTest{label}{self.run_id}", f"{backend}:/", "-m", "raw")

    def _lpadmin(self, queue: str, uri: str, *driver: str) -> str:
        subprocess.run(  # noqa: S603
            [_program("lpadmin"), "-p", queue, "-v", uri, *driver, "-E"],
            check=True,
            capture_output=True,
        )
        self.queues.append(queue)
        return queue

    def cleanup(self) -> None:
        for queue in self.queues:
            subprocess.run([_program("lpadmin"), "-x", queue], check=False, capture_output=True)  # noqa: S603
        for path in self.files:
            path.unlink(missing_ok=True)
        self.queues.clear()
        self.files.clear()
