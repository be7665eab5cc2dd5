"""Village isolation: staff of another village can read or change nothing of this one, on every endpoint."""

from __future__ import annotations

import pytest

from .conftest import OTHER, VILLAGE, kades, operator, png_bytes, resident, seed, submit, upload, verified, wait_issued

pytestmark = pytest.mark.integration


async def test_staff_of_another_village_can_read_or_change_nothing(letters, directory) -> None:
    async with letters() as svc:
        rid = await seed(svc, directory)
        await seed(svc, directory, village=OTHER, name="Tamu Desa Lain", nik="3317090101900009")
        issued = await verified(svc, rid)
        assert (await svc.client.post(f"/requests/{issued}/sign", headers=kades(svc))).status_code == 200
        await wait_issued(svc, issued, resident(svc, rid))
        submitted = (await submit(svc, rid))["id"]
        ready = await verified(svc, rid)
        doc = await upload(svc, resident(svc, rid))
        before = {
            i: (await svc.client.get(f"/requests/{i}", headers=operator(svc))).json()
            for i in (issued, submitted, ready)
        }

        for outsider in (operator(svc, OTHER), kades(svc, OTHER)):
            v = f"/villages/{VILLAGE}"
            denied = [
                await svc.client.post(f"{v}/uploads", params={"kind": "pengantar_rt_rw", "resident_id": str(rid)},
                                      content=png_bytes(), headers=outsider),
                await svc.client.post(f"{v}/requests", headers=outsider,
                                      json={"type": "skck", "fields": {"keperluan": "x"}, "resident_id": str(rid)}),
                await svc.client.get(f"{v}/requests", headers=outsider),
                await svc.client.get(f"{v}/letter-types", headers=outsider),
                await svc.client.get(f"{v}/letter-types/domisili", headers=outsider),
                await svc.client.put(f"{v}/letter-types/domisili", headers=outsider, json={"kode_surat": "999"}),
                await svc.client.delete(f"{v}/letter-types/domisili", headers=outsider),
                await svc.client.get(f"{v}/settings", headers=outsider),
                await svc.client.patch(f"{v}/settings", headers=outsider, json={"secretary_check": True}),
                await svc.client.get(f"{v}/letters", headers=outsider),
                await svc.client.get("/me/requests", headers=outsider),
            ]  # fmt: skip
            assert [r.status_code for r in denied] == [403] * len(denied), [r.text for r in denied]
            hidden = [
                await svc.client.get(f"/attachments/{doc}", headers=outsider),
                await svc.client.get(f"/requests/{issued}", headers=outsider),
                await svc.client.get(f"/requests/{issued}/pdf", headers=outsider),
                await svc.client.post(f"/requests/{issued}/revoke", headers=outsider, json={"reason": "coba cabut"}),
                await svc.client.post(f"/requests/{submitted}/verify", headers=outsider),
                await svc.client.post(f"/requests/{submitted}/return", headers=outsider, json={"reason": "coba"}),
                await svc.client.post(f"/requests/{submitted}/reject", headers=outsider, json={"reason": "coba"}),
                await svc.client.post(f"/requests/{submitted}/resubmit", headers=outsider, json={}),
                await svc.client.post(f"/requests/{ready}/check", headers=outsider),
                await svc.client.post(f"/requests/{ready}/sign", headers=outsider),
            ]  # fmt: skip
            assert [r.status_code for r in hidden] == [404] * len(hidden), [r.text for r in hidden]
            # nor through their own village's paths with this village's resident
            own_path = await svc.client.post(
                f"/villages/{OTHER}/requests",
                headers=outsider,
                json={"type": "skck", "fields": {"keperluan": "x"}, "resident_id": str(rid), "attachments": [doc]},
            )
            assert own_path.status_code == 422
            own_upload = await svc.client.post(
                f"/villages/{OTHER}/uploads",
                params={"kind": "pengantar_rt_rw", "resident_id": str(rid)},
                content=png_bytes(),
                headers=outsider,
            )
            assert own_upload.status_code == 422
            others_list = await svc.client.get(f"/villages/{OTHER}/requests", headers=outsider)
            assert others_list.json()["items"] == []

        after = {
            i: (await svc.client.get(f"/requests/{i}", headers=operator(svc))).json()
            for i in (issued, submitted, ready)
        }
        assert after == before
        assert (await svc.client.get(f"/villages/{VILLAGE}/settings", headers=operator(svc))).json()[
            "secretary_check"
        ] is False
        domisili = await svc.client.get(f"/villages/{VILLAGE}/letter-types/domisili", headers=operator(svc))
        assert domisili.json()["kode_surat"] == "470"
