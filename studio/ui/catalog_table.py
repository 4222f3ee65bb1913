"""The catalog table of the Products dock: a row a product (id, name, price, sale price, stock),
prices and stock edited in place from the value as typed, pictures and catalog files dropped on
it. It shows products and says what was dropped; the panel acts on the shop."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from studio.commerce.amounts import price_text
from studio.commerce.product import Product, format_money
from studio.ui.widgets import local_files, plain_tooltip

CATALOG_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".json", ".tsv", ".txt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")
MAX_COLUMN_WIDTH = 96  # an id or a price column is never wider: the name needs the room

# Columns; price, sale price and stock are edited in place.
COL_ID, COL_NAME, COL_PRICE, COL_SALE, COL_STOCK = range(5)
EDITABLE_COLUMNS = (COL_PRICE, COL_SALE, COL_STOCK)
ID_ROLE = Qt.ItemDataRole.UserRole  # a row's product id (column 0)
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's value as typed ("19.90"), for the editor


class RawValueDelegate(QStyledItemDelegate):
    """The editor of a price or stock cell starts from the value as typed ("19.90"), not from
    the formatted text shown ("¥19.90")."""

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            raw = index.data(RAW_ROLE)
            editor.setText("" if raw is None else str(raw))
            editor.selectAll()
            return
        super().setEditorData(editor, index)


class CatalogTable(QTableWidget):
    """The products; files dropped on it go to `file_dropped` (a picture on a row, a catalog
    anywhere)."""

    file_dropped = Signal(int, object)  # row (-1: none), QMimeData

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("catalogTable")
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
        self.setItemDelegate(RawValueDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.setMinimumHeight(120)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
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

    # --- rows -----------------------------------------------------------------------------------
    def product_id(self, row: int) -> str | None:
        item = self.item(row, COL_ID) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def row_of(self, product_id: str) -> int:
        for row in range(self.rowCount()):
            if self.product_id(row) == product_id:
                return row
        return -1

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
            index = self.model().index(row, COL_NAME)
            model = self.selectionModel()
            model.setCurrentIndex(index, flags.NoUpdate)
            model.select(index, flags.ClearAndSelect | flags.Rows)

    def show_products(self, products: Sequence[Product], explaining_id: str | None) -> None:
        """A row a product, the one on screen in bold; the selected and the current products
        stay so."""
        selected = set(self.selected_ids())
        current = self.product_id(self.currentRow())
        self.setRowCount(len(products))
        for row, product in enumerate(products):
            cells = (
                (product.id, None),
                (product.name, None),
                (format_money(product.price, product.currency), price_text(product.price)),
                (
                    format_money(product.sale_price, product.currency),
                    price_text(product.sale_price),
                ),
                ("" if product.stock is None else str(product.stock), None),
            )
            for column, (text, raw) in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                if column in EDITABLE_COLUMNS:
                    flags |= Qt.ItemFlag.ItemIsEditable
                    item.setData(RAW_ROLE, raw if raw is not None else text)
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setFlags(flags)
                if column == COL_ID:
                    item.setData(ID_ROLE, product.id)
                if column == COL_NAME:
                    item.setToolTip(plain_tooltip(product.name))
                if product.id == explaining_id:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
        self.clearSelection()
        flags = QItemSelectionModel.SelectionFlag
        for row, product in enumerate(products):
            if product.id in selected:
                index = self.model().index(row, COL_NAME)
                self.selectionModel().select(index, flags.Select | flags.Rows)
        if current is not None and (row := self.row_of(current)) >= 0:
            self.setCurrentCell(row, COL_NAME, flags.NoUpdate)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Id, prices and stock as wide as what they hold (an id up to a limit), the name gets
        the rest: in a narrow dock the name is what the merchant reads."""
        cells = self.fontMetrics()
        header = self.horizontalHeader()
        heads = header.fontMetrics()
        pad = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 12
        for column in (COL_ID, COL_PRICE, COL_SALE, COL_STOCK):
            head = self.horizontalHeaderItem(column)
            width = heads.horizontalAdvance(head.text() if head else "") + pad
            for row in range(self.rowCount()):
                item = self.item(row, column)
                if item is not None:
                    width = max(width, cells.horizontalAdvance(item.text()[:40]) + pad)
            self.setColumnWidth(column, min(width, MAX_COLUMN_WIDTH))

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
