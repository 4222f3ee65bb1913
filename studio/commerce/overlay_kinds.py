"""The product layer's kinds (card, spec sheet, countdown), each declared once, and the one entry
point that draws any of them: what `studio overlay render`, the product source and the products
panel call.

A kind declares its id (the layer's `show` option and `studio overlay render --kind`), its name
in the window, the share of the canvas's width it takes when none is set, whether it needs a
flash sale running, and how it is drawn. The command line's choices, the layer's settings and
the products panel read the declarations, so adding a kind is a drawing function plus one entry
in OVERLAY_KINDS.

It sits above both overlays.py (card, spec sheet and the drawing helpers) and flash_sale.py
(the countdown, drawn with those helpers), so neither has to import the other back. They are
imported when a kind is drawn: the command line reads the kinds without loading fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.capture.settings import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import numpy as np

    from studio.commerce.flash_sale import FlashSale
    from studio.commerce.product import Product

# Draws a kind: (product, width, lang, sale, now, explaining) -> BGRA picture.
Draw = Callable[["Product", int, str, "FlashSale | None", float, bool], "np.ndarray"]


@dataclass(frozen=True)
class OverlayKind:
    id: str  # marked in the layer settings' context: the properties dialog shows it translated
    label: str  # the layer's name when the products panel adds one; translated in "ProductsPanel"
    auto_width: tuple[float, float]  # share of a portrait / landscape canvas's width
    draw: Draw
    needs_sale: bool = False  # shown with a flash sale running (one is made for a still picture)


def _card(
    product: Product, width: int, lang: str, sale: FlashSale | None, now: float, explaining: bool
) -> np.ndarray:
    from studio.commerce.overlays import render_card

    return render_card(product, width=width, lang=_one(lang), explaining=explaining)


def _spec(
    product: Product, width: int, lang: str, sale: FlashSale | None, now: float, explaining: bool
) -> np.ndarray:
    from studio.commerce.overlays import render_spec_sheet

    return render_spec_sheet(product, width=width, lang=lang)


def _countdown(
    product: Product, width: int, lang: str, sale: FlashSale | None, now: float, explaining: bool
) -> np.ndarray:
    from studio.commerce.flash_sale import FlashSale, render_countdown

    if sale is None:
        quantity = product.stock if product.stock and product.stock > 0 else 100
        sale = FlashSale(60, quantity, product.id).start(now)
    return render_countdown(sale, now, width=width, lang=_one(lang), product=product)


def _one(lang: str) -> str:
    """lang "both" (a layer setting for spec sheets) shows cards and countdowns in Chinese."""
    return "zh" if lang == "both" else lang


OVERLAY_KINDS: dict[str, OverlayKind] = {
    "card": OverlayKind(
        QT_TRANSLATE_NOOP("SourceSettings", "card"),
        QT_TRANSLATE_NOOP("ProductsPanel", "Product card"),
        (0.58, 0.33),
        _card,
    ),
    "spec": OverlayKind(
        QT_TRANSLATE_NOOP("SourceSettings", "spec"),
        QT_TRANSLATE_NOOP("ProductsPanel", "Spec sheet"),
        (0.7, 0.4),
        _spec,
    ),
    "countdown": OverlayKind(
        QT_TRANSLATE_NOOP("SourceSettings", "countdown"),
        QT_TRANSLATE_NOOP("ProductsPanel", "Flash sale countdown"),
        (0.42, 0.25),
        _countdown,
        needs_sale=True,
    ),
}
KINDS = tuple(OVERLAY_KINDS)
DEFAULT_KIND = "card"


def product_kind(kind: str) -> OverlayKind:
    """The declaration of `kind`; ValueError naming the known ones for any other."""
    found = OVERLAY_KINDS.get(kind)
    if found is None:
        raise ValueError(f"unknown overlay kind {kind!r} ({', '.join(OVERLAY_KINDS)})")
    return found


def render_kind(
    kind: str,
    product: Product,
    *,
    width: int,
    lang: str = "zh",
    sale: FlashSale | None = None,
    now: float = 0.0,
    explaining: bool = False,
) -> np.ndarray:
    """The layer `kind` for `product`: what `studio overlay render` and the engine both call.
    countdown without a `sale`: a 60 s sale of the product's stock (100 when untracked) running
    since `now`. lang "both" (a layer setting for spec sheets) shows cards and countdowns in
    Chinese."""
    return product_kind(kind).draw(product, width, lang, sale, now, explaining)
