"""Routes of the request workflow: uploads, submit, lists, transitions, the PDF. Parse -> handler."""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from balai.common.errors import Problem
from balai.common.openapi import file_body
from balai.letters import request_handlers as workflow
from balai.letters.actor import Actor
from balai.letters.api_deps import ActorDep, CtxDep, UowsDep, VillageDep, read_body
from balai.letters.domain import State
from balai.letters.queries import request_detail, request_page
from balai.letters.schemas_requests import AttachmentOut, RequestOut, RequestPageOut
from balai.letters.sign_handler import sign_request
from balai.letters.storage import BlobNotFound
from balai.letters.village_handlers import read_attachment, upload_document

router = APIRouter(tags=["requests"])

Kind = Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="document key, e.g. pengantar_rt_rw")]


class SubmitIn(BaseModel):
    type: Annotated[str, Field(min_length=1, max_length=32, examples=["domisili"])]
    fields: dict[str, Any] = Field(default_factory=dict)
    resident_id: UUID | None = Field(default=None, description="staff only: the resident the letter is for")
    attachments: list[UUID] = Field(default_factory=list, max_length=10)


class ReasonIn(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class ResubmitIn(BaseModel):
    fields: dict[str, Any] | None = None
    attachments: list[UUID] | None = Field(default=None, max_length=10)


_UPLOAD = file_body(
    "The document itself (a photo or a PDF) as the raw body; its type is read from the content, not from Content-Type.",
    ("image/jpeg", "image/png", "image/webp", "application/pdf", "application/octet-stream"),
)


def _linked(request: Request, detail: RequestOut) -> RequestOut:
    """Service-relative links made absolute for where the app is mounted (``/api/letters`` in the stack)."""
    if detail.pdf_url:
        detail.pdf_url = request.scope.get("root_path", "") + detail.pdf_url
    return detail


def _applicant(actor: Actor, given: UUID | None) -> UUID:
    """A resident applies for themself; staff name the resident."""
    if actor.role == "resident":
        try:
            own = UUID(actor.subject)
        except ValueError:
            raise Problem(403, "not_allowed", "Token ini bukan milik seorang penduduk.") from None
        if given is not None and given != own:
            raise Problem(403, "not_allowed", "Penduduk hanya dapat mengajukan surat untuk dirinya sendiri.")
        return own
    if given is None:
        raise Problem(422, "resident_required", "Pilih penduduk yang dimohonkan suratnya (resident_id).")
    return given


@router.post(
    "/villages/{code}/uploads",
    status_code=201,
    summary="Upload a document (photo/PDF) as the raw body",
    openapi_extra=_UPLOAD,
)
async def upload(
    village: VillageDep,
    kind: Kind,
    request: Request,
    actor: ActorDep,
    ctx: CtxDep,
    resident_id: Annotated[UUID | None, Query(description="staff only")] = None,
) -> AttachmentOut:
    applicant = _applicant(actor, resident_id)
    data = await read_body(request.stream(), ctx.settings.max_upload_bytes, request.headers.get("content-length"))
    return AttachmentOut.of(await upload_document(ctx, actor, village, applicant, kind, data))


@router.get("/attachments/{attachment_id}", response_class=Response, summary="An uploaded document")
async def attachment(attachment_id: UUID, actor: ActorDep, ctx: CtxDep) -> Response:
    found, data = await read_attachment(ctx, actor, attachment_id)
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=found.content_type, headers=headers)


