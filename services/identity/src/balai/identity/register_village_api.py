"""Routes for villages (tenants): enable, list, profile, letterhead logo. Parse -> handler, nothing else."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from balai.common.auth import REGENCY_ADMIN, Caller
from balai.common.openapi import file_body
from balai.common.service import runtime_of
from balai.identity.import_upload import read_limited, upload_content
from balai.identity.regions import default_regions
from balai.identity.register_access import require_regency_admin, require_staff, require_village_read
from balai.identity.register_deps import UowFactory, VillageCode, actor_of
from balai.identity.register_logo import MAX_LOGO_BYTES
from balai.identity.register_schemas import (
    VOCABULARIES,
    LogoStoredOut,
    PublicVillageOut,
    VillageEnableIn,
    VillageOut,
    VillageProfileIn,
    VocabulariesOut,
)
from balai.identity.register_village_handlers import enable_village, get_logo, get_village, set_logo, update_profile

router = APIRouter(tags=["villages"])

LOGO_CACHE = "public, max-age=3600, stale-while-revalidate=86400"


@router.post(
    "/villages",
    response_model=VillageOut,
    status_code=201,
    summary="Enable a village (regency admin); enabling it again answers 200 and changes nothing",
    responses={200: {"model": VillageOut, "description": "already enabled"}},
)
async def post_village(body: VillageEnableIn, caller: Caller, request: Request, uows: UowFactory) -> JSONResponse:
    require_regency_admin(caller)
    settings = runtime_of(request).settings
    regency = getattr(settings, "regency_code", None)
    village, created = await enable_village(
        uows(), default_regions(), body.code, actor_of(request, caller.subject), regency_code=regency
    )
    return JSONResponse(VillageOut.of(village).model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/villages", response_model=list[VillageOut], summary="Enabled villages in the caller's scope")
async def list_villages(caller: Caller, uows: UowFactory) -> list[VillageOut]:
    require_staff(caller)
    prefix = None if REGENCY_ADMIN in caller.roles else caller.village or "-"
    async with uows() as uow:
        found = await uow.register.villages(area_prefix=prefix)
    return [VillageOut.of(v) for v in found if caller.can_read_village(v.code)]


@router.get(
    "/public/villages",
    response_model=list[PublicVillageOut],
    summary="Enabled villages for the login screen (public: code, name, district)",
)
async def public_villages(uows: UowFactory, response: Response) -> list[PublicVillageOut]:
    async with uows() as uow:
        found = await uow.register.villages()
    response.headers["Cache-Control"] = "public, max-age=300"
    return [PublicVillageOut(code=v.dotted_code, name=v.name, district=v.district_name) for v in found]


@router.get("/register/vocabularies", summary="Values and Indonesian labels of the register's coded fields")
async def vocabularies(response: Response) -> VocabulariesOut:
    response.headers["Cache-Control"] = "public, max-age=86400"
    return VOCABULARIES


@router.get("/villages/{code}", response_model=VillageOut, summary="A village's profile")
async def read_village(code: VillageCode, caller: Caller, uows: UowFactory) -> VillageOut:
    require_village_read(caller, code)
    async with uows() as uow:
        return VillageOut.of(await get_village(uow, code))


@router.patch("/villages/{code}", response_model=VillageOut, summary="Change the village's profile (its staff)")
async def patch_village(
    code: VillageCode, body: VillageProfileIn, caller: Caller, request: Request, uows: UowFactory
) -> VillageOut:
    caller.require_manage(code)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    village = await update_profile(uows(), code, changes, actor_of(request, caller.subject))
    return VillageOut.of(village)


@router.put(
    "/villages/{code}/logo",
    status_code=200,
    summary="Upload the letterhead logo: PNG or JPEG as the body (or form field 'file'); stored as PNG",
    openapi_extra=file_body(
        "The logo (PNG or JPEG) as the raw body, or as form field 'file'.",
        ("image/png", "image/jpeg"),
        form_field="file",
    ),
)
async def put_logo(
    code: VillageCode,
    caller: Caller,
    request: Request,
    uows: UowFactory,
    content_type: Annotated[str, Header()] = "application/octet-stream",
) -> LogoStoredOut:
    caller.require_manage(code)
    body = await read_limited(request.stream(), MAX_LOGO_BYTES, request.headers.get("content-length"))
    size = await set_logo(uows(), code, upload_content(body, content_type), actor_of(request, caller.subject))
    return LogoStoredOut(stored="image/png", bytes=size)


@router.get(
    "/villages/{code}/logo",
    response_class=Response,
    summary="The village's logo as PNG (public, cacheable)",
    responses={200: {"content": {"image/png": {}}}, 304: {"description": "not modified"}},
)
async def read_logo(
    code: VillageCode, uows: UowFactory, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    logo = await get_logo(uows(), code)
    etag = '"' + hashlib.sha256(logo).hexdigest()[:32] + '"'
    headers = {"Cache-Control": LOGO_CACHE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(logo, media_type="image/png", headers=headers)
