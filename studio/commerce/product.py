"""A product as the merchant sells it: what the catalog holds and the on-screen layers show.

Money is Decimal (a price of 19.90 stays 19.90, never 19.899999); amounts are in `currency`.
Products are saved with the profile as plain dicts (`to_dict` / `from_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from studio.commerce.amounts import MAX_NUMBER_CHARS, AmountError, check_decimal
from studio.records import check_record

DEFAULT_CURRENCY = "CNY"
CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


@dataclass(frozen=True)
class Product:
    id: str  # the row id from the catalog (or made up when it has none); unique in a catalog
    name: str
    price: Decimal | None = None  # list price (原价)
    sale_price: Decimal | None = None  # the price the buyer pays today (到手价)
    currency: str = DEFAULT_CURRENCY
    stock: int | None = None  # None: not tracked
    variants: tuple[str, ...] = ()  # 规格/颜色/尺码
    # (variant, language, its name there) from a catalog's translated columns ("颜色(英文)"):
    # how answers to foreign buyers name the variants
    variant_names: tuple[tuple[str, str, str], ...] = ()
    image: str = ""  # a file path
    link: str = ""  # the product page; the card's QR code points here
    selling_points: tuple[str, ...] = ()
    # B2B
    moq: str = ""  # minimum order quantity, as written ("500 pcs")
    lead_time: str = ""  # "15-20 days"
    certifications: tuple[str, ...] = ()
    fob_price: Decimal | None = None
    fob_currency: str = "USD"

    @property
    def shown_price(self) -> Decimal | None:
        """The price the buyer pays: the sale price when there is one."""
        return self.sale_price if self.sale_price is not None else self.price

    def variant_name(self, variant: str, lang: str) -> str:
        """How a variant is named to a buyer writing `lang`: the catalog's translation into
        it, else its English one (for a buyer in another foreign language), else as written."""
        if lang == "zh" or not self.variant_names:
            return variant
        english = ""
        for original, where, name in self.variant_names:
            if original == variant:
                if where == lang:
                    return name
                if where == "en":
                    english = name
        return english or variant

    @property
    def on_sale(self) -> bool:
        return (
            self.sale_price is not None and self.price is not None and self.sale_price < self.price
        )

    def with_changes(self, **changes: Any) -> Product:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in PRODUCT_FIELDS:  # a profile of 100,000 products calls this as many times
            value = getattr(self, name)
            if value is None or value == "" or value == ():
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Product:
        """The inverse of to_dict; ValueError (English) for a value of the wrong kind."""
        if not isinstance(d, dict) or not d.keys() <= _FIELD_SET:
            check_record(d, cls, "product")  # its message says what is wrong
        values: dict[str, Any] = {}
        for name, value in d.items():
            if name in _AMOUNT_FIELDS:
                values[name] = decimal_field(value, name)
            elif name == "variant_names":
                values[name] = _variant_names(value)
            elif name in _LIST_FIELDS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{name} must be a list of texts")
                values[name] = tuple(value)
            elif name == "stock":
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                    raise ValueError("stock must be a whole number")
                values[name] = value
            else:
                if not isinstance(value, str):
                    raise ValueError(f"{name} must be a text")
                values[name] = value
        if not values.get("id") or not values.get("name"):
            raise ValueError("a product needs an id and a name")
        return cls(**values)


def _variant_names(value: Any) -> tuple[tuple[str, str, str], ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, list | tuple) and len(item) == 3 and all(isinstance(v, str) for v in item)
        for item in value
    ):
        raise ValueError("variant_names must be a list of [variant, language, name]")
    return tuple((a, b, c) for a, b, c in value)


def decimal_field(value: Any, name: str) -> Decimal | None:
    """A saved amount: NaN, sNaN, Infinity and numbers of hundreds of digits are refused (an
    sNaN raises on the first comparison, deep in a frame being drawn)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"{name} must be a number")
    text = str(value) if not isinstance(value, int) or abs(value) < 10**MAX_NUMBER_CHARS else ""
    if not text or len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"{name} must be a number of at most {MAX_NUMBER_CHARS} characters")
    try:
        return check_decimal(Decimal(text))
    except (InvalidOperation, AmountError):
        raise ValueError(f"{name} must be a number") from None


def format_money(amount: Decimal | None, currency: str = DEFAULT_CURRENCY) -> str:
    """¥1,299 / ¥19.90 / $3.50: no trailing .00, otherwise two decimals."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper() + " ")
    if amount == amount.to_integral_value():
        text = f"{int(amount):,}"
    else:
        text = f"{amount.quantize(Decimal('0.01')):,}"
    return f"{symbol}{text}"


PRODUCT_FIELDS = tuple(f.name for f in fields(Product))
_FIELD_SET = frozenset(PRODUCT_FIELDS)
_AMOUNT_FIELDS = frozenset({"price", "sale_price", "fob_price"})
_LIST_FIELDS = frozenset({"variants", "selling_points", "certifications"})
