"""The A4 printer through a real cupsd: cups-pdf queues, a disabled queue, and test backends that report
paper-out and offline the way real CUPS backends do."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from balai.kiosk.devices import A4PrinterConfig, CupsPrinter, PrintError

pytestmark = pytest.mark.hardware


def printer_for(queue: str, **options: Any) -> CupsPrinter:
    return CupsPrinter(A4PrinterConfig(queue=queue, poll_interval_s=0.05, job_timeout_s=30, **options))


def job_state(job_id: int) -> int:
    import cups

    return int(cups.Connection().getJobAttributes(job_id)["job-state"])


def our_temp_files() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("balai-print-*")}


def test_a4_pdf_is_printed_to_completion_and_lands_in_the_cups_pdf_folder(
    cupsd: Any, pdf_queue: str, make_pdf: Callable[[str], bytes], record_timing: Callable[[str, float], None]
) -> None:
    printer = printer_for(pdf_queue)
    assert printer.status().ok
    before = set(cupsd.out_dir.glob("*.pdf"))
    temp_before = our_temp_files()

    started = time.monotonic()
    job_id = printer.print_pdf(make_pdf("Surat Keterangan Domisili - Desa Mojowarno"), "Surat Keterangan Domisili")
    assert our_temp_files() == temp_before  # the spooled copy is gone once submitted
    updates = list(printer.follow_job(job_id))
    record_timing("A4 print -> job completed", time.monotonic() - started)

    final = updates[-1]
    assert final.final
    assert final.ok
    assert (final.outcome, final.message_id) == ("completed", "printer.completed")
    assert all(not u.final for u in updates[:-1])
    new = set(cupsd.out_dir.glob("*.pdf")) - before
    assert len(new) == 1, f"expected one new PDF in {cupsd.out_dir}, got {new}"
    printed = new.pop().read_bytes()
    assert printed.startswith(b"%PDF-")
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - present in this workspace (letters uses it)
        return
    page = pypdfium2.PdfDocument(printed)[0]
    assert "Surat Keterangan Domisili" in page.get_textpage().get_text_range()


def test_two_jobs_at_once_do_not_collide(pdf_queue: str, make_pdf: Callable[[str], bytes]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    printer = printer_for(pdf_queue)
    with ThreadPoolExecutor(4) as pool:
        job_ids = list(pool.map(lambda n: printer.print_pdf(make_pdf(f"Surat {n}"), f"Surat {n}"), range(4)))
    assert len(set(job_ids)) == 4
    assert all(printer.wait_for_job(job_id).ok for job_id in job_ids)


def test_stopped_queue_reports_the_error_and_cancels_the_job(cupsd: Any, make_pdf: Callable[[str], bytes]) -> None:
    queue = cupsd.add_pdf_queue("Stopped")
    cupsd.admin("cupsdisable", "-r", "Dihentikan petugas (uji)", queue)
    printer = printer_for(queue)
    status = printer.status()
    assert (status.state, status.ok, status.message_ids) == ("stopped", False, ("printer.stopped",))
    assert status.state_message == "Dihentikan petugas (uji)"

    job_id = printer.print_pdf(make_pdf("Surat"), "Surat")
    final = printer.wait_for_job(job_id)
    assert (final.outcome, final.message_id, final.ok) == ("stopped", "printer.stopped", False)
    assert "Printer sedang dihentikan" in final.message
    assert job_state(job_id) == 7  # cancelled: it must not print later for the next person at the kiosk


def test_paper_out_is_reported_as_paper_out(cupsd: Any, make_pdf: Callable[[str], bytes]) -> None:
    printer = printer_for(cupsd.add_backend_queue("balaitest-paperout"))
    final = printer.wait_for_job(printer.print_pdf(make_pdf("Surat"), "Surat"))
    assert (final.outcome, final.message_id) == ("stopped", "printer.paper_out")
    assert "media-empty-error" in final.detail
    assert "Kertas printer habis" in final.message
    status = printer.status()
    assert status.message_ids[0] == "printer.paper_out"
    assert not status.ok


def test_printer_offline_times_out_with_the_reason(cupsd: Any, make_pdf: Callable[[str], bytes]) -> None:
    printer = printer_for(cupsd.add_backend_queue("balaitest-offline"))
    job_id = printer.print_pdf(make_pdf("Surat"), "Surat")
    updates = list(printer.follow_job(job_id, timeout=1.0))
    assert any(u.message_id == "printer.offline" and not u.final for u in updates)
    final = updates[-1]
    assert (final.outcome, final.message_id, final.final) == ("timeout", "printer.offline", True)
    assert job_state(job_id) == 7


def test_rejecting_or_unknown_queue_raises(cupsd: Any, make_pdf: Callable[[str], bytes]) -> None:
    queue = cupsd.add_pdf_queue("Rejecting")
    cupsd.admin("cupsreject", "-r", "uji", queue)
    with pytest.raises(PrintError) as rejected:
        printer_for(queue).print_pdf(make_pdf("Surat"), "Surat")
    assert rejected.value.message_id == "printer.not_accepting"

    with pytest.raises(PrintError) as unknown:
        printer_for("TidakAda").print_pdf(make_pdf("Surat"), "Surat")
    assert unknown.value.message_id == "printer.not_found"
    assert "petugas desa" in unknown.value.message


def test_cups_not_reachable_is_reported(cupsd: Any, make_pdf: Callable[[str], bytes]) -> None:
    printer = printer_for("A4", cups_server="/nonexistent/cups.sock")
    with pytest.raises(PrintError) as down:
        printer.print_pdf(make_pdf("Surat"), "Surat")
    assert down.value.message_id == "printer.spooler_unavailable"
