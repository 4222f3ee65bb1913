"""Selling without slips (issue 17), on the real window at 1280x800: the flash sale is for the
product on screen, never more pieces than the stock, its clock starting once the merchant has
answered; the run-of-show's boxes stay inside its table; the merchant's own codes (货号/SKU) are
shown, never a row number the import made up; English names have the room to be read; a broken
.xlsx is named as such in both languages."""

from __future__ import annotations

import io
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from profiles import small_profile
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.commerce.catalog import CatalogError, load_catalog, made_up_id
from studio.commerce.product import Product
from studio.session import StudioSession
from studio.ui.catalog_table import COL_ID, COL_NAME
from studio.ui.main_window import MainWindow

# English names and long SKU codes, as an export from a Shopify or ERP back-end has them.
PRODUCTS = [
    Product("SKU-2024-WINTER-000123", "Merino wool scarf", Decimal("199"), Decimal("129"),
            stock=12),
    Product("SKU-2024-WINTER-000124", "Silk pyjama set", Decimal("599"), Decimal("399"),
            stock=20),
    Product("SKU-2024-WINTER-000125", "Thermos cup", Decimal("89"), Decimal("59"), stock=100),
]  # fmt: skip
SCARF, PYJAMAS, CUP = (p.id for p in PRODUCTS)


class Studio(WindowHarness):
    def open(self, products: list[Product] = PRODUCTS) -> MainWindow:
        profile = small_profile(self.tmp_path)
        profile.catalog = [p.to_dict() for p in products]
        window = self.show(StudioSession(profile, self.profile_path))
        window.products_dock.raise_()
        self.qtbot.wait(50)
        return window


@pytest.fixture
def studio_harness() -> type[Studio]:
    return Studio


# --- the flash sale -----------------------------------------------------------------------------
def test_the_flash_sale_is_for_the_product_on_screen_not_the_one_last_clicked(
    studio: Studio,
) -> None:
    window = studio.open()
    panel, shop = window.products_panel, window.session.shop
    window.ask = lambda _title, _text: False  # no countdown layer wanted
    panel.select_product(PYJAMAS)
    panel.explain_button.click()  # the pyjamas on screen
    panel.select_product(CUP)  # then the merchant looks something up in the catalog
    assert panel.sale_product_label.full_text() == "For: Silk pyjama set"
    panel.start_sale_button.click()
    assert shop.sale(PYJAMAS) is not None and shop.sale(CUP) is None
    assert shop.explaining.id == PYJAMAS  # the screen did not jump to the cup


def test_the_quantity_is_at_most_the_stock(studio: Studio) -> None:
    window = studio.open()
    panel, shop = window.products_panel, window.session.shop
    window.ask = lambda _title, _text: False
    panel.select_product(SCARF)  # 12 in stock, the default quantity is 50
    assert panel.quantity_spin.value() == 12 and panel.quantity_spin.maximum() == 12
    panel.start_sale_button.click()
    sale = shop.sale(SCARF)
    assert sale is not None and sale.quantity == 12
    panel.sold_button.click()
    # "仅剩 11 件" beside "库存 11": the sale and the stock agree.
    assert sale.left == shop.product(SCARF).stock == 11
    assert panel.sale_label.text().endswith(" · 11 of 12 pieces left")
    # The merchant's own number comes back for a product with more stock.
    panel.end_sale_button.click()
    shop.explain(None)
    panel.select_product(CUP)
    panel._tick()
    assert panel.quantity_spin.value() == 50


