"""Photo upload and removal: the image work and the files happen outside the database transaction.

Upload: ownership and room are checked before a byte of the body is read; the body is read up to the
size limit; the image is processed in a worker thread (at most `image_workers` at once); both files are
stored; then one transaction adds the photo (atomically bounded to five) and its event. If that fails,
the files are deleted again. Removal deletes the files after the transaction has committed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from uuid import UUID

from balai.common.auth import Principal
from balai.common.ids import uuid7
from balai.common.service import Runtime
from balai.marketplace import images
from balai.marketplace.commands import AddPhoto, RemovePhoto
from balai.marketplace.config import Settings
from balai.marketplace.domain.products import Photo
from balai.marketplace.handlers import products, run
from balai.marketplace.handlers.common import own_product
from balai.marketplace.media import MediaStore, photo_names
from balai.marketplace.uow import unit_of_work

MEDIA = "media"
IMAGE_SLOTS = "image_slots"


def limits(settings: Settings) -> images.ImageLimits:
    return images.ImageLimits(
        max_bytes=settings.max_upload_bytes,
        max_pixels=settings.max_image_pixels,
        max_side=settings.max_image_side,
        photo_side=settings.photo_max_side,
        thumb_side=settings.thumb_side,
        quality=settings.photo_quality,
    )


def media_store(runtime: Runtime) -> MediaStore:
    store: MediaStore = runtime.extras[MEDIA]
    return store


async def read_limited(body: AsyncIterator[bytes], limit: images.ImageLimits) -> bytes:
    data = bytearray()
    async for chunk in body:
        data += chunk
        if len(data) > limit.max_bytes:
            raise images.too_large(limit)
    return bytes(data)


async def upload_photo(
    runtime: Runtime, actor: Principal, product_id: UUID, body: AsyncIterator[bytes], declared_length: int | None
) -> Photo:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    bounds = limits(settings)
    uow = unit_of_work(runtime)
    async with uow:
        product, _ = await own_product(uow, actor, product_id)
    product.require_room_for_photo()
    if declared_length is not None and declared_length > bounds.max_bytes:
        raise images.too_large(bounds)
    data = await read_limited(body, bounds)
    slots: asyncio.Semaphore = runtime.extras[IMAGE_SLOTS]
    async with slots:
        processed = await asyncio.to_thread(images.process, data, bounds)
    photo_id = uuid7()
    name, thumb = photo_names(photo_id)
    store = media_store(runtime)
    try:
        await store.put(name, processed.photo)
        await store.put(thumb, processed.thumb)
        command = AddPhoto(actor, product_id, photo_id, name, thumb, processed.width, processed.height)
        return await run(runtime, products.add_photo, command)
    except BaseException:
        await _forget(store, name, thumb)
        raise


async def remove_photo(runtime: Runtime, actor: Principal, product_id: UUID, photo_id: UUID) -> None:
    photo = await run(runtime, products.remove_photo, RemovePhoto(actor, product_id, photo_id))
    await _forget(media_store(runtime), photo.name, photo.thumb)


async def _forget(store: MediaStore, *names: str) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            await store.delete(name)
