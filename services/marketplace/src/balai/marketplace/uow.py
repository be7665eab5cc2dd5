"""Unit of work of the marketplace service: one transaction, with the repositories on its session."""

from __future__ import annotations

from typing import Self

from balai.common.service import Runtime
from balai.common.uow import UnitOfWork
from balai.marketplace.repositories.catalogue import Catalogue
from balai.marketplace.repositories.orders import Orders
from balai.marketplace.repositories.products import Products
from balai.marketplace.repositories.shops import Shops
from balai.marketplace.repositories.villages import Villages

SEARCH_CONFIG = "search_config"
"""Key in `runtime.extras`: the text search configuration of `products.search` (PostgreSQL)."""


class MarketplaceUnitOfWork(UnitOfWork):
    villages: Villages
    shops: Shops
    products: Products
    orders: Orders
    catalogue: Catalogue
    search_config: str = "simple"

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.villages = Villages(self.session)
        self.shops = Shops(self.session)
        self.products = Products(self.session)
        self.orders = Orders(self.session)
        self.catalogue = Catalogue(self.session, sqlite=self._db.is_sqlite, config=self.search_config)
        return self


def unit_of_work(runtime: Runtime) -> MarketplaceUnitOfWork:
    uow = runtime.uow()
    assert isinstance(uow, MarketplaceUnitOfWork)
    uow.search_config = runtime.extras.get(SEARCH_CONFIG, "simple")
    return uow