@router.post(
    "/villages/{code}/requests",
    status_code=201,
    response_model=RequestOut,
    summary="Submit a letter request (Idempotency-Key: one request per key)",
)
async def submit(
    village: VillageDep,
    body: SubmitIn,
    actor: ActorDep,
    ctx: CtxDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    result = await workflow.submit_request(
        ctx.unit_of_work,
        actor,
        ctx.now(),
        village=village,
        resident_id=_applicant(actor, body.resident_id),
        type_code=body.type,
        fields=body.fields,
        attachment_ids=body.attachments,
        idempotency_key=idempotency_key,
    )
    return result.as_response()


@router.get("/villages/{code}/requests", summary="Requests of a village (its staff), newest first")
async def village_requests(
    village: VillageDep,
    actor: ActorDep,
    uows: UowsDep,
    state: State | None = None,
    type: Annotated[str | None, Query(max_length=32)] = None,
    resident_id: UUID | None = None,
    before: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> RequestPageOut:
    if not actor.reads_village(village):
        raise Problem(403, "other_village", "Data ini milik desa lain.")
    async with uows() as uow:
        return await request_page(
            uow,
            village=village,
            resident_id=resident_id,
            state=state.value if state else None,
            type_code=type,
            before=before,
            limit=limit,
        )


@router.get("/me/requests", summary="The signed-in resident's own requests, newest first")
async def my_requests(
    actor: ActorDep, uows: UowsDep, before: UUID | None = None, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> RequestPageOut:
    resident_id = _applicant(actor, None) if actor.role == "resident" else None
    if resident_id is None:
        raise Problem(403, "not_allowed", "Hanya untuk penduduk yang masuk dengan akunnya sendiri.")
    async with uows() as uow:
        return await request_page(uow, resident_id=resident_id, before=before, limit=limit)


@router.get("/requests/{request_id}", summary="A request with its state, history, documents and letter")
async def read_request(request_id: UUID, actor: ActorDep, uows: UowsDep, http: Request) -> RequestOut:
    async with uows() as uow:
        request = await uow.requests.get(request_id)
        if request is None or not request.visible_to(actor):
            raise workflow.not_found()
        return _linked(http, await request_detail(uow, request))


@router.post("/requests/{request_id}/verify", summary="Operator: the request checks out")
async def verify(request_id: UUID, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await workflow.verify_request(ctx.unit_of_work, actor, ctx.now(), request_id))


@router.post("/requests/{request_id}/return", summary="Staff: return to the resident with a reason")
async def return_(request_id: UUID, body: ReasonIn, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await workflow.return_request(ctx.unit_of_work, actor, ctx.now(), request_id, body.reason))


@router.post("/requests/{request_id}/reject", summary="Staff: refuse the request for good, with a reason")
async def reject(request_id: UUID, body: ReasonIn, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await workflow.reject_request(ctx.unit_of_work, actor, ctx.now(), request_id, body.reason))


@router.post("/requests/{request_id}/resubmit", summary="Resident or staff: hand a returned request in again")
async def resubmit(request_id: UUID, body: ResubmitIn, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    detail = await workflow.resubmit_request(
        ctx.unit_of_work, actor, ctx.now(), request_id, fields=body.fields, attachment_ids=body.attachments
    )
    return _linked(http, detail)


@router.post("/requests/{request_id}/check", summary="Village secretary: checked (where the village wants it)")
async def check(request_id: UUID, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await workflow.check_request(ctx.unit_of_work, actor, ctx.now(), request_id))


@router.post("/requests/{request_id}/sign", summary="Kades (or an allowed operator): sign and number the letter")
async def sign(request_id: UUID, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await sign_request(ctx, ctx.unit_of_work, actor, request_id))


@router.post("/requests/{request_id}/revoke", summary="Staff: revoke a signed letter with a reason")
async def revoke(request_id: UUID, body: ReasonIn, actor: ActorDep, ctx: CtxDep, http: Request) -> RequestOut:
    return _linked(http, await workflow.revoke_letter(ctx.unit_of_work, actor, ctx.now(), request_id, body.reason))


@router.get(
    "/requests/{request_id}/pdf",
    response_class=Response,
    summary="The letter PDF: its holder (also a kiosk session of the holder) and the village staff",
    responses={200: {"content": {"application/pdf": {}}}, 409: {"description": "not rendered yet"}},
)
async def pdf(request_id: UUID, actor: ActorDep, ctx: CtxDep) -> Response:
    async with ctx.unit_of_work() as uow:
        request = await uow.requests.get(request_id)
        letter = await uow.letters.get(request_id)
    holder = request is not None and actor.is_resident(request.resident_id)
    staff = request is not None and actor.is_staff_of(request.village)
    if request is None or letter is None or not (holder or staff):
        raise Problem(404, "letter_not_found", "Surat tidak ditemukan.")
    if letter.revoked_at is not None and not staff:
        raise Problem(410, "letter_revoked", "Surat ini telah dicabut oleh pemerintah desa.")
    if letter.pdf_key is None:
        raise Problem(409, "pdf_not_ready", "Surat sedang dibuat. Coba lagi sebentar.", headers={"Retry-After": "2"})
    try:
        data = await ctx.archive.get(letter.pdf_key)
    except BlobNotFound:
        raise Problem(503, "archive_unavailable", "Arsip surat belum dapat dibaca.") from None
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{letter.type_code}-{letter.number}").strip("-")
    headers = {
        "Content-Disposition": f'inline; filename="{name}.pdf"',
        "Cache-Control": "private, no-store",
        "ETag": f'"{letter.pdf_sha256}"',
    }
    return Response(data, media_type="application/pdf", headers=headers)
