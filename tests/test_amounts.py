"""Prices and stock as merchants type them (studio.commerce.amounts): what the window's fields and
table cells take, and that the catalog import takes exactly the same values."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from studio.commerce.amounts import (
    DOLLARS,
    AmountError,
    parse_price,
    parse_stock,
    price_text,
    read_amount,
)
from studio.commerce.catalog import load_catalog


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("19.90", "19.90"),  # the digits as typed: ¥19.90, not ¥19.9
        ("¥1,299", "1299"),
        (" 59 元", "59"),
        ("￥９９", "99"),  # full-width, as a Chinese input method types it
        ("US$ 2.10", "2.10"),
        ("12.5 USD", "12.5"),
        ("1，299.00", "1299.00"),  # a full-width comma
        ("¥99/件", "99"),
        ("0", "0"),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_price_reads_what_merchants_type(typed: str, price: str | None):
    found = parse_price(typed)
    assert found == (None if price is None else Decimal(price))
    if found is not None:
        assert str(found) == price
        assert parse_price(price_text(found)) == found


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "number"),
        ("2 99", "number"),  # a space inside a number is a typo, never 299
        ("12,34", "number"),
        ("1.2.3", "number"),
        ("$5元", "number"),  # two currencies
        ("¥", "number"),
        ("99~129", "number"),  # one product, one price: ranges are for imported catalogs
        ("1e3", "number"),
        ("-5", "negative"),
        ("¥-5", "negative"),
        ("1000000000", "too_large"),
        ("¥1,000,000,000", "too_large"),
    ],
)
def test_parse_price_refuses_with_a_reason(typed: str, code: str):
    with pytest.raises(AmountError) as raised:
        parse_price(typed)
    assert raised.value.code == code
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("typed", "stock"),
    [("120", 120), ("1,200", 1200), ("20件", 20), ("5 pcs", 5), ("7.0", 7), ("０", 0), ("", None)],
)
def test_parse_stock_reads_what_merchants_type(typed: str, stock: int | None):
    assert parse_stock(typed) == stock


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("2.5", "whole"),
        ("abc", "whole"),
        ("1 200", "whole"),
        ("-2", "negative"),
        ("1,000,000,000", "too_large"),
    ],
)
def test_parse_stock_refuses_with_a_reason(typed: str, code: str):
    with pytest.raises(AmountError) as raised:
        parse_stock(typed)
    assert raised.value.code == code


def test_read_amount_says_the_currency_and_keeps_the_sign():
    assert read_amount("$3.50") == (Decimal("3.50"), DOLLARS)
    assert read_amount("12.5 usd") == (Decimal("12.5"), ("USD",))
    assert read_amount("-¥5") == (Decimal(-5), ("CNY", "JPY"))
    assert read_amount("99") == (Decimal(99), None)


# The import's row codes for the window's reasons.
IMPORT_CODES = {
    "price": {"number": "bad_price", "negative": "negative_price", "too_large": "too_large"},
    "stock": {"whole": "bad_stock", "negative": "negative_stock", "too_large": "too_large"},
}


@pytest.mark.parametrize(
    ("column", "written"),
    [
        *[
            ("price", w)
            for w in ("19.90", "¥1,299", "59 元", "￥９９", "abc", "2 99", "12,34", "$5元")
        ],
        *[("price", w) for w in ("-5", "¥-5", "1000000000", "1e3")],
        *[("stock", w) for w in ("1,200", "20件", "7.0", "2.5", "1 200", "-2", "1000000000")],
    ],
)
def test_the_import_takes_what_the_window_takes(tmp_path: Path, column: str, written: str):
    path = tmp_path / "c.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["name", column], ["Cap", written]])
    catalog = load_catalog(path)
    parse = parse_price if column == "price" else parse_stock
    try:
        typed = parse(written)
    except AmountError as exc:
        assert catalog.products == []
        assert [(p.field, p.code) for p in catalog.rejected] == [
            (column, IMPORT_CODES[column][exc.code])
        ]
    else:
        (cap,) = catalog.products
        assert getattr(cap, column) == typed


def test_a_price_too_large_to_be_real_rejects_its_imported_row(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("名称,价格\n帽子,10000000000\n围巾,99\n", encoding="utf-8")
    catalog = load_catalog(path)
    assert [p.name for p in catalog.products] == ["围巾"]
    (problem,) = catalog.rejected
    assert problem.describe() == "line 2: price is too large: 10000000000"
    assert problem.describe("zh") == "第 2 行：价格过大：10000000000"
