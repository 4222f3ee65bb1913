"""Catalog import: real CSV, XLSX and JSON files as merchants' tools write them, read back into
products, with every rejected row reported by the row number the merchant sees."""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwt

from studio.cli import EXIT_FAILED, EXIT_OK, UserError
from studio.commands.catalog import run_catalog
from studio.commerce.catalog import (
    FILE_MESSAGES,
    ROW_MESSAGES,
    CatalogError,
    RowProblem,
    load_catalog,
    save_catalog_csv,
    save_catalog_json,
)
from studio.commerce.product import Product

ROOT = Path(__file__).resolve().parents[1]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    """A CSV as Excel saves it: CRLF line ends, quotes only where needed."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], first_sheet: str = "商品") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = first_sheet
    for row in rows:
        sheet.append(row)
    other = book.create_sheet("说明")  # a second sheet is not read
    other.append(["商品名称", "价格"])
    other.append(["不该导入", 1])
    book.save(path)
    return path


def codes(problems: list[RowProblem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.code) for p in problems]


# --- encodings and formats ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "reported", "name"),
    [
        ("utf-8", "utf-8", "保湿面霜 㑇"),
        ("utf-8-sig", "utf-8-sig", "保湿面霜 㑇"),
        ("gbk", "gb18030", "保湿面霜"),
        ("gb18030", "gb18030", "保湿面霜 㑇"),  # 㑇 is outside GBK
    ],
)
def test_csv_encodings_as_excel_writes_them(
    tmp_path: Path, encoding: str, reported: str, name: str
):
    path = write_csv(
        tmp_path / "商品.csv",
        [
            ["商品ID", "商品名称", "原价", "到手价", "库存", "卖点"],
            ["A1", name, "￥129.00", "99", "50", "补水；不油腻"],
            ["A2", "口红（经典红）", "￥1,299", "", "3", ""],
        ],
        encoding,
    )
    catalog = load_catalog(path)
    assert (catalog.format, catalog.encoding) == ("csv", reported)
    assert catalog.problems == []
    first, second = catalog.products
    assert first == Product(
        id="A1",
        name=name,
        price=Decimal("129.00"),
        sale_price=Decimal("99"),
        stock=50,
        selling_points=("补水", "不油腻"),
    )
    assert (second.name, second.price, second.sale_price) == ("口红（经典红）", Decimal(1299), None)


def test_short_gbk_file_is_not_mistaken_for_another_encoding(tmp_path: Path):
    path = tmp_path / "tea.csv"
    path.write_bytes("名称,价格\r\n龙井,88\r\n".encode("gbk"))
    catalog = load_catalog(path)
    assert catalog.encoding == "gb18030"
    assert [(p.name, p.price) for p in catalog.products] == [("龙井", Decimal(88))]


def test_excel_unicode_text_utf16_tab_separated(tmp_path: Path):
    path = tmp_path / "export.txt"
    path.write_bytes("商品名称\t价格\t库存\r\n围巾\t59.9\t8\r\n".encode("utf-16"))
    catalog = load_catalog(path)
    assert catalog.encoding == "utf-16"
    assert [(p.name, p.price, p.stock) for p in catalog.products] == [("围巾", Decimal("59.9"), 8)]


def test_semicolon_separated_csv(tmp_path: Path):
    path = tmp_path / "eu.csv"
    path.write_text("name;price;selling points\nMug;€4.50;dishwasher safe|400 ml\n")
    (mug,) = load_catalog(path).products
    assert (mug.price, mug.currency, mug.selling_points) == (
        Decimal("4.50"),
        "EUR",
        ("dishwasher safe", "400 ml"),
    )


def test_xlsx_first_sheet_numbers_and_float_noise(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "catalog.xlsx",
        [
            ["货号", "商品名称", "售价", "直播价", "库存", "FOB价", "交期"],
            [10023, "保温杯", 19.900000000000002, 15.5, 120.0, 0.125, "15-20天"],
            ["B-7", 2024, 1299, None, 0, None, None],  # a name Excel stored as a number
        ],
    )
    catalog = load_catalog(path)
    assert (catalog.format, catalog.encoding) == ("xlsx", None)
    cup, year = catalog.products
    assert cup.id == "10023"
    assert str(cup.price) == "19.90" and cup.sale_price == Decimal("15.5")
    assert cup.stock == 120 and isinstance(cup.stock, int)
    assert cup.fob_price == Decimal("0.125") and cup.fob_currency == "USD"
    assert cup.lead_time == "15-20天"
    assert (year.id, year.name, year.price, year.stock) == ("B-7", "2024", Decimal(1299), 0)
    assert all(p.name != "不该导入" for p in catalog.products)


def test_xlsx_bad_rows_by_excel_row_number(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "catalog.xlsx",
        [
            ["2024 双十一清单"],  # a title above the header
            ["名称", "价格", "库存"],
            ["帽子", 39, 5],
            [None, None, None],  # an empty row: skipped, still counted
            ["围巾", "免费", 5],
            ["手套", 19.9, -1],
            ["袜子", 9.9, 2.5],
        ],
    )
    catalog = load_catalog(path)
    assert [p.name for p in catalog.products] == ["帽子"]
    assert catalog.products[0].id == "row-3"
    assert codes(catalog.rejected) == [
        (5, "price", "bad_price"),
        (6, "stock", "negative_stock"),
        (7, "stock", "bad_stock"),
    ]


def test_xlsx_with_a_wrong_size_in_the_sheet_still_reads_every_row(tmp_path: Path):
    """Some programs write <dimension ref="A1"/> whatever the sheet holds."""
    made = write_xlsx(tmp_path / "made.xlsx", [["name", "price"], ["Cap", 9], ["Hat", 12]])
    path = tmp_path / "wrong_size.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            dst.writestr(item, data)
    assert [p.name for p in load_catalog(path).products] == ["Cap", "Hat"]


def test_json_list_and_products_object_with_chinese_keys(tmp_path: Path):
    items = [
        {"id": "J1", "name": "Tea", "price": 19.90, "stock": 3, "variants": ["green", "black"]},
        {"商品名称": "茶杯", "到手价": "¥25", "规格": "大/小"},
        "not a product",
        {"name": "", "price": "12"},
        {"name": "Pot", "price": [1, 2]},
        {},
        {"name": "Tea", "id": "J1"},
    ]
    text = json.dumps(items, ensure_ascii=False).replace("19.9,", "19.90,")  # as written
    path = tmp_path / "catalog.json"
    path.write_text(text, encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(f'{{"products": {text}}}', encoding="utf-8")
    for file in (path, wrapped):
        catalog = load_catalog(file)
        assert catalog.format == "json"
        tea, cup = catalog.products
        assert tea.price == Decimal("19.90") and str(tea.price) == "19.90"  # not a float
        assert tea.variants == ("green", "black")
        assert (cup.id, cup.sale_price, cup.currency, cup.variants) == (
            "item-2",
            Decimal(25),
            "CNY",
            ("大", "小"),
        )
        assert codes(catalog.rejected) == [
            (3, "", "not_an_object"),
            (4, "name", "missing_name"),
            (5, "price", "bad_value"),
            (7, "id", "duplicate_id"),
        ]
        assert (
            catalog.rejected[0].describe() == 'item 3: not a product (an object): "not a product"'
        )
        assert catalog.rejected[3].describe("zh") == "第 7 项：编号 J1 与第 1 项重复"


def test_json_keys_not_imported_are_reported_once(tmp_path: Path):
    path = tmp_path / "c.json"
    items = [
        {"name": "Cap", "price": 9, "colour_code": 3},
        {"name": "Hat", "price": 9, "colour_code": 4},
    ]
    path.write_text(json.dumps({"products": items}))
    catalog = load_catalog(path)
    assert [p.name for p in catalog.products] == ["Cap", "Hat"]
    assert [p.describe() for p in catalog.problems] == [
        "item 1: column not imported (not a known name): colour_code"
    ]


def test_xls_named_csv_from_a_shop_backend(tmp_path: Path):
    """Shop back-ends often save a CSV and name it .xls."""
    path = tmp_path / "订单导出.xls"
    path.write_bytes("宝贝名称,价格\r\n帽子,39\r\n".encode("gbk"))
    catalog = load_catalog(path)
    assert (catalog.format, [p.name for p in catalog.products]) == ("csv", ["帽子"])


def test_saved_json_and_csv_read_back_the_same(tmp_path: Path):
    picture = tmp_path / "pics" / "cup.png"
    picture.parent.mkdir()
    picture.write_bytes(b"png")
    products = [
        Product(
            id="P1",
            name="Mug, large",
            price=Decimal("19.90"),
            sale_price=Decimal("15"),
            currency="USD",
            stock=0,
            variants=("red", "blue"),
            image=str(picture),
            link="https://example.com/p1",
            selling_points=("keeps tea hot 6 h", "dishwasher safe"),
            moq="500 pcs",
            lead_time="15-20 days",
            certifications=("FDA", "LFGB"),
            fob_price=Decimal("2.10"),
        ),
        Product(id="P2", name="口红\u3000经典", price=Decimal("99")),
    ]
    save_catalog_json(products, tmp_path / "out.json")
    assert load_catalog(tmp_path / "out.json").products == products
    for lang in ("zh", "en"):
        out = tmp_path / f"out-{lang}.csv"
        save_catalog_csv(products, out, lang=lang)
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
        catalog = load_catalog(out)
        assert catalog.products == products, lang
        assert catalog.problems == []


# --- headers ----------------------------------------------------------------------------------


def test_english_headers_and_aliases(tmp_path: Path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "bottle.jpg").write_bytes(b"jpg")
    path = write_csv(
        tmp_path / "catalog.csv",
        [
            [
                " SKU ",
                "*Product Name*",
                "List Price",
                "Deal Price",
                "QTY",
                "Colour",
                "Size",
                "Picture",
                "URL",
                "Highlights",
                "MOQ",
                "Lead Time",
                "Certifications",
                "FOB Price",
                "Currency",
            ],
            [
                "S-1",
                "Water bottle",
                "US$ 12.00",
                "$9.99",
                "1,200",
                "red, blue",
                "500ml/750ml",
                "img/bottle.jpg",
                "https://shop.example.com/s-1",
                "BPA free\nleak proof; 24 h cold",
                "1000 pcs",
                "25 days",
                "FDA | LFGB",
                "US$1.10-1.30",
                "usd",
            ],
        ],
    )
    catalog = load_catalog(path)
    (bottle,) = catalog.products
    assert bottle == Product(
        id="S-1",
        name="Water bottle",
        price=Decimal("12.00"),
        sale_price=Decimal("9.99"),
        currency="USD",
        stock=1200,
        variants=("red", "blue", "500ml", "750ml"),
        image=str(tmp_path / "img" / "bottle.jpg"),
        link="https://shop.example.com/s-1",
        selling_points=("BPA free", "leak proof", "24 h cold"),
        moq="1000 pcs",
        lead_time="25 days",
        certifications=("FDA", "LFGB"),
        fob_price=Decimal("1.10"),
        fob_currency="USD",
    )
    assert codes(catalog.problems) == [(2, "fob_price", "price_range")]
    assert catalog.problems[0].kind == "warning"
    assert catalog.problems[0].message() == (
        "FOB price is a range (US$1.10-1.30): the lowest, 1.10, is used"
    )


def test_chinese_headers_full_width_and_marks(tmp_path: Path):
    path = write_csv(
        tmp_path / "catalog.csv",
        [
            [
                "商品编号",
                "＊商品名称（必填）",
                "标价",
                "券后价",
                "库存：",
                "颜色",
                "尺码",
                "款式",
                "亮点",
                "最小起订量",
                "交货期",
                "证书",
                "FOB",
                "货币",
                "备注",
            ],
            [
                "X9",
                "羊毛围巾",
                "２９９元",
                "199元",
                "30件",
                "驼色、灰色",
                "均码",
                "长款；短款",
                "1. 澳洲羊毛\n2、不起球",
                "100条",
                "7天",
                "OEKO-TEX",
                "$30",
                "人民币",
                "新品",
            ],
        ],
    )
    catalog = load_catalog(path)
    (scarf,) = catalog.products
    assert (scarf.id, scarf.name, scarf.price, scarf.sale_price, scarf.stock) == (
        "X9",
        "羊毛围巾",
        Decimal(299),
        Decimal(199),
        30,
    )
    assert scarf.variants == ("驼色", "灰色", "均码", "长款", "短款")
    assert scarf.selling_points == ("澳洲羊毛", "不起球")
    assert (scarf.moq, scarf.lead_time, scarf.certifications) == ("100条", "7天", ("OEKO-TEX",))
    assert (scarf.currency, scarf.fob_price, scarf.fob_currency) == ("CNY", Decimal(30), "USD")
    assert codes(catalog.problems) == [(1, "", "unused_column")]
    assert catalog.problems[0].message("zh") == "未导入的列（无法识别的列名）：备注"


def test_repeated_column_first_one_wins_and_is_reported(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv",
        [["名称", "价格(元)", "原价", "颜色", "规格"], ["帽子", "39", "59", "红", "大"]],
    )
    catalog = load_catalog(path)
    (hat,) = catalog.products
    assert (hat.price, hat.variants) == (Decimal(39), ("红", "大"))  # list columns merge
    assert codes(catalog.warnings) == [(1, "price", "duplicate_column")]
    assert catalog.warnings[0].message() == (
        "column 原价 is another price column: only 价格(元) is used"
    )


def test_the_merchants_own_code_wins_over_the_platforms_number(tmp_path: Path):
    # A Douyin export: the platform's 商品ID first, the merchant's 商家编码 later. The code the
    # merchant knows is the one kept; the platform's number is the column reported unused.
    path = write_csv(
        tmp_path / "douyin.csv",
        [["商品ID", "商品名称", "价格", "商家编码"], ["3589012345", "帽子", "39", "HAT-01"]],
    )
    catalog = load_catalog(path)
    (hat,) = catalog.products
    assert hat.id == "HAT-01"
    assert codes(catalog.warnings) == [(1, "id", "duplicate_column")]
    assert catalog.warnings[0].message() == (
        "column 商品ID is another id column: only 商家编码 is used"
    )


def test_header_below_title_rows_sets_the_line_numbers(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv",
        [["双十一直播清单", ""], ["", ""], ["品名", "价格"], ["帽子", "39"], ["", "x"]],
    )
    catalog = load_catalog(path)
    assert [(p.id, p.name) for p in catalog.products] == [("row-4", "帽子")]
    assert codes(catalog.rejected) == [(5, "name", "missing_name"), (5, "price", "bad_price")]


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "price", "currency"),
    [
        ("¥1,299.00", "1299.00", "CNY"),
        ("1299元", "1299", "CNY"),
        ("￥99", "99", "CNY"),
        ("$3.50", "3.50", "USD"),
        ("US$ 2.10", "2.10", "USD"),
        ("1,299", "1299", "CNY"),
        (" 99.9 ", "99.9", "CNY"),
        ("RMB 88", "88", "CNY"),
        ("€5", "5", "EUR"),
        ("12.5 USD", "12.5", "USD"),
        ("¥99/件", "99", "CNY"),
        ("99元起", "99", "CNY"),
        ("０.５", "0.5", "CNY"),  # full-width digits
        ("0", "0", "CNY"),
    ],
)
def test_price_formats(tmp_path: Path, written: str, price: str, currency: str):
    path = write_csv(tmp_path / "c.csv", [["名称", "价格"], ["帽子", written]])
    catalog = load_catalog(path)
    assert catalog.problems == []
    (hat,) = catalog.products
    assert (hat.price, hat.currency) == (Decimal(price), currency)


@pytest.mark.parametrize("written", ["abc", "12,34", "1.2.3", "$5元", "N/A", "--5", "¥"])
def test_unreadable_prices_reject_the_row(tmp_path: Path, written: str):
    path = write_csv(tmp_path / "c.csv", [["名称", "价格"], ["帽子", written], ["围巾", "9"]])
    catalog = load_catalog(path)
    assert [p.name for p in catalog.products] == ["围巾"]
    assert codes(catalog.rejected) == [(2, "price", "bad_price")]
    assert catalog.rejected[0].detail == written


def test_price_range_keeps_the_lowest_with_a_warning(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv",
        [["name", "price", "FOB price"], ["Cap", "99~129", "2.1-2.5"], ["Hat", "¥59 - ¥39", ""]],
    )
    catalog = load_catalog(path)
    cap, hat = catalog.products
    assert (cap.price, cap.fob_price, hat.price) == (Decimal(99), Decimal("2.1"), Decimal(39))
    assert codes(catalog.warnings) == [
        (2, "price", "price_range"),
        (2, "fob_price", "price_range"),
        (3, "price", "price_range"),
    ]
    assert catalog.warnings[1].message("zh") == "FOB价是区间（2.1-2.5），按最低价 2.1 导入"


def test_currency_column_symbols_and_conflicts(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["名称", "价格", "到手价", "币种", "FOB价"],
            ["A", "$10", "8", "HKD", "¥20"],  # a bare $ fits HK$; FOB in yuan
            ["B", "10", "", "美元", ""],
            ["C", "$10", "¥8", "", ""],  # two currencies in one row
            ["D", "€10", "", "CNY", ""],
            ["E", "10", "", "pcs", ""],
            ["F", "10", "", "", "€3"],
        ],
    )
    catalog = load_catalog(path)
    assert [(p.name, p.currency, p.fob_currency) for p in catalog.products] == [
        ("A", "HKD", "CNY"),
        ("B", "USD", "USD"),
        ("F", "CNY", "EUR"),
    ]
    assert codes(catalog.rejected) == [
        (4, "price", "currency_conflict"),
        (5, "price", "currency_conflict"),
        (6, "currency", "bad_currency"),
    ]
    assert catalog.rejected[0].message() == "price in different currencies: USD, CNY"


def test_bad_rows_reported_by_line_and_good_rows_still_imported(tmp_path: Path):
    rows = [
        ["ID", "商品名称", "价格", "到手价", "库存", "卖点"],
        ["A1", "口红", "99", "79", "100", "持久\n不脱色"],  # line 2; its cell spans two lines
        ["A2", "", "59", "", "3", ""],  # line 3: no name
        [],  # line 4: blank, skipped quietly
        ["A3", "眼影", "abc", "", "-2", ""],  # line 5: two reasons
        ["A1", "粉底", "129", "", "", ""],  # line 6: id used on line 2
        ["A4", "面膜", "-9", "", "", ""],  # line 7
        ["", "腮红", "39", "49", "", ""],  # line 8: sale above price: kept, warned
        ["A5", "卸妆水", "", "", "1.5", ""],  # line 9: half a bottle
        ["", "", "", "", "", ""],  # line 10: empty cells: skipped quietly
        ["A6", "睫毛膏", "", "", "", ""],  # line 11: no price: kept, warned
    ]
    catalog = load_catalog(write_csv(tmp_path / "c.csv", rows, "utf-8-sig"))
    assert [(p.id, p.name) for p in catalog.products] == [
        ("A1", "口红"),
        ("row-8", "腮红"),
        ("A6", "睫毛膏"),
    ]
    assert codes(catalog.rejected) == [
        (3, "name", "missing_name"),
        (5, "price", "bad_price"),
        (5, "stock", "negative_stock"),
        (6, "id", "duplicate_id"),
        (7, "price", "negative_price"),
        (9, "stock", "bad_stock"),
    ]
    assert codes(catalog.warnings) == [
        (8, "sale_price", "sale_above_price"),
        (11, "price", "no_price"),
    ]
    assert all(p.kind == "rejected" for p in catalog.rejected)
    described = [p.describe() for p in catalog.problems]
    assert described == [
        "line 3: no product name",
        "line 5: price is not a number: abc",
        "line 5: stock is negative: -2",
        "line 6: id A1 is already used on line 2",
        "line 7: price is negative: -9",
        "line 8: sale price 49 is higher than the price 39",
        "line 9: stock is not a whole number: 1.5",
        "line 11: no price: none is shown",
    ]
    assert [p.describe("zh") for p in catalog.problems][:4] == [
        "第 3 行：缺少商品名称",
        "第 5 行：价格不是数字：abc",
        "第 5 行：库存是负数：-2",
        "第 6 行：编号 A1 与第 2 行重复",
    ]


def test_rejected_first_id_does_not_block_a_later_good_row(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv", [["id", "name", "price"], ["A", "", "1"], ["A", "Cap", "2"]]
    )
    catalog = load_catalog(path)
    assert [(p.id, p.name) for p in catalog.products] == [("A", "Cap")]
    assert codes(catalog.rejected) == [(2, "name", "missing_name")]


def test_made_up_ids_never_take_an_id_the_catalog_has(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv", [["id", "name"], ["", "Cap"], ["row-2", "Hat"], ["", "Mug"]]
    )
    ids = [p.id for p in load_catalog(path).products]
    assert ids == ["row-2-2", "row-2", "row-4"]
    assert len(set(ids)) == 3


def test_stock_formats(tmp_path: Path):
    path = write_csv(
        tmp_path / "c.csv",
        [["name", "stock"], ["A", "1,000"], ["B", "20件"], ["C", "5 pcs"], ["D", "7.0"], ["E", ""]],
    )
    assert [p.stock for p in load_catalog(path).products] == [1000, 20, 5, 7, None]


def test_images_resolved_from_the_catalog_folder(tmp_path: Path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"png")
    absolute = tmp_path / "pics" / "a.png"
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["name", "price", "image"],
            ["A", "1", "pics/a.png"],
            ["B", "1", str(absolute)],
            ["C", "1", "pics/missing.png"],
            ["D", "1", "https://img.example.com/d.jpg"],
        ],
    )
    catalog = load_catalog(path)
    assert [p.image for p in catalog.products] == [
        str(absolute),
        str(absolute),
        str(tmp_path / "pics" / "missing.png"),
        "https://img.example.com/d.jpg",
    ]
    assert codes(catalog.warnings) == [(4, "image", "image_not_found"), (5, "image", "image_url")]


# --- broken files -----------------------------------------------------------------------------


def _broken_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    rnd = random.Random(7)
    files = {
        "empty": ("empty.csv", b"", "empty"),
        "blank lines": ("blank.csv", b"\xef\xbb\xbf\r\n \r\n", "empty"),
        "binary garbage": ("garbage.csv", rnd.randbytes(4096), "not_text"),
        "high bytes": ("high.csv", bytes(rnd.randrange(0x80, 0x100) for _ in range(2048)), None),
        "png as csv": ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "not_text"),
        "no name column": ("prices.csv", "价格,库存\n9,1\n".encode(), "no_name_column"),
        "prose": ("notes.txt", b"Remember to call the supplier.\nThanks!\n", "no_name_column"),
        "damaged xls": ("old.xls", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), "old_excel"),
        "broken xlsx": ("broken.xlsx", b"PK\x03\x04" + rnd.randbytes(300), "bad_xlsx"),
        "bad json": ("bad.json", b'[{"name": "Cap",}]', "bad_json"),
        "json number": ("num.json", b"42", "json_shape"),
        "json object": ("obj.json", b'{"items": []}', "json_shape"),
        "pdf": ("catalog.pdf", b"%PDF-1.4", "unsupported"),
        "no extension": ("catalog", b"name\nCap\n", "unsupported"),
    }
    out = {}
    for label, (name, data, code) in files.items():
        (tmp / name).write_bytes(data)
        out[label] = (tmp / name, code)
    book = openpyxl.Workbook()
    book.save(tmp / "blank.xlsx")
    out["blank sheet"] = (tmp / "blank.xlsx", "empty")
    out["missing"] = (tmp / "nowhere.csv", "not_found")
    (tmp / "folder.csv").mkdir()
    out["folder"] = (tmp / "folder.csv", "not_a_file")
    return out


def test_broken_files_raise_one_clear_line(tmp_path: Path):
    for label, (path, code) in _broken_files(tmp_path).items():
        with pytest.raises(CatalogError) as caught:
            load_catalog(path)
        error = caught.value
        if code:
            assert error.code == code, label
        english, chinese = error.message("en"), error.message("zh")
        assert str(error) == english
        assert "\n" not in english and "\n" not in chinese, label
        assert english.startswith(f"{path}: ") and len(english) < 300, label
        assert re.search(r"[\u4e00-\u9fff]", chinese.removeprefix(str(path))), label


def test_no_name_column_says_what_the_first_row_has(tmp_path: Path):
    path = write_csv(tmp_path / "c.csv", [["价格", "库存"], ["9", "1"]])
    with pytest.raises(CatalogError, match=r"no product name column .*first row: 价格, 库存"):
        load_catalog(path)


def test_header_only_is_a_catalog_with_no_products(tmp_path: Path):
    catalog = load_catalog(write_csv(tmp_path / "c.csv", [["名称", "价格"]]))
    assert (catalog.products, catalog.problems) == ([], [])


def test_every_message_has_english_and_chinese():
    for table in (ROW_MESSAGES, FILE_MESSAGES):
        for code, texts in table.items():
            assert set(texts) == {"en", "zh"}, code
    for code in ROW_MESSAGES:
        problem = RowProblem(3, "price", code, "x", other="2")
        assert problem.message("en") and re.search(r"[\u4e00-\u9fff]", problem.message("zh_CN"))


# --- large catalogs ---------------------------------------------------------------------------


def _big_rows(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [["商品ID", "商品名称", "原价", "到手价", "库存", "颜色", "卖点"]]
    for i in range(n):
        rows.append(
            [f"SKU{i:05d}", f"商品 {i}", f"￥{100 + i % 900}.90", "89.5", i % 500, "红,蓝", "a；b"]
        )
    return rows


def test_ten_thousand_rows_csv(tmp_path: Path):
    path = write_csv(tmp_path / "big.csv", _big_rows(10_000), "gbk")
    started = time.perf_counter()
    catalog = load_catalog(path)
    took = time.perf_counter() - started
    assert len(catalog.products) == 10_000 and catalog.problems == []
    assert catalog.products[-1].id == "SKU09999" and catalog.products[-1].price == Decimal("199.90")
    assert took < 10, took  # about 0.3 s on 2 cores


def test_ten_thousand_rows_xlsx(tmp_path: Path):
    rows = _big_rows(10_000)
    for row in rows[1:]:
        row[2] = float(row[2][1:])  # numbers, as Excel keeps them
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    path = tmp_path / "big.xlsx"
    book.save(path)
    started = time.perf_counter()
    catalog = load_catalog(path)
    took = time.perf_counter() - started
    assert len(catalog.products) == 10_000 and catalog.problems == []
    assert str(catalog.products[-1].price) == "199.90"
    assert took < 10, took  # about 1-2 s on 2 cores, most of it openpyxl


# --- studio catalog check ---------------------------------------------------------------------


def _sample(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "live.csv",
        [
            ["ID", "商品名称", "原价", "到手价", "库存"],
            ["A1", "口红", "¥129", "99", "100"],
            ["A2", "", "59", "", ""],
            ["A3", "面霜", "abc", "", ""],
        ],
    )


def test_check_prints_products_and_rejected_rows(tmp_path: Path, capsys: pytest.CaptureFixture):
    code = run_catalog(argparse.Namespace(file=str(_sample(tmp_path)), json=False))
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "1 product, 2 rejected rows, 0 warnings" in out
    assert re.search(r"A1\s+口红\s+¥129\s+sale ¥99\s+stock 100", out)
    assert "line 3: no product name" in out
    assert "line 4: price is not a number: abc" in out


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = _sample(tmp_path)
    code = run_catalog(argparse.Namespace(file=str(path), json=True))
    report = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK
    assert report["file"] == str(path)
    assert (report["format"], report["encoding"]) == ("csv", "utf-8")
    assert report["products"] == [
        {
            "id": "A1",
            "name": "口红",
            "price": "129",
            "sale_price": "99",
            "currency": "CNY",
            "stock": 100,
            "fob_currency": "USD",
        }
    ]
    assert [(r["line"], r["field"], r["reason"]) for r in report["rejected"]] == [
        (3, "name", "no product name"),
        (4, "price", "price is not a number: abc"),
    ]
    assert report["warnings"] == []


def test_check_fails_when_nothing_imports(tmp_path: Path, capsys: pytest.CaptureFixture):
    path = write_csv(tmp_path / "c.csv", [["名称", "价格"], ["", "9"]])
    assert run_catalog(argparse.Namespace(file=str(path), json=False)) == EXIT_FAILED
    assert "no products imported" in capsys.readouterr().out


def test_check_broken_file_is_a_user_error(tmp_path: Path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(UserError, match="the file is empty") as caught:
        run_catalog(argparse.Namespace(file=str(path), json=False))
    assert caught.value.exit_code == 2


def test_check_through_the_command_line(tmp_path: Path):
    path = _sample(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "studio", "catalog", "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "line 3: no product name" in done.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("[")
    done = subprocess.run(
        [sys.executable, "-m", "studio", "catalog", "check", "--json", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not valid JSON" in done.stderr


def test_csv_export_keeps_formula_like_names_from_running_in_excel(tmp_path):
    from studio.commerce.catalog import save_catalog_csv

    hostile = Product("1", '=HYPERLINK("http://evil.example","点我")', Decimal("9.9"))
    path = tmp_path / "out.csv"
    save_catalog_csv([hostile, Product("2", "-20% 折扣券", Decimal("5"))], path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        names = [row[1] for row in csv.reader(f)][1:]
    assert names == ["'" + hostile.name, "'-20% 折扣券"]
    back = load_catalog(path).products
    assert [p.name for p in back] == [hostile.name, "-20% 折扣券"]  # read back as written


def test_old_excel_xls_workbooks_import(tmp_path: Path):
    """Older ERP and shop back-ends still export .xls (Excel 97-2003)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("商品")
    rows = [
        ["商品名称", "价格", "到手价", "库存"],
        ["保温杯", 129.5, 99, 50],
        ["龙井茶", "abc", "", 5],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "商品导出.xls"
    book.save(str(path))
    found = load_catalog(path)
    assert found.format == "xls"
    [cup] = found.products
    assert (cup.name, cup.price, cup.sale_price, cup.stock) == ("保温杯", Decimal("129.50"), 99, 50)
    assert [(p.line, p.field) for p in found.rejected] == [(3, "price")]
