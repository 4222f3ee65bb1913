"""The shop of one show, live: the products, the run-of-show, what is explained now, flash sales.

The window edits it (UI thread); product layers read it on the render thread. Every change
bumps `version`, so a product layer redraws on the next frame after a price or stock change and
costs nothing while nothing changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from studio.commerce.flash_sale import FlashSale
from studio.commerce.product import Product
from studio.commerce.run_of_show import RunOfShow, ShowItem


class Shop:
    def __init__(self, products: Iterable[Product] = (), show: Iterable[ShowItem] = ()) -> None:
        self._lock = threading.RLock()
        self._products: dict[str, Product] = {p.id: p for p in products}
        self.show = RunOfShow(list(show))
        self._sales: dict[str, FlashSale] = {}
        self._explaining: str | None = None  # product id on screen as "explaining now"
        self.version = 0

    def _changed(self) -> None:
        self.version += 1

    # --- products ---
    @property
    def products(self) -> list[Product]:
        with self._lock:
            return list(self._products.values())

    def product(self, product_id: str) -> Product | None:
        return self._products.get(product_id)

    def find(self, key: str) -> Product | None:
        """By id, else by exact name, else by name ignoring case."""
        with self._lock:
            found = self._products.get(key)
            if found is None:
                found = next((p for p in self._products.values() if p.name == key), None)
            if found is None:
                folded = key.casefold()
                found = next(
                    (p for p in self._products.values() if p.name.casefold() == folded), None
                )
            return found

    def set_products(self, products: Iterable[Product]) -> None:
        with self._lock:
            self._products = {p.id: p for p in products}
            self._changed()

    def put(self, product: Product, index: int | None = None) -> None:
        """Add a product, or replace the one with its id (keeping its place unless `index`)."""
        with self._lock:
            if index is None:  # a dict keeps a replaced key's place and adds a new one last
                self._products[product.id] = product
                self._changed()
                return
            items = [p for p in self._products.values() if p.id != product.id]
            items.insert(max(0, min(index, len(items))), product)
            self._products = {p.id: p for p in items}
            self._changed()

    def put_many(self, products: Iterable[Product]) -> int:
        """Add products, or replace those with their ids in their places (a catalog imported
        over the shop): one change, however many products. How many were new."""
        with self._lock:
            merged = dict(self._products)  # the render thread keeps reading the old dict
            before = len(merged)
            for product in products:
                merged[product.id] = product
            self._products = merged
            self._changed()
            return len(merged) - before

    def update(self, product_id: str, **changes: object) -> Product:
        """Change some fields of a product (a price, the stock); KeyError when there is none."""
        with self._lock:
            product = self._products[product_id].with_changes(**changes)
            self._products[product_id] = product
            self._changed()
            return product

    def remove(self, product_id: str) -> None:
        with self._lock:
            if self._products.pop(product_id, None) is not None:
                self._sales.pop(product_id, None)
                if self._explaining == product_id:
                    self._explaining = None
                self._changed()

    def move(self, product_id: str, index: int) -> None:
        with self._lock:
            product = self._products[product_id]
            self.put(product, index)

    # --- what is on screen ---
    @property
    def explaining(self) -> Product | None:
        """The product the host is explaining now (the run-of-show's current one, or one put on
        screen by hand)."""
        with self._lock:
            return self._products.get(self._explaining) if self._explaining else None

    def explain(self, product_id: str | None, now: float | None = None) -> None:
        """Put a product on screen by hand (None: none). With `now` (media time) the change is
        on the show's timeline, so what was presented is kept beside the recording."""
        with self._lock:
            if now is not None and product_id != self._explaining:
                product = self._products.get(product_id) if product_id else None
                self.show.explain(product_id, now, product.name if product else "")
            self._explaining = product_id
            self._changed()

    def set_show(self, items: Iterable[ShowItem]) -> None:
        """A new run-of-show, from its start (nothing on screen from it yet)."""
        with self._lock:
            self.show = RunOfShow(list(items))
            self._changed()

    def edit_show(self, items: Iterable[ShowItem], current: int, now: float) -> None:
        """The show's items edited mid-show (a role, a target, an item added, moved or removed):
        the item on screen keeps its time at its new index `current`; -1 when it left the show,
        and then its time on screen ends `now`. The timeline is kept."""
        with self._lock:
            old = self.show
            show = RunOfShow(list(items), timeline=old.timeline)
            if old.item is not None:
                if 0 <= current < len(show.items):
                    show.current, show.started_at = current, old.started_at
                else:
                    show.stop(now)
            self.show = show
            self._changed()

    def go(self, index: int, now: float) -> Product | None:
        """Put the run-of-show's item `index` on screen (its card shows it from the next frame)."""
        with self._lock:
            if not 0 <= index < len(self.show.items):
                return None
            product_id = self.show.items[index].product_id
            product = self._products.get(product_id)
            self.show.go(index, now, product.name if product else "")
            self._explaining = product_id
            self._changed()
            return product

    def next(self, now: float) -> Product | None:
        return self.go(min(self.show.current + 1, len(self.show.items) - 1), now)

    def previous(self, now: float) -> Product | None:
        return self.go(max(self.show.current - 1, 0), now)

    # --- flash sales ---
    def sale(self, product_id: str) -> FlashSale | None:
        return self._sales.get(product_id)

    def start_sale(self, product_id: str, duration_s: int, quantity: int, now: float) -> FlashSale:
        with self._lock:
            sale = FlashSale(duration_s=duration_s, quantity=quantity, product_id=product_id)
            sale.start(now)
            self._sales[product_id] = sale
            self._changed()
            return sale

    def sell(self, product_id: str, count: int = 1) -> FlashSale | None:
        """The host sold `count` in the flash sale: fewer left (and less stock)."""
        with self._lock:
            sale = self._sales.get(product_id)
            if sale is not None:
                sale.sell(count)
            product = self._products.get(product_id)
            if product is not None and product.stock is not None:
                self._products[product_id] = product.with_changes(
                    stock=max(0, product.stock - count)
                )
            self._changed()
            return sale

    def end_sale(self, product_id: str) -> None:
        with self._lock:
            if self._sales.pop(product_id, None) is not None:
                self._changed()
