"""Routes: imports (the file is the request body: .xlsx or .csv, at most `AID_IMPORT_MAX_BYTES`)."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from balai.aid.api.deps import AppSettings, IdempotencyKey, NumberHasher, read_upload, write
from balai.aid.api.schemas.imports import ImportReportOut
from balai.aid.domain.model import ProgramKind
from balai.aid.handlers.imports import ImportFile, ImportLimits, import_file
from balai.aid.handlers.reads import area_of
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Caller
from balai.common.openapi import file_body

router = APIRouter(tags=["imports"])

_UPLOAD = file_body(
    "The file itself (.xlsx or .csv) as the raw body.",
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"),
)


async def _run(
    request: Request,
    caller: Caller,
    hasher: NumberHasher,
    settings: AppSettings,
    key: str | None,
    *,
    village: str,
    dry_run: bool,
    program_id: UUID | None,
    kind: ProgramKind | None,
) -> Any:
    code = area_of(village, village_only=True)
    caller.require_manage(code)  # before reading megabytes from someone who may not import here
    data = await read_upload(request, settings.import_max_bytes)
    cmd = ImportFile(code, data, dry_run, program_id, kind)
    limits = ImportLimits(settings.import_max_rows, settings.import_max_unzipped_bytes)

    async def work(uow: AidUnitOfWork) -> tuple[int, Any]:
        report = ImportReportOut.model_validate(await import_file(cmd, uow, caller, hasher, limits))
        return 200, report.model_dump(mode="json")

    fingerprint = {
        "program_id": str(program_id),
        "village": cmd.village,
        "kind": kind,
        "file": hashlib.sha256(data).hexdigest(),
    }
    return await write(request, caller, scope="import", key=None if dry_run else key, body=fingerprint, work=work)


@router.post(
    "/programs/{program_id}/imports",
    openapi_extra=_UPLOAD,
    response_model=ImportReportOut,
    summary="Import participants into a program (OpenSID 'Peserta' sheet or a DTKS-style list)",
)
async def import_into_program(
    program_id: UUID,
    village: str,
    request: Request,
    caller: Caller,
    hasher: NumberHasher,
    settings: AppSettings,
    dry_run: bool = True,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    return await _run(
        request,
        caller,
        hasher,
        settings,
        idempotency_key,
        village=village,
        dry_run=dry_run,
        program_id=program_id,
        kind=None,
    )


@router.post(
    "/imports/opensid",
    openapi_extra=_UPLOAD,
    response_model=ImportReportOut,
    summary="Import an OpenSID aid workbook (sheets 'Program' and 'Peserta'): the program and its participants",
)
async def import_opensid(
    village: str,
    request: Request,
    caller: Caller,
    hasher: NumberHasher,
    settings: AppSettings,
    dry_run: bool = True,
    kind: ProgramKind | None = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    return await _run(
        request, caller, hasher, settings, idempotency_key, village=village, dry_run=dry_run, program_id=None, kind=kind
    )
