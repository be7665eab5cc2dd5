"""Products of a shop (its owner), their photos (raw image bodies), and hiding (the village operator)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from balai.common.auth import Caller
from balai.common.openapi import file_body
from balai.marketplace import commands as c
from balai.marketplace import views
from balai.marketplace.api.deps import MediaUrl, RuntimeDep
from balai.marketplace.domain.products import Product
from balai.marketplace.handlers import photos, products, run, run_once
from balai.marketplace.schemas import ProductIn, ProductPatch, ReasonIn

router = APIRouter(tags=["produk"])
IdempotencyKey = Annotated[str | None, Header(description="Kunci unik per permintaan: pengulangan tidak menggandakan")]
_IMAGE_BODY = file_body(
    "Isi berkas foto apa adanya (JPEG, PNG atau WebP; maksimal 5 MB).", ("image/jpeg", "image/png", "image/webp")
)


@router.post(
    "/shops/{shop_id}/products",
    status_code=201,
    response_model=views.ProductOut,
    summary="Tambah produk (pemilik lapak)",
)
async def list_product(
    shop_id: UUID,
    body: ProductIn,
    caller: Caller,
    runtime: RuntimeDep,
    url_for: MediaUrl,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    command = c.ListProduct(
        caller, shop_id, body.title, body.description, body.category, body.price, body.unit, body.stock
    )

    def render(product: Product) -> Any:
        return views.product_out(product, url_for, private=True).model_dump(mode="json")

    result = await run_once(
        runtime,
        products.list_product,
        command,
        scope=f"products:{caller.subject}",
        key=idempotency_key,
        request={"shop_id": str(shop_id), **body.model_dump(mode="json")},
        render=render,
    )
    return result.as_response()


@router.patch("/products/{product_id}", summary="Ubah produk: rincian, harga, stok (pemilik lapak)")
async def edit_product(
    product_id: UUID, body: ProductPatch, caller: Caller, runtime: RuntimeDep, url_for: MediaUrl
) -> views.ProductOut:
    command = c.EditProduct(
        caller, product_id, body.title, body.description, body.category, body.price, body.unit, body.stock
    )
    return views.product_out(await run(runtime, products.edit_product, command), url_for, private=True)


@router.post(
    "/products/{product_id}/photos", status_code=201, summary="Unggah foto (pemilik lapak)", openapi_extra=_IMAGE_BODY
)
async def upload_photo(
    product_id: UUID, request: Request, caller: Caller, runtime: RuntimeDep, url_for: MediaUrl
) -> views.PhotoOut:
    length = request.headers.get("content-length")
    declared = int(length) if length and length.isdigit() else None
    photo = await photos.upload_photo(runtime, caller, product_id, request.stream(), declared)
    return views.photo_out(photo, url_for)


@router.delete("/products/{product_id}/photos/{photo_id}", status_code=204, summary="Hapus foto (pemilik lapak)")
async def delete_photo(product_id: UUID, photo_id: UUID, caller: Caller, runtime: RuntimeDep) -> Response:
    await photos.remove_photo(runtime, caller, product_id, photo_id)
    return Response(status_code=204)


@router.post("/products/{product_id}/hide", summary="Sembunyikan produk dengan alasan (operator desa)")
async def hide_product(
    product_id: UUID, body: ReasonIn, caller: Caller, runtime: RuntimeDep, url_for: MediaUrl
) -> views.ProductOut:
    command = c.HideProduct(caller, product_id, body.reason)
    return views.product_out(await run(runtime, products.hide_product, command), url_for, private=True)


@router.post("/products/{product_id}/unhide", summary="Tampilkan lagi produk (operator desa)")
async def unhide_product(product_id: UUID, caller: Caller, runtime: RuntimeDep, url_for: MediaUrl) -> views.ProductOut:
    command = c.UnhideProduct(caller, product_id)
    return views.product_out(await run(runtime, products.unhide_product, command), url_for, private=True)
