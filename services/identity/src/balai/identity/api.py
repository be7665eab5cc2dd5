"""HTTP routes of the identity service, gathered from its route modules."""

from __future__ import annotations

from fastapi import APIRouter

from balai.identity.auth_api import router as auth_router
from balai.identity.credentials_api import router as credentials_router
from balai.identity.devices_api import router as devices_router
from balai.identity.internal_api import router as internal_router

router = APIRouter()
router.include_router(auth_router)
router.include_router(credentials_router)
router.include_router(devices_router)
router.include_router(internal_router)
