"""Public reads: categories, enabled villages, the product catalogue, a product, photo files."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from balai.common.auth import OptionalCaller
from balai.common.errors import Problem, not_found
from balai.marketplace import queries, views
from balai.marketplace.api.deps import Limit, MediaUrl, Offset, Reader, RuntimeDep, area
from balai.marketplace.domain.values import CATEGORIES, MAX_PRICE
from balai.marketplace.handlers.photos import media_store
from balai.marketplace.images import MEDIA_TYPE
from balai.marketplace.media import valid_name
from balai.marketplace.repositories.catalogue import CatalogueFilter

router = APIRouter(tags=["katalog"])
Price = Annotated[int | None, Query(ge=0, le=MAX_PRICE)]
IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/categories", summary="Kategori produk")
async def categories() -> list[views.CategoryOut]:
    return views.categories()


@router.get("/villages", summary="Desa yang sudah bergabung")
async def villages(uow: Reader, regency: str | None = None, district: str | None = None) -> list[views.VillageOut]:
    within = area(district, 6, "kecamatan") or area(regency, 4, "kabupaten")
    return [views.village_out(v) for v in await uow.villages.listing(within)]


@router.get("/products", summary="Jelajah dan cari produk")
async def search_products(
    uow: Reader,
    url_for: MediaUrl,
    limit: Limit = 20,
    offset: Offset = 0,
    q: Annotated[str, Query(max_length=200, description="Kata kunci, misalnya: keripik, batik tulis")] = "",
    village: Annotated[str | None, Query(description="Kode desa, misalnya 33.17.09.2016")] = None,
    district: Annotated[str | None, Query(description="Kode kecamatan, misalnya 33.17.09")] = None,
    regency: Annotated[str | None, Query(description="Kode kabupaten, misalnya 33.17")] = None,
    category: str | None = None,
    min_price: Price = None,
    max_price: Price = None,
    shop: UUID | None = None,
    in_stock: bool = False,
    sort: Literal["relevance", "newest", "price_asc", "price_desc"] | None = None,
) -> views.Page[views.ProductCardOut]:
    if category is not None and category not in CATEGORIES:
        raise Problem(422, "invalid_category", "Kategori tidak dikenal.")
    criteria = CatalogueFilter(
        text=q,
        village=area(village, 10, "desa"),
        district=area(district, 6, "kecamatan"),
        regency=area(regency, 4, "kabupaten"),
        category=category,
        min_price=min_price,
        max_price=max_price,
        shop_id=shop,
        in_stock=in_stock,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    cards, more = await uow.catalogue.search(criteria)
    return views.Page[views.ProductCardOut](
        items=[views.card_out(card, url_for) for card in cards], next_offset=offset + limit if more else None
    )


@router.get("/products/{product_id}", summary="Satu produk")
async def get_product(product_id: UUID, uow: Reader, viewer: OptionalCaller, url_for: MediaUrl) -> views.ProductOut:
    found, private = await queries.product(uow, viewer, product_id)
    return views.product_out(found, url_for, private=private)


@router.get("/shops/{shop_id}", summary="Satu lapak")
async def get_shop(shop_id: UUID, uow: Reader, viewer: OptionalCaller) -> views.ShopOut:
    found, private = await queries.shop(uow, viewer, shop_id)
    return views.shop_out(found, private=private)


@router.get("/media/{name}", name="media", summary="Berkas foto (WebP)", response_class=Response)
async def media(name: str, request: Request, runtime: RuntimeDep) -> Response:
    if not valid_name(name):
        raise not_found("Foto", "media_not_found")
    etag = f'"{name}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    data = await media_store(runtime).get(name)
    if data is None:
        raise not_found("Foto", "media_not_found")
    return Response(data, media_type=MEDIA_TYPE, headers=headers)
