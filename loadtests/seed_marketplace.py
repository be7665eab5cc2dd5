"""Seeding the marketplace: villages, shops owned by sampled residents, and their products."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import Village
from seed_base import Report

from balai.common.db import Database
from balai.identity.regions import RegionIndex

# --- marketplace: villages, shops (owned by sampled residents), products -----------------------------------
PRODUCTS = [
    ("Keripik Singkong Pedas", "makanan", 15_000, "bungkus"),
    ("Terasi Udang Rembang", "perikanan", 25_000, "bungkus"),
    ("Batik Tulis Lasem", "pakaian", 350_000, "lembar"),
    ("Garam Krosok", "pertanian", 8_000, "kg"),
    ("Ikan Asin Teri", "perikanan", 60_000, "kg"),
    ("Madu Randu", "makanan", 85_000, "botol"),
    ("Beras Mentik Wangi", "pertanian", 14_000, "kg"),
    ("Kerupuk Ikan Tenggiri", "makanan", 30_000, "bungkus"),
    ("Anyaman Bambu", "kerajinan", 45_000, "buah"),
    ("Sirup Kawis", "minuman", 20_000, "botol"),
    ("Telur Ayam Kampung", "peternakan", 2_500, "butir"),
    ("Jasa Servis Pompa Air", "jasa", 75_000, "kali"),
]


async def write_marketplace(
    url: str,
    villages: Sequence[Village],
    residents: list[dict[str, str]],
    regions: RegionIndex,
    report: Report,
    rng: random.Random,
    shops_per_village: int,
    products_per_shop: int,
) -> None:
    from balai.marketplace.domain.products import Product, ProductDetails
    from balai.marketplace.domain.shops import Shop, ShopDetails
    from balai.marketplace.domain.villages import Village as MarketVillage
    from balai.marketplace.models import messaging
    from balai.marketplace.uow import MarketplaceUnitOfWork

    t = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    db = Database(url)
    by_village: dict[str, list[dict[str, str]]] = {}
    for r in residents:
        by_village.setdefault(r["village"], []).append(r)
    shops = products = 0
    try:
        async with MarketplaceUnitOfWork(db, messaging) as uow:
            regency = regions.regency(villages[0].code[:4])
            assert regency is not None
            for v in villages:
                await uow.villages.put(
                    MarketVillage.enabled(
                        village_code=v.code,
                        name=v.name,
                        district_code=v.district_code,
                        district_name=v.district_name,
                        regency_code=v.code[:4],
                        regency_name=regency.name,
                        at=now,
                    )
                )
                owners = by_village.get(v.code, [])[:shops_per_village]
                for owner in owners:
                    details = ShopDetails.parse(
                        name=f"Lapak {owner['name'].split()[0]} {v.name.title()}"[:80],
                        description="Produk asli desa, diambil langsung dari pembuatnya.",
                        whatsapp=f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}",
                        pickup_address=f"Desa {v.name.title()}, Rembang",
                    )
                    shop = Shop.open(
                        shop_id=uuid.uuid4(), village=v.code, owner=owner["resident_id"], details=details, now=now
                    )
                    shop.approve(now)
                    await uow.shops.add(shop)
                    owner["shop_id"] = str(shop.id)
                    shops += 1
                    for title, category, price, unit in rng.sample(PRODUCTS, min(products_per_shop, len(PRODUCTS))):
                        product = Product.list_new(
                            product_id=uuid.uuid4(),
                            shop_id=shop.id,
                            village=v.code,
                            stock=rng.randrange(20, 500),
                            details=ProductDetails.parse(
                                title=title,
                                description=f"{title} dari {v.name.title()}.",
                                category=category,
                                price=price,
                                unit=unit,
                            ),
                            now=now,
                        )
                        await uow.products.add(product)
                        products += 1
            await uow.commit()
        async with db.session() as session:
            from sqlalchemy import text

            await session.execute(text("ANALYZE"))
    finally:
        await db.dispose()
    report.counts.update(shops=shops, products=products)
    report.phase("marketplace villages/shops/products", len(villages) + shops + products, time.perf_counter() - t)
