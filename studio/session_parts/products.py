"""The shop as the window changes it: the catalog (imported, edited), the product explained
now, the run-of-show and flash sales, each change on the stream from the next frame (product
layers follow the shop), times taken from the studio's media clock, kept in the profile by
`save`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studio.commerce.import_worker import read_catalog
from studio.profile import vouch_for_catalog

if TYPE_CHECKING:
    from studio.commerce.catalog import CatalogImport
    from studio.commerce.flash_sale import FlashSale
    from studio.commerce.product import Product
    from studio.commerce.run_of_show import RunOfShow, ShowItem
    from studio.commerce.shop import Shop
    from studio.session import StudioSession


class Products:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    @property
    def _shop(self) -> Shop:
        return self.session.shop

    def _now(self) -> float:
        return self.session.clock.now()

    # --- the catalog ---
    @property
    def products(self) -> list[Product]:
        return self._shop.products

    def product(self, product_id: str) -> Product | None:
        return self._shop.product(product_id)

    def put(self, product: Product, index: int | None = None) -> None:
        """Add a product, or replace the one with its id (keeping its place unless `index`)."""
        self._shop.put(product, index)

    def update(self, product_id: str, **changes: object) -> Product:
        return self._shop.update(product_id, **changes)

    def remove(self, product_id: str) -> None:
        self._shop.remove(product_id)

    def move(self, product_id: str, index: int) -> None:
        self._shop.move(product_id, index)

    def import_catalog(self, path: Path | str, replace: bool = False) -> CatalogImport:
        """Products from a CSV / XLSX / JSON file into the shop: a product with a known id is
        updated, a new one added at the end (`replace`: the file's products only). Raises
        CatalogError for a file that is not a catalog; rejected rows are in the result."""
        found = read_catalog(path)  # in a worker process: a hostile file cannot abort us
        self.apply_catalog(found, replace)
        return found

    def apply_catalog(self, found: CatalogImport, replace: bool = False) -> None:
        """An imported catalog's products into the shop in one change, then saved (OSError when
        the profile cannot be written; the shop has them anyway)."""
        if found.products:
            if replace:
                self._shop.set_products(found.products)
            else:
                self._shop.put_many(found.products)
            self.save()

    def save(self) -> None:
        """The shop's products and run-of-show into the profile (and the profile to disk)."""
        session, shop = self.session, self._shop
        session.profile.catalog = [p.to_dict() for p in shop.products]
        vouch_for_catalog(session.profile.catalog)  # made from valid products just now
        ids = {p.id for p in shop.products}
        session.profile.run_of_show = [
            item.to_dict() for item in shop.show.items if item.product_id in ids
        ]
        session.save()

    # --- on screen now and the run-of-show ---
    @property
    def explaining(self) -> Product | None:
        """The product the host is explaining now (the run-of-show's or one put by hand)."""
        return self._shop.explaining

    @property
    def show(self) -> RunOfShow:
        """The run-of-show (read it; change it through `edit_show` and `go`)."""
        return self._shop.show

    def explain(self, product_id: str | None) -> None:
        """Put a product on screen by hand (None: none), on the show's timeline now."""
        self._shop.explain(product_id, self._now())

    def edit_show(self, items: list[ShowItem], current: int) -> None:
        self._shop.edit_show(items, current, self._now())

    def go(self, index: int) -> Product | None:
        return self._shop.go(index, self._now())

    def next(self) -> Product | None:
        return self._shop.next(self._now())

    def previous(self) -> Product | None:
        return self._shop.previous(self._now())

    # --- flash sales ---
    def sale(self, product_id: str) -> FlashSale | None:
        return self._shop.sale(product_id)

    def start_sale(self, product_id: str, duration_s: int, quantity: int) -> FlashSale:
        return self._shop.start_sale(product_id, duration_s, quantity, self._now())

    def sell(self, product_id: str, count: int = 1) -> FlashSale | None:
        return self._shop.sell(product_id, count)

    def end_sale(self, product_id: str) -> None:
        self._shop.end_sale(product_id)
