"""The catalog table of the Products dock: a row a product (id, name, price, sale price, stock),
prices and stock edited in place from the value as typed, pictures and catalog files dropped on
it. It shows products and says what was dropped; the panel acts on the shop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from studio.commerce.amounts import price_text
from studio.commerce.catalog import made_up_id
from studio.commerce.product import Product, format_money
from studio.ui.widgets import local_files, plain_tooltip

CATALOG_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".json", ".tsv", ".txt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")
MAX_COLUMN_WIDTH = 96  # an id or a price column is never wider: the name needs the room
NAME_SHARE = 0.45  # of the table's width, the name column's at least, ids cut to make room
MIN_ID_WIDTH = 44  # an id cut to its start, "…" and its end (the tooltip has it whole)
MEASURED_ROWS = 500  # rows measured to size the columns

# Columns; price, sale price and stock are edited in place.
COL_ID, COL_NAME, COL_PRICE, COL_SALE, COL_STOCK = range(5)
EDITABLE_COLUMNS = (COL_PRICE, COL_SALE, COL_STOCK)
ID_ROLE = Qt.ItemDataRole.UserRole  # a row's product id (column 0)
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's value as typed ("19.90"), for the editor


class RawValueDelegate(QStyledItemDelegate):
    """The editor of a price or stock cell starts from the value as typed ("19.90"), not from
    the formatted text shown ("¥19.90"). A code cut to fit keeps its start and its end
    ("SKU-2…00123"): codes of one shop differ at the end."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() == COL_ID:
            option.textElideMode = Qt.TextElideMode.ElideMiddle

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            raw = index.data(RAW_ROLE)
            editor.setText("" if raw is None else str(raw))
            editor.selectAll()
            return
        super().setEditorData(editor, index)


@dataclass(frozen=True)
class CatalogCell:
    """One cell of the table, as the panel and its tests handle it (the table holds no item per
    cell: a catalog of 100,000 products would be half a million objects)."""

    index: QModelIndex
    typed: str | None = None  # what the merchant typed (an edit), else the text shown

    def row(self) -> int:
        return self.index.row()

    def column(self) -> int:
        return self.index.column()

    def text(self) -> str:
        if self.typed is not None:
            return self.typed
        value = self.index.data(Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)


