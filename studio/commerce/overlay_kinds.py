"""The product layer's kinds by name (card, spec sheet, countdown) and the one entry point that
draws any of them: what `studio overlay render`, the product source and the products panel call.

It sits above both overlays.py (card, spec sheet and the drawing helpers) and flash_sale.py
(the countdown, drawn with those helpers), so neither has to import the other back.
"""

from __future__ import annotations

import numpy as np

from studio.commerce.flash_sale import FlashSale, render_countdown
from studio.commerce.overlays import render_card, render_spec_sheet
from studio.commerce.product import Product

KINDS = ("card", "spec", "countdown")


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
    one_lang = "zh" if lang == "both" else lang
    if kind == "card":
        return render_card(product, width=width, lang=one_lang, explaining=explaining)
    if kind == "spec":
        return render_spec_sheet(product, width=width, lang=lang)
    if kind == "countdown":
        if sale is None:
            quantity = product.stock if product.stock and product.stock > 0 else 100
            sale = FlashSale(60, quantity, product.id).start(now)
        return render_countdown(sale, now, width=width, lang=one_lang, product=product)
    raise ValueError(f"unknown overlay kind {kind!r} ({', '.join(KINDS)})")
