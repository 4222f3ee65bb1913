"""The products of the show: the catalog (search, import, add, edit, delete, reorder, prices and
stock edited in place, pictures dropped onto a row), the run-of-show (the products in the order
they are presented, each with a role and a target time; previous / next with a timer) and a
flash sale for one product.

Every change goes to the session's shop at once: a product layer redraws from the next frame
(it follows `shop.version`), so a price typed in the table is on the stream within a frame. The
profile is saved shortly after (debounced: typing a column of prices writes the file once).

Product names, ids and selling points are the merchant's data: they are never translated and
only ever shown as plain text (table items, plain-text labels), so a name holding HTML or ten
thousand characters neither renders as markup nor widens the panel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QMimeData,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.capture.registry import split_spec
from studio.commerce.catalog import CatalogError, CatalogImport
from studio.commerce.flash_sale import MAX_DURATION_S, MIN_DURATION_S, clock_text
from studio.commerce.overlays import render_kind
from studio.commerce.product import Product, format_money
from studio.commerce.run_of_show import DEFAULT_TARGET_S, ROLES, ShowItem
from studio.commerce.source import auto_width
from studio.session import StudioError, StudioSession
from studio.ui import messages

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # edits are written to the profile once they pause this long
TICK_MS = 500  # the run-of-show timer and the flash sale read-out
SHOWN_PROBLEMS = 5  # rejected rows quoted after an import; the rest are counted
MAX_AMOUNT = Decimal(1_000_000_000)  # a price this big is a typo, not a product
CATALOG_PATTERNS = "*.csv *.xlsx *.xlsm *.xls *.json *.tsv *.txt"  # notr
CATALOG_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".json", ".tsv", ".txt")
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.webp *.bmp"  # notr
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp")
CURRENCY_MARKS = ("HK$", "US$", "¥", "￥", "$", "€", "£", "元", "RMB", "CNY", "USD")  # notr
PROBLEM_STYLE = "color: #ffb4a8;"
OVER_TARGET_STYLE = "color: #ff5a4e; font-weight: bold;"
MAX_COLUMN_WIDTH = 96  # an id or a price column is never wider: the name needs the room
CARD_MARGIN = 0.04  # of the canvas's height: the gap below a card added by the panel
DEFAULT_SALE_S = 60
DEFAULT_SALE_QUANTITY = 50

# Catalog columns; price, sale price and stock are edited in place.
COL_ID, COL_NAME, COL_PRICE, COL_SALE, COL_STOCK = range(5)
EDITABLE_COLUMNS = (COL_PRICE, COL_SALE, COL_STOCK)
# Run-of-show columns.
SHOW_NAME, SHOW_ROLE, SHOW_TARGET = range(3)
ID_ROLE = Qt.ItemDataRole.UserRole  # a row's product id (column 0)
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's value as typed ("19.90"), for the editor


def ui_lang() -> str:
    """The language of the catalog's own messages: the window's ("zh" or "en")."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def minutes(seconds: float) -> str:
    """1:05 (whole seconds, rounded down: the timer never runs ahead)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class AmountError(ValueError):
    """`code`: "number", "negative", "too_large" or "whole"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_amount(text: str) -> Decimal | None:
    """A price as merchants type it ("19.9", "¥1,299", " 59 元"); "" is no price."""
    text = text.strip()
    for mark in CURRENCY_MARKS:
        text = text.replace(mark, "")
    text = text.replace(",", "").replace("，", "").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise AmountError("number") from None
    if not amount.is_finite():
        raise AmountError("number")
    if amount < 0:
        raise AmountError("negative")
    if amount >= MAX_AMOUNT:
        raise AmountError("too_large")
    return amount


def parse_stock(text: str) -> int | None:
    """A stock count ("120", "1,200"); "" is untracked."""
    text = text.strip().replace(",", "").replace("，", "")
    for unit in ("件", "pcs"):  # notr
        text = text.removesuffix(unit).strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise AmountError("whole") from None
    if value < 0:
        raise AmountError("negative")
    if value >= MAX_AMOUNT:
        raise AmountError("too_large")
    return value


def raw_amount(amount: Decimal | None) -> str:
    return "" if amount is None else str(amount)


