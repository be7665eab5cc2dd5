"""Numbers on PostgreSQL: gap-free and unique under concurrent signing, in the village's format/scope."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from balai.letters.models import number_counters

from .conftest import VILLAGE, kades, seed, verified

pytestmark = pytest.mark.integration


async def test_twenty_concurrent_signings_take_twenty_consecutive_numbers(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        assert not svc.runtime.db.is_sqlite
        rid = await seed(svc, directory)
        ids = [await verified(svc, rid) for _ in range(20)]
        answers = await asyncio.gather(*(svc.client.post(f"/requests/{i}/sign", headers=kades(svc)) for i in ids))
        assert [a.status_code for a in answers] == [200] * 20, [a.text for a in answers if a.status_code != 200]
        numbers = [a.json()["letter"]["number"] for a in answers]
        sequence = sorted(int(n.split("/")[1]) for n in numbers)
        assert sequence == list(range(1, 21))
        assert len(set(numbers)) == 20
        async with svc.runtime.db.session() as s:
            last = await s.scalar(select(number_counters.c.last_value).where(number_counters.c.village == VILLAGE))
        assert last == 20
        # a signing that fails after taking its number gives it back: the next letter is 21, not 22
        again = await svc.client.post(f"/requests/{ids[0]}/sign", headers=kades(svc))
        assert again.status_code == 409
        nxt = await svc.client.post(f"/requests/{await verified(svc, rid)}/sign", headers=kades(svc))
        assert nxt.json()["letter"]["number"].split("/")[1] == "021"


async def test_sequence_scope_and_number_format(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        usaha = {
            "nama_usaha": "Warung Bu Siti",
            "jenis_usaha": "Makanan",
            "alamat_usaha": "Jl. Raya Kaliori",
            "keperluan": "KUR",
        }

        async def sign(**kwargs) -> str:  # type: ignore[no-untyped-def]
            answer = await svc.client.post(f"/requests/{await verified(svc, rid, **kwargs)}/sign", headers=kades(svc))
            assert answer.status_code == 200, answer.text
            return str(answer.json()["letter"]["number"])

        # default: one sequence per classification code (470 and 503 each start at 1)
        first, second = await sign(), await sign(type_code="usaha", fields=usaha)
        assert first.split("/")[:2] == ["470", "001"]
        assert second.split("/")[:2] == ["503", "001"]

        bad = await svc.client.patch(
            f"/villages/{VILLAGE}/settings", headers=kades(svc), json={"number_format": "[nomor]/[kode_desa]"}
        )
        assert bad.status_code == 422
        assert any("[tahun]" in p for p in bad.json()["problems"])
        per_type_without_singkatan = await svc.client.patch(
            f"/villages/{VILLAGE}/settings", headers=kades(svc), json={"sequence_scope": "type"}
        )
        assert per_type_without_singkatan.status_code == 422

        village_wide = await svc.client.patch(
            f"/villages/{VILLAGE}/settings",
            headers=kades(svc),
            json={"sequence_scope": "village", "number_format": "[nomor,4]/[singkatan]/[kode_desa]/[tahun]"},
        )
        assert village_wide.status_code == 200, village_wide.text
        third = await sign(type_code="usaha", fields=usaha)
        assert third.startswith("0001/SKU/33.17.09.2016/")
        assert (await sign()).startswith("0002/SKD/")
