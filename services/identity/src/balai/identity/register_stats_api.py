"""Routes for population statistics of a village, district (camat) or regency (admin)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.identity.regions import RegionLevel, default_regions, dotted_code
from balai.identity.register_access import require_area_read
from balai.identity.register_deps import Today, UowFactory, area
from balai.identity.register_stats_schemas import AreaPopulationOut, VillagePopulationOut
from balai.identity.register_village_handlers import get_village
from balai.identity.stats import Area, population

router = APIRouter(tags=["statistics"])
TopN = Annotated[int, Query(ge=1, le=100, description="how many occupations to list; the rest are summed")]


async def _stats(
    code: str, level: RegionLevel, caller: Caller, uows: UowFactory, top_n: int, today: dt.date
) -> dict[str, Any]:
    compact = area(code, level)
    require_area_read(caller, compact)
    region = default_regions().get(compact)
    if region is None or region.level is not level:
        raise Problem(404, "unknown_area", f"Wilayah {code} tidak dikenal.")
    started = time.perf_counter()
    async with uows() as uow:
        if level is RegionLevel.VILLAGE:
            await get_village(uow, compact)
            names = {compact: region.name}
        else:
            names = {v.code: v.name for v in await uow.register.villages(area_prefix=compact)}
        body = await population(uow.session, Area(compact), today=today, top_n=top_n)
    for item in body.get("by_village", []):
        item["label"] = names.get(item["value"], item["value"])
        item["value"] = dotted_code(item["value"])
    return {
        "area": {"level": level.value, "code": region.code, "name": region.name},
        "villages": len(names),
        "as_of": today.isoformat(),
        **body,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


@router.get("/villages/{code}/stats/population", summary="Population of a village by age, sex, status, ...")
async def village_population(
    code: str, caller: Caller, uows: UowFactory, today: Today, top: TopN = 10
) -> VillagePopulationOut:
    return VillagePopulationOut.model_validate(await _stats(code, RegionLevel.VILLAGE, caller, uows, top, today))


@router.get("/districts/{code}/stats/population", summary="Population of a district's enabled villages")
async def district_population(
    code: str, caller: Caller, uows: UowFactory, today: Today, top: TopN = 10
) -> AreaPopulationOut:
    return AreaPopulationOut.model_validate(await _stats(code, RegionLevel.DISTRICT, caller, uows, top, today))


@router.get("/regencies/{code}/stats/population", summary="Population of a regency's enabled villages")
async def regency_population(
    code: str, caller: Caller, uows: UowFactory, today: Today, top: TopN = 10
) -> AreaPopulationOut:
    return AreaPopulationOut.model_validate(await _stats(code, RegionLevel.REGENCY, caller, uows, top, today))
