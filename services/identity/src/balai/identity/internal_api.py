"""Service-to-service routes. Only callers with the `service` role (a staff account of kind service, e.g.
the letters service) may read a resident's full document data, which a printed letter must carry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from balai.common.auth import Principal, require_roles
from balai.common.errors import Problem
from balai.identity import audit
from balai.identity.register_handlers import kk_of
from balai.identity.schemas import ResidentDocumentOut
from balai.identity.uow import UoW

SERVICE = "service"
router = APIRouter(prefix="/internal", tags=["internal"])


@router.get("/residents/{resident_id}", summary="Full document data of a resident (service accounts only)")
async def document_data(
    resident_id: uuid.UUID, uow: UoW, caller: Annotated[Principal, Depends(require_roles(SERVICE))]
) -> ResidentDocumentOut:
    async with uow:
        resident = await uow.register.resident(resident_id)
        if resident is None:
            raise Problem(404, "not_found", "Penduduk tidak ditemukan.")
        kk = await kk_of(uow, resident)
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="internal.document_data",
            village=resident.village,
            target=str(resident_id),
        )
        await uow.commit()
    return ResidentDocumentOut.of(resident, kk)
