"""Service-to-service routes. Only callers with the `service` role (a staff account of kind service, e.g.
the letters service) may read a resident's full document data, which a printed letter must carry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from balai.common.auth import Principal, require_roles
from balai.common.errors import Problem
from balai.identity import audit
from balai.identity.models import families
from balai.identity.register_schemas import AddressOut
from balai.identity.schemas import ResidentDocumentOut
from balai.identity.uow import UoW

SERVICE = "service"
router = APIRouter(prefix="/internal", tags=["internal"])


@router.get("/residents/{resident_id}", summary="Full document data of a resident (service accounts only)")
async def document_data(
    resident_id: uuid.UUID, uow: UoW, caller: Annotated[Principal, Depends(require_roles(SERVICE))]
) -> ResidentDocumentOut:
    async with uow:
        resident = await uow.auth.resident(resident_id)
        if resident is None:
            raise Problem(404, "not_found", "Penduduk tidak ditemukan.")
        kk = None
        if resident.family_id is not None:
            kk = await uow.session.scalar(
                families.select().with_only_columns(families.c.kk_number).where(families.c.id == resident.family_id)
            )
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="internal.document_data",
            village=resident.village,
            target=str(resident_id),
        )
        await uow.commit()
    return ResidentDocumentOut(
        resident_id=resident.id,
        village=resident.village,
        nik=resident.nik,
        kk_number=kk,
        name=resident.name,
        sex=resident.sex,
        birth_place=resident.birth_place,
        birth_date=resident.birth_date,
        religion=resident.religion,
        marital_status=resident.marital_status,
        occupation=resident.occupation,
        education=resident.education,
        nationality=resident.nationality,
        relationship=resident.relationship,
        status=resident.status,
        address=AddressOut(dusun=resident.dusun, rw=resident.rw, rt=resident.rt, street=resident.street),
    )