class CatalogModel(QAbstractTableModel):
    """The products as rows, read straight from the list it is given: showing 100,000 products
    is one reset, not a widget per cell. An edit is not applied here: `edited` hands it to the
    panel, which changes the shop (and then the table)."""

    edited = Signal(object)  # CatalogCell with the text typed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.products: Sequence[Product] = ()
        self.rows: dict[str, int] = {}  # product id -> row
        self.explaining_id: str | None = None
        self.headers: list[str] = [""] * 5
        self._bold: QFont | None = None

    def set_products(self, products: Sequence[Product], explaining_id: str | None) -> None:
        self.beginResetModel()
        self.products = products
        self.rows = {p.id: row for row, p in enumerate(products)}
        self.explaining_id = explaining_id
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.products)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers)
        if horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.headers[section]  # a header cut short ("到手…") says itself in full
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if index.column() in EDITABLE_COLUMNS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not 0 <= row < len(self.products):
            return None
        product = self.products[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _shown(product, column)
        if role == RAW_ROLE and column in EDITABLE_COLUMNS:
            if column == COL_PRICE:
                return price_text(product.price)
            if column == COL_SALE:
                return price_text(product.sale_price)
            return _shown(product, column)
        if role == ID_ROLE and column == COL_ID:
            return product.id
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME:
            return plain_tooltip(product.name)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_ID and _shown(product, column):
            return plain_tooltip(product.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in EDITABLE_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and product.id == self.explaining_id:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE_COLUMNS:
            return False
        self.edited.emit(CatalogCell(index, "" if value is None else str(value)))
        return True


def _shown(product: Product, column: int) -> str:
    if column == COL_ID:  # the merchant's own code; none for a row number the import made up
        return "" if made_up_id(product.id) else product.id
    if column == COL_NAME:
        return product.name
    if column == COL_PRICE:
        return format_money(product.price, product.currency)
    if column == COL_SALE:
        return format_money(product.sale_price, product.currency)
    return "" if product.stock is None else str(product.stock)


class CatalogTable(QTableView):
    """The products; files dropped on it go to `file_dropped` (a picture on a row, a catalog
    anywhere). Signals and helpers named as a QTableWidget's, with CatalogCell for its items."""

    file_dropped = Signal(int, object)  # row (-1: none), QMimeData
    itemChanged = Signal(object)  # CatalogCell: a price or stock typed
    itemDoubleClicked = Signal(object)  # CatalogCell
    itemSelectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogTable")
        self.catalog = CatalogModel(self)
        self.setModel(self.catalog)
        self.catalog.edited.connect(self.itemChanged)
        self.doubleClicked.connect(lambda index: self.itemDoubleClicked.emit(CatalogCell(index)))
        self.selectionModel().selectionChanged.connect(self.itemSelectionChanged)
        self._hidden: set[int] = set()
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        # Every row the same height: the view never measures 100,000 rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setItemDelegate(RawValueDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        # A header narrower than its words ends in "…" rather than losing letters at both ends.
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setMinimumHeight(120)
        self._measured: dict[int, tuple[int, int]] = {}  # column -> (its cells', its header's)
        self.retranslate()

    def retranslate(self) -> None:
        self.catalog.set_headers(
            [
                self.tr("ID"),
                self.tr("Name"),
                self.tr("Price"),
                self.tr("Sale price"),
                self.tr("Stock"),
            ]
        )
        self.setToolTip(
            self.tr(
                "Double-click a price or the stock to change it: the stream shows it at once. "
                "Drop a picture on a product to use it."
            )
        )
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- as a QTableWidget ----------------------------------------------------------------------
    def rowCount(self) -> int:
        return self.catalog.rowCount()

    def item(self, row: int, column: int) -> CatalogCell | None:
        if not (0 <= row < self.rowCount() and 0 <= column < 5):
            return None
        return CatalogCell(self.catalog.index(row, column))

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def setCurrentItem(self, cell: CatalogCell) -> None:
        self.setCurrentIndex(cell.index)

    def setCurrentCell(self, row: int, column: int, flags: Any = None) -> None:
        index = self.catalog.index(row, column)
        if flags is None:
            self.setCurrentIndex(index)
        else:
            self.selectionModel().setCurrentIndex(index, flags)

    def editItem(self, cell: CatalogCell) -> None:
        self.edit(cell.index)

    def visualItemRect(self, cell: CatalogCell) -> QRect:
        return self.visualRect(cell.index)

    def setRowHidden(self, row: int, hide: bool) -> None:
        """Hide or show a row; a row already so costs nothing (a search over 100,000 rows
        changes only the rows it changes)."""
        if hide == (row in self._hidden):
            return
        (self._hidden.add if hide else self._hidden.discard)(row)
        super().setRowHidden(row, hide)

    def isRowHidden(self, row: int) -> bool:
        return row in self._hidden

    # --- rows -----------------------------------------------------------------------------------
    def product_id(self, row: int) -> str | None:
        products = self.catalog.products
        return products[row].id if 0 <= row < len(products) else None

    def row_of(self, product_id: str) -> int:
        return self.catalog.rows.get(product_id, -1)

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows the search leaves, top to bottom."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        found = [self.product_id(row) for row in rows if not self.isRowHidden(row)]
        return [product_id for product_id in found if product_id is not None]

    def select(self, product_id: str) -> None:
        row = self.row_of(product_id)
        if row >= 0:
            # Through the selection model: selectRow() would toggle while Ctrl is held.
            flags = QItemSelectionModel.SelectionFlag
            index = self.catalog.index(row, COL_NAME)
            model = self.selectionModel()
            model.setCurrentIndex(index, flags.NoUpdate)
            model.select(index, flags.ClearAndSelect | flags.Rows)

    def show_products(self, products: Sequence[Product], explaining_id: str | None) -> None:
        """A row a product, the one on screen in bold; the selected and the current products
        stay so. One model reset, whatever the number of products."""
        selected = set(self.selected_ids())
        current = self.product_id(self.currentRow())
        for row in self._hidden:  # the panel's search hides them again
            super().setRowHidden(row, False)
        self._hidden.clear()
        self.catalog.set_products(products, explaining_id)
        flags = QItemSelectionModel.SelectionFlag
        for product_id in selected:
            row = self.row_of(product_id)
            if row >= 0:
                index = self.catalog.index(row, COL_NAME)
                self.selectionModel().select(index, flags.Select | flags.Rows)
        if current is not None and (row := self.row_of(current)) >= 0:
            self.setCurrentCell(row, COL_NAME, flags.NoUpdate)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Measure what id, prices and stock hold (on the first rows, enough to size a column
        that is at most MAX_COLUMN_WIDTH) and size the columns to it; the name gets the rest."""
        cells = self.fontMetrics()
        heads = self.horizontalHeader().fontMetrics()
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 12
        products = self.catalog.products[:MEASURED_ROWS]
        self._measured = {}
        for column in (COL_ID, COL_PRICE, COL_SALE, COL_STOCK):
            width = 0
            for product in products:
                text = _shown(product, column)[:40]
                width = max(width, cells.horizontalAdvance(text) + pad if text else 0)
                if width >= MAX_COLUMN_WIDTH:
                    break
            head = heads.horizontalAdvance(self.catalog.headers[column]) + pad
            self._measured[column] = (min(width, MAX_COLUMN_WIDTH), min(head, MAX_COLUMN_WIDTH))
        # No product has a code of its own (a catalog without an id column): no id column. The
        # rows after the measured ones count too (codes imported after 500 rows without).
        codes = self._measured[COL_ID][0] > 0 or any(
            not made_up_id(p.id) for p in self.catalog.products[MEASURED_ROWS:]
        )
        self.setColumnHidden(COL_ID, bool(products) and not codes)
        self._share_width()

    def _share_width(self) -> None:
        """The name is given NAME_SHARE of the width (in a narrow dock the name is what the
        merchant reads): headers wider than their numbers give way first, then the id is cut,
        down to MIN_ID_WIDTH (its start and end kept); prices and stock are never cut."""
        if not self._measured:
            return
        room = self.viewport().width() - round(self.viewport().width() * NAME_SHARE)
        widths = {column: max(cell, head) for column, (cell, head) in self._measured.items()}
        if self.isColumnHidden(COL_ID):
            widths[COL_ID] = 0
        for column in (COL_STOCK, COL_SALE, COL_PRICE):  # a header is cut before a number
            excess = sum(widths.values()) - room
            if excess > 0:
                floor = max(self._measured[column][0], 24)
                widths[column] = max(floor, widths[column] - excess)
        excess = sum(widths.values()) - room
        if excess > 0 and widths[COL_ID]:
            widths[COL_ID] = max(min(widths[COL_ID], MIN_ID_WIDTH), widths[COL_ID] - excess)
        for column, width in widths.items():
            if width:
                self.setColumnWidth(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_width()

    # --- drops ----------------------------------------------------------------------------------
    @staticmethod
    def _wanted(mime: QMimeData) -> bool:
        suffixes = IMAGE_SUFFIXES + CATALOG_SUFFIXES
        return any(path.suffix.lower() in suffixes for path in local_files(mime))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wanted(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._wanted(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._wanted(event.mimeData()):
            event.ignore()
            return
        row = self.rowAt(round(event.position().y()))
        event.acceptProposedAction()
        self.file_dropped.emit(row, event.mimeData())
