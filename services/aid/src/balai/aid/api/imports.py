"""Routes: imports (the file is the request body: .xlsx or .csv, at most `AID_IMPORT_MAX_BYTES`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from balai.aid.api.deps import AppSettings, IdempotencyKey, NumberHasher, read_upload, write
from balai.aid.api.schemas.imports import ImportReportOut
from balai.aid.config import Settings
from balai.aid.domain.model import ProgramKind
from balai.aid.domain.numbers import Hasher
from balai.aid.handlers.imports import ImportFile, ImportLimits, import_file
from balai.aid.handlers.reads import area_of
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Caller, Principal
from balai.common.openapi import file_body

router = APIRouter(tags=["imports"])

_UPLOAD = file_body(
    "The file itself (.xlsx or .csv) as the raw body.",
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"),
)


@dataclass(frozen=True, slots=True)
class Upload:
    """What both import routes share: the request whose body is the file, who sends it, and how it is read."""

    request: Request
    caller: Principal
    hasher: Hasher
    settings: Settings
    idempotency_key: str | None

    async def run(
        self, village: str, *, dry_run: bool, program_id: UUID | None = None, kind: ProgramKind | None = None
    ) -> JSONResponse:
        code = area_of(village, village_only=True)
        self.caller.require_manage(code)  # before reading megabytes from someone who may not import here
        data = await read_upload(self.request, self.settings.import_max_bytes)
        cmd = ImportFile(code, data, dry_run, program_id, kind)
        limits = ImportLimits(self.settings.import_max_rows, self.settings.import_max_unzipped_bytes)
        fingerprint = {
            "program_id": str(program_id),
            "village": code,
            "kind": kind,
            "file": hashlib.sha256(data).hexdigest(),
        }

        async def work(uow: AidUnitOfWork) -> ImportReportOut:
            return ImportReportOut.model_validate(await import_file(cmd, uow, self.caller, self.hasher, limits))

        key = None if dry_run else self.idempotency_key
        return await write(self.request, self.caller, "import", work, key=key, body=fingerprint)


def _upload(
    request: Request,
    caller: Caller,
    hasher: NumberHasher,
    settings: AppSettings,
    idempotency_key: IdempotencyKey = None,
) -> Upload:
    return Upload(request, caller, hasher, settings, idempotency_key)


FileUpload = Annotated[Upload, Depends(_upload)]


@router.post(
    "/programs/{program_id}/imports",
    openapi_extra=_UPLOAD,
    response_model=ImportReportOut,
    summary="Import participants into a program (OpenSID 'Peserta' sheet or a DTKS-style list)",
)
async def import_into_program(program_id: UUID, village: str, upload: FileUpload, dry_run: bool = True) -> Any:
    return await upload.run(village, dry_run=dry_run, program_id=program_id)


@router.post(
    "/imports/opensid",
    openapi_extra=_UPLOAD,
    response_model=ImportReportOut,
    summary="Import an OpenSID aid workbook (sheets 'Program' and 'Peserta'): the program and its participants",
)
async def import_opensid(
    village: str, upload: FileUpload, dry_run: bool = True, kind: ProgramKind | None = None
) -> Any:
    return await upload.run(village, dry_run=dry_run, kind=kind)
