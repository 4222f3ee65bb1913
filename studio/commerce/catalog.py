"""The merchant's product catalog, imported from the spreadsheet they already keep.

Formats: CSV (UTF-8 with or without BOM, GBK/GB18030 as Excel in China saves it, the UTF-16
"Unicode text" Excel also writes; comma, tab or semicolon separated), XLSX (the first sheet)
and JSON (a list of products, or {"products": [...]}). Headers may be Chinese or English, with
the usual aliases ("商品名称", "到手价", "*Product Name", "Price (USD)"...): see `ALIASES`.

Every row either becomes a Product or is reported in `CatalogImport.problems`, by the row
number the merchant sees in Excel (the header row is usually 1, the first product 2; a blank
line still counts as a row; a cell holding line breaks is still one row, so in a text editor
the numbers drift after such a cell). JSON items are numbered from 1 ("item 3").
Rules, chosen so nothing goes missing unnoticed:
- fully empty rows are skipped without a report: they are spacing, not products; rows above
  the header (a title such as "双十一商品清单") are skipped too;
- a row is rejected, with every reason it has: no name, a price or stock that is not a
  number, a negative one, one of a billion or more, contradicting currencies, an id already used
  by an earlier row (prices and stock are read as the window reads them: `amounts`);
- a row is imported with a warning for: a price range ("2.1-2.5", "99~129": its lowest price
  is used, as B2B listings show "from US$2.10"), a sale price above the list price, no price at
  all, an image file that is not there or is a web address; columns that are not imported and
  columns repeating another (the first one is used) are warned about on the header row;
- a row without an id gets one from its row number ("row-12"; "item-3" in JSON).
Problems read in English or Chinese: `RowProblem.message(lang)`, `CatalogError.message(lang)`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import statistics
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from studio.commerce.amounts import (
    CURRENCY_ANYWHERE,
    CURRENCY_WORDS,
    AmountError,
    check_amount,
    read_amount,
    read_count,
    squeeze,
)
from studio.commerce.product import Product

HEADER_SEARCH_ROWS = 20  # the header may sit below a title row or two
DETAIL_CHARS = 60  # a value quoted in a message is cut to this

# Product field -> the column names merchants use for it. Matched without case, spaces, "_",
# "-", "*", ":" and anything in brackets ("商品名称（必填）", "Price (USD)").
ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "编号", "商品id", "商品编号", "商品编码", "货号", "款号", "sku", "sku编码",
        "product id", "item id", "item no",
    ),
    "name": (
        "name", "商品名称", "名称", "品名", "标题", "商品标题", "商品名", "产品名称", "宝贝名称",
        "宝贝标题", "product", "product name", "title", "item name",
    ),
    "price": (
        "price", "价格", "原价", "售价", "标价", "零售价", "吊牌价", "划线价", "市场价",
        "list price", "original price", "retail price", "regular price",
    ),
    "sale_price": (
        "sale price", "到手价", "促销价", "活动价", "直播价", "券后价", "秒杀价", "折扣价",
        "优惠价", "promo price", "promotion price", "deal price", "live price", "discount price",
    ),
    "stock": ("stock", "库存", "库存数量", "可售库存", "数量", "inventory", "qty", "quantity"),
    "variants": (
        "variants", "variant", "规格", "颜色", "尺码", "款式", "颜色分类", "size", "color",
        "colour", "style",
    ),
    "image": ("image", "图片", "主图", "商品图片", "图片路径", "picture", "photo", "image path"),
    "link": ("link", "链接", "商品链接", "url", "product link", "product url"),
    "selling_points": (
        "selling points", "卖点", "亮点", "商品卖点", "产品卖点", "highlights", "features",
    ),
    "moq": ("moq", "起订量", "最小起订量", "minimum order", "min order"),
    "lead_time": ("lead time", "交期", "交货期", "delivery time"),
    "certifications": ("certifications", "认证", "证书", "certification", "certificates"),
    "fob_price": ("fob price", "fob价", "fob价格", "fob"),
    "currency": ("currency", "币种", "货币"),
    "fob_currency": ("fob currency", "fob币种"),
}  # fmt: skip

LIST_FIELDS = ("variants", "selling_points", "certifications")  # several columns merge
MONEY_FIELDS = ("price", "sale_price", "fob_price")
# The currency field -> the amounts it is the currency of.
CURRENCY_OF = {"currency": ("price", "sale_price"), "fob_currency": ("fob_price",)}

# What each field is called in messages and in an exported CSV's header.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "id": "id", "name": "name", "price": "price", "sale_price": "sale price",
        "currency": "currency", "stock": "stock", "variants": "variants", "image": "image",
        "link": "link", "selling_points": "selling points", "moq": "MOQ",
        "lead_time": "lead time", "certifications": "certifications", "fob_price": "FOB price",
        "fob_currency": "FOB currency",
    },
    "zh": {
        "id": "编号", "name": "商品名称", "price": "价格", "sale_price": "到手价",
        "currency": "币种", "stock": "库存", "variants": "规格", "image": "图片", "link": "链接",
        "selling_points": "卖点", "moq": "起订量", "lead_time": "交期", "certifications": "认证",
        "fob_price": "FOB价", "fob_currency": "FOB币种",
    },
}  # fmt: skip

# Row problems: {field} is the field's label, {value} the value as written, {other} what it is
# compared with, {other_where} "line N"/"第 N 行" for {other} as a row number.
ROW_MESSAGES: dict[str, dict[str, str]] = {
    "missing_name": {"en": "no product name", "zh": "缺少商品名称"},
    "bad_price": {"en": "{field} is not a number: {value}", "zh": "{field}不是数字：{value}"},
    "negative_price": {"en": "{field} is negative: {value}", "zh": "{field}是负数：{value}"},
    "bad_stock": {"en": "stock is not a whole number: {value}", "zh": "库存不是整数：{value}"},
    "negative_stock": {"en": "stock is negative: {value}", "zh": "库存是负数：{value}"},
    "too_large": {"en": "{field} is too large: {value}", "zh": "{field}过大：{value}"},
    "bad_currency": {"en": "unknown currency: {value}", "zh": "无法识别的币种：{value}"},
    "currency_conflict": {
        "en": "{field} in different currencies: {value}",
        "zh": "{field}的币种互相矛盾：{value}",
    },
    "duplicate_id": {
        "en": "id {value} is already used on {other_where}",
        "zh": "编号 {value} 与{other_where}重复",
    },
    "bad_value": {
        "en": "{field} must be a text or a number: {value}",
        "zh": "{field}应为文字或数字：{value}",
    },
    "not_an_object": {"en": "not a product (an object): {value}", "zh": "不是商品对象：{value}"},
    # warnings: the product is imported
    "price_range": {
        "en": "{field} is a range ({value}): the lowest, {other}, is used",
        "zh": "{field}是区间（{value}），按最低价 {other} 导入",
    },
    "sale_above_price": {
        "en": "sale price {value} is higher than the price {other}",
        "zh": "到手价 {value} 高于原价 {other}",
    },
    "no_price": {"en": "no price: none is shown", "zh": "没有价格：将不显示价格"},
    "image_not_found": {"en": "image file not found: {value}", "zh": "找不到图片文件：{value}"},
    "image_url": {
        "en": "image is a web address, not a file: download it and give its path: {value}",
        "zh": "图片是网址而不是文件：请下载后填写文件路径：{value}",
    },
    "unused_column": {
        "en": "column not imported (not a known name): {value}",
        "zh": "未导入的列（无法识别的列名）：{value}",
    },
    "duplicate_column": {
        "en": "column {value} is another {field} column: only {other} is used",
        "zh": "列“{value}”与“{other}”都是{field}：只使用“{other}”",
    },
}

# Whole-file problems (CatalogError): {detail} says more.
FILE_MESSAGES: dict[str, dict[str, str]] = {
    "not_found": {"en": "file not found", "zh": "找不到文件"},
    "not_a_file": {"en": "not a file", "zh": "不是文件"},
    "unreadable": {"en": "cannot read the file: {detail}", "zh": "无法读取文件：{detail}"},
    "unsupported": {
        "en": "unsupported file type {detail}: use CSV, XLSX or JSON",
        "zh": "不支持的文件类型 {detail}：请使用 CSV、XLSX 或 JSON",
    },
    "old_excel": {
        "en": "a password-protected or damaged Excel workbook: save it as .xlsx (without a "
        "password) or CSV",
        "zh": "有密码保护或已损坏的 Excel 工作簿：请另存为无密码的 .xlsx 或 CSV",
    },
    "empty": {"en": "the file is empty", "zh": "文件是空的"},
    "not_text": {
        "en": "not a table: binary data, not text",
        "zh": "不是表格：文件是二进制数据而不是文本",
    },
    "bad_table": {"en": "not a readable table: {detail}", "zh": "无法读取表格：{detail}"},
    "bad_xlsx": {
        "en": "not a readable Excel file: {detail}",
        "zh": "无法读取的 Excel 文件：{detail}",
    },
    "bad_json": {"en": "not valid JSON: {detail}", "zh": "JSON 格式错误：{detail}"},
    "json_shape": {
        "en": 'JSON must be a list of products or {{"products": [...]}}',
        "zh": 'JSON 应为商品列表或 {{"products": [...]}}',
    },
    "no_name_column": {
        "en": "no product name column (such as 商品名称 or name); first row: {detail}",
        "zh": "没有商品名称列（如“商品名称”或“name”）；第一行：{detail}",
    },
}

ProblemKind = Literal["rejected", "warning"]


def _lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


def _cut(text: str) -> str:
    text = " ".join(text.split())  # one line
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"


class CatalogError(Exception):
    """The file as a whole cannot be imported. str() is one English line naming the file."""

    def __init__(self, code: str, path: str | Path, detail: str = "") -> None:
        self.code = code
        self.path = str(path)
        self.detail = _cut(detail)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        text = FILE_MESSAGES[self.code][_lang(lang)].format(detail=self.detail)
        return f"{self.path}: {text}"


@dataclass(frozen=True)
class RowProblem:
    """Why a row was rejected, or what to check in an imported one."""

    line: int  # the row number in Excel (header = 1), or the item number in JSON
    field: str  # a Product field, "" for the whole row
    code: str  # a key of ROW_MESSAGES
    detail: str = ""  # the value as written
    kind: ProblemKind = "rejected"
    other: str = ""  # what the value is compared with (the price, the first row with this id)
    unit: Literal["line", "item"] = "line"

    def where(self, lang: str = "en", line: int | None = None) -> str:
        """ "line 5" / "第 5 行" (JSON: "item 5" / "第 5 项")."""
        n = self.line if line is None else line
        if _lang(lang) == "zh":
            return f"第 {n} {'行' if self.unit == 'line' else '项'}"
        return f"{self.unit} {n}"

    def message(self, lang: str = "en") -> str:
        """The reason alone, in English or Chinese ("zh")."""
        lang = _lang(lang)
        other_where = self.where(lang, int(self.other)) if self.other.isdigit() else self.other
        return ROW_MESSAGES[self.code][lang].format(
            field=FIELD_LABELS[lang].get(self.field, self.field),
            value=self.detail,
            other=self.other,
            other_where=other_where,
        )

    def describe(self, lang: str = "en") -> str:
        """ "line 5: price is not a number: abc"."""
        sep = "：" if _lang(lang) == "zh" else ": "
        return f"{self.where(lang)}{sep}{self.message(lang)}"

    @property
    def reason(self) -> str:
        return self.message("en")


@dataclass
class CatalogImport:
    path: Path
    format: str  # "csv", "xlsx" or "json"
    encoding: str | None  # how the text was read ("utf-8", "gb18030"...); None for XLSX
    products: list[Product] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # in row order

    @property
    def rejected(self) -> list[RowProblem]:
        return [p for p in self.problems if p.kind == "rejected"]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.kind == "warning"]


# --- reading the file -----------------------------------------------------------------------

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # .xls: back-ends often save CSV under that name
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx


def load_catalog(path: str | Path) -> CatalogImport:
    """Import the catalog at `path`. CatalogError for a file that is not a catalog at all;
    bad rows do not stop the import: they are in `problems`."""
    path = Path(path).expanduser()
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    folder = path.resolve().parent
    if data.startswith(OLE_MAGIC):  # an old .xls (or an encrypted workbook)
        return _Importer(path, "xls", None, folder).run_table(_excel_rows(data, path))
    if data.startswith(ZIP_MAGIC):  # an .xlsx, whatever it is named
        return _Importer(path, "xlsx", None, folder).run_table(_excel_rows(data, path))
    text, encoding = _decode(data, path)
    if suffix == ".json":
        items = _json_items(text, path)
        return _Importer(path, "json", encoding, folder).run_json(items)
    return _Importer(path, "csv", encoding, folder).run_table(_csv_rows(text, path))


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise CatalogError("not_found", path)
    if not path.is_file():
        raise CatalogError("not_a_file", path)
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, *EXCEL_SUFFIXES, ".json"):
        raise CatalogError("unsupported", path, suffix or "(no extension)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError("unreadable", path, exc.strerror or str(exc)) from None
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise CatalogError("empty", path)
    return data


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding it was read with. Strict UTF-8 and GB18030 first: they are
    what merchants' files are, and charset-normalizer guesses poorly on a few short lines."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode text"
        try:
            return _checked_text(data.decode("utf-16"), path), "utf-16"
        except UnicodeDecodeError:
            raise CatalogError("not_text", path) from None
    if b"\x00" in data:
        raise CatalogError("not_text", path)
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 reads GBK too
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        return _checked_text(text, path), encoding
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CatalogError("not_text", path)
    return _checked_text(str(best), path), best.encoding


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _checked_text(text: str, path: Path) -> str:
    """Refuse text full of control characters: binary data some encoding happens to read."""
    allowed = max(2, len(text) // 200)
    if len(_CONTROLS.findall(text)) > allowed or text.count("\ufffd") > allowed:
        raise CatalogError("not_text", path)
    return text


def _csv_rows(text: str, path: Path) -> list[list[str]]:
    # newline=None: "\r\n", "\r" and "\n" all end a row; quoted cells keep their line breaks
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=_delimiter(text))
    try:
        return list(reader)
    except csv.Error as exc:
        raise CatalogError("bad_table", path, f"line {reader.line_num}: {exc}") from None


def _delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one on most of the first lines (a ";" inside some
    selling points does not win over a "," between every column)."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    counts = {d: statistics.median(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])  # ties: the first, the comma
    return best if counts[best] > 0 else ","


def _excel_rows(data: bytes, path: Path) -> list[tuple[Any, ...]]:
    """The first sheet's rows, every row there is (whatever size the file claims), empty cells
    as None. calamine (Rust) reads .xlsx and old .xls alike, 10,000 rows in about 0.15 s where
    openpyxl takes 2 s on workbooks that keep their texts inline."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise CatalogError("empty", path)
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CatalogError:
        raise
    except Exception as exc:  # a damaged zip, XML or OLE file: calamine's own error types
        if data.startswith(OLE_MAGIC):  # not a readable .xls: an encrypted workbook
            raise CatalogError("old_excel", path) from None
        raise CatalogError("bad_xlsx", path, str(exc) or type(exc).__name__) from None
    return [tuple(None if cell == "" else cell for cell in row) for row in rows]


