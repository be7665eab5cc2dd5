"""pytest plugin (entry point ``balai_kiosk``): the kiosk device stack as fixtures, once per test run.

pcscd + vsmartcard-vpcd with cards emulated by the suite (:class:`VirtualCard`), cupsd with cups-pdf
queues (and test backends reporting paper-out and offline), a TCP listener standing in for a network
ESC/POS printer. Registered as a plugin rather than in a conftest so that the gateway's hardware and
integration tests and the cross-service kiosk journeys (tests/e2e) share ONE session-scoped pcscd and
cupsd: two conftests defining the same fixture would start the daemon twice, and only one pcscd can run.

Daemons are started on first use and stopped by their pid. A missing package skips the test with the
command to install it, except under CI (``CI=true``), where it fails it. Background: shared KIOSK-TESTING.md.
Importing this module loads no driver library (pytest imports it in every run of the workspace).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from balai.kiosk.devices.testing.daemons import CupsDaemon, PcscDaemon, StackUnavailable, find_program
from balai.kiosk.devices.testing.fakes import RawPrinter, minimal_pdf
from balai.kiosk.devices.testing.vcard import VirtualCard, wait_slot_empty

__all__ = ["importable", "need", "need_root"]

INSTALL = "sudo infra/scripts/install-kiosk-test-deps.sh && uv sync --all-packages --all-extras"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


def need(ok: bool, what: str, *, install: str = INSTALL) -> None:
    """Skip (developer machine) or fail (CI=true) when a piece of the stack is missing."""
    if ok:
        return
    message = f"kiosk hardware stack: {what}; to fix: {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def need_root() -> None:
    need(
        os.geteuid() == 0,
        "these tests start pcscd and cupsd and add CUPS queues: they need root",
        install="run as root",
    )


def _start(daemon: PcscDaemon | CupsDaemon) -> None:
    try:
        daemon.start()
    except StackUnavailable as exc:
        need(False, str(exc), install=f"stop that {daemon.name} (it is not ours), then run the tests again")


# -- timings, summed up at the end of the run ------------------------------------------------------------
_TIMINGS: dict[str, list[float]] = {}


@pytest.fixture
def record_timing() -> Callable[[str, float], None]:
    """``record_timing("card placed -> CardPresented", seconds)``: min/max are printed after the run."""
    return lambda name, seconds: _TIMINGS.setdefault(name, []).append(seconds)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TIMINGS:
        terminalreporter.section("kiosk hardware stack timings")
        for name, values in sorted(_TIMINGS.items()):
            terminalreporter.write_line(
                f"{name}: n={len(values)} min={min(values) * 1000:.0f} ms max={max(values) * 1000:.0f} ms"
            )


# -- card reader -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscDaemon]:
    need(find_program("pcscd") is not None, "pcscd is not installed (Debian package pcscd)")
    need(VPCD_DRIVER.exists(), "the virtual reader is not installed (Debian package vsmartcard-vpcd)")
    need(importable("smartcard"), "pyscard is not installed (the gateway's 'hardware' extra)")
    need_root()
    daemon = PcscDaemon(tmp_path_factory.mktemp("pcscd") / "pcscd.log")
    _start(daemon)
    try:
        daemon.wait_ready()
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def virtual_card(pcscd: PcscDaemon) -> Iterator[Callable[..., VirtualCard]]:
    """Make emulated cards: ``card = virtual_card("04A23B12"); card.place(); ...; card.remove()``.

    Every card is taken off after the test, and a test starts only once pcscd reports the slot empty
    (otherwise it would still see the previous test's card).
    """
    cards: list[VirtualCard] = []

    def make(uid: str | bytes = "04A23B12", **options: object) -> VirtualCard:
        card = VirtualCard(uid, **options)  # type: ignore[arg-type]
        cards.append(card)
        return card

    wait_slot_empty()
    yield make
    for card in cards:
        card.remove()
    if pcscd.alive():
        wait_slot_empty()


# -- A4 printer (CUPS) -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def cupsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsDaemon]:
    need(find_program("cupsd") is not None, "CUPS is not installed (Debian package cups)")
    need(find_program("lpadmin") is not None, "lpadmin is not installed (Debian package cups-client)")
    need(CUPS_PDF_BACKEND.exists() and CUPS_PDF_PPD.exists(), "cups-pdf is not installed (printer-driver-cups-pdf)")
    need(importable("cups"), "pycups is not installed (the gateway's 'hardware' extra)")
    need_root()
    base = tmp_path_factory.mktemp("cups")
    (base / "pdf-out").mkdir()
    daemon = CupsDaemon(base / "cupsd.log", base / "pdf-out")
    daemon.install_test_backends()
    try:
        _start(daemon)
        daemon.wait_ready()
        yield daemon
    finally:
        daemon.cleanup()
        daemon.stop()


@pytest.fixture(scope="session")
def pdf_queue(cupsd: CupsDaemon) -> str:
    """A cups-pdf queue writing into ``cupsd.out_dir``."""
    return cupsd.add_pdf_queue("PDF")


@pytest.fixture(scope="session")
def make_pdf() -> Callable[[str], bytes]:
    return minimal_pdf


# -- ticket printer (ESC/POS over TCP) -------------------------------------------------------------------
@pytest.fixture
def raw_printer() -> Iterator[RawPrinter]:
    need(importable("escpos"), "python-escpos is not installed (a dependency of the gateway)")
    printer = RawPrinter()
    yield printer
    printer.close()
