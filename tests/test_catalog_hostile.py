"""Hostile catalog files and pictures: each is built here as an attacker would (openpyxl, raw zip
surgery, Pillow), and none may take the studio down. Workbooks are read through the worker
process the window uses (`read_catalog`), so a regression shows as a failed assertion, not as a
test run killed by a native abort."""

from __future__ import annotations

import io
import os
import signal
import struct
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt
from PIL import Image

from studio.capture.base import SourceError
from studio.capture.image import load_image
from studio.commerce.catalog import CatalogError, load_catalog
from studio.commerce.import_worker import ImportCancelled, read_catalog
from studio.commerce.overlays import product_picture
from studio.commerce.product import Product
from studio.commerce.shop import Shop

SHEET = "xl/worksheets/sheet1.xml"


def small_workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, part: str, change) -> bytes:
    """The workbook with one part changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, change(body) if item.filename == part else body)
    return out.getvalue()


def with_cells(cells: bytes) -> bytes:
    """A good two-row catalog plus `cells` (rows of XML) at the end of its sheet."""
    good = small_workbook([["name", "price"], ["Cap", 9]])
    return rewrite(good, SHEET, lambda xml: xml.replace(b"</sheetData>", cells + b"</sheetData>"))


def failure(path: Path) -> CatalogError:
    started = time.monotonic()
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert time.monotonic() - started < 20
    return caught.value


# --- workbooks that claim huge sheets -----------------------------------------------------------
@pytest.mark.parametrize(
    ("cells", "code", "said"),
    [
        # 4.7 KB: calamine's rectangle from A1 to XFD1048576 is 17 billion cells (512 GB).
        (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "too_many_rows", "1,048,576"),
        (b'<row r="3"><c r="XFD3"><v>1</v></c></row>', "too_many_columns", "16,384"),
        (b'<row r="150000"><c r="CV150000"><v>1</v></c></row>', "too_many_cells", "150,000 x 100"),
        # Cells that do not say where they are follow the one before: counted as calamine does.
        (b'<row r="3"><c r="IU3"><v>1</v></c>' + b"<c><v>1</v></c>" * 5 + b"</row>",
         "too_many_columns", "260"),
        (b'<row r="3"><c r="A3"/></row><row r="200000"/><row><c><v>1</v></c></row>',
         "too_many_rows", "200,001"),
    ],
)  # fmt: skip
def test_a_workbook_claiming_a_huge_sheet_is_refused_before_it_is_read(
    tmp_path: Path, cells: bytes, code: str, said: str
) -> None:
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(with_cells(cells))
    assert path.stat().st_size < 10_000
    error = failure(path)
    assert error.code == code, error
    assert said in error.message("en"), error.message("en")
    assert error.message("zh") != error.message("en")


def test_a_sheet_starting_far_down_keeps_excel_row_numbers(tmp_path: Path) -> None:
    """Only the cells that hold data are read (never from A1): rows keep their numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C5000"], sheet["D5000"] = "name", "price"
    sheet["C5001"], sheet["D5001"] = "Cap", 9
    sheet["C5002"], sheet["D5002"] = "", "abc"
    sheet["C5003"], sheet["D5003"] = "Hat", 12
    book.save(tmp_path / "far.xlsx")
    found = read_catalog(tmp_path / "far.xlsx")
    assert [(p.id, p.name) for p in found.products] == [("row-5001", "Cap"), ("row-5003", "Hat")]
    assert [p.line for p in found.rejected] == [5002, 5002]


