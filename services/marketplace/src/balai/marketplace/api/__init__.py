"""HTTP routes of the marketplace service: parse -> command -> handler, no business logic here."""

from __future__ import annotations

from fastapi import APIRouter

from balai.marketplace.api import catalogue, orders, products, shops

router = APIRouter()
for module in (shops, products, orders, catalogue):  # `/shops/mine` before `/shops/{shop_id}`
    router.include_router(module.router)
