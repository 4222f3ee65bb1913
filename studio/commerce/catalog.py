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
- a row without an id gets one from its row number ("row-12"; "item-3" in JSON): a key for
  the studio, not the merchant's code, so the window never shows it (`made_up_id`).
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
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from studio.commerce.amounts import (
    CURRENCY_ANYWHERE,
    CURRENCY_WORDS,
    MAX_NUMBER_CHARS,
    AmountError,
    check_amount,
    check_decimal,
    read_amount,
    read_count,
    squeeze,
)
from studio.commerce.product import Product
from studio.files import write_atomic

HEADER_SEARCH_ROWS = 20  # the header may sit below a title row or two
DETAIL_CHARS = 60  # a value quoted in a message is cut to this

# Bounds on what one import may take: every file is treated as hostile (a 4.7 KB workbook can
# claim a sheet of 17 billion cells, a 1 MB zip can unpack to gigabytes). Generous for real
# catalogs (a big shop has some tens of thousands of products, a few dozen columns).
MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # an .xlsx's parts together, unpacked
MAX_ZIP_PARTS = 2000
MAX_ROWS = 200_000  # rows of a sheet or CSV, items of a JSON list
MAX_COLUMNS = 256
MAX_CELLS = 4_000_000  # the sheet's rectangle from its first to its last cell
MAX_QUOTE_RECOVERIES = 20  # CSV cells whose quote never closes, each re-read past

# The merchant's own code as Taobao, Douyin and ERP exports name it: where an export also has
# the platform's number (商品ID, SKU ID), this is the code the merchant knows and shown.
MERCHANT_CODES = (
    "货号", "款号", "sku编码", "商品货号", "商家货号", "商家编码", "商家sku编码", "外部编码",
    "款式编码", "product code", "style no",
)  # fmt: skip

# Product field -> the column names merchants use for it. Matched without case, spaces, "_",
# "-", "*", ":" and anything in brackets ("商品名称（必填）", "Price (USD)").
ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "编号", "商品id", "商品编号", "商品编码", "sku", "product id", "item id", "item no",
        "sku编号", "skuid", "sku号", "商品代码", "item number", "item #",
        *MERCHANT_CODES,
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
    "open_quote": {
        "en": "a quote opened here is never closed: the row is skipped, the rows after it are read",
        "zh": "此处的引号没有闭合：跳过此行，后面的行照常读取",
    },
    "long_cell": {
        "en": "a cell is longer than {value} characters (a quote never closed?): the row is "
        "skipped",
        "zh": "单元格超过 {value} 个字符（引号没有闭合？）：跳过此行",
    },
    "wrong_encoding": {
        "en": "not {value} text (looks like {other}): save the whole file in one encoding",
        "zh": "不是 {value} 编码的文字（像是 {other}）：请把整个文件存为同一种编码",
    },
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
    "not_excel": {
        "en": "this {detail} file is damaged or not an Excel workbook: open it in Excel or WPS "
        "and save it again as .xlsx or CSV",
        "zh": "这个 {detail} 文件已损坏或不是 Excel 工作簿：请用 Excel 或 WPS 打开后另存为 "
        ".xlsx 或 CSV",
    },
    "bad_table": {"en": "not a readable table: {detail}", "zh": "无法读取表格：{detail}"},
    "bad_xlsx": {
        "en": "this Excel workbook is damaged and cannot be read ({detail}): open it in Excel "
        "or WPS and save it again as .xlsx or CSV",
        "zh": "这个 Excel 工作簿已损坏，无法读取（{detail}）：请用 Excel 或 WPS 打开后另存为 "
        ".xlsx 或 CSV",
    },
    "bad_json": {"en": "not valid JSON: {detail}", "zh": "JSON 格式错误：{detail}"},
    "json_shape": {
        "en": 'JSON must be a list of products or {{"products": [...]}}',
        "zh": 'JSON 应为商品列表或 {{"products": [...]}}',
    },
    "file_too_big": {
        "en": f"the file is {{detail}} MB: a catalog may be at most {MAX_FILE_BYTES >> 20} MB",
        "zh": f"文件有 {{detail}} MB：商品表最大 {MAX_FILE_BYTES >> 20} MB",
    },
    "unzips_too_big": {
        "en": f"the workbook unpacks to more than {MAX_UNZIPPED_BYTES >> 20} MB ({{detail}}): "
        "a damaged file or a zip bomb",
        "zh": f"工作簿解压后超过 {MAX_UNZIPPED_BYTES >> 20} MB（{{detail}}）："
        "文件已损坏或是压缩炸弹",
    },
    "too_many_rows": {
        "en": f"the table reaches row {{detail}}: at most {MAX_ROWS:,} rows are imported",
        "zh": f"表格达到第 {{detail}} 行：最多导入 {MAX_ROWS:,} 行",
    },
    "too_many_columns": {
        "en": f"the table reaches column {{detail}}: at most {MAX_COLUMNS} columns are read",
        "zh": f"表格达到第 {{detail}} 列：最多读取 {MAX_COLUMNS} 列",
    },
    "too_many_cells": {
        "en": f"the sheet spans {{detail}} cells: at most {MAX_CELLS:,} are read",
        "zh": f"工作表跨越 {{detail}} 个单元格：最多读取 {MAX_CELLS:,} 个",
    },
    "too_many_quotes": {
        "en": f"more than {MAX_QUOTE_RECOVERIES} quotes are never closed: not a CSV table",
        "zh": f"超过 {MAX_QUOTE_RECOVERIES} 处引号没有闭合：不是 CSV 表格",
    },
    "too_much_memory": {
        "en": "reading the file needed more memory than an import may use ({detail} MB)",
        "zh": "读取此文件需要的内存超过导入的上限（{detail} MB）",
    },
    "reader_failed": {
        "en": "the reader stopped on this file ({detail}); the studio carries on",
        "zh": "读取此文件时读取程序中止（{detail}）；直播软件照常运行",
    },
    "timed_out": {
        "en": "reading the file took longer than {detail} s: stopped",
        "zh": "读取此文件超过 {detail} 秒：已停止",
    },
    "no_name_column": {
        "en": "no product name column (such as 商品名称 or name); first row: {detail}",
        "zh": "没有商品名称列（如“商品名称”或“name”）；第一行：{detail}",
    },
}

