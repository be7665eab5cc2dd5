"""What the kiosk screen asks of the gateway, one small function each (the bridge routes call these).

Every call made for a resident re-checks their session after waiting on the centre: if the card was
taken off meanwhile, the answer is "session ended", never the previous resident's data.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from balai.common.errors import Problem
from balai.kiosk.centre import CentreRejected, CentreUnavailable
from balai.kiosk.gateway import Gateway
from balai.kiosk.session import centre_problem
from balai.kiosk.uow import FAILED, SENT

__all__ = [
    "issue_ticket",
    "letter_types",
    "my_aid",
    "my_letters",
    "print_letter",
    "submit_request",
    "upload_document",
]

PDF_WAIT_S = 15.0


async def letter_types(gw: Gateway) -> dict[str, Any]:
    """The village's letter types (kept for when the link drops: they are not personal)."""
    session = gw.session.require()
    village = session.village or ""
    online = True
    try:
        gw.letter_types[village] = await gw.centre.letter_types(session.token, village)
    except CentreUnavailable as exc:
        if village not in gw.letter_types:
            raise centre_problem(exc) from exc
        online = False
    except CentreRejected as exc:
        raise centre_problem(exc) from exc
    session.check()
    return {"centre_online": online, "items": gw.letter_types[village]}


async def my_letters(gw: Gateway) -> dict[str, Any]:
    """The resident's requests and letters at the centre, and those still in this kiosk's queue."""
    session = gw.session.require()
    online = True
    try:
        items = await gw.centre.my_requests(session.token)
    except CentreUnavailable:
        items, online = session.cache.get("letters", []), False
    except CentreRejected as exc:
        raise centre_problem(exc) from exc
    queued = [row.public() for row in await gw.queue.of_subject(session.subject)]
    session.check()
    session.cache["letters"] = items
    return {"centre_online": online, "items": items, "queued": queued}


async def my_aid(gw: Gateway) -> dict[str, Any]:
    """The resident's and their family's aid, as aid's ``/me/aid`` answers it (nothing kept offline)."""
    session = gw.session.require()
    try:
        answer = await gw.centre.my_aid(session.token)
    except (CentreUnavailable, CentreRejected) as exc:
        raise centre_problem(exc) from exc
    session.check()
    return answer


async def submit_request(gw: Gateway, body: dict[str, Any], key: str | None) -> tuple[int, dict[str, Any]]:
    """Queue the request, then give the sender ``request_wait_s`` to deliver it.

    201 submitted (the centre's answer in ``request``), 202 queued (sent when the link returns),
    422 failed (the centre refused it, with its reason).
    """
    session = gw.session.require()
    row = await gw.queue.take(session, body, key)
    if row.status != SENT:
        row = await gw.queue.outcome(row.id, gw.settings.request_wait_s) or row
    session.check()
    gw.session.touch()
    answer = row.public()
    if row.status == SENT:
        return 201, {**answer, "status": "submitted"}
    if row.status == FAILED:
        return 422, {**answer, "status": "failed"}
    return 202, {**answer, "status": "queued"}


async def upload_document(gw: Gateway, kind: str, data: bytes, content_type: str) -> dict[str, Any]:
    """A document the letter type asks for (e.g. a photo of the RT/RW cover letter taken at the kiosk),
    passed to letters at once: documents are not queued while the link is down (they can be large, and
    the resident can bring the paper to the office instead)."""
    session = gw.session.require()
    try:
        uploaded = await gw.centre.upload_document(session.token, session.village or "", kind, data, content_type)
    except CentreUnavailable as exc:
        raise Problem(
            503, "centre_offline", "Dokumen hanya dapat dikirim saat anjungan terhubung ke kantor desa."
        ) from exc
    except CentreRejected as exc:
        raise centre_problem(exc) from exc
    session.check()
    gw.session.touch()
    return uploaded


async def print_letter(gw: Gateway, letter_id: str) -> dict[str, Any]:
    """Fetch the issued letter's PDF from the centre and print it on the A4 printer.

    ``letter_id`` is the id of the request whose letter was issued (letters serves it at
    ``/requests/{id}/pdf``). A letter just signed may still be rendering: wait for it a little.
    """
    session = gw.session.require()
    if not gw.printing.configured:
        raise Problem(503, "printer.not_found", "Printer belum diatur di anjungan ini. Mohon hubungi petugas desa.")
    deadline = time.monotonic() + PDF_WAIT_S
    while True:
        try:
            pdf = await gw.centre.letter_pdf(session.token, letter_id)
            break
        except CentreRejected as exc:
            if exc.code != "pdf_not_ready" or time.monotonic() > deadline:
                raise centre_problem(exc) from exc
            await asyncio.sleep(min(float(exc.retry_after or 1), 2.0))
            session.check()
        except CentreUnavailable as exc:
            raise centre_problem(exc) from exc
    session.check()  # the card was taken off while the PDF came: print nothing
    job_id = await gw.printing.print_pdf(pdf, f"Balai surat {letter_id}")
    gw.session.touch()
    return {"job_id": str(job_id)}


async def issue_ticket(gw: Gateway, service: str | None) -> dict[str, Any]:
    return await gw.tickets.issue(service)
