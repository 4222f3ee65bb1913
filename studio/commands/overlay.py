"""`studio overlay render`: one product's card, spec sheet or countdown alone, as an RGBA PNG.

The same drawing the stream uses (`render_kind`), at the width the layer gets on the canvas asked
for, so what is checked here is what viewers see. Every problem is one line (UserError, exit 2):
a catalog that cannot be read, a product not in it, an output that cannot be written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studio.commands.outcome import EXIT_OK, UserError

if TYPE_CHECKING:
    from studio.commerce.product import Product

COUNTDOWN_S = 60  # the countdown is shown running, at its full duration
COUNTDOWN_QUANTITY = 100  # pieces when the product's stock is not tracked
EXAMPLES = 3  # product ids quoted when the asked one is not there


def run_overlay(args: argparse.Namespace) -> int:
    from studio.commands.effects import check_output, write_image
    from studio.commerce.catalog import CatalogError
    from studio.commerce.flash_sale import FlashSale
    from studio.commerce.import_worker import read_catalog
    from studio.commerce.overlay_kinds import render_kind
    from studio.commerce.source import auto_width

    kind = getattr(args, "kind", None) or "card"
    canvas = tuple(getattr(args, "canvas", None) or (720, 1280))
    lang = getattr(args, "lang", None) or "zh"
    out = Path(args.out).expanduser()
    check_output(out, "--out", "the layer is drawn over the stream with transparency")

    try:
        catalog = read_catalog(args.catalog)  # in a worker process
    except CatalogError as exc:
        raise UserError(str(exc)) from None
    product = find_product(catalog.products, args.product)
    if product is None:
        raise UserError(_not_found(args.product, args.catalog, catalog.products))

    width = auto_width(kind, (int(canvas[0]), int(canvas[1])))
    sale = None
    if kind == "countdown":
        quantity = product.stock if product.stock and product.stock > 0 else COUNTDOWN_QUANTITY
        sale = FlashSale(COUNTDOWN_S, quantity, product.id).start(0.0)
    try:
        image = render_kind(kind, product, width=width, lang=lang, sale=sale, now=0.0)
    except ValueError as exc:  # a kind or language the parser would have refused
        raise UserError(str(exc)) from None
    write_image(out, image)
    height, width = image.shape[:2]
    print(f"{out} ({width}x{height}, {kind} of {product.id}: {product.name})")
    return EXIT_OK


def find_product(products: Sequence[Product], key: str) -> Product | None:
    """By row id, else by exact name, else by name ignoring case (the first match)."""
    key = key.strip()
    for match in (
        lambda p: p.id == key,
        lambda p: p.name == key,
        lambda p: p.name.strip().casefold() == key.casefold(),
    ):
        found = next((p for p in products if match(p)), None)
        if found is not None:
            return found
    return None


def _not_found(key: str, catalog: str, products: Sequence[Product]) -> str:
    if not products:
        return f"no product {key!r} in {catalog} (it has no products)"
    examples = ", ".join(p.id for p in products[:EXAMPLES])
    count = f"{len(products)} product{'s' if len(products) != 1 else ''}"
    return f"no product {key!r} in {catalog} ({count}; e.g. {examples})"
