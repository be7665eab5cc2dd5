"""What the letters handlers need besides a unit of work, built once per app by ``create_app``."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from balai.common.privacy import keyed_ref
from balai.common.ratelimit import RateLimiter
from balai.common.timestamps import local_date
from balai.letters.config import Settings
from balai.letters.directory import HttpResidentDirectory, ResidentDirectory
from balai.letters.keyring import VillageKeyring
from balai.letters.pdf import PdfRenderer, WeasyPrintRenderer
from balai.letters.sealing import Sealer
from balai.letters.storage import BlobStore, FilesystemBlobStore, SealedBlobStore
from balai.letters.uow import LettersUnitOfWork

__all__ = ["LettersContext", "build_context", "in_render_thread", "shared_renderer", "warm_up_renderer"]

T = TypeVar("T")


@functools.cache
def shared_renderer() -> WeasyPrintRenderer:
    """One WeasyPrint renderer per process (it keeps per-thread font state; safe to share)."""
    return WeasyPrintRenderer()


@functools.cache
def _render_executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="letters-pdf")


async def in_render_thread(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` on the process's one PDF thread, off the event loop.

    Like ``asyncio.to_thread``, but always the same thread: WeasyPrint keeps its font set-up per thread and
    the first letter on a thread costs seconds, so renders never wander over the default pool's threads.
    """
    return await asyncio.get_running_loop().run_in_executor(_render_executor(), functools.partial(fn, *args, **kwargs))


def warm_up_renderer() -> None:
    """Render one sample letter, so the first resident does not wait for the font set-up."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from balai.letters.document import compose_letter
    from balai.letters.lettertypes import CATALOGUE
    from balai.letters.qr import key_id_for, new_verification_code
    from balai.letters.templating import sample_context

    letter_type = CATALOGUE["keterangan-umum"]
    sample = sample_context(letter_type)
    key = Ed25519PrivateKey.generate()
    compose_letter(
        letter_type,
        village=sample.village,
        resident=sample.resident,
        signer=sample.signer,
        fields=dict(sample.fields),
        number=sample.letter.number,
        issued_on=sample.letter.issued_on,
        code=new_verification_code(),
        holder_ref="warm-up",
        signing_key=key,
        key_id=key_id_for(key.public_key()),
        origin="https://balai.invalid",
        renderer=shared_renderer(),
    )


@dataclass
class LettersContext:
    settings: Settings
    directory: ResidentDirectory
    uploads: BlobStore
    archive: BlobStore
    keyring: VillageKeyring
    renderer: Callable[[], PdfRenderer] = shared_renderer
    limiter: RateLimiter | None = None
    uows: Callable[[], LettersUnitOfWork] | None = None
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        """The date in the village's time zone: a letter signed at 06:30 WIB is dated that day, not the day before."""
        return local_date(self.settings.timezone, self.clock())

    def holder_ref(self, resident_id: UUID) -> str:
        """An opaque holder reference for the QR: reveals neither the NIK nor the resident id."""
        return keyed_ref(
            str(resident_id), self.settings.nik_hash_key.get_secret_value(), kind="letter-holder", length=16
        )

    def unit_of_work(self) -> LettersUnitOfWork:
        if self.uows is None:
            raise RuntimeError("the letters context is not bound to a running service yet")
        return self.uows()


def build_context(
    settings: Settings,
    *,
    directory: ResidentDirectory | None = None,
    archive: BlobStore | None = None,
    uploads: BlobStore | None = None,
) -> LettersContext:
    sealer = Sealer(settings.seal_key.get_secret_value())
    files = Path(settings.data_dir) / "letters-files"
    return LettersContext(
        settings=settings,
        directory=directory
        or HttpResidentDirectory(
            settings.identity_url,
            settings.service_username,
            settings.service_password.get_secret_value(),
            logo_ttl=settings.logo_cache_seconds,
        ),
        archive=archive or SealedBlobStore(FilesystemBlobStore(files / "archive"), sealer),
        uploads=uploads or SealedBlobStore(FilesystemBlobStore(files / "uploads"), sealer),
        keyring=VillageKeyring(sealer),
    )
