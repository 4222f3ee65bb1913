"""Prices and stock counts as merchants write them: "¥1,299.00", "59 元", "US$2.10/pc", "1,200件".

One reading for every place they come from: the catalog import (`studio.commerce.catalog`, which
adds spreadsheet number cells, price ranges and currency columns on top) and the window's product
fields and table cells. A value one of them takes, the other takes too.

Text is compared after NFKC (￥ -> ¥, full-width digits and commas -> ASCII), in lower case and
without white space, except that white space inside a number is a typo ("2 99"), never 299.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple, TypeVar

MAX_AMOUNT = Decimal(1_000_000_000)  # a price or a stock this big is a typo, not a product
# A number written with more characters than this is never read as one: Decimal and int take
# time and memory by the digit (and int() refuses over 4,300 digits with a ValueError).
MAX_NUMBER_CHARS = 40
MAX_DECIMALS = 20  # 0.000...01 is a typo too

DOLLARS = ("USD", "HKD", "CAD", "AUD", "SGD", "NZD", "TWD")  # a bare "$" fits any of them
# Currency words and symbols -> the currencies they can mean (the first when nothing else says).
CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "us$": ("USD",), "hk$": ("HKD",), "usd": ("USD",), "rmb": ("CNY",), "cny": ("CNY",),
    "eur": ("EUR",), "gbp": ("GBP",), "hkd": ("HKD",), "jpy": ("JPY",), "人民币": ("CNY",),
    "美元": ("USD",), "美金": ("USD",), "欧元": ("EUR",), "港币": ("HKD",), "港元": ("HKD",),
    "日元": ("JPY",), "英镑": ("GBP",), "元": ("CNY",), "¥": ("CNY", "JPY"), "$": DOLLARS,
    "€": ("EUR",), "£": ("GBP",),
}  # fmt: skip
_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
CURRENCY_ANYWHERE = re.compile(_WORDS)
# One amount: a sign, a currency before or after the number, "/件" or "/pcs" after it, and
# "起" (from): "-¥5", "¥-5", "1,299.00元", "US$2.10/pc", "¥99/件起".
_AMOUNT = re.compile(
    rf"(?P<sign>[-−])?(?P<before>{_WORDS})?(?P<sign2>[-−])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)"
    rf"(?P<after>{_WORDS})?"
    r"(?:/(?:件|个|套|双|只|台|箱|盒|pc|pcs|piece|pieces|unit|units|pair|pairs|set|sets))?起?"
)
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_COUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?")  # "7.0" pieces is 7
_STOCK_UNIT = re.compile(r"(?:件|个|套|双|只|台|箱|盒|pcs|pc|pieces|units?|sets?)$")
_MINUS = ("-", "−")
_SPLIT_NUMBER = re.compile(r"\d\s+\d")

Number = TypeVar("Number", Decimal, int)


class AmountError(ValueError):
    """Not a price or a stock: `code` is "number" (no amount), "whole" (no whole number of
    pieces), "negative" or "too_large"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Amount(NamedTuple):
    value: Decimal  # signed: whether a negative one is allowed is the caller's to say
    currencies: tuple[str, ...] | None = None  # what a currency word or symbol in it allows


def squeeze(text: str) -> str | None:
    """`text` as it is matched (see the module's docstring); None when white space splits a
    number."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _SPLIT_NUMBER.search(text):
        return None
    return "".join(text.split())


def read_amount(text: str) -> Amount:
    """One amount ("¥1,299.00", "1299元", "US$2.10/pc", "-5") and the currencies it names.
    AmountError("number") for anything else, a range ("99~129") too."""
    if _PLAIN_NUMBER.fullmatch(text):  # most cells: "99", "19.90"
        return Amount(Decimal(_bounded(text)))
    squeezed = squeeze(text)
    found = _AMOUNT.fullmatch(squeezed) if squeezed is not None else None
    if not found or (found["sign"] and found["sign2"]):
        raise AmountError("number")
    said = [CURRENCY_WORDS[w] for w in (found["before"], found["after"]) if w]
    if len(said) == 2 and not set(said[0]) & set(said[1]):  # "$5元"
        raise AmountError("number")
    amount = Decimal(_bounded(found["number"].replace(",", "")))
    negative = found["sign"] or found["sign2"]
    return Amount(-amount if negative else amount, said[0] if said else None)


def read_count(text: str) -> int:
    """A number of pieces ("120", "1,200", "20件", "5 pcs", "7.0", "-2"), signed.
    AmountError("whole") for anything else ("2.5", "abc")."""
    if text.isascii() and text.isdigit():  # most cells
        return int(_bounded(text))
    squeezed = squeeze(text)
    if squeezed is None:
        raise AmountError("whole")
    squeezed = _STOCK_UNIT.sub("", squeezed, count=1)
    negative = squeezed.startswith(_MINUS)
    squeezed = squeezed[1:] if negative else squeezed
    if not _COUNT.fullmatch(squeezed):
        raise AmountError("whole")
    count = int(Decimal(_bounded(squeezed.replace(",", ""))))
    return -count if negative else count


def _bounded(number: str) -> str:
    """`number` (ASCII digits, perhaps a point) when it is short enough to read; AmountError
    ("too_large" for many whole digits, else "number") before Decimal or int sees it."""
    if len(number) <= MAX_NUMBER_CHARS:
        return number
    whole = number.partition(".")[0].lstrip("0")
    raise AmountError("too_large" if len(whole) > len(str(MAX_AMOUNT)) else "number")


def check_decimal(value: Decimal) -> Decimal:
    """A Decimal from elsewhere (a JSON number, a saved profile): AmountError("number") for NaN,
    sNaN, Infinity and absurdly many decimals, ("too_large") for a huge exponent. Comparing an
    sNaN raises InvalidOperation, so this comes before any comparison."""
    if not value.is_finite():
        raise AmountError("number")
    if value.adjusted() >= len(str(MAX_AMOUNT)):
        raise AmountError("too_large")
    if value.adjusted() < -MAX_DECIMALS and value:
        raise AmountError("number")
    return value


def check_amount(value: Number) -> Number:
    """`value` when it can be a price or a stock; AmountError("negative") or ("too_large")."""
    if isinstance(value, Decimal):
        check_decimal(value)
    if value < 0:
        raise AmountError("negative")
    if value >= MAX_AMOUNT:
        raise AmountError("too_large")
    return value


def parse_price(text: str) -> Decimal | None:
    """A price typed by the merchant ("19.90", "¥1,299", " 59 元"); blank is no price.
    AmountError otherwise (a range too: one product, one price)."""
    return check_amount(read_amount(text).value) if text.strip() else None


def parse_stock(text: str) -> int | None:
    """A stock typed by the merchant ("120", "1,200", "20件"); blank is not tracked.
    AmountError otherwise."""
    return check_amount(read_count(text)) if text.strip() else None


def price_text(amount: Decimal | None) -> str:
    """What `parse_price` reads back as `amount` ("19.90"; "" for none): an editor's start."""
    return "" if amount is None else str(amount)
