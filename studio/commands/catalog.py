"""`studio catalog check FILE [--json]`: what a catalog file imports as, before going live.

Prints each product found (id, name, price, sale price, stock), then each rejected row and each
warning with its row number (as Excel shows it; "item N" in JSON). Exit 0 when at least one
product imports, 1 (EXIT_FAILED) when none does; a file that is no catalog at all (missing,
empty, binary, no name column...) is one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any

from studio.commands.outcome import EXIT_FAILED, EXIT_OK, UserError
from studio.commerce.catalog import CatalogError, CatalogImport, RowProblem
from studio.commerce.import_worker import read_catalog
from studio.commerce.product import Product, format_money

WIDTHS = (20, 30, 14, 19, 16)  # most display columns a cell takes; --json has it all


def run_catalog(args: argparse.Namespace) -> int:
    try:
        # As the window reads it: in a worker process, so a file that aborts the reader is a
        # message here too (exit 2), not a crash.
        catalog = read_catalog(args.file)
    except CatalogError as exc:
        raise UserError(exc.message("en")) from None
    if args.json:
        _say(json.dumps(_as_json(args.file, catalog), ensure_ascii=False, indent=2))
    else:
        _print_report(args.file, catalog)
    return EXIT_OK if catalog.products else EXIT_FAILED


def _as_json(file: str, catalog: CatalogImport) -> dict[str, Any]:
    return {
        "file": str(file),
        "format": catalog.format,
        "encoding": catalog.encoding,
        "products": [p.to_dict() for p in catalog.products],
        "rejected": [_problem_json(p) for p in catalog.rejected],
        "warnings": [_problem_json(p) for p in catalog.warnings],
    }


def _problem_json(problem: RowProblem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "field": problem.field,
        "code": problem.code,
        "reason": problem.message("en"),
    }


def _print_report(file: str, catalog: CatalogImport) -> None:
    how = catalog.format.upper() + (f", {catalog.encoding}" if catalog.encoding else "")
    rejected, warnings = catalog.rejected, catalog.warnings
    _say(
        f"{file} ({how}): {_count(len(catalog.products), 'product')}, "
        f"{_count(len(rejected), 'rejected row')}, {_count(len(warnings), 'warning')}"
    )
    if catalog.products:
        for line in _product_lines(catalog.products):
            _say("  " + line)
    else:
        _say("no products imported")
    for title, problems in (("rejected", rejected), ("warnings", warnings)):
        if problems:
            _say(f"{title}:")
            for problem in problems:
                _say(f"  {problem.describe('en')}")


def _product_lines(products: list[Product]) -> list[str]:
    """One line a product, in columns: id, name, price, sale price, stock."""
    rows = [
        (
            product.id,
            product.name,
            format_money(product.price, product.currency) or "-",
            "sale " + (format_money(product.sale_price, product.currency) or "-"),
            "stock " + ("-" if product.stock is None else str(product.stock)),
        )
        for product in products
    ]
    widths = [min(max(_width(row[i]) for row in rows), limit) for i, limit in enumerate(WIDTHS)]
    return [
        "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def _say(line: str) -> None:
    """print, but a console that cannot show a character (¥ on a GBK one) gets "?" for it
    rather than a traceback."""
    try:
        print(line)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        print(line.encode(encoding, "replace").decode(encoding))


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Cut to `width` columns (with "…") and pad to it, so the prices line up."""
    if _width(text) > width:
        kept, used = [], 0
        for ch in text:
            used += _width(ch)
            if used > width - 1:
                break
            kept.append(ch)
        text = "".join(kept) + "…"
    return text + " " * (width - _width(text))
