"""The A4 printer, through CUPS (pycups): submit a PDF, follow the job to its end, read printer status.

Blocking calls (pycups talks IPP synchronously): run them with ``asyncio.to_thread`` from the gateway.
Each call opens its own CUPS connection, so one :class:`CupsPrinter` can be used from several threads.

.. code-block:: python

    printer = CupsPrinter(A4PrinterConfig(queue="A4"))
    job_id = printer.print_pdf(pdf_bytes, "Surat Keterangan Domisili")
    for update in printer.follow_job(job_id):   # JobUpdate ... until update.final
        show(update.message)
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from balai.kiosk.devices.config import A4PrinterConfig
from balai.kiosk.devices.messages import message_text

__all__ = [
    "CupsPrinter",
    "DocumentPrinter",
    "JobOutcome",
    "JobUpdate",
    "PrintError",
    "PrinterStatus",
    "reason_message_id",
]

log = logging.getLogger(__name__)

JobOutcome = Literal["pending", "held", "processing", "completed", "cancelled", "aborted", "stopped", "timeout"]
_JOB_STATES: dict[int, JobOutcome] = {
    3: "pending",
    4: "held",
    5: "processing",
    6: "stopped",
    7: "cancelled",
    8: "aborted",
    9: "completed",
}
_PRINTER_STOPPED = 5
_IPP_NOT_FOUND = 0x0406
_IPP_NOT_ACCEPTING = 0x0506

# printer-state-reasons keyword (without -error/-warning/-report) -> message id, most specific first.
_REASONS: dict[str, str] = {
    "media-empty": "printer.paper_out",
    "media-needed": "printer.paper_out",
    "media-jam": "printer.paper_jam",
    "offline": "printer.offline",
    "shutdown": "printer.offline",
    "timed-out": "printer.offline",
    "connecting-to-device": "printer.offline",
    "toner-empty": "printer.ink_out",
    "marker-supply-empty": "printer.ink_out",
    "toner-low": "printer.ink_low",
    "marker-supply-low": "printer.ink_low",
    "door-open": "printer.cover_open",
    "cover-open": "printer.cover_open",
    "input-tray-missing": "printer.tray_missing",
    "output-area-full": "printer.output_full",
    "cups-missing-filter": "printer.misconfigured",
    "cups-insecure-filter": "printer.misconfigured",
    "paused": "printer.stopped",
}
_WARNINGS = frozenset({"printer.ink_low"})  # shown in status(), but a job still prints
_NOT_PROBLEMS = frozenset({"none", "cups-waiting-for-job-completed", "processing-to-stop-point"})


def reason_message_id(reason: str) -> str | None:
    """Map one ``printer-state-reasons`` keyword to a message id (None when nothing is wrong).

    Known keywords count whatever their suffix (a USB or socket backend reports a printer that is off as
    ``offline-report``); an unknown one only when it ends in ``-error``.
    """
    if reason in _NOT_PROBLEMS:
        return None
    base = reason.removesuffix("-error").removesuffix("-warning").removesuffix("-report")
    return _REASONS.get(base, "printer.error" if reason.endswith("-error") else None)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[attr-defined]


class PrintError(Exception):
    """Submitting a job failed (queue unknown, not accepting jobs, CUPS down)."""

    def __init__(self, message_id: str, detail: str = "") -> None:
        super().__init__(f"{message_id}: {detail}")
        self.message_id = message_id
        self.detail = detail

    @property
    def message(self) -> str:
        return message_text(self.message_id)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: Literal["idle", "processing", "stopped"]
    accepting_jobs: bool
    reasons: tuple[str, ...]  # raw printer-state-reasons, e.g. ("media-empty-error",)
    message_ids: tuple[str, ...]  # mapped, most important first
    state_message: str  # printer-state-message from CUPS / the backend (technical, may be empty)

    @property
    def ok(self) -> bool:
        return self.state != "stopped" and self.accepting_jobs and not self.message_ids


@dataclass(frozen=True, slots=True)
class JobUpdate:
    job_id: int
    outcome: JobOutcome
    message_id: str
    detail: str = ""
    final: bool = False

    @property
    def message(self) -> str:
        return message_text(self.message_id)

    @property
    def ok(self) -> bool:
        return self.outcome == "completed"


class DocumentPrinter(Protocol):
    def print_pdf(self, pdf: bytes, title: str) -> int: ...

    def follow_job(self, job_id: int, timeout: float | None = None) -> Iterator[JobUpdate]: ...

    def status(self) -> PrinterStatus: ...


class CupsPrinter:
    """A :class:`DocumentPrinter` on one CUPS queue."""

    def __init__(self, config: A4PrinterConfig) -> None:
        self._config = config

    @property
    def queue(self) -> str:
        return self._config.queue

    def _connect(self) -> Any:
        import cups  # pycups: imported on use, never at module import

        try:
            if self._config.cups_server:
                return cups.Connection(host=self._config.cups_server)
            return cups.Connection()
        except RuntimeError as exc:  # "failed to connect to server"
            raise PrintError("printer.spooler_unavailable", str(exc)) from exc

    def print_pdf(self, pdf: bytes, title: str) -> int:
        """Submit ``pdf`` to the queue; returns the CUPS job id. Raises :class:`PrintError`."""
        import cups

        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF document")
        conn = self._connect()
        fd, path = tempfile.mkstemp(prefix="balai-print-", suffix=".pdf")  # unique name, mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pdf)
            # libcups reads the file and streams it to cupsd inside printFile: safe to delete afterwards.
            job_id = int(conn.printFile(self._config.queue, path, title, dict(self._config.options)))
        except cups.IPPError as exc:
            raise self._submit_error(conn, exc) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        log.info("print job %d submitted to %s (%d bytes)", job_id, self._config.queue, len(pdf))
        return job_id

    def _submit_error(self, conn: Any, exc: Any) -> PrintError:
        status, text = (*exc.args, None, "")[:2]
        if status == _IPP_NOT_ACCEPTING:
            return PrintError("printer.not_accepting", str(text))
        try:
            known = self._config.queue in conn.getPrinters()
        except Exception:
            known = True
        if status == _IPP_NOT_FOUND or not known:
            return PrintError("printer.not_found", f"CUPS queue {self._config.queue!r}: {text}")
        return PrintError("printer.error", f"IPP status 0x{int(status or 0):04X}: {text}")

    def status(self) -> PrinterStatus:
        """The queue's state now, for the screen and the kiosk's telemetry."""
        import cups

        conn = self._connect()
        try:
            attrs = conn.getPrinterAttributes(
                self._config.queue,
                requested_attributes=[
                    "printer-state",
                    "printer-state-reasons",
                    "printer-state-message",
                    "printer-is-accepting-jobs",
                ],
            )
        except cups.IPPError as exc:
            raise self._submit_error(conn, exc) from exc
        reasons = tuple(_as_list(attrs.get("printer-state-reasons")))
        state = {3: "idle", 4: "processing"}.get(int(attrs.get("printer-state", 3)), "stopped")
        ids = [mid for mid in (reason_message_id(r) for r in reasons) if mid]
        ids.sort(key=lambda mid: mid == "printer.stopped")  # the cause before the bare "stopped"
        if state == "stopped" and not ids:
            ids.append("printer.stopped")
        return PrinterStatus(
            state=state,  # type: ignore[arg-type]
            accepting_jobs=bool(attrs.get("printer-is-accepting-jobs", True)),
            reasons=reasons,
            message_ids=tuple(dict.fromkeys(ids)),
            state_message=str(attrs.get("printer-state-message", "") or ""),
        )

    def follow_job(self, job_id: int, timeout: float | None = None) -> Iterator[JobUpdate]:
        """Yield a :class:`JobUpdate` whenever what the screen should say changes, until a final one.

        Final: completed / cancelled / aborted; or, as failures, the printer being stopped while the job
        waits, or ``timeout`` (default: the config's ``job_timeout_s``). A failed job is cancelled when
        ``cancel_on_failure`` is set, so it never comes out later for the next person at the kiosk.
        """
        deadline = time.monotonic() + (timeout if timeout is not None else self._config.job_timeout_s)
        last: tuple[str, str] | None = None
        while True:
            update = self._poll(job_id)
            if update.final or time.monotonic() >= deadline:
                if not update.final:  # say why it did not print, when the printer told us
                    known = update.message_id not in ("printer.printing", "printer.waiting")
                    message_id = update.message_id if known else "printer.timeout"
                    update = JobUpdate(job_id, "timeout", message_id, update.detail, final=True)
                if update.outcome not in ("completed", "cancelled", "aborted"):
                    self._cancel_failed(job_id)
                log.info("print job %d: %s (%s)", job_id, update.outcome, update.detail)
                yield update
                return
            if (update.outcome, update.message_id) != last:
                last = (update.outcome, update.message_id)
                yield update
            time.sleep(self._config.poll_interval_s)

    def wait_for_job(self, job_id: int, timeout: float | None = None) -> JobUpdate:
        """Follow the job and return only its final update."""
        return list(self.follow_job(job_id, timeout))[-1]

    def _poll(self, job_id: int) -> JobUpdate:
        conn = self._connect()
        attrs = conn.getJobAttributes(job_id)
        outcome = _JOB_STATES.get(int(attrs.get("job-state", 3)), "pending")
        job_reasons = ",".join(_as_list(attrs.get("job-state-reasons")))
        if outcome == "completed":
            return JobUpdate(job_id, outcome, "printer.completed", job_reasons, final=True)
        if outcome == "cancelled":
            return JobUpdate(job_id, outcome, "printer.job_cancelled", job_reasons, final=True)
        printer = self.status()
        detail = "; ".join(p for p in (job_reasons, ",".join(printer.reasons), printer.state_message) if p)
        cause = next((mid for mid in printer.message_ids if mid not in _WARNINGS), None)
        if outcome == "aborted":
            return JobUpdate(job_id, outcome, cause or "printer.job_aborted", detail, final=True)
        if outcome == "stopped" or printer.state == "stopped":
            return JobUpdate(job_id, "stopped", cause or "printer.stopped", detail, final=True)
        if outcome == "held":
            return JobUpdate(job_id, outcome, "printer.job_held", detail, final=True)
        default = "printer.printing" if outcome == "processing" else "printer.waiting"
        return JobUpdate(job_id, outcome, cause or default, detail)

    def _cancel_failed(self, job_id: int) -> None:
        if not self._config.cancel_on_failure:
            return
        try:
            self._connect().cancelJob(job_id, purge_job=False)
        except Exception as exc:  # already finished, or CUPS went away: nothing more to do
            log.warning("could not cancel print job %d: %s", job_id, exc)