def _json_items(text: str, path: Path) -> list[Any]:
    try:
        data = json.loads(text, parse_float=Decimal)  # 19.90 stays 19.90
    except json.JSONDecodeError as exc:
        detail = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise CatalogError("bad_json", path, detail) from None
    except RecursionError:
        raise CatalogError("bad_json", path, "nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        return data["products"]
    if isinstance(data, list):
        return data
    raise CatalogError("json_shape", path)


# --- columns --------------------------------------------------------------------------------

_BRACKETED = re.compile(r"[(\[【{<《](.*?)[)\]】}>》]")
_HEADER_NOISE = re.compile(r"[\s*_\-:.#]+")


def _header_key(text: str) -> tuple[str, str]:
    """("商品名称（必填）" -> "商品名称", "必填"), ("Price (USD)" -> "price", "usd")."""
    text = unicodedata.normalize("NFKC", text).lower()  # full-width ( ) ： ＊ become ASCII
    hint = " ".join(_BRACKETED.findall(text))
    key = _HEADER_NOISE.sub("", _BRACKETED.sub("", text))
    return (key or _HEADER_NOISE.sub("", hint)), hint


_FIELD_BY_KEY = {_header_key(a)[0]: f for f, aliases in ALIASES.items() for a in aliases}
_FIELD_BY_KEY.update({_header_key(f)[0]: f for f in ALIASES})  # the field's own name


@dataclass(frozen=True)
class _Column:
    index: int
    field: str
    header: str
    currency_hint: tuple[str, ...] | None  # "价格(元)": the column's amounts are CNY


def _columns(cells: Sequence[Any]) -> list[_Column]:
    columns = []
    for index, cell in enumerate(cells):
        header = _text(cell)
        if header:
            key, hint = _header_key(header)
            found = _FIELD_BY_KEY.get(key, "")
            columns.append(_Column(index, found, header, _currency_in(hint) if hint else None))
    return columns


# --- values ---------------------------------------------------------------------------------

# Codes a currency column may hold besides CURRENCY_WORDS ("PCS" there is a slip, not money).
ISO_CURRENCIES = frozenset(
    {
        "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "MOP", "KRW", "SGD", "AUD", "CAD", "NZD",
        "CHF", "SEK", "NOK", "DKK", "RUB", "INR", "THB", "MYR", "IDR", "PHP", "VND", "BRL", "MXN",
        "AED", "SAR", "TRY", "ZAR", "PLN", "CZK", "HUF", "ILS",
    }
)  # fmt: skip
_RANGE = re.compile(r"^(.+?)(?:~|〜|–|—|至|到|-|to)(.+)$")
# AmountError codes -> ROW_MESSAGES codes
_PRICE_PROBLEMS = {"number": "bad_price", "negative": "negative_price", "too_large": "too_large"}
_STOCK_PROBLEMS = {"whole": "bad_stock", "negative": "negative_stock", "too_large": "too_large"}


class _Bad(Exception):
    """A value that rejects its row: `code` is a key of ROW_MESSAGES; `shown` what to quote
    instead of the value as written."""

    def __init__(self, code: str, shown: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.shown = shown


@dataclass(frozen=True)
class _Money:
    amount: Decimal
    currencies: tuple[str, ...] | None = None  # what a symbol in it allows
    is_range: bool = False  # "2.1-2.5": amount is the lowest


_FORMULA_SIGNS = ("=", "+", "-", "@")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as text: numbers as Excel shows them (10023, not 10023.0), dates as 2024-06-18."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # "'=..." is how a text starting with a formula sign is kept from Excel (our own export
        # writes it so): the apostrophe is not part of the text.
        return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_SIGNS else text
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(_float_amount(value).normalize())
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _float_amount(value: float) -> Decimal:
    """Excel stores binary floats: 19.9 can come back as 19.900000000000002. To cents when that
    close to them; otherwise 6 places, so a B2B unit price of 0.125 keeps its digits."""
    if value.is_integer():
        return Decimal(int(value))
    cents = round(value, 2)
    if math.isclose(value, cents, rel_tol=1e-12, abs_tol=1e-9):
        return Decimal(f"{cents:.2f}")
    return Decimal(repr(round(value, 6)))


def _currency_in(text: str) -> tuple[str, ...] | None:
    """The currency a header's note names: "元", "USD", "¥"..."""
    found = CURRENCY_ANYWHERE.search(text.replace(" ", ""))
    return CURRENCY_WORDS[found.group(0)] if found else None


def _money(value: Any) -> _Money:
    """A price cell, signed; AmountError("number") when it is none. Text is read as the window
    reads a typed price (`read_amount`), or as a range ("2.1-2.5": the lowest)."""
    if isinstance(value, bool):
        raise AmountError("number")
    if isinstance(value, int):
        return _Money(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError("number")
        return _Money(_float_amount(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError("number")
        return _Money(value)
    if not isinstance(value, str):
        raise AmountError("number")
    try:
        return _Money(*read_amount(value))
    except AmountError:
        text = squeeze(value)
        found = _RANGE.match(text) if text is not None else None
        if not found:
            raise
        low, high = read_amount(found.group(1)), read_amount(found.group(2))
        currencies = low.currencies or high.currencies
        if low.currencies and high.currencies and not set(low.currencies) & set(high.currencies):
            raise AmountError("number") from None
        return _Money(min(low.value, high.value), currencies, is_range=True)


def _stock(value: Any) -> int:
    """A stock cell, signed; AmountError("whole") when it is none. Text is read as the window
    reads a typed stock (`read_count`)."""
    if isinstance(value, bool):
        raise AmountError("whole")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if not math.isfinite(value) or value != int(value):  # 2.5 pieces
            raise AmountError("whole")
        return int(value)
    if isinstance(value, str):
        return read_count(value)
    raise AmountError("whole")


def _currency_code(value: Any) -> str:
    """The currency column: "CNY", "人民币", "$", "usd"... -> "CNY", "USD"."""
    text = "".join(unicodedata.normalize("NFKC", _text(value)).lower().split())
    if text in CURRENCY_WORDS:
        return CURRENCY_WORDS[text][0]
    if text.upper() in ISO_CURRENCIES:
        return text.upper()
    raise _Bad("bad_currency")


_LIST_SPLIT = re.compile(r"[,，/、;；|｜\r\n]+")
_POINT_SPLIT = re.compile(r"[;；|｜\r\n]+")
# "• ", "1. ", "2、" before a selling point; "1.5米" keeps its digits, "-20℃" its minus
_BULLET = re.compile(r"^(?:[•·●▪◆■]|[-*](?=\s)|\d{1,2}[.、)）](?!\d))\s*")


def _split(values: list[Any], field_name: str) -> tuple[str, ...]:
    items: list[str] = []
    for value in values:
        if isinstance(value, list):  # JSON: a list as it should be
            items.extend(_text(v) for v in value)
        elif field_name == "selling_points":
            items.extend(_BULLET.sub("", p.strip()) for p in _POINT_SPLIT.split(_text(value)))
        else:
            items.extend(p.strip() for p in _LIST_SPLIT.split(_text(value)))
    return tuple(dict.fromkeys(item for item in items if item))  # in order, once each


def _one_line(value: Any) -> str:
    """A name or id on one line; its own spacing (a full-width space too) kept."""
    text = _text(value)
    return _LINE_BREAKS.sub(" ", text) if "\n" in text or "\r" in text else text


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


# --- rows -----------------------------------------------------------------------------------


class _Importer:
    """Turns the rows of one file into products and problems."""

    def __init__(self, path: Path, fmt: str, encoding: str | None, folder: Path) -> None:
        self.result = CatalogImport(path=path, format=fmt, encoding=encoding)
        self.folder = folder
        self.unit: Literal["line", "item"] = "item" if fmt == "json" else "line"
        # written -> (path, warning code); catalogs reuse pictures
        self._images: dict[str, tuple[str, str | None]] = {}

    def run_table(self, rows: Sequence[Sequence[Any]]) -> CatalogImport:
        header_line, columns = self._find_header(rows)
        used: dict[str, _Column] = {}
        kept: list[_Column] = []
        for column in columns:
            if not column.field:
                self._warn(header_line, "", "unused_column", column.header)
            elif column.field in used and column.field not in LIST_FIELDS:
                first = used[column.field].header
                self._warn(header_line, column.field, "duplicate_column", column.header, first)
            else:
                used.setdefault(column.field, column)
                kept.append(column)
        hints = {c.field: c.currency_hint for c in kept if c.currency_hint}
        self._import(self._table_records(rows, header_line, kept, hints))
        return self.result

    def run_json(self, items: list[Any]) -> CatalogImport:
        self._import(self._json_records(items))
        return self.result

    def _find_header(self, rows: Sequence[Sequence[Any]]) -> tuple[int, list[_Column]]:
        first_row: Sequence[Any] | None = None
        for line, cells in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
            if all(_blank(c) for c in cells):
                continue
            first_row = first_row or cells
            columns = _columns(cells)
            if any(c.field == "name" for c in columns):
                return line, columns
        if first_row is None:
            raise CatalogError("empty", self.result.path)
        found = ", ".join(_one_line(c) for c in first_row if not _blank(c))
        raise CatalogError("no_name_column", self.result.path, found)

    def _table_records(
        self,
        rows: Sequence[Sequence[Any]],
        header_line: int,
        columns: list[_Column],
        hints: dict[str, tuple[str, ...]],
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, tuple[str, ...]]]]:
        for line in range(header_line + 1, len(rows) + 1):
            cells = rows[line - 1]
            values: dict[str, Any] = {}
            for column in columns:
                cell = cells[column.index] if column.index < len(cells) else None
                if cell is None or (cell.__class__ is str and not cell.strip()):
                    continue
                if column.field in LIST_FIELDS:
                    values.setdefault(column.field, []).append(cell)
                else:
                    values[column.field] = cell
            if values or not all(_blank(c) for c in cells):  # a row of spacing is no product
                yield line, values, hints

    def _json_records(
        self, items: list[Any]
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, tuple[str, ...]]]]:
        keys: dict[str, tuple[str, tuple[str, ...] | None]] = {}  # key -> (field, hint)
        warned: set[str] = set()
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict):
                self._reject(number, "", "not_an_object", _cut(json.dumps(item, default=str)))
                continue
            values: dict[str, Any] = {}
            hints: dict[str, tuple[str, ...]] = {}
            bad = False
            for key, value in item.items():
                if key not in keys:
                    name, hint = _header_key(str(key))
                    keys[key] = (_FIELD_BY_KEY.get(name, ""), _currency_in(hint) if hint else None)
                field_name, hint = keys[key]
                if not field_name:
                    if key not in warned:
                        warned.add(key)
                        self._warn(number, "", "unused_column", str(key))
                    continue
                if value is None or value == "" or value == []:
                    continue
                if not _json_value_ok(value, field_name in LIST_FIELDS):
                    self._reject(
                        number, field_name, "bad_value", _cut(json.dumps(value, default=str))
                    )
                    bad = True
                    continue
                if field_name in LIST_FIELDS:
                    values.setdefault(field_name, []).append(value)
                else:
                    values.setdefault(field_name, value)
                if hint:
                    hints[field_name] = hint
            if bad:
                continue
            if values:  # {} is spacing, like an empty row
                yield number, values, hints

    def _import(
        self, records: Iterable[tuple[int, dict[str, Any], dict[str, tuple[str, ...]]]]
    ) -> None:
        seen: dict[str, int] = {}  # id -> the line that has it
        kept: list[tuple[int, dict[str, Any]]] = []
        for line, values, hints in records:
            product = self._product_fields(line, values, hints)
            if product is None:
                continue
            product_id = product.get("id", "")
            if product_id:
                if product_id in seen:
                    self._reject(line, "id", "duplicate_id", product_id, str(seen[product_id]))
                    continue
                seen[product_id] = line
            kept.append((line, product))
        # Made-up ids last, so they never take an id a later row has.
        prefix = "item" if self.unit == "item" else "row"
        for line, product in kept:
            if not product.get("id"):
                base = candidate = f"{prefix}-{line}"
                n = 2
                while candidate in seen:
                    candidate, n = f"{base}-{n}", n + 1
                seen[candidate] = line
                product["id"] = candidate
            self.result.products.append(Product(**product))
        self.result.problems.sort(key=lambda p: p.line)  # stable: header notes stay first

    def _product_fields(
        self, line: int, values: dict[str, Any], hints: dict[str, tuple[str, ...]]
    ) -> dict[str, Any] | None:
        """Product(**fields) for a good row (its warnings reported); None for a rejected one
        (every reason reported, so the merchant fixes the row in one go)."""
        errors: list[RowProblem] = []
        notes: list[RowProblem] = []

        def reject(field_name: str, code: str, detail: str = "") -> None:
            errors.append(RowProblem(line, field_name, code, _cut(detail), unit=self.unit))

        def warn(field_name: str, code: str, detail: str = "", other: str = "") -> None:
            notes.append(
                RowProblem(line, field_name, code, _cut(detail), "warning", other, self.unit)
            )

        out: dict[str, Any] = {}
        name = _one_line(values.get("name"))
        if name:
            out["name"] = name
        else:
            reject("name", "missing_name")
        if "id" in values:
            out["id"] = _one_line(values["id"])

        money: dict[str, _Money] = {}
        for field_name in MONEY_FIELDS:
            if field_name not in values:
                continue
            written = _text(values[field_name])
            try:
                amount = _money(values[field_name])
                check_amount(amount.amount)
            except AmountError as bad:
                reject(field_name, _PRICE_PROBLEMS[bad.code], written)
                continue
            if amount.is_range:
                warn(field_name, "price_range", written, str(amount.amount))
            money[field_name] = amount
            out[field_name] = amount.amount

        if "stock" in values:
            try:
                out["stock"] = check_amount(_stock(values["stock"]))
            except AmountError as bad:
                reject("stock", _STOCK_PROBLEMS[bad.code], _text(values["stock"]))

        for currency_field, amounts in CURRENCY_OF.items():
            try:
                chosen = _currency(values.get(currency_field), amounts, money, hints)
            except _Bad as bad:
                if bad.shown is not None:  # prices that contradict each other
                    reject(amounts[0], bad.code, bad.shown)
                else:
                    reject(currency_field, bad.code, _text(values.get(currency_field)))
                continue
            if chosen:
                out[currency_field] = chosen

        if errors:
            self.result.problems.extend(errors)
            return None

        price, sale = out.get("price"), out.get("sale_price")
        if price is not None and sale is not None and sale > price:
            warn("sale_price", "sale_above_price", str(sale), str(price))
        if price is None and sale is None:
            warn("price", "no_price")
        for field_name in LIST_FIELDS:
            if field_name in values:
                out[field_name] = _split(values[field_name], field_name)
        for field_name in ("link", "moq", "lead_time"):
            if field_name in values:
                out[field_name] = _one_line(values[field_name])
        if "image" in values:
            written = _text(values["image"])
            out["image"], code = self._image(written)
            if code:
                warn("image", code, written)
        self.result.problems.extend(notes)
        return out

    def _image(self, written: str) -> tuple[str, str | None]:
        """The picture's path (a relative one from the catalog's folder), and a warning code
        when it is not a file here."""
        if written not in self._images:
            if re.match(r"^[a-z][a-z0-9+.-]*://", written, re.IGNORECASE):
                self._images[written] = (written, "image_url")
            else:
                resolved = os.path.normpath(
                    os.path.join(self.folder, os.path.expanduser(written))  # absolute: as is
                )
                found = None if os.path.isfile(resolved) else "image_not_found"
                self._images[written] = (resolved, found)
        return self._images[written]

    def _warn(
        self, line: int, field_name: str, code: str, detail: str = "", other: str = ""
    ) -> None:
        self.result.problems.append(
            RowProblem(line, field_name, code, _cut(detail), "warning", other, self.unit)
        )

    def _reject(
        self, line: int, field_name: str, code: str, detail: str = "", other: str = ""
    ) -> None:
        self.result.problems.append(
            RowProblem(line, field_name, code, _cut(detail), "rejected", other, self.unit)
        )