def test_a_zip_bomb_named_xlsx_is_refused_without_unpacking_it(tmp_path: Path) -> None:
    """A 1 MB file whose sheet unpacks to 900 MB (the old reader took 0.9 GB to open it)."""
    good = small_workbook([["name", "price"], ["Cap", 9]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename != SHEET:
                dst.writestr(item.filename, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with dst.open(SHEET, "w") as f:
                f.write(head)
                for _ in range(900):
                    f.write(b" " * (1 << 20))
                f.write(b"</sheetData>" + tail)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 1_500_000
    error = failure(path)
    assert error.code == "unzips_too_big" and "900 MB declared" in error.detail, error


def test_a_zip_part_that_unpacks_to_more_than_it_declares_is_damaged(tmp_path: Path) -> None:
    """The sizes in the zip's headers are lies an attacker writes: what a part really unpacks
    to is counted, and a part larger than declared is refused as damaged."""
    big = b"<x>" + b" " * (50 << 20) + b"</x>"
    data = with_cells(b"")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("xl/padding.xml", big)
    raw = bytearray(out.getvalue())
    # Declare the padding part as 100 bytes, in its local header and in the central directory
    # (the name follows the first at 30 bytes, the second at 46; the size is at 22 and 24).
    name = b"xl/padding.xml"
    local = raw.find(name)
    central = raw.find(name, local + 1)
    struct.pack_into("<I", raw, local - 30 + 22, 100)
    struct.pack_into("<I", raw, central - 46 + 24, 100)
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(raw))
    error = failure(path)
    assert error.code == "bad_xlsx", error


def test_an_old_xls_spanning_its_whole_sheet_is_refused_or_bounded(tmp_path: Path) -> None:
    """An .xls has no zip to measure: calamine reads it in the worker, whose memory is capped.
    Either the size check or the cap answers; the studio is never the one to pay."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("s")
    sheet.write(0, 0, "name")
    sheet.write(1, 0, "Cap")
    sheet.write(65535, 255, 1)
    path = tmp_path / "wide.xls"
    book.save(str(path))
    error = failure(path)
    assert error.code in ("too_many_cells", "too_much_memory"), error


# --- the worker dies ----------------------------------------------------------------------------
@pytest.mark.parametrize("sig", [signal.SIGABRT, signal.SIGKILL])
def test_a_worker_that_aborts_or_is_killed_is_a_message(tmp_path: Path, sig: int) -> None:
    """What a native abort in calamine does to the worker (SIGABRT), or the system killing it:
    the caller gets a CatalogError saying so, and goes on."""
    path = tmp_path / "c.csv"
    path.write_text("name,price\n" + "".join(f"P{i},{i}\n" for i in range(50_000)))
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, on_started=lambda pid: os.kill(pid, sig))
    assert caught.value.code == "reader_failed"
    assert signal.Signals(sig).name in caught.value.message("en")
    assert read_catalog(path).products[0].name == "P0"  # and the next import works


def test_a_worker_out_of_time_is_stopped(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name,price\n" + "".join(f"P{i},{i}\n" for i in range(100_000)))
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, timeout_s=0.05)
    assert caught.value.code == "timed_out"


def test_an_import_can_be_cancelled(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "c.csv"
    path.write_text("name,price\nCap,9\n")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        read_catalog(path, cancel=cancel)


# --- CSV ----------------------------------------------------------------------------------------
def test_a_quote_never_closed_rejects_its_row_and_keeps_the_rest(tmp_path: Path) -> None:
    """Before: the open quote swallowed every row after it, with "0 rejected rows"."""
    path = tmp_path / "c.csv"
    lines = ["name,price"] + [f"P{i},{i}" for i in range(2, 14)]
    lines += ['"Scarf,"9', "Hat,12", '"Belt,5', "Sock,3"]  # lines 14 to 17
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    found = read_catalog(path)
    names = [p.name for p in found.products]
    assert names == [f"P{i}" for i in range(2, 14)] + ["Scarf,9", "Hat", "Sock"]
    assert [p.describe() for p in found.rejected] == [
        "line 16: a quote opened here is never closed: the row is skipped, the rows after it "
        "are read"
    ]


def test_quoted_cells_with_line_breaks_are_still_one_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('name,price,selling points\nCap,9,"warm\nsoft"\nHat,5,light\n', "utf-8")
    found = load_catalog(path)
    assert [(p.name, p.selling_points) for p in found.products] == [
        ("Cap", ("warm", "soft")),
        ("Hat", ("light",)),
    ]
    assert found.problems == []


def test_utf8_lines_in_a_gbk_file_are_named_by_line(tmp_path: Path) -> None:
    """Before: read as GB18030 mojibake and imported silently."""
    rows = ["商品名称,价格"] + [f"羊毛围巾{i},{i}" for i in range(2, 9)]
    data = "\r\n".join(rows).encode("gbk") + b"\r\n"
    data += "真丝睡衣,399\r\n".encode()  # line 9, pasted in from a UTF-8 file
    data += "保温杯,59\r\n".encode("gbk")
    path = tmp_path / "c.csv"
    path.write_bytes(data)
    found = load_catalog(path)
    assert found.encoding == "gb18030"
    assert [p.name for p in found.products][-2:] == ["羊毛围巾8", "保温杯"]
    assert len(found.products) == 8
    assert [p.describe() for p in found.rejected] == [
        "line 9: not GBK text (looks like UTF-8): save the whole file in one encoding"
    ]
    assert found.rejected[0].describe("zh").startswith("第 9 行：不是 GBK 编码")


def test_gbk_lines_in_a_utf8_file_are_named_by_line(tmp_path: Path) -> None:
    data = "\ufeff商品名称,价格\n羊毛围巾,199\n真丝睡衣,399\n".encode()
    data += "保温杯,59\n".encode("gbk") + "蓝牙耳机,199\n".encode()
    path = tmp_path / "c.csv"
    path.write_bytes(data)
    found = load_catalog(path)
    assert [p.name for p in found.products] == ["羊毛围巾", "真丝睡衣", "蓝牙耳机"]
    assert [p.describe() for p in found.rejected] == [
        "line 4: not UTF-8 text (looks like GBK): save the whole file in one encoding"
    ]


@pytest.mark.parametrize(
    ("price", "stock", "code"),
    [
        ("NaN", "1", "bad_price"),
        ("Infinity", "1", "bad_price"),
        ("sNaN", "1", "bad_price"),
        ("9" * 5000, "1", "too_large"),
        ("1", "9" * 5000, "too_large"),  # int() refused it: the whole file was lost
        ("0." + "0" * 5000 + "1", "1", "bad_price"),
        ("1", "NaN", "bad_stock"),
    ],
)
def test_unreadable_numbers_reject_their_row_only(
    tmp_path: Path, price: str, stock: str, code: str
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"name,price,stock\nCap,9,1\nOdd,{price},{stock}\nHat,12,2\n")
    started = time.monotonic()
    found = load_catalog(path)
    assert time.monotonic() - started < 1
    assert [p.name for p in found.products] == ["Cap", "Hat"]
    assert [(p.line, p.code) for p in found.rejected] == [(3, code)]


def test_json_numbers_of_thousands_of_digits_or_huge_exponents(tmp_path: Path) -> None:
    """Before: a 5,000-digit number lost the whole file (ValueError from the JSON reader), and
    a stock of 1e999999999 would have become a billion-digit int."""
    path = tmp_path / "c.json"
    path.write_text(
        '[{"name": "Cap", "price": 9},'
        f' {{"name": "A", "stock": {"9" * 5000}}},'
        ' {"name": "B", "price": 1e999999999, "stock": 1e999999999},'
        f' {{"name": "C", "price": 0.{"0" * 60}1}},'
        ' {"name": "D", "price": NaN},'
        ' {"name": "Hat", "price": 12.50}]'
    )
    started = time.monotonic()
    found = load_catalog(path)
    assert time.monotonic() - started < 1
    assert [(p.name, p.price) for p in found.products] == [
        ("Cap", Decimal(9)),
        ("Hat", Decimal("12.50")),
    ]
    assert sorted({p.line for p in found.rejected}) == [2, 3, 4, 5]


def test_saved_products_with_unusable_amounts_are_refused() -> None:
    for value in ("NaN", "sNaN", "Infinity", "9" * 100, 10**5000, "1E-400"):
        with pytest.raises(ValueError):
            Product.from_dict({"id": "a", "name": "Cap", "price": value})


# --- pictures -----------------------------------------------------------------------------------
def test_a_20000_pixel_square_picture_is_refused_from_its_header(tmp_path: Path) -> None:
    """48 KB on disk; decoding it took 1.6 GB (as RGB, 5.7 GB). Refused before decoding, for a
    picture layer, a background and a product card alike."""
    path = tmp_path / "huge.png"
    Image.new("1", (20000, 20000)).save(path)
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        load_image(path)
    assert time.monotonic() - started < 1
    assert caught.value.code == "too_large" and "megapixels" in str(caught.value)
    assert product_picture(str(path), 200, 12) is None  # the card draws its placeholder


def test_a_picture_just_over_the_limit_says_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("1", (10000, 5001)).save(path)
    with pytest.raises(SourceError, match="10000x5001 pixels"):
        load_image(path)
    Image.new("RGB", (640, 480), (200, 30, 30)).save(tmp_path / "ok.png")
    assert load_image(tmp_path / "ok.png").shape == (480, 640, 3)


# --- many products ------------------------------------------------------------------------------
def test_twenty_thousand_products_go_into_the_shop_at_once() -> None:
    """Before: Shop.put rebuilt the shop per product, 28 s for 20,000."""
    products = [Product(f"P{i}", f"Product {i}") for i in range(20_000)]
    shop = Shop()
    started = time.perf_counter()
    for product in products:
        shop.put(product)
    assert time.perf_counter() - started < 1
    shop2 = Shop(products[:10])
    version = shop2.version
    assert shop2.put_many([products[5].with_changes(name="new"), *products[10:]]) == 19_990
    assert shop2.version == version + 1
    assert [p.id for p in shop2.products] == [p.id for p in products]
    assert shop2.product("P5").name == "new"


def test_catalog_check_reports_a_hostile_workbook_in_one_line(tmp_path: Path) -> None:
    """Before: `studio catalog check` on this 4.7 KB file died with exit 134 (SIGABRT)."""
    import subprocess
    import sys

    path = tmp_path / "far.xlsx"
    path.write_bytes(with_cells(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    done = subprocess.run(
        [sys.executable, "-m", "studio", "catalog", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 2, done
    assert done.stderr.strip().endswith("at most 200,000 rows are imported"), done.stderr
    assert "Traceback" not in done.stderr


def test_bench_measures_each_import_as_the_window_does_it(tmp_path: Path) -> None:
    """`studio bench --import FILE`: the worker's time and peak, the shop and profile save, and
    a hostile file's reason with the memory it took (the figures in the issue notes)."""
    import json
    import subprocess
    import sys

    good = tmp_path / "good.csv"
    rows = ["商品编号,商品名称,到手价,库存"]
    rows += [f"S{i},杯子 {i},{10 + i % 7}.5,{i % 9}" for i in range(500)]
    good.write_text("\n".join(rows) + "\n", encoding="utf-8")
    far = tmp_path / "far.xlsx"
    far.write_bytes(with_cells(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    done = subprocess.run(
        [sys.executable, "-m", "studio", "bench", "--import", str(good), "--import", str(far),
         "--json"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout)["imports"]
    assert (first["products"], first["rejected"]) == (500, 0)
    assert first["apply_and_save_s"] >= 0 and first["total_s"] >= first["seconds"]
    assert 0 < first["worker_peak_mb"] < 500 and first["studio_peak_mb"] > 0
    assert "200,000 rows" in second["error"] and second["worker_peak_mb"] < 500