def test_typing_a_quantity_is_not_undone_by_the_tick(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.products_panel
    panel.select_product(CUP)  # 100 in stock: the default 50 stands
    spin = panel.quantity_spin
    edit = spin.lineEdit()
    spin.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # the merchant clears "50" to type a number
    panel._tick()  # the half-second refresh comes while they type
    assert edit.text() == ""
    qtbot.keyClicks(edit, "30")
    panel._tick()
    assert (spin.value(), edit.text()) == (30, "30")


def test_the_stock_counts_as_it_is_once_the_question_is_answered(studio: Studio) -> None:
    window = studio.open()
    panel, shop = window.products_panel, window.session.shop
    # While "Add a countdown?" is open an edit leaves 7 of the 100 cups...
    window.ask = lambda _title, _text: shop.update(CUP, stock=7) and False
    panel.select_product(CUP)
    panel.start_sale_button.click()
    sale = shop.sale(CUP)
    assert sale is not None and sale.quantity == 7
    # ...or takes the scarf out of the catalog: no sale for a product that is not there.
    shop.explain(None)
    window.ask = lambda _title, _text: shop.remove(SCARF) or False
    panel.select_product(SCARF)
    panel.start_sale_button.click()
    assert shop.sale(SCARF) is None and shop.explaining is None


def test_a_product_out_of_stock_has_no_flash_sale(studio: Studio) -> None:
    window = studio.open([PRODUCTS[0].with_changes(stock=0)])
    panel = window.products_panel
    panel.select_product(SCARF)
    assert not panel.start_sale_button.isEnabled()
    assert panel.sale_label.text() == "Out of stock: set the stock before a flash sale"


def test_the_clock_starts_once_the_question_is_answered(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel, shop, clock = window.products_panel, window.session.shop, window.session.clock
    open_at: list[float] = []

    def answer(title: str, _text: str) -> bool:
        assert title == "Add a countdown"
        assert shop.sale(CUP) is None  # nothing counts down while the question is open
        qtbot.wait(200)  # the merchant reads the question
        open_at.append(clock.now())
        return True

    window.ask = answer
    panel.select_product(CUP)
    panel.duration_spin.setValue(30)
    panel.start_sale_button.click()
    sale = shop.sale(CUP)
    # The full half minute from the answer on (no bound on the time the click took after it).
    assert open_at and sale is not None and sale.started_at >= open_at[0]
    assert window.session.layers[-1].options == {"show": "countdown"}


# --- the run-of-show ----------------------------------------------------------------------------
def _box_rect(widget: QWidget, box: QWidget) -> QRect:
    return QRect(widget.mapTo(box, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_run_of_show_boxes_stay_inside_its_table(
    studio: Studio, qtbot: QtBot, lang: str
) -> None:
    window = studio.open()
    window.set_language(lang)
    panel = window.products_panel
    for product in PRODUCTS:
        panel.select_product(product.id)
        panel.add_to_show()
    window.ask = lambda _title, _text: False  # no card: the hint says how to add one
    panel.select_product(CUP)
    panel.explain_button.click()
    box = panel.show_box
    assert box.hint.isVisible()  # a hint of one or two lines under the timer
    panel.splitter.setSizes([2000, 1, 2000])  # the run-of-show squeezed as far as it goes
    qtbot.wait(100)
    # The box's own widgets (table, buttons, labels) side by side, none over another.
    parts = [
        w
        for w in box.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    ]
    assert box.table in parts and box.hint in parts and box.add_button in parts
    rects = [_box_rect(w, box) for w in parts]
    for i, a in enumerate(rects):
        assert box.rect().contains(a), (parts[i], a, box.rect())
        for j in range(i + 1, len(rects)):
            assert not a.intersects(rects[j]), (parts[i], a, parts[j], rects[j])
    # All three rows in view, each row's boxes inside the table's viewport and inside their row.
    viewport = _box_rect(box.table.viewport(), box)
    for row in range(3):
        for widget in (panel.role_combo(row), panel.target_spin(row)):
            assert viewport.contains(_box_rect(widget, box)), (row, widget)
            assert widget.height() <= box.table.rowHeight(row)
    assert box.table.verticalScrollBar().maximum() == 0
    # The hint is read whole: as tall as its lines at its width.
    assert box.hint.height() >= box.hint.heightForWidth(box.hint.width())


# --- the merchant's own codes -------------------------------------------------------------------
def test_the_merchants_codes_are_read_and_made_up_ids_are_never_shown(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    with_codes = tmp_path / "店铺.csv"
    with_codes.write_text("商品名称,商家编码,价格\n围巾,WJ-001,99\n帽子,MZ-002,59\n", "utf-8")
    assert [p.id for p in load_catalog(with_codes).products] == ["WJ-001", "MZ-002"]
    sku = tmp_path / "shopify.csv"
    sku.write_text("Title,SKU ID,Price\nScarf,SC-9,19\n", "utf-8")
    assert [p.id for p in load_catalog(sku).products] == ["SC-9"]

    no_codes = tmp_path / "no-codes.csv"
    no_codes.write_text("商品名称,价格\n围巾,99\n帽子,59\n", "utf-8")
    window = studio.open([])
    panel = window.products_panel
    panel.import_catalog(no_codes)
    qtbot.waitUntil(lambda: not panel.importing and panel.table.rowCount() == 2, timeout=20000)
    ids = [p.id for p in window.session.shop.products]
    assert ids == ["row-2", "row-3"] and all(made_up_id(i) for i in ids)  # the studio's keys
    shown = [panel.table.item(r, COL_ID).text() for r in range(2)]
    assert shown == ["", ""]
    assert panel.table.isColumnHidden(COL_ID)  # no codes at all: no id column
    panel.search_edit.setText("row")  # a made-up id is not found either
    assert panel.visible_ids() == []
    panel.search_edit.clear()
    # Nor does the edit dialog show it; an edit keeps the product's key.
    scarf = window.session.shop.product("row-2")
    dialog = panel.product_dialog(scarf)
    assert dialog.id_edit.text() == "" and dialog.id_edit.isReadOnly()
    dialog.price_edit.setText("88")
    dialog.accept()
    edited = dialog.product()
    assert edited is not None and edited.id == "row-2" and edited.price == Decimal("88")

    panel.import_catalog(with_codes)
    qtbot.waitUntil(lambda: not panel.importing and panel.table.rowCount() == 4, timeout=20000)
    assert not panel.table.isColumnHidden(COL_ID)
    assert [panel.table.item(r, COL_ID).text() for r in range(4)] == ["", "", "WJ-001", "MZ-002"]


def test_codes_after_the_measured_rows_keep_the_id_column(studio: Studio) -> None:
    # 600 rows without codes imported first (more than are measured), then the merchant's codes.
    made_up = [Product(f"row-{n}", f"商品 {n}", Decimal("9")) for n in range(2, 602)]
    window = studio.open([*made_up, *PRODUCTS])
    table = window.products_panel.table
    assert not table.isColumnHidden(COL_ID)
    assert table.item(len(made_up), COL_ID).text() == SCARF


# --- names with room ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_english_names_have_the_room_next_to_long_codes(
    studio: Studio, qtbot: QtBot, lang: str
) -> None:
    window = studio.open()
    window.set_language(lang)
    assert (window.width(), window.height()) == (1280, 800)
    panel = window.products_panel
    for product in PRODUCTS:
        panel.select_product(product.id)
        panel.add_to_show()
    panel.select_product(SCARF)
    qtbot.wait(100)
    table = panel.table
    room = table.viewport().width()
    assert table.columnWidth(COL_NAME) >= room / 3, (table.columnWidth(COL_NAME), room)
    # No sideways scrolling: every column fits.
    assert sum(table.columnWidth(c) for c in range(5)) <= room
    metrics = table.fontMetrics()
    for row, product in enumerate(PRODUCTS):
        width = table.visualRect(table.model().index(row, COL_NAME)).width() - 8
        shown = metrics.elidedText(product.name, Qt.TextElideMode.ElideRight, width)
        assert len(shown.rstrip("…")) >= 10, (product.name, shown)
    # The run-of-show and the sale box show the names whole at this size.
    for row, product in enumerate(PRODUCTS):
        item = panel.show_table.item(row, 0)
        width = panel.show_table.visualItemRect(item).width() - 8
        shown = panel.show_table.fontMetrics().elidedText(
            item.text(), Qt.TextElideMode.ElideRight, width
        )
        assert len(shown.rstrip("…")) >= 10, (product.name, shown)
    label = panel.sale_product_label
    assert label.text() == label.full_text(), label.text()
    # A header given way to the name ends in "…" (never letters lost at both ends, "ale pric")
    # and says itself in full on hover.
    header = table.horizontalHeader()
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    model = table.model()
    for column in range(5):
        full = model.headerData(column, Qt.Orientation.Horizontal)
        assert (
            model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == full
        )


# --- a broken workbook --------------------------------------------------------------------------
def test_a_broken_xlsx_is_named_a_damaged_workbook(tmp_path: Path) -> None:
    garbage = tmp_path / "商品.xlsx"
    garbage.write_bytes(random.Random(7).randbytes(4096) + b"\x00")
    with pytest.raises(CatalogError) as caught:
        load_catalog(garbage)
    error = caught.value
    assert error.code == "not_excel"
    assert "damaged or not an Excel workbook" in error.message("en")
    assert "binary" not in error.message("en")
    assert "已损坏或不是 Excel 工作簿" in error.message("zh")
    # A workbook cut short (a half-finished download) says the same in both languages.
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>" * 400)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.getvalue()[:300])
    with pytest.raises(CatalogError) as caught:
        load_catalog(cut)
    assert "is damaged" in caught.value.message("en")
    assert "已损坏" in caught.value.message("zh")


def test_the_window_names_a_broken_xlsx_in_chinese(studio: Studio, qtbot: QtBot, tmp_path: Path):
    garbage = tmp_path / "商品.xlsx"
    garbage.write_bytes(random.Random(7).randbytes(4096) + b"\x00")
    window = studio.open([])
    window.set_language("zh_CN")
    panel = window.products_panel
    panel.import_catalog(garbage)
    qtbot.waitUntil(lambda: not panel.importing, timeout=20000)
    text = panel.catalog_message.text()
    assert "已损坏或不是 Excel 工作簿" in text and "二进制" not in text, text
    assert panel.catalog_message.isVisible()