def _currency(
    column: Any,
    amounts: tuple[str, ...],
    money: dict[str, _Money],
    hints: dict[str, tuple[str, ...]],
) -> str | None:
    """The currency of `amounts`: the currency column, else what their symbols or the
    column headers say. _Bad("currency_conflict", shown) when these disagree."""
    if _blank(column) and not any(f in money for f in amounts):
        return None  # the Product's default
    sources: list[tuple[str, ...]] = []
    for field_name in amounts:
        if field_name in money:
            for said in (money[field_name].currencies, hints.get(field_name)):
                if said:
                    sources.append(said)
    explicit = None if _blank(column) else _currency_code(column)
    allowed = {explicit} if explicit else None
    for said in sources:
        allowed = set(said) if allowed is None else allowed & set(said)
    if allowed is not None and not allowed:
        shown = ([explicit] if explicit else []) + [s[0] for s in sources]
        raise _Bad("currency_conflict", ", ".join(dict.fromkeys(shown)))
    if explicit:
        return explicit
    if sources:
        return next(c for c in sources[0] if allowed is None or c in allowed)
    return None  # the Product's default


def _json_value_ok(value: Any, is_list_field: bool) -> bool:
    def scalar(v: Any) -> bool:
        return isinstance(v, str | int | Decimal) and not isinstance(v, bool)

    if is_list_field and isinstance(value, list):
        return all(scalar(v) for v in value)
    return scalar(value)


