"""Route for importing residents from an OpenSID file (xlsx/xlsm/CSV): dry-run preview or atomic commit."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.common.openapi import file_body
from balai.common.timestamps import local_date
from balai.identity.import_upload import read_limited, upload_content
from balai.identity.imports import ImportContext, ImportOptions, run_import, summary
from balai.identity.imports_schemas import ImportReportOut
from balai.identity.regions import default_regions
from balai.identity.register_access import require_register
from balai.identity.register_deps import UowFactory, VillageCode, actor_of, settings_of

router = APIRouter(tags=["imports"])


@router.post(
    "/villages/{code}/imports",
    summary="Import residents from OpenSID's layout: a dry run previews, a commit writes all or nothing",
    description=(
        "Send the file as multipart form field `file` (or as the raw body). `dry_run=true` (the default) "
        "returns counts, every rejected row with its errors, every flagged row and the families, writing "
        "nothing. `dry_run=false` writes everything in one transaction; a file with a rejected row is "
        "refused (422, with the same preview) unless `skip_rejected=true`. Residents whose data is "
        "identical to the register are left unchanged, so importing the same file again changes nothing."
    ),
    response_model_exclude_unset=True,
    openapi_extra=file_body(
        "The OpenSID export (.xlsx, .xlsm or .csv) as form field 'file', or as the raw body.",
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-excel.sheet.macroEnabled.12",
            "text/csv",
            "application/octet-stream",
        ),
        form_field="file",
    ),
)
async def post_import(
    code: VillageCode,
    caller: Caller,
    request: Request,
    uows: UowFactory,
    dry_run: bool = True,
    skip_rejected: bool = False,
    card_byte_order: Annotated[
        Literal["little", "big"], Query(description="how the village's card reader typed tag_id_card")
    ] = "little",
    content_type: Annotated[str, Header()] = "application/octet-stream",
) -> ImportReportOut:
    require_register(caller, code)
    settings = settings_of(request)
    body = await read_limited(request.stream(), settings.max_import_bytes, request.headers.get("content-length"))
    data = upload_content(body, content_type)
    if len(data) > settings.max_import_bytes:
        raise Problem(413, "file_too_large", "Berkas impor terlalu besar.")
    if not data:
        raise Problem(400, "empty_upload", "Tidak ada berkas yang diunggah.")
    ctx = ImportContext(
        actor=actor_of(request, caller.subject),
        nik_hash_key=settings.nik_hash_key.get_secret_value(),
        regions=default_regions(),
        today=local_date(settings.timezone),
        card_byte_order=card_byte_order,
    )
    outcome = await run_import(uows, code, data, ImportOptions(not dry_run, skip_rejected), ctx)
    body_out = summary(outcome)
    if outcome.preview.file_errors:
        detail = " ".join(e["message"] for e in body_out["file_errors"])
        raise Problem(422, "import_file_invalid", f"Berkas tidak dapat diimpor: {detail}", **body_out)
    if outcome.refused:
        rejected = body_out["counts"]["rejected"]
        raise Problem(
            422,
            "import_has_rejected_rows",
            f"{rejected} baris ditolak; perbaiki berkasnya, atau impor tanpa baris itu (skip_rejected=true). "
            "Tidak ada yang disimpan.",
            **body_out,
        )
    return ImportReportOut.model_validate(body_out)