def local_files(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written (a tooltip renders anything that looks like HTML)."""
    return QtGui.Qt.convertFromPlainText(text[:500])


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the width it is given: a long product name never
    widens the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(20)

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())
        self.setToolTip(plain_tooltip(self._full) if self._full else "")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(0, self.width())
        )
        super().setText(shown)


class _RawValueDelegate(QStyledItemDelegate):
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


class ProductDialog(QDialog):
    """Add or edit one product. Prices are checked as Decimal before the dialog closes; a
    problem is said under the fields and the dialog stays open."""

    def __init__(
        self,
        product: Product | None,
        taken_ids: set[str],
        suggested_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = product
        self._taken = taken_ids
        self._result: Product | None = None
        self.setMinimumWidth(420)
        self.id_edit = QLineEdit(product.id if product else suggested_id, self)
        self.id_edit.setReadOnly(product is not None)  # the run-of-show refers to it
        self.name_edit = QLineEdit(product.name if product else "", self)
        self.price_edit = QLineEdit(raw_amount(product.price) if product else "", self)
        self.sale_edit = QLineEdit(raw_amount(product.sale_price) if product else "", self)
        stock = product.stock if product else None
        self.stock_edit = QLineEdit("" if stock is None else str(stock), self)
        self.link_edit = QLineEdit(product.link if product else "", self)
        self.image_edit = QLineEdit(product.image if product else "", self)
        self.image_button = QToolButton(self)
        self.image_button.clicked.connect(self.choose_image)
        image_row = QHBoxLayout()
        image_row.addWidget(self.image_edit, 1)
        image_row.addWidget(self.image_button)
        self.points_edit = QPlainTextEdit(self)
        self.points_edit.setPlainText("\n".join(product.selling_points) if product else "")
        self.points_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.moq_edit = QLineEdit(product.moq if product else "", self)
        self.lead_edit = QLineEdit(product.lead_time if product else "", self)
        self.cert_edit = QLineEdit(", ".join(product.certifications) if product else "", self)
        self.fob_edit = QLineEdit(raw_amount(product.fob_price) if product else "", self)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(PROBLEM_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        fields = (
            self.id_edit,
            self.name_edit,
            self.price_edit,
            self.sale_edit,
            self.stock_edit,
            self.link_edit,
            image_row,
            self.points_edit,
            self.moq_edit,
            self.lead_edit,
            self.cert_edit,
            self.fob_edit,
        )
        self._labels = [QLabel(self) for _ in fields]
        for label, field in zip(self._labels, fields, strict=True):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit product") if self.original else self.tr("Add product"))
        texts = (
            self.tr("ID"),
            self.tr("Name"),
            self.tr("Price"),
            self.tr("Sale price"),
            self.tr("Stock"),
            self.tr("Link"),
            self.tr("Picture"),
            self.tr("Selling points"),
            self.tr("MOQ"),
            self.tr("Lead time"),
            self.tr("Certifications"),
            self.tr("FOB price"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.image_button.setText(self.tr("Choose…"))
        self.price_edit.setPlaceholderText(self.tr("e.g. 99 or 19.90"))
        self.sale_edit.setPlaceholderText(self.tr("empty: no sale price"))
        self.stock_edit.setPlaceholderText(self.tr("empty: not tracked"))
        self.points_edit.setPlaceholderText(self.tr("One selling point per line"))
        self.cert_edit.setPlaceholderText(self.tr("Separated by commas, e.g. CE, FDA"))
        self.fob_edit.setPlaceholderText(self.tr("In US dollars"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the product's picture"),
            str(Path(self.image_edit.text()).parent) if self.image_edit.text() else "",
            self.tr("Pictures (%1)").replace("%1", IMAGE_PATTERNS),
        )
        if path:
            self.image_edit.setText(path)

    def product(self) -> Product | None:
        """The product as filled in (after accept), or None."""
        return self._result

    def accept(self) -> None:
        problem, field = self._check()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            if field is not None:
                field.setFocus()
                field.selectAll()
            return
        self.error_label.hide()
        super().accept()

    def _amount(self, edit: QLineEdit, what: str) -> Decimal | None:
        try:
            return parse_amount(edit.text())
        except AmountError as exc:
            raise _FieldProblem(amount_problem(exc.code, what, edit.text()), edit) from None

    def _check(self) -> tuple[str, QLineEdit | None]:
        try:
            product = self._build()
        except _FieldProblem as exc:
            return exc.text, exc.field
        self._result = product
        return "", None

    def _build(self) -> Product:
        product_id = self.id_edit.text().strip()
        if not product_id:
            raise _FieldProblem(self.tr("Give the product an ID."), self.id_edit)
        if self.original is None and product_id in self._taken:
            raise _FieldProblem(
                self.tr("The ID %1 is used by another product.").replace("%1", product_id),
                self.id_edit,
            )
        name = " ".join(self.name_edit.text().split())
        if not name:
            raise _FieldProblem(self.tr("Give the product a name."), self.name_edit)
        price = self._amount(self.price_edit, self.tr("The price"))
        sale = self._amount(self.sale_edit, self.tr("The sale price"))
        fob = self._amount(self.fob_edit, self.tr("The FOB price"))
        try:
            stock = parse_stock(self.stock_edit.text())
        except AmountError as exc:
            text = amount_problem(exc.code, self.tr("The stock"), self.stock_edit.text())
            raise _FieldProblem(text, self.stock_edit) from None
        points = tuple(
            line.strip() for line in self.points_edit.toPlainText().splitlines() if line.strip()
        )
        certs = tuple(
            c.strip() for c in self.cert_edit.text().replace("，", ",").split(",") if c.strip()
        )
        base = self.original or Product(id=product_id, name=name)
        return base.with_changes(
            name=name,
            price=price,
            sale_price=sale,
            stock=stock,
            link=self.link_edit.text().strip(),
            image=self.image_edit.text().strip(),
            selling_points=points,
            moq=self.moq_edit.text().strip(),
            lead_time=self.lead_edit.text().strip(),
            certifications=certs,
            fob_price=fob,
        )


class _FieldProblem(Exception):
    def __init__(self, text: str, field: QLineEdit) -> None:
        super().__init__(text)
        self.text = text
        self.field = field


def amount_problem(code: str, what: str, typed: str) -> str:
    """ "The price is not a number: abc" in the window's language."""
    typed = " ".join(typed.split())[:40]
    templates = {
        "number": QCoreApplication.translate("ProductsPanel", "%1 is not a number: %2"),
        "negative": QCoreApplication.translate("ProductsPanel", "%1 cannot be negative: %2"),
        "too_large": QCoreApplication.translate("ProductsPanel", "%1 is too large: %2"),
        "whole": QCoreApplication.translate("ProductsPanel", "%1 must be a whole number: %2"),
    }
    return messages.fill(templates.get(code, templates["number"]), what, typed)


class ProductsPanel(QWidget):
    """The "Products" dock. Works on `session.shop` directly; tells the window when it added a
    layer to the scene and when something must go in the banner."""

    layers_changed = Signal()  # a product layer was added to the current scene
    problem = Signal(str, str)  # banner key, text ("" clears it)

    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productsPanel")
        self.session = session
        # Questions and dialogs go through these; the window points them at its own (tests
        # replace those with scripted answers).
        self.ask: Callable[[str, str], bool] = self._ask_user
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._filling_depth = 0
        self._shown_products: tuple[Product, ...] | None = None
        self._shown_show: tuple[tuple[ShowItem, ...], int, str | None] | None = None
        self._last_import: CatalogImport | None = None
        self._import_error: CatalogError | None = None
        self._hint_code = ""
        self._cell_problem: tuple[str, str, str] | None = None  # code, what, typed
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self._save)

        # --- catalog ---
        self.catalog_box = QGroupBox(self)
        self.search_edit = QLineEdit(self.catalog_box)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.table = CatalogTable(self.catalog_box)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(_RawValueDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.table.setMinimumHeight(120)
        self.table.itemChanged.connect(self._cell_edited)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.file_dropped.connect(self.drop_files)
        self.import_button = QToolButton(self.catalog_box)
        self.add_button = QToolButton(self.catalog_box)
        self.edit_button = QToolButton(self.catalog_box)
        self.delete_button = QToolButton(self.catalog_box)
        self.up_button = QToolButton(self.catalog_box)
        self.up_button.setText("↑")
        self.down_button = QToolButton(self.catalog_box)
        self.down_button.setText("↓")
        self.explain_button = QPushButton(self.catalog_box)
        self.import_button.clicked.connect(self.choose_catalog)
        self.add_button.clicked.connect(self.add_product)
        self.edit_button.clicked.connect(self.edit_product)
        self.delete_button.clicked.connect(self.delete_products)
        self.up_button.clicked.connect(lambda: self.move_product(-1))
        self.down_button.clicked.connect(lambda: self.move_product(1))
        self.explain_button.clicked.connect(self.show_on_stream)
        self.catalog_message = QLabel(self.catalog_box)
        self.catalog_message.setTextFormat(Qt.TextFormat.PlainText)  # quotes the merchant's file
        self.catalog_message.setWordWrap(True)
        self.catalog_message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.catalog_message.hide()
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for column, button in enumerate(
            (self.import_button, self.add_button, self.edit_button, self.delete_button)
        ):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.up_button, 1, 0)
        buttons.addWidget(self.down_button, 1, 1)
        buttons.addWidget(self.explain_button, 1, 2, 1, 2)
        catalog = QVBoxLayout(self.catalog_box)
        catalog.setContentsMargins(4, 4, 4, 4)
        catalog.addWidget(self.search_edit)
        catalog.addWidget(self.table, 1)
        catalog.addLayout(buttons)
        catalog.addWidget(self.catalog_message)

        # --- run-of-show ---
        self.show_box = QGroupBox(self)
        self.show_table = QTableWidget(0, 3, self.show_box)
        self.show_table.setObjectName("showTable")
        self.show_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.show_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.show_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.show_table.setWordWrap(False)
        self.show_table.verticalHeader().hide()
        self.show_table.setMinimumHeight(90)
        show_header = self.show_table.horizontalHeader()
        show_header.setSectionResizeMode(SHOW_NAME, QHeaderView.ResizeMode.Stretch)
        show_header.setSectionResizeMode(SHOW_ROLE, QHeaderView.ResizeMode.ResizeToContents)
        show_header.setSectionResizeMode(SHOW_TARGET, QHeaderView.ResizeMode.ResizeToContents)
        self.show_table.itemDoubleClicked.connect(
            lambda item: self.go_to(self.show_table.row(item))
        )
        self.add_to_show_button = QToolButton(self.show_box)
        self.remove_from_show_button = QToolButton(self.show_box)
        self.show_up_button = QToolButton(self.show_box)
        self.show_up_button.setText("↑")
        self.show_down_button = QToolButton(self.show_box)
        self.show_down_button.setText("↓")
        self.previous_button = QPushButton(self.show_box)
        self.next_button = QPushButton(self.show_box)
        self.add_to_show_button.clicked.connect(lambda: self.add_to_show())
        self.remove_from_show_button.clicked.connect(self.remove_from_show)
        self.show_up_button.clicked.connect(lambda: self.move_in_show(-1))
        self.show_down_button.clicked.connect(lambda: self.move_in_show(1))
        self.previous_button.clicked.connect(self.previous_product)
        self.next_button.clicked.connect(self.next_product)
        self.now_label = ElidedLabel(self.show_box)
        self.timer_label = QLabel(self.show_box)
        self.timer_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.timer_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.timer_label.setFont(font)
        self.show_hint = QLabel(self.show_box)
        self.show_hint.setProperty("role", "hint")
        self.show_hint.setWordWrap(True)
        self.show_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.show_hint.hide()
        edit_row = QHBoxLayout()
        for button in (
            self.add_to_show_button,
            self.remove_from_show_button,
            self.show_up_button,
            self.show_down_button,
        ):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        go_row = QHBoxLayout()
        go_row.addWidget(self.previous_button, 1)
        go_row.addWidget(self.next_button, 1)
        show = QVBoxLayout(self.show_box)
        show.setContentsMargins(4, 4, 4, 4)
        show.addWidget(self.show_table, 1)
        show.addLayout(edit_row)
        show.addLayout(go_row)
        show.addWidget(self.now_label)
        show.addWidget(self.timer_label)
        show.addWidget(self.show_hint)

        # --- flash sale ---
        self.sale_box = QGroupBox(self)
        self.sale_product_label = ElidedLabel(self.sale_box)
        self.duration_label = QLabel(self.sale_box)
        self.duration_spin = QSpinBox(self.sale_box)
        self.duration_spin.setRange(MIN_DURATION_S, MAX_DURATION_S)
        self.duration_spin.setValue(DEFAULT_SALE_S)
        self.duration_spin.setSingleStep(10)
        self.duration_label.setBuddy(self.duration_spin)
        self.quantity_label = QLabel(self.sale_box)
        self.quantity_spin = QSpinBox(self.sale_box)
        self.quantity_spin.setRange(1, 99_999)
        self.quantity_spin.setValue(DEFAULT_SALE_QUANTITY)
        self.quantity_label.setBuddy(self.quantity_spin)
        self.start_sale_button = QPushButton(self.sale_box)
        self.sold_button = QPushButton(self.sale_box)
        self.end_sale_button = QPushButton(self.sale_box)
        self.start_sale_button.clicked.connect(self.start_sale)
        self.sold_button.clicked.connect(self.sell_one)
        self.end_sale_button.clicked.connect(self.end_sale)
        self.sale_label = QLabel(self.sale_box)
        self.sale_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sale_label.setWordWrap(True)
        self.sale_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        sale_grid = QGridLayout(self.sale_box)
        sale_grid.setContentsMargins(4, 4, 4, 4)
        sale_grid.addWidget(self.sale_product_label, 0, 0, 1, 4)
        sale_grid.addWidget(self.duration_label, 1, 0)
        sale_grid.addWidget(self.duration_spin, 1, 1)
        sale_grid.addWidget(self.quantity_label, 1, 2)
        sale_grid.addWidget(self.quantity_spin, 1, 3)
        sale_buttons = QHBoxLayout()
        for button in (self.start_sale_button, self.sold_button, self.end_sale_button):
            sale_buttons.addWidget(button, 1)
        sale_grid.addLayout(sale_buttons, 2, 0, 1, 4)
        sale_grid.addWidget(self.sale_label, 3, 0, 1, 4)
        sale_grid.setColumnStretch(1, 1)
        sale_grid.setColumnStretch(3, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        for box in (self.catalog_box, self.show_box, self.sale_box):
            self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(TICK_MS)
        self.retranslate()
        self.refresh()

    # --- words ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.catalog_box.setTitle(self.tr("Catalog"))
        self.search_edit.setPlaceholderText(self.tr("Search by name, ID or selling point"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("ID"),
                self.tr("Name"),
                self.tr("Price"),
                self.tr("Sale price"),
                self.tr("Stock"),
            ]
        )
        self.table.setToolTip(
            self.tr(
                "Double-click a price or the stock to change it: the stream shows it at once. "
                "Drop a picture on a product to use it."
            )
        )
        self._fit_columns()
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Import products from a CSV, Excel or JSON file"))
        self.add_button.setText(self.tr("Add"))
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        self.explain_button.setText(self.tr("Show on stream"))
        self.explain_button.setToolTip(
            self.tr("Put the selected product's card on screen as the one explained now")
        )
        self.show_box.setTitle(self.tr("Run-of-show"))
        self.show_table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Role"), self.tr("Target")]
        )
        self.add_to_show_button.setText(self.tr("Add to show"))
        self.add_to_show_button.setToolTip(
            self.tr("Add the products selected in the catalog to the end of the show")
        )
        self.remove_from_show_button.setText(self.tr("Remove"))
        self.show_up_button.setToolTip(self.tr("Move up"))
        self.show_down_button.setToolTip(self.tr("Move down"))
        self.previous_button.setText(self.tr("◀ Previous"))
        self.next_button.setText(self.tr("Next ▶"))
        self.sale_box.setTitle(self.tr("Flash sale"))
        self.duration_label.setText(self.tr("Duration"))
        self.duration_spin.setSuffix(self.tr(" s"))
        self.quantity_label.setText(self.tr("Quantity"))
        self.start_sale_button.setText(self.tr("Start"))
        self.start_sale_button.setToolTip(
            self.tr("Start the countdown for this product (it is put on screen)")
        )
        self.sold_button.setText(self.tr("Sold 1"))
        self.end_sale_button.setText(self.tr("End"))
        self._shown_show = None  # role names and seconds are words too
        self._fill_show()
        self._show_catalog_message()
        self._tick()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def role_name(self, role: str) -> str:
        return {
            "traffic": self.tr("Traffic driver"),
            "profit": self.tr("Profit maker"),
            "limited": self.tr("Limited"),
            "regular": self.tr("Regular"),
        }.get(role, role)

    # --- helpers --------------------------------------------------------------------------------
    @property
    def shop(self):
        return self.session.shop

    @contextmanager
    def _filling(self) -> Iterator[None]:
        """Set widgets from the shop without taking it for the merchant's edit."""
        self._filling_depth += 1
        try:
            yield
        finally:
            self._filling_depth -= 1

    def _ask_user(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # quotes product names
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _save_soon(self) -> None:
        self._save_timer.start(SAVE_DELAY_MS)

    def flush(self) -> None:
        """Write the shop to the profile now (a change still waiting is kept on quitting)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save()

    def _save(self) -> None:
        try:
            self.session.save_shop()
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            self.problem.emit(
                "products_save",
                self.tr("The products could not be saved: %1").replace("%1", reason),
            )
            return
        self.problem.emit("products_save", "")

    def _changed(self) -> None:
        """The merchant changed the shop: show it, save it soon."""
        self.refresh()
        self._tick()
        self._save_soon()

    def row_of(self, product_id: str) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_ID)
            if item is not None and item.data(ID_ROLE) == product_id:
                return row
        return -1

    def product_at(self, row: int) -> Product | None:
        item = self.table.item(row, COL_ID) if row >= 0 else None
        return self.shop.product(item.data(ID_ROLE)) if item is not None else None

    def selected_products(self) -> list[Product]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        found = [self.product_at(row) for row in rows if not self.table.isRowHidden(row)]
        return [p for p in found if p is not None]

    def current_product(self) -> Product | None:
        selected = self.selected_products()
        current = self.product_at(self.table.currentRow())
        if current is not None and current in selected:
            return current
        return selected[0] if selected else None

    def select_product(self, product_id: str) -> None:
        row = self.row_of(product_id)
        if row >= 0:
            # Through the selection model: selectRow() would toggle while Ctrl is held.
            flags = QItemSelectionModel.SelectionFlag
            index = self.table.model().index(row, COL_NAME)
            model = self.table.selectionModel()
            model.setCurrentIndex(index, flags.NoUpdate)
            model.select(index, flags.ClearAndSelect | flags.Rows)

    # --- the catalog table ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the shop as it is now (products and the run-of-show)."""
        self._fill_catalog()
        self._fill_show()
        self._update_buttons()

    def _fill_catalog(self) -> None:
        products = tuple(self.shop.products)
        explaining = self.shop.explaining
        key = (products, explaining.id if explaining else None)
        if key == self._shown_products:
            return
        self._shown_products = key  # type: ignore[assignment]
        table = self.table
        selected = {p.id for p in self.selected_products()}
        current = self.product_at(table.currentRow())
        with self._filling():
            table.setRowCount(len(products))
            for row, product in enumerate(products):
                on_screen = explaining is not None and explaining.id == product.id
                cells = (
                    (product.id, None),
                    (product.name, None),
                    (format_money(product.price, product.currency), raw_amount(product.price)),
                    (
                        format_money(product.sale_price, product.currency),
                        raw_amount(product.sale_price),
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
                    if on_screen:
                        font = QFont(item.font())
                        font.setBold(True)
                        item.setFont(font)
                    table.setItem(row, column, item)
            table.clearSelection()
            flags = QItemSelectionModel.SelectionFlag
            for row, product in enumerate(products):
                if product.id in selected:
                    index = table.model().index(row, COL_NAME)
                    table.selectionModel().select(index, flags.Select | flags.Rows)
            if current is not None and (row := self.row_of(current.id)) >= 0:
                table.setCurrentCell(row, COL_NAME, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._fit_columns()
        self._filter()

    def _fit_columns(self) -> None:
        """Id, prices and stock as wide as what they hold (an id up to a limit), the name gets
        the rest: in a narrow dock the name is what the merchant reads."""
        table = self.table
        cells = table.fontMetrics()
        header = table.horizontalHeader()
        heads = header.fontMetrics()
        pad = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 12
        for column in (COL_ID, COL_PRICE, COL_SALE, COL_STOCK):
            head = table.horizontalHeaderItem(column)
            width = heads.horizontalAdvance(head.text() if head else "") + pad
            for row in range(table.rowCount()):
                item = table.item(row, column)
                if item is not None:
                    width = max(width, cells.horizontalAdvance(item.text()[:40]) + pad)
            table.setColumnWidth(column, min(width, MAX_COLUMN_WIDTH))

    def _filter(self) -> None:
        words = self.search_edit.text().casefold().split()
        for row in range(self.table.rowCount()):
            product = self.product_at(row)
            hidden = False
            if words and product is not None:
                haystack = " ".join((product.id, product.name, *product.selling_points)).casefold()
                hidden = not all(word in haystack for word in words)
            self.table.setRowHidden(row, hidden)
        self._update_buttons()

    def visible_ids(self) -> list[str]:
        """The ids of the rows the search leaves, in order."""
        return [
            p.id
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row) and (p := self.product_at(row)) is not None
        ]

    def _selection_changed(self) -> None:
        self._update_buttons()
        self._show_sale()

    def _update_buttons(self) -> None:
        one = self.current_product() is not None
        self.edit_button.setEnabled(one)
        self.delete_button.setEnabled(one)
        self.up_button.setEnabled(one and not self.search_edit.text())
        self.down_button.setEnabled(one and not self.search_edit.text())
        self.explain_button.setEnabled(one)
        self.add_to_show_button.setEnabled(one)
        row = self.show_table.currentRow()
        has_row = 0 <= row < len(self.shop.show.items)
        self.remove_from_show_button.setEnabled(has_row)
        self.show_up_button.setEnabled(has_row and row > 0)
        self.show_down_button.setEnabled(has_row and row < len(self.shop.show.items) - 1)
        has_show = bool(self.shop.show.items)
        self.previous_button.setEnabled(has_show)
        self.next_button.setEnabled(has_show)

    def _double_clicked(self, item: QTableWidgetItem) -> None:
        if item.column() not in EDITABLE_COLUMNS:
            self.edit_product()

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        """A price, sale price or stock typed in the table: to the shop (the stream shows it on
        the next frame), or back to what it was with the reason under the table."""
        if self._filling_depth or item.column() not in EDITABLE_COLUMNS:
            return
        product = self.product_at(item.row())
        if product is None:
            return
        text = item.text()
        column = item.column()
        try:
            if column == COL_STOCK:
                changes: dict[str, object] = {"stock": parse_stock(text)}
            else:
                field = "price" if column == COL_PRICE else "sale_price"
                changes = {field: parse_amount(text)}
        except AmountError as exc:
            what = {
                COL_PRICE: "price",
                COL_SALE: "sale_price",
                COL_STOCK: "stock",
            }[column]
            self._cell_problem = (exc.code, what, text)
            self._show_catalog_message()
            self._refill_later()  # the cell shows the value the shop still has
            return
        self._cell_problem = None
        self._show_catalog_message()
        if any(getattr(product, k) != v for k, v in changes.items()):
            self.shop.update(product.id, **changes)  # on the stream from the next frame
            self._save_soon()
        self._refill_later()  # formatted again ("19.9" -> ¥19.90)

    def _refill_later(self) -> None:
        """Rebuild the table once the edit that is being reported has returned (its item is
        replaced by the rebuild)."""
        self._shown_products = None
        QTimer.singleShot(0, self.refresh)

    # --- catalog messages -----------------------------------------------------------------------
    def _show_catalog_message(self) -> None:
        """The last import's summary, a file that could not be read, or a cell typed wrong."""
        label = self.catalog_message
        lang = ui_lang()
        problem = False
        if self._cell_problem is not None:
            code, what, typed = self._cell_problem
            names = {
                "price": self.tr("The price"),
                "sale_price": self.tr("The sale price"),
                "stock": self.tr("The stock"),
            }
            text = amount_problem(code, names[what], typed)
            problem = True
        elif self._import_error is not None:
            text = self.tr("Cannot import: %1").replace("%1", self._import_error.message(lang))
            problem = True
        elif self._last_import is not None:
            text = self.import_summary(self._last_import)
            problem = bool(self._last_import.rejected)
        else:
            label.hide()
            return
        label.setText(text)
        label.setStyleSheet(PROBLEM_STYLE if problem else "")
        label.show()

    def import_summary(self, found: CatalogImport) -> str:
        """ "Products imported: 12 · rows rejected: 2" and the first rejected rows, why."""
        lang = ui_lang()
        rejected_lines = sorted({p.line for p in found.rejected})
        lines = [
            self.tr("Products imported: %1 · rows rejected: %2")
            .replace("%1", str(len(found.products)))
            .replace("%2", str(len(rejected_lines)))
        ]
        shown = [p for p in found.rejected if p.line in rejected_lines[:SHOWN_PROBLEMS]]
        lines += [p.describe(lang) for p in shown]
        if len(rejected_lines) > SHOWN_PROBLEMS:
            more = len(rejected_lines) - SHOWN_PROBLEMS
            lines.append(self.tr("…and %1 more rejected rows").replace("%1", str(more)))
        if found.warnings:
            lines.append(
                self.tr("%1 notes to check, e.g. %2")
                .replace("%1", str(len(found.warnings)))
                .replace("%2", found.warnings[0].describe(lang))
            )
        return "\n".join(lines)

    # --- import ---------------------------------------------------------------------------------
    def choose_catalog(self) -> None:
        dialog = QFileDialog(self, self.tr("Import products"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Catalogs (%1)").replace("%1", CATALOG_PATTERNS),
                self.tr("All files (*)"),
            ]
        )
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        files = dialog.selectedFiles()
        if files:
            self.import_catalog(files[0])

    def import_catalog(self, path: str | Path) -> CatalogImport | None:
        """Import a catalog file (products with a known id are updated, new ones added at the
        end); the summary, or why the file cannot be read, shows under the table."""
        self._cell_problem = None
        self._import_error = None
        self._last_import = None
        try:
            found = self.session.import_catalog(path)
        except CatalogError as exc:
            self._import_error = exc
            self._show_catalog_message()
            return None
        except OSError as exc:  # the catalog was read; the profile could not be written
            self._import_error = CatalogError("unreadable", path, exc.strerror or str(exc))
            self._show_catalog_message()
            return None
        except Exception as exc:  # a file the reader did not foresee: never a traceback
            log.exception("importing %s failed", path)
            self._import_error = CatalogError("bad_table", path, type(exc).__name__)
            self._show_catalog_message()
            return None
        self._last_import = found
        self.refresh()
        self._show_catalog_message()
        return found

    def drop_files(self, row: int, mime: QMimeData) -> bool:
        """Files dropped on the table: a picture on a product's row becomes its picture; a
        catalog file is imported. True when something was taken."""
        files = local_files(mime)
        pictures = [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]
        catalogs = [f for f in files if f.suffix.lower() in CATALOG_SUFFIXES]
        product = self.product_at(row)
        if pictures and product is not None:
            self.shop.update(product.id, image=str(pictures[0]))
            self._changed()
            self.select_product(product.id)
            return True
        if catalogs:
            self.import_catalog(catalogs[0])
            return True
        return False

    # --- add, edit, delete, reorder -------------------------------------------------------------
    def _suggested_id(self) -> str:
        taken = {p.id for p in self.shop.products}
        n = len(taken) + 1
        while f"P{n:03d}" in taken:
            n += 1
        return f"P{n:03d}"

    def product_dialog(self, product: Product | None) -> ProductDialog:
        taken = {p.id for p in self.shop.products}
        return ProductDialog(product, taken, self._suggested_id(), self)

    def add_product(self) -> None:
        dialog = self.product_dialog(None)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        product = dialog.product()
        if product is None:
            return
        current = self.current_product()
        index = None
        if current is not None:  # below the selected one, as in a spreadsheet
            index = [p.id for p in self.shop.products].index(current.id) + 1
        self.shop.put(product, index)
        self._changed()
        self.select_product(product.id)

    def edit_product(self) -> None:
        product = self.current_product()
        if product is None:
            return
        dialog = self.product_dialog(product)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        edited = dialog.product()
        if edited is None or edited == self.shop.product(product.id):
            return
        self.shop.put(edited)
        self._changed()

    def delete_products(self) -> None:
        products = self.selected_products()
        if not products:
            return
        if len(products) == 1:
            text = self.tr("Delete the product “%1”?").replace("%1", _short(products[0].name))
        else:
            text = self.tr("Delete %1 products?").replace("%1", str(len(products)))
        if not self.ask(self.tr("Delete products"), text):
            return
        gone = {p.id for p in products}
        items = self.shop.show.items
        current = self.shop.show.current
        kept = [item for item in items if item.product_id not in gone]
        if len(kept) != len(items):
            now_item = items[current] if 0 <= current < len(items) else None
            new_current = kept.index(now_item) if now_item in kept else -1
            self._apply_show(kept, new_current)
        for product_id in gone:
            self.shop.remove(product_id)
        self._changed()

    def move_product(self, step: int) -> None:
        product = self.current_product()
        if product is None:
            return
        ids = [p.id for p in self.shop.products]
        index = ids.index(product.id) + step
        if not 0 <= index < len(ids):
            return
        self.shop.move(product.id, index)
        self._changed()
        self.select_product(product.id)

    # --- on stream ------------------------------------------------------------------------------
    def _product_layers(self, kind: str) -> list:
        """The current scene's product layers showing `kind` (card, spec, countdown) for
        whatever product is explained now."""
        found = []
        for layer in self.session.layers:
            source_kind, arg = split_spec(layer.source)
            if source_kind != "product" or arg.strip():
                continue
            if str(layer.options.get("show", "card")) == kind:
                found.append(layer)
        return found

    def scene_shows_card(self) -> bool:
        return bool(self._product_layers("card") or self._product_layers("spec"))

    def show_on_stream(self) -> None:
        """The selected product becomes the one explained now (its card shows from the next
        frame); a scene without a card for it is offered one."""
        product = self.current_product()
        if product is None:
            return
        self.shop.explain(product.id)
        self.refresh()
        if not self.scene_shows_card():
            scene = self.session.profile.current_scene
            if self.ask(
                self.tr("Add a product card"),
                self.tr(
                    "The scene “%1” has no product card yet. Add one, showing the product "
                    "explained now?"
                ).replace("%1", scene),
            ):
                self.add_product_layer("card")
        self._show_hints()

    def add_product_layer(self, kind: str) -> int | None:
        """Add a layer showing the product explained now (`kind`: card or countdown) on the
        lower part of the canvas (a countdown: the upper right); returns its index."""
        canvas = self.session.profile.canvas
        cw, ch = canvas.width, canvas.height
        width = auto_width(kind, (cw, ch))
        sample = self.shop.explaining or self.current_product() or Product("sample", "—")
        try:
            height = render_kind(kind, sample, width=width, lang=ui_lang()).shape[0]
        except Exception:  # sizing only: a picture that will not draw gets a usual height
            log.exception("could not measure the %s layer", kind)
            height = round(width * 0.6)
        height = min(height, ch)
        margin = round(ch * CARD_MARGIN)
        if kind == "countdown":
            x, y = cw - width - margin, margin
        elif ch >= cw:  # portrait: centred above the bottom
            x, y = (cw - width) // 2, ch - height - margin
        else:  # landscape: the lower right
            x, y = cw - width - margin, ch - height - margin
        name = self.tr("Flash sale countdown") if kind == "countdown" else self.tr("Product card")
        try:
            # The card speaks the window's language (an English window: a B2B seller's buyers).
            self.session.add_layer("product", {"show": kind, "lang": ui_lang()}, name=name)
        except StudioError as exc:
            self.problem.emit("products_layer", messages.studio_error(exc))
            return None
        self.problem.emit("products_layer", "")
        index = len(self.session.layers) - 1
        self.session.set_layer_geometry(index, max(0, x), max(0, y), width, height)
        self.session.set_layer_fit(index, "letterbox")
        self.layers_changed.emit()
        return index

    # --- the run-of-show ------------------------------------------------------------------------
    def _fill_show(self) -> None:
        show = self.shop.show
        explaining = self.shop.explaining
        names = tuple(
            (p.name if (p := self.shop.product(item.product_id)) else item.product_id)
            for item in show.items
        )
        key = (tuple(show.items), show.current, explaining.id if explaining else None, names)
        if key == self._shown_show:
            return
        self._shown_show = key  # type: ignore[assignment]
        table = self.show_table
        row_now = table.currentRow()
        with self._filling():
            table.setRowCount(len(show.items))
            for row, item in enumerate(show.items):
                current = row == show.current
                name_item = QTableWidgetItem(("▶ " if current else "") + names[row])
                name_item.setToolTip(plain_tooltip(names[row]))
                if current:
                    font = QFont(name_item.font())
                    font.setBold(True)
                    name_item.setFont(font)
                table.setItem(row, SHOW_NAME, name_item)
                combo = QComboBox(table)
                for role in ROLES:
                    combo.addItem(self.role_name(role), role)
                combo.setCurrentIndex(ROLES.index(item.role))
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, r=row: self._role_changed(r, c.currentData())
                )
                table.setCellWidget(row, SHOW_ROLE, combo)
                spin = QSpinBox(table)
                spin.setRange(1, 3600)
                spin.setSingleStep(30)
                spin.setSuffix(self.tr(" s"))
                spin.setValue(item.target_s)
                spin.setKeyboardTracking(False)  # typing "180" is one change, not three
                spin.valueChanged.connect(lambda v, r=row: self._target_changed(r, v))
                table.setCellWidget(row, SHOW_TARGET, spin)
            if 0 <= row_now < len(show.items):
                table.setCurrentCell(row_now, SHOW_NAME)
            if 0 <= show.current < len(show.items):  # the product on screen is in view
                table.scrollToItem(table.item(show.current, SHOW_NAME))
        self._update_buttons()

    def role_combo(self, row: int) -> QComboBox:
        return self.show_table.cellWidget(row, SHOW_ROLE)  # type: ignore[return-value]

    def target_spin(self, row: int) -> QSpinBox:
        return self.show_table.cellWidget(row, SHOW_TARGET)  # type: ignore[return-value]

    def _apply_show(self, items: list[ShowItem], current: int) -> None:
        """New run-of-show items; the product on screen stays the current one (at `current`,
        its new place; -1 when it left the show), with its time running on."""
        self.shop.edit_show(items, current, self.session.clock.now())

    def _role_changed(self, row: int, role: str) -> None:
        items = list(self.shop.show.items)
        if self._filling_depth or not 0 <= row < len(items) or items[row].role == role:
            return
        items[row] = ShowItem(items[row].product_id, role, items[row].target_s)
        self._apply_show(items, self.shop.show.current)
        self._changed()

    def _target_changed(self, row: int, seconds: int) -> None:
        items = list(self.shop.show.items)
        if self._filling_depth or not 0 <= row < len(items) or items[row].target_s == seconds:
            return
        items[row] = ShowItem(items[row].product_id, items[row].role, seconds)
        self._apply_show(items, self.shop.show.current)
        self._changed()

    def add_to_show(self, role: str = "regular", target_s: int = DEFAULT_TARGET_S) -> None:
        products = self.selected_products()
        if not products:
            return
        items = list(self.shop.show.items)
        items += [ShowItem(p.id, role, target_s) for p in products]
        self._apply_show(items, self.shop.show.current)
        self._changed()
        self.show_table.setCurrentCell(len(items) - 1, SHOW_NAME)

    def remove_from_show(self) -> None:
        row = self.show_table.currentRow()
        items = list(self.shop.show.items)
        if not 0 <= row < len(items):
            return
        current = self.shop.show.current
        del items[row]
        new_current = -1 if row == current else current - (1 if row < current else 0)
        self._apply_show(items, new_current)
        self._changed()
        if items:
            self.show_table.setCurrentCell(min(row, len(items) - 1), SHOW_NAME)

    def move_in_show(self, step: int) -> None:
        row = self.show_table.currentRow()
        items = list(self.shop.show.items)
        to = row + step
        if not (0 <= row < len(items) and 0 <= to < len(items)):
            return
        current = self.shop.show.current
        items[row], items[to] = items[to], items[row]
        new_current = to if current == row else row if current == to else current
        self._apply_show(items, new_current)
        self._changed()
        self.show_table.setCurrentCell(to, SHOW_NAME)

    def next_product(self) -> None:
        if not self._at_end(len(self.shop.show.items) - 1):
            self.session.next_product()
        self._went()

    def previous_product(self) -> None:
        if not self._at_end(0):
            self.session.previous_product()
        self._went()

    def _at_end(self, index: int) -> bool:
        """The show's first or last item (`index`) is on screen already: going there again would
        restart its timer and add a line to the timeline, so a press too many does nothing."""
        show, explaining = self.shop.show, self.shop.explaining
        item = show.item
        return (
            item is not None
            and show.current == index
            and explaining is not None
            and explaining.id == item.product_id
        )

    def go_to(self, row: int) -> None:
        if 0 <= row < len(self.shop.show.items):
            self.shop.go(row, self.session.clock.now())
            self._went()

    def _went(self) -> None:
        self.refresh()
        self._show_hints()
        self._tick()

    def _show_hints(self) -> None:
        if not self.shop.show.items:
            self._hint_code = "empty"
        elif self.shop.explaining is not None and not self.scene_shows_card():
            self._hint_code = "no_card"
        else:
            self._hint_code = ""
        self._show_hint_text()

    def _show_hint_text(self) -> None:
        texts = {
            "empty": self.tr(
                "The run-of-show is empty: select products in the catalog and press “Add to show”."
            ),
            "no_card": self.tr(
                "This scene shows no product card: press “Show on stream” to add one."
            ),
        }
        text = texts.get(self._hint_code, "")
        self.show_hint.setText(text)
        self.show_hint.setVisible(bool(text))

    # --- the timer ------------------------------------------------------------------------------
    def _tick(self) -> None:
        """Every half second: the time on the current product, the flash sale, and products
        changed elsewhere (a sale sold stock)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            self._fill_catalog()
        self._fill_show()
        now = self.session.clock.now()
        show = self.shop.show
        explaining = self.shop.explaining
        self.now_label.set_full_text(
            self.tr("On screen: %1").replace("%1", explaining.name)
            if explaining
            else self.tr("No product on screen")
        )
        item = show.item
        if item is None:
            self.timer_label.setText(
                self.tr("Target %1").replace("%1", minutes(show.items[0].target_s))
                if show.items
                else ""
            )
            style = ""
        else:
            self.timer_label.setText(
                self.tr("Spent %1 / target %2")
                .replace("%1", minutes(show.spent_s(now)))
                .replace("%2", minutes(item.target_s))
            )
            style = OVER_TARGET_STYLE if show.over_target(now) else ""
        if self.timer_label.styleSheet() != style:  # a new style sheet costs a re-polish
            self.timer_label.setStyleSheet(style)
        self.timer_label.setToolTip(
            self.tr("Over the target time") if item is not None and show.over_target(now) else ""
        )
        self._show_sale()

    # --- flash sale -----------------------------------------------------------------------------
    def sale_product(self) -> Product | None:
        """What the flash sale buttons act on: the product on screen while it has a sale (running,
        sold out or over: until "End" takes it off), else the one selected in the catalog, else
        the one on screen."""
        explaining = self.shop.explaining
        if explaining is not None and self.shop.sale(explaining.id) is not None:
            return explaining
        return self.current_product() or explaining

    def _show_sale(self) -> None:
        product = self.sale_product()
        now = self.session.clock.now()
        sale = self.shop.sale(product.id) if product is not None else None
        self.sale_product_label.set_full_text(
            self.tr("For: %1").replace("%1", product.name)
            if product
            else self.tr("Select a product in the catalog")
        )
        self.start_sale_button.setEnabled(product is not None)
        state = sale.state(now) if sale is not None else None
        self.sold_button.setEnabled(state == "running")
        self.end_sale_button.setEnabled(sale is not None)
        if sale is None:
            text = self.tr("No flash sale running")
        elif state == "sold_out":
            text = self.tr("Sold out: all %1 sold").replace("%1", str(sale.quantity))
        elif state == "ended":
            text = self.tr("Ended: %1 of %2 sold").replace("%1", str(sale.sold))
            text = text.replace("%2", str(sale.quantity))
        else:
            text = (
                self.tr("%1 left · %2 of %3 pieces left")
                .replace("%1", clock_text(sale.remaining_s(now)))
                .replace("%2", str(sale.left))
                .replace("%3", str(sale.quantity))
            )
        self.sale_label.setText(text)

    def start_sale(self) -> None:
        product = self.sale_product()
        if product is None:
            return
        if self.shop.explaining is None or self.shop.explaining.id != product.id:
            self.shop.explain(product.id)  # the countdown shows the product on screen
        self.shop.start_sale(
            product.id,
            self.duration_spin.value(),
            self.quantity_spin.value(),
            self.session.clock.now(),
        )
        if not self._product_layers("countdown") and self.ask(
            self.tr("Add a countdown"),
            self.tr("The scene “%1” shows no flash sale countdown yet. Add one?").replace(
                "%1", self.session.profile.current_scene
            ),
        ):
            self.add_product_layer("countdown")
        self.refresh()
        self._show_sale()

    def sell_one(self) -> None:
        product = self.sale_product()
        sale = self.shop.sale(product.id) if product is not None else None
        if product is None or sale is None or sale.state(self.session.clock.now()) != "running":
            return
        self.shop.sell(product.id)
        self._changed()  # the stock went down with it
        self._show_sale()

    def end_sale(self) -> None:
        product = self.sale_product()
        if product is None:
            return
        self.shop.end_sale(product.id)
        self._show_sale()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
