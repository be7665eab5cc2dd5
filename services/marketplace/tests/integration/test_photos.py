"""Photo uploads over HTTP: content checks, limits, storage, serving with cache headers, removal."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from balai.marketplace.models import product_photos

from .conftest import Market

pytestmark = pytest.mark.integration


def image_bytes(fmt: str, size: tuple[int, int] = (2400, 1800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 140, 70)).save(out, fmt)
    return out.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A small, valid PNG of one grey colour that decodes to width x height pixels (88 KB -> 70 MP)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    row = b"\0" + b"\x80" * width
    stream = zlib.compressobj(6)
    body = b"".join(stream.compress(row) for _ in range(height)) + stream.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


async def upload(market: Market, product: dict[str, Any], data: bytes, owner: str = "siti", **headers: str) -> Any:
    return await market.client.post(
        f"/products/{product['id']}/photos",
        content=data,
        headers=market.resident(owner) | {"Content-Type": "image/jpeg"} | headers,
    )


async def test_upload_resizes_strips_and_serves_with_cache_headers(market: Market, tmp_path: Path) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    png_named_jpg = image_bytes("PNG")
    response = await upload(
        market, product, png_named_jpg, **{"Content-Disposition": 'attachment; filename="foto.jpg"'}
    )
    assert response.status_code == 201, response.text
    photo = response.json()
    assert (photo["width"], photo["height"], photo["position"]) == (1600, 1200, 0)
    assert photo["url"].startswith("http://testserver/media/")

    served = await market.client.get(photo["url"])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert served.headers["x-content-type-options"] == "nosniff"
    with Image.open(io.BytesIO(served.content)) as stored:
        assert (stored.format, stored.size) == ("WEBP", (1600, 1200))
    thumb = await market.client.get(photo["thumb_url"])
    with Image.open(io.BytesIO(thumb.content)) as small:
        assert small.size == (320, 240)
    etag = served.headers["etag"]
    again = await market.client.get(photo["url"], headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert sorted(p.name for p in (tmp_path / "media").rglob("*.webp")) == sorted(
        [photo["url"].rsplit("/", 1)[1], photo["thumb_url"].rsplit("/", 1)[1]]
    )
    assert not list((tmp_path / "media").rglob(".upload-*")), "no temporary files left behind"

    shown = await market.client.get(f"/products/{product['id']}")
    assert [p["id"] for p in shown.json()["photos"]] == [photo["id"]]
    card = (await market.client.get("/products")).json()["items"][0]
    assert card["thumb_url"] == photo["thumb_url"]
    assert (await market.outbox_types())[-1] == "marketplace.product.updated"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"%PDF-1.4\n% bukan foto\n", 415, "unsupported_image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415, "unsupported_image"),
        (image_bytes("GIF", (20, 20)), 415, "unsupported_image"),
        (b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024), 413, "file_too_large"),
        (png_bomb(10_000, 7_000), 422, "image_too_large"),
        (png_bomb(12_500, 600), 422, "image_too_large"),
    ],
    ids=["pdf", "svg", "gif", "oversized-file", "decompression-bomb", "too-wide"],
)
async def test_bad_uploads_are_refused_and_nothing_is_stored(
    market: Market, tmp_path: Path, data: bytes, status: int, code: str
) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    response = await upload(market, product, data)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert response.headers["content-type"] == "application/problem+json"
    assert await market.count(product_photos) == 0
    assert not list((tmp_path / "media").rglob("*"))


async def test_at_most_five_photos_and_removal_closes_the_gap(market: Market, tmp_path: Path) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    small = image_bytes("JPEG", (64, 48))
    photos = [(await upload(market, product, small)).json() for _ in range(5)]
    assert [p["position"] for p in photos] == [0, 1, 2, 3, 4]
    sixth = await upload(market, product, small)
    assert sixth.status_code == 409
    assert sixth.json()["detail"] == "Satu produk paling banyak 5 foto."
    removed = await market.client.delete(
        f"/products/{product['id']}/photos/{photos[1]['id']}", headers=market.resident("siti")
    )
    assert removed.status_code == 204
    assert (await market.client.get(photos[1]["url"])).status_code == 404
    shown = (await market.client.get(f"/products/{product['id']}")).json()["photos"]
    assert [(p["id"], p["position"]) for p in shown] == [(p["id"], i) for i, p in enumerate(photos[:1] + photos[2:])]
    assert len(list((tmp_path / "media").rglob("*.webp"))) == 8


async def test_another_seller_cannot_upload_or_delete_photos(market: Market, tmp_path: Path) -> None:
    shop = await market.open_shop("siti")
    await market.open_shop("budi")
    product = await market.add_product("siti", shop)
    photo = (await upload(market, product, image_bytes("JPEG", (64, 48)))).json()
    intruder = await upload(market, product, image_bytes("JPEG", (64, 48)), owner="budi")
    assert intruder.status_code == 403
    deleted = await market.client.delete(
        f"/products/{product['id']}/photos/{photo['id']}", headers=market.resident("budi")
    )
    assert deleted.status_code == 403
    assert (await market.client.get(photo["url"])).status_code == 200
    assert len(list((tmp_path / "media").rglob("*.webp"))) == 2


async def test_media_names_are_checked(market: Market) -> None:
    for name in ("..%2F..%2Fetc%2Fpasswd", "x.webp", "0" * 32 + ".png"):
        assert (await market.client.get(f"/media/{name}")).status_code == 404
