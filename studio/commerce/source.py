"""A product layer (`product:ID`, or `product` for the product being explained now): the product's
card, B2B spec sheet or flash-sale countdown on the canvas.

Drawn once per change of the shop (a price, the stock, the next product) or of the language it
speaks (the studio's unless the layer has its own) and kept: between changes the layer hands the
compositor the same picture, so it costs only its blend. A countdown is redrawn once a second. A
change made in the window shows from the very next frame.
"""

from __future__ import annotations

import math
import time
from decimal import Decimal
from typing import Any

from studio import picture_language
from studio.capture.base import VideoFrame
from studio.capture.overlay import WIDTH_SETTING, OverlaySource, share_width
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock
from studio.commerce.overlay_kinds import (
    DEFAULT_KIND,
    KINDS,
    OVERLAY_KINDS,
    product_kind,
    render_kind,
)
from studio.commerce.product import Product
from studio.commerce.shop import Shop

LAYER_KINDS = KINDS  # what a layer shows: the declared overlay kinds
# "auto": the studio's language, following the window's switch; the others keep the layer in
# one language whatever the studio speaks (a B2B seller's English card in a Chinese studio).
LANGUAGES = (
    QT_TRANSLATE_NOOP("SourceSettings", "auto"),
    QT_TRANSLATE_NOOP("SourceSettings", "zh"),
    QT_TRANSLATE_NOOP("SourceSettings", "en"),
    QT_TRANSLATE_NOOP("SourceSettings", "both"),
)
# Sizes a layer before it has a product to show: a typical card.
SAMPLE = Product(
    "sample",
    "商品名称 Product name",
    Decimal("199"),
    Decimal("99"),
    stock=100,
    link="https://example.com",
    selling_points=("卖点一", "卖点二", "卖点三"),
)


def auto_width(kind: str, canvas: tuple[int, int]) -> int:
    """The layer's width on a canvas when the merchant did not set one: the share its kind
    declares (a card's for a kind nobody declared)."""
    declared = OVERLAY_KINDS.get(kind) or OVERLAY_KINDS[DEFAULT_KIND]
    return share_width(canvas, *declared.auto_width, minimum=160)


class ProductSource(OverlaySource):
    """A product's on-screen layer; BGRA, sized to its content."""

    kind = "product"
    WHAT = "product layer"
    NEEDS = ("shop",)  # the live products, from the engine
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "arg",
            QT_TRANSLATE_NOOP("SourceSettings", "Product"),
            "text",
            "",
            placeholder=QT_TRANSLATE_NOOP("SourceSettings", "empty: the product explained now"),
        ),
        Setting(
            "show",
            QT_TRANSLATE_NOOP("SourceSettings", "Shows"),
            "choice",
            DEFAULT_KIND,
            choices=LAYER_KINDS,
        ),
        Setting(
            "lang",
            QT_TRANSLATE_NOOP("SourceSettings", "Language"),
            "choice",
            picture_language.FOLLOW,
            choices=LANGUAGES,
        ),
        WIDTH_SETTING,
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,
        shop: Shop | None = None,
    ) -> None:
        super().__init__(spec, clock, options)
        self.shop = shop if shop is not None else Shop()
        self.product_key = spec.partition(":")[2].strip()  # "" follows the run-of-show
        self.show = str(self.options["show"])
        self.width = int(self.options["width"]) or auto_width(self.show, size)
        self._key: tuple = ()
        self._frame: VideoFrame | None = None
        self.render_ms = 0.0  # the last redraw's cost, for the benchmark

    @property
    def label(self) -> str:
        product = self._product()
        return product.name if product else (self.product_key or "Product")

    def natural_size(self) -> tuple[int, int]:
        """The layer's picture size: its product's, or a typical product's while there is none
        (a layer added before the first product is explained)."""
        size = super().natural_size()
        if size is not None:
            return size
        image = render_kind(self.show, SAMPLE, width=self.width, lang=self.language)
        return image.shape[1], image.shape[0]

    @property
    def language(self) -> str:
        """The language the layer draws in now: its own choice, else the studio's."""
        return picture_language.resolve(str(self.options["lang"]))

    def _product(self):
        if not self.product_key:
            return self.shop.explaining
        return self.shop.find(self.product_key)

    def latest_video(self) -> VideoFrame | None:
        shop = self.shop
        now = self.clock.now()
        product = self._product()
        sale = shop.sale(product.id) if product is not None else None
        # A running countdown changes once a second; anything else only with the shop.
        tick = math.ceil(sale.remaining_s(now)) if sale is not None else 0
        explaining = product is not None and shop.explaining is product
        key = (shop.version, product, tick, explaining, self.language)
        if key != self._key:
            self._key = key
            self._frame = self._draw(product, sale, now, explaining)
        return self._frame

    def _draw(self, product, sale, now: float, explaining: bool) -> VideoFrame | None:
        if product is None:
            return None  # nothing to show: the layer is empty (the compositor skips it)
        if sale is None and product_kind(self.show).needs_sale:
            return None  # a countdown without a flash sale: nothing to count down
        start = time.perf_counter()
        image = render_kind(
            self.show,
            product,
            width=self.width,
            lang=self.language,
            sale=sale,
            now=now,
            explaining=explaining,
        )
        self.render_ms = (time.perf_counter() - start) * 1000
        return self.frame(image)