# --- export ---------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "id", "name", "price", "sale_price", "currency", "stock", "variants", "image", "link",
    "selling_points", "moq", "lead_time", "certifications", "fob_price", "fob_currency",
)  # fmt: skip


def save_catalog_json(products: Iterable[Product], path: str | Path) -> None:
    """{"products": [...]} in UTF-8, as load_catalog reads it back."""
    payload = {"products": [p.to_dict() for p in products]}
    _write_replacing(Path(path), json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")


def save_catalog_csv(products: Iterable[Product], path: str | Path, lang: str = "zh") -> None:
    """A CSV Excel opens as it is (UTF-8 with BOM), headers in `lang`; load_catalog reads it
    back. Lists are joined with "、" (", " in English), selling points one per line."""
    lang = _lang(lang)
    joiner = "、" if lang == "zh" else ", "
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # Excel's own line ends
    writer.writerow(FIELD_LABELS[lang][f] for f in EXPORT_FIELDS)
    for product in products:
        row = []
        for name in EXPORT_FIELDS:
            value = getattr(product, name)
            if isinstance(value, tuple):
                value = ("\n" if name == "selling_points" else joiner).join(value)
            text = "" if value is None else str(value)
            if text[:1] in _FORMULA_SIGNS and not isinstance(value, Decimal | int):
                text = "'" + text  # a name like "=HYPERLINK(...)" must not run in Excel
            row.append(text)
        writer.writerow(row)
    _write_replacing(Path(path), out.getvalue(), "utf-8-sig")


def _write_replacing(path: Path, text: str, encoding: str) -> None:
    """Write beside, then replace: a crash never leaves half a catalog."""
    path = path.expanduser()
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding=encoding, newline="") as f:
        f.write(text)
    os.replace(partial, path)