ProblemKind = Literal["rejected", "warning"]


_MADE_UP_ID = re.compile(r"(?:row|item)-[0-9]+(?:-[0-9]+)?")


def made_up_id(product_id: str) -> bool:
    """An id the import made up from a row number ("row-12", "item-3", "row-12-2"): the
    studio's key for a product without a code, not something the merchant wrote."""
    return _MADE_UP_ID.fullmatch(product_id) is not None


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
ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GBK"}  # as merchants know them


@dataclass(frozen=True)
class _Table:
    """Rows as read, the row number of the first one, and rows that could not be read at all
    (line -> (ROW_MESSAGES code, detail, other)): they are reported, never imported."""

    rows: list[Sequence[Any]]
    first_line: int = 1
    broken: dict[int, tuple[str, str, str]] = field(default_factory=dict)


def load_catalog(path: str | Path) -> CatalogImport:
    """Import the catalog at `path`. CatalogError for a file that is not a catalog at all;
    bad rows do not stop the import: they are in `problems`.

    This parses hostile files with native code (calamine): the window and `catalog check` call
    it through `studio.commerce.import_worker`, in a process of its own."""
    path = Path(path).expanduser()
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    folder = path.resolve().parent
    if data.startswith(OLE_MAGIC):  # an old .xls (or an encrypted workbook)
        return _Importer(path, "xls", None, folder).run_table(_excel_rows(data, path))
    if data.startswith(ZIP_MAGIC):  # an .xlsx, whatever it is named
        return _Importer(path, "xlsx", None, folder).run_table(_excel_rows(data, path))
    try:
        text, encoding, foreign = _decode(data, path)
    except CatalogError as exc:
        # An .xls(x) that is neither a workbook nor text (a back-end's CSV is often saved
        # under .xls): a damaged workbook, named as such rather than as "binary data".
        if exc.code == "not_text" and suffix in EXCEL_SUFFIXES:
            raise CatalogError("not_excel", path, suffix) from None
        raise
    if suffix == ".json":
        items = _json_items(text, path)
        return _Importer(path, "json", encoding, folder).run_json(items)
    table = _csv_rows(text, path, foreign, ENCODING_NAMES.get(encoding, encoding))
    return _Importer(path, "csv", encoding, folder).run_table(table)


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise CatalogError("not_found", path)
    if not path.is_file():
        raise CatalogError("not_a_file", path)
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, *EXCEL_SUFFIXES, ".json"):
        raise CatalogError("unsupported", path, suffix or "(no extension)")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)  # the size is read, not trusted from stat
    except OSError as exc:
        raise CatalogError("unreadable", path, exc.strerror or str(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        size = path.stat().st_size if path.exists() else len(data)
        raise CatalogError("file_too_big", path, f"{size / 2**20:,.0f}")
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise CatalogError("empty", path)
    return data


_BYTE_LINES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _decode(data: bytes, path: Path) -> tuple[str, str, dict[int, tuple[str, str]]]:
    """The text, the encoding it was read with, and its lines in another encoding (line ->
    (the file's encoding, the line's), by physical line from 1). Strict UTF-8 and GB18030 first:
    they are what merchants' files are, and charset-normalizer guesses poorly on a few short
    lines. A GBK file with some lines pasted in as UTF-8 (or the reverse) reads every line in
    its own encoding and names the odd ones: GB18030 would read UTF-8 as mojibake, silently."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode text"
        try:
            return _checked_text(data.decode("utf-16"), path), "utf-16", {}
        except UnicodeDecodeError:
            raise CatalogError("not_text", path) from None
    if b"\x00" in data:
        raise CatalogError("not_text", path)
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        return _checked_text(text, path), encoding, {}
    except UnicodeDecodeError:
        pass
    lines = _BYTE_LINES.findall(data)
    utf8 = _utf8_lines(lines)
    try:
        data.decode("gb18030")  # GB18030 reads GBK too
    except UnicodeDecodeError:
        if utf8.count(True) > utf8.count(False):  # UTF-8 with some GBK lines pasted in
            return _mixed_lines(lines, utf8, path)
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise CatalogError("not_text", path) from None
        return _checked_text(str(best), path), best.encoding, {}
    return _mixed_lines(lines, utf8, path)


def _utf8_lines(lines: list[bytes]) -> list[bool | None]:
    """Per line: UTF-8, not UTF-8, or plain ASCII (None: either)."""
    utf8: list[bool | None] = []
    for line in lines:
        if line.isascii():
            utf8.append(None)
            continue
        try:
            line.decode("utf-8")
            utf8.append(True)
        except UnicodeDecodeError:
            utf8.append(False)
    return utf8


def _mixed_lines(
    lines: list[bytes], utf8: list[bool | None], path: Path
) -> tuple[str, str, dict[int, tuple[str, str]]]:
    """GB18030 text (not all of it UTF-8), line by line (`utf8`: `_utf8_lines(lines)`): lines
    that are UTF-8 while most are GBK, or GBK while most are UTF-8, are read as what they are
    and reported."""
    if lines and lines[0].startswith(codecs.BOM_UTF8):
        utf8[0] = True
    mostly_utf8 = utf8.count(True) > utf8.count(False)
    encoding = "utf-8" if mostly_utf8 else "gb18030"
    texts: list[str] = []
    foreign: dict[int, tuple[str, str]] = {}
    for number, (line, is_utf8) in enumerate(zip(lines, utf8, strict=True), 1):
        if is_utf8 is None or is_utf8 == mostly_utf8:
            texts.append(line.decode(encoding if number > 1 else _with_bom(encoding, line)))
            continue
        own = "gb18030" if mostly_utf8 else "utf-8"
        texts.append(line.decode(own, "replace"))
        foreign[number] = (ENCODING_NAMES[encoding], ENCODING_NAMES[own])
    return _checked_text("".join(texts), path), encoding, foreign


def _with_bom(encoding: str, line: bytes) -> str:
    return "utf-8-sig" if encoding == "utf-8" and line.startswith(codecs.BOM_UTF8) else encoding


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _checked_text(text: str, path: Path) -> str:
    """Refuse text full of control characters: binary data some encoding happens to read."""
    allowed = max(2, len(text) // 200)
    if len(_CONTROLS.findall(text)) > allowed or text.count("\ufffd") > allowed:
        raise CatalogError("not_text", path)
    return text


def _csv_rows(
    text: str, path: Path, foreign: dict[int, tuple[str, str]], encoding: str = ""
) -> _Table:
    """The rows (a row is a record: a quoted cell may hold line breaks), numbered as Excel
    numbers them. A quote opened and never closed would swallow every row after it: that row is
    reported and reading goes on from the next line. So are rows with a line in the wrong
    encoding (`foreign`, by physical line)."""
    # newline=None: "\r\n", "\r" and "\n" all end a line; each line ends with "\n", so the
    # reader asks for a line past the last one only when a quoted cell is still open.
    lines = [line if line.endswith("\n") else line + "\n" for line in io.StringIO(text, None)]
    delimiter = _delimiter(text)
    rows: list[Sequence[Any]] = []
    broken: dict[int, tuple[str, str, str]] = {}
    start = 0  # the physical line (from 0) the next reader starts at
    recoveries = 0
    while start < len(lines):
        state = {"next": start, "past_end": False}

        def feed(state: dict[str, Any] = state) -> Iterator[str]:
            while state["next"] < len(lines):
                state["next"] += 1
                yield lines[state["next"] - 1]
            state["past_end"] = True

        reader = csv.reader(feed(), delimiter=delimiter)
        restart = None
        while True:
            first = state["next"]  # the physical line this record starts at (from 0)
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:  # a cell over csv.field_size_limit(): a quote left open
                restart = first
                broken[len(rows) + 1] = ("long_cell", f"{csv.field_size_limit():,}", "")
                rows.append([])
                break
            if state["past_end"]:  # the reader went past the last line: a quote still open
                restart = first
                broken[len(rows) + 1] = ("open_quote", "", "")
                rows.append([])
                break
            if len(rows) >= MAX_ROWS:
                raise CatalogError("too_many_rows", path, f"{len(rows) + 1:,}")
            odd = [foreign[n] for n in range(first + 1, state["next"] + 1) if n in foreign]
            if odd:
                broken[len(rows) + 1] = ("wrong_encoding", odd[0][0], odd[0][1])
                cells = []
            elif len(cells) > MAX_COLUMNS and any(not _blank(c) for c in cells[MAX_COLUMNS:]):
                raise CatalogError("too_many_columns", path, f"{len(cells):,}")
            rows.append(cells)
        if restart is None:
            break
        recoveries += 1
        if recoveries > MAX_QUOTE_RECOVERIES:
            raise CatalogError("too_many_quotes", path)
        start = restart + 1
    return _Table(rows, 1, broken)


def _delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one on most of the first lines (a ";" inside some
    selling points does not win over a "," between every column)."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    counts = {d: statistics.median(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])  # ties: the first, the comma
    return best if counts[best] > 0 else ","


def _excel_rows(data: bytes, path: Path) -> _Table:
    """The first sheet's rows from its first cell, empty cells as None. calamine (Rust) reads
    .xlsx and old .xls alike, 10,000 rows in about 0.15 s where openpyxl takes 2 s. calamine
    holds the sheet as one dense rectangle, and aborts the process when that cannot be
    allocated: an .xlsx is measured first (`check_workbook`), and only the cells that hold data
    are read (never `skip_empty_area=False`, which reads from A1 whatever the sheet's size)."""
    from python_calamine import CalamineWorkbook

    if data.startswith(ZIP_MAGIC):
        check_workbook(data, path)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise CatalogError("empty", path)
        sheet = book.get_sheet_by_index(0)
        start = sheet.start  # (row, column) of the first cell, from 0; None when empty
        if start is None:
            raise CatalogError("empty", path)
        end = sheet.end or start
        _check_size(end[0] - start[0] + 1, end[1] - start[1] + 1, end, path)
        rows = sheet.to_python()
    except CatalogError:
        raise
    except Exception as exc:  # a damaged zip, XML or OLE file: calamine's own error types
        if data.startswith(OLE_MAGIC):  # not a readable .xls: an encrypted workbook
            raise CatalogError("old_excel", path) from None
        raise CatalogError("bad_xlsx", path, str(exc) or type(exc).__name__) from None
    return _Table(
        [tuple(None if cell == "" else cell for cell in row) for row in rows], start[0] + 1
    )


def _check_size(rows: int, columns: int, last: tuple[int, int], path: Path) -> None:
    """CatalogError when a sheet of `rows` x `columns` (its last cell `last`, from 0) is more
    than an import reads."""
    if rows > MAX_ROWS:
        raise CatalogError("too_many_rows", path, f"{last[0] + 1:,}")
    if columns > MAX_COLUMNS:
        raise CatalogError("too_many_columns", path, f"{last[1] + 1:,}")
    if rows * columns > MAX_CELLS:
        raise CatalogError("too_many_cells", path, f"{rows:,} x {columns:,}")


# A cell's reference ("AB12") and a row's number, as the sheet's XML writes them.
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([0-9]{1,7})\"")
_PLAIN_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\s[^>]*/>")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
CHUNK = 1 << 20


def check_workbook(data: bytes, path: Path) -> None:
    """Measure an .xlsx before calamine reads it: CatalogError when its parts unpack (as
    declared, or as they really do) to more than MAX_UNZIPPED_BYTES, or when a sheet's cells
    span more rows, columns or cells than an import reads. Streams: at most a chunk of a part
    is in memory at a time."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = book.infolist()
            if len(parts) > MAX_ZIP_PARTS:
                raise CatalogError("unzips_too_big", path, f"{len(parts):,} parts")
            declared = sum(p.file_size for p in parts)
            if declared > MAX_UNZIPPED_BYTES:
                raise CatalogError("unzips_too_big", path, f"{declared / 2**20:,.0f} MB declared")
            total = 0
            for part in parts:
                sheet = _SheetExtent() if _SHEET_PART.fullmatch(part.filename) else None
                # zipfile stops at the declared size and checks the CRC: a part that unpacks to
                # more than it says is a BadZipFile, not a memory blow-up.
                with book.open(part) as stream:
                    while chunk := stream.read(CHUNK):
                        total += len(chunk)
                        if total > MAX_UNZIPPED_BYTES:
                            raise CatalogError("unzips_too_big", path, part.filename)
                        if sheet is not None:
                            sheet.feed(chunk, path)
                if sheet is not None:
                    sheet.check(path)
    except CatalogError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise CatalogError("bad_xlsx", path, "a damaged zip file") from None
    except Exception as exc:  # zlib.error, RuntimeError (an encrypted part)...
        raise CatalogError("bad_xlsx", path, str(exc) or type(exc).__name__) from None


def _last_row_end(data: bytes) -> int:
    """Where the last whole row in `data` ends (0: none yet)."""
    for window in (max(0, len(data) - 2 * CHUNK), 0):
        ends = list(_ROW_END.finditer(data, window))
        if ends:
            return ends[-1].end()
    return 0


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _SheetExtent:
    """The rectangle a sheet's cells span, as calamine will lay them out (a cell or row without
    its own reference follows the one before), counted from the XML stream row by row."""

    def __init__(self) -> None:
        self.tail = b""
        self.row = 0  # the current row's number (from 1)
        self.cells = 0
        self.rows = (1 << 30, 0)  # first, last
        self.columns = (1 << 30, 0)

    def feed(self, chunk: bytes, path: Path) -> None:
        data = self.tail + chunk
        cut = _last_row_end(data)
        self.tail = data[cut:]
        if cut:
            self._rows(data[:cut])
        if len(self.tail) > 64 * CHUNK:  # one row of 64 MB: no catalog has that
            raise CatalogError("too_many_columns", path, "64 MB in one row")
        if self.cells > MAX_CELLS:
            raise CatalogError("too_many_cells", path, f"{self.cells:,}")

    def _rows(self, xml: bytes) -> None:
        """Whole rows. When every cell starts `<c r="A1"` (Excel and most writers), a count and
        one pass over the bytes; else row by row."""
        tags = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
        refs = _PLAIN_CELL_REF.findall(xml)
        if len(refs) != tags or b":c " in xml or b":c>" in xml:  # some other way of writing
            cut = 0
            for end in _ROW_END.finditer(xml):
                self._row(xml[cut : end.end()])
                cut = end.end()
            return
        if not tags:
            return
        self.cells += tags
        columns = [_column_number(c) for c in {c for c, _ in refs}]
        rows = [int(r) for r in {r for _, r in refs}]
        self.row = int(refs[-1][1])
        self.rows = (min(self.rows[0], *rows), max(self.rows[1], *rows))
        self.columns = (min(self.columns[0], *columns), max(self.columns[1], *columns))

    def _row(self, xml: bytes) -> None:
        found = _ROW_REF.search(xml)
        self.row = int(found.group(1)) if found else self.row + 1
        tags = len(_CELL_TAG.findall(xml))
        if not tags:
            return
        self.cells += tags
        refs = _CELL_REF.findall(xml)
        if len(refs) == tags:  # every cell says where it is: the usual case
            columns = {letters for letters, _ in refs}
            numbers = [_column_number(c) for c in columns]
            low, high = min(numbers), max(numbers)
            rows = {int(r) for _, r in refs} if len({r for _, r in refs}) > 1 else None
            top, bottom = (min(rows), max(rows)) if rows else (int(refs[0][1]),) * 2
        else:  # cells placed by order, perhaps some by reference: one by one
            column, low, high = 0, 1 << 30, 0
            top = bottom = self.row
            for tag in _CELL_TAG.finditer(xml):
                ref = _CELL_REF.match(xml, tag.start())
                if ref:
                    column = _column_number(ref.group(1))
                    number = int(ref.group(2))
                    top, bottom = min(top, number), max(bottom, number)
                else:
                    column += 1
                low, high = min(low, column), max(high, column)
        self.rows = (min(self.rows[0], top), max(self.rows[1], bottom))
        self.columns = (min(self.columns[0], low), max(self.columns[1], high))

    def check(self, path: Path) -> None:
        if self.tail.strip():
            self._row(self.tail)
        if not self.cells:
            return
        rows = self.rows[1] - self.rows[0] + 1
        columns = self.columns[1] - self.columns[0] + 1
        _check_size(rows, columns, (self.rows[1] - 1, self.columns[1] - 1), path)


def _json_float(text: str) -> Decimal | str:
    """A JSON number with a point or an exponent, exactly (19.90 stays 19.90); one longer than
    any price is handed on as text, for the row's checks to reject without reading it."""
    return Decimal(text) if len(text) <= MAX_NUMBER_CHARS else text


def _json_int(text: str) -> int | Decimal | str:
    """A JSON whole number: Python refuses to read one of over 4,300 digits (ValueError, the
    whole file lost); beyond 30 digits it goes as `_json_float` hands it on (a Decimal, or the
    text past MAX_NUMBER_CHARS), which the row's checks reject as too large."""
    return int(text) if len(text) <= 30 else _json_float(text)


def _json_items(text: str, path: Path) -> list[Any]:
    try:
        data = json.loads(text, parse_float=_json_float, parse_int=_json_int)  # 19.90 stays 19.90
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
_MERCHANT_CODE_KEYS = frozenset(_header_key(a)[0] for a in MERCHANT_CODES)


@dataclass(frozen=True)
class _Column:
    index: int
    field: str
    header: str
    currency_hint: tuple[str, ...] | None  # "价格(元)": the column's amounts are CNY
    # "颜色(英文)": the variants of the column "颜色" in English, not variants of their own
    lang: str = ""
    key: str = ""


# The languages a variants column may be a translation into, as its header's brackets say.
_TRANSLATION_HINTS: dict[str, str] = {
    "英文": "en", "英语": "en", "english": "en", "en": "en",
    "西班牙语": "es", "西语": "es", "西文": "es", "spanish": "es", "español": "es", "es": "es",
    "葡萄牙语": "pt", "葡语": "pt", "portuguese": "pt", "português": "pt", "pt": "pt",
    "法语": "fr", "法文": "fr", "french": "fr", "français": "fr", "fr": "fr",
    "俄语": "ru", "俄文": "ru", "russian": "ru", "русский": "ru", "ru": "ru",
    "阿拉伯语": "ar", "阿语": "ar", "阿拉伯文": "ar", "arabic": "ar", "العربية": "ar", "ar": "ar",
}  # fmt: skip


def _columns(cells: Sequence[Any]) -> list[_Column]:
    columns = []
    for index, cell in enumerate(cells):
        header = _text(cell)
        if header:
            key, hint = _header_key(header)
            found = _FIELD_BY_KEY.get(key, "")
            lang = _TRANSLATION_HINTS.get(hint.strip(), "") if found == "variants" else ""
            currency = _currency_in(hint) if hint and not lang else None
            columns.append(_Column(index, found, header, currency, lang, key))
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
_STOCK_PROBLEMS = {
    "whole": "bad_stock",
    "number": "bad_stock",
    "negative": "negative_stock",
    "too_large": "too_large",
}


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
        return _Money(check_decimal(value))
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
    if isinstance(value, Decimal):  # JSON: 1e999999999 must not become a billion-digit int
        check_decimal(value)
        if value != value.to_integral_value():  # 2.5 pieces
            raise AmountError("whole")
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
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

    def run_table(self, table: _Table) -> CatalogImport:
        for line, (code, detail, other) in table.broken.items():
            self._reject(line, "", code, detail, other)
        header_line, columns = self._find_header(table)
        # Of several id columns, the merchant's own code is the one used (and shown).
        ids = [c for c in columns if c.field == "id"]
        own = [c for c in ids if _header_key(c.header)[0] in _MERCHANT_CODE_KEYS]
        if own and ids[0] is not own[0]:
            columns = [own[0], *(c for c in columns if c is not own[0])]
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
        self._import(self._table_records(table, header_line, kept, hints))
        return self.result

    def run_json(self, items: list[Any]) -> CatalogImport:
        self._import(self._json_records(items))
        return self.result

    def _find_header(self, table: _Table) -> tuple[int, list[_Column]]:
        first_row: Sequence[Any] | None = None
        for line, cells in enumerate(table.rows[:HEADER_SEARCH_ROWS], table.first_line):
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
        table: _Table,
        header_line: int,
        columns: list[_Column],
        hints: dict[str, tuple[str, ...]],
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, tuple[str, ...]]]]:
        first = table.first_line
        for line in range(header_line + 1, len(table.rows) + first):
            if line in table.broken:
                continue
            cells = table.rows[line - first]
            values: dict[str, Any] = {}
            for column in columns:
                cell = cells[column.index] if column.index < len(cells) else None
                if cell is None or (cell.__class__ is str and not cell.strip()):
                    continue
                if column.lang:  # "颜色(英文)": names of the variants in "颜色", by position
                    same = (c for c in columns if c.key == column.key and not c.lang)
                    original = next(same, None)
                    if original is not None and original.index < len(cells):
                        pair = (cells[original.index], cell, column.lang)
                        values.setdefault("variant_names", []).append(pair)
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
        names: list[tuple[str, str, str]] = []
        for original, translated, lang in values.get("variant_names", ()):
            variants = _split([original], "variants")
            said = _split([translated], "variants")
            if len(variants) == len(said):  # else which is which is not known: none kept
                names.extend((v, lang, n) for v, n in zip(variants, said, strict=True))
        if names:
            out["variant_names"] = tuple(names)
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
    sources: list[tuple[str, ...]] = []
    for field_name in amounts:
        if field_name in money:
            said = money[field_name].currencies
            if said:
                sources.append(said)
            said = hints.get(field_name)
            if said:
                sources.append(said)
    if not sources and _blank(column):
        return None  # the Product's default
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
    """Atomically (a crash never leaves half a catalog), with the mode any new file gets: the
    merchant's own file to share, not a private one."""
    write_atomic(path.expanduser(), text.encode(encoding), private=False)
