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

The panel is the one that changes the shop; its parts only show it and say what was done there:
the catalog table (`catalog_table`), the add/edit dialog (`product_dialog`), the run-of-show box
(`show_section`) and the flash sale box (`sale_section`). Prices and stock typed anywhere are
read as the catalog import reads them (`studio.commerce.amounts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QMimeData, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.capture.registry import split_spec
from studio.commerce.amounts import AmountError, parse_price, parse_stock
from studio.commerce.catalog import CatalogError, CatalogImport, made_up_id
from studio.commerce.overlay_kinds import product_kind, render_kind
from studio.commerce.product import Product
from studio.commerce.run_of_show import DEFAULT_TARGET_S, ShowItem
from studio.commerce.source import auto_width
from studio.scene.placement import overlay_kind
from studio.session import StudioError, StudioSession
from studio.session_parts.products import Products
from studio.ui import messages
from studio.ui.catalog_import import CatalogImportJob
from studio.ui.catalog_table import (
    CATALOG_SUFFIXES,
    COL_PRICE,
    COL_SALE,
    COL_STOCK,
    EDITABLE_COLUMNS,
    IMAGE_SUFFIXES,
    CatalogCell,
    CatalogTable,
)
from studio.ui.product_dialog import ProductDialog, amount_problem
from studio.ui.sale_section import SaleSection
from studio.ui.show_section import SHOW_NAME, ShowSection
from studio.ui.widgets import PROBLEM_STYLE, local_files

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # edits are written to the profile once they pause this long
TICK_MS = 500  # the run-of-show timer and the flash sale read-out
SHOWN_PROBLEMS = 5  # rejected rows quoted after an import; the rest are counted
CATALOG_PATTERNS = "*.csv *.xlsx *.xlsm *.xls *.json *.tsv *.txt"  # notr


def ui_lang() -> str:
    """The language of the catalog's own messages: the window's ("zh" or "en")."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


class ProductsPanel(QWidget):
    """The "Products" dock. Works on the shop through the session (`session.products`); tells
    the window when it added a layer to the scene and when something must go in the banner."""

    layers_changed = Signal()  # a product layer was added to the current scene
    problem = Signal(str, str)  # banner key, text ("" clears it)
    import_finished = Signal(object)  # the CatalogImport applied to the shop

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
        self._cell_problem: tuple[str, str, str] | None = None  # code, what, typed
        self._import_job: CatalogImportJob | None = None
        self._import_cancelled = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self._save)

        # --- catalog ---
        self.catalog_box = QGroupBox(self)
        self.search_edit = QLineEdit(self.catalog_box)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter)
        self.table = CatalogTable(self.catalog_box)
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
        # While a catalog is read (in a worker process): a busy bar, the seconds, and Cancel.
        self.import_progress = QProgressBar(self.catalog_box)
        self.import_progress.setRange(0, 0)
        self.import_progress.setTextVisible(False)
        self.import_progress.setMaximumHeight(8)
        self.import_progress.hide()
        self.cancel_import_button = QToolButton(self.catalog_box)
        self.cancel_import_button.clicked.connect(self.cancel_import)
        self.cancel_import_button.hide()
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
        catalog.addWidget(self.import_progress)
        catalog.addWidget(self.catalog_message)
        catalog.addWidget(self.cancel_import_button, 0, Qt.AlignmentFlag.AlignRight)

        # --- run-of-show and flash sale: boxes of their own; what is pressed there acts here ---
        self.show_box = ShowSection(self)
        self.show_box.role_changed.connect(self._role_changed)
        self.show_box.target_changed.connect(self._target_changed)
        self.show_box.row_activated.connect(self.go_to)
        self.show_box.add_button.clicked.connect(lambda: self.add_to_show())
        self.show_box.remove_button.clicked.connect(self.remove_from_show)
        self.show_box.up_button.clicked.connect(lambda: self.move_in_show(-1))
        self.show_box.down_button.clicked.connect(lambda: self.move_in_show(1))
        self.show_box.previous_button.clicked.connect(self.previous_product)
        self.show_box.next_button.clicked.connect(self.next_product)
        self.sale_box = SaleSection(self)
        self.sale_box.start_button.clicked.connect(self.start_sale)
        self.sale_box.sold_button.clicked.connect(self.sell_one)
        self.sale_box.end_button.clicked.connect(self.end_sale)
        # Their widgets as the panel has always named them (the tests reach them so).
        self.show_table = self.show_box.table
        self.add_to_show_button = self.show_box.add_button
        self.remove_from_show_button = self.show_box.remove_button
        self.previous_button = self.show_box.previous_button
        self.next_button = self.show_box.next_button
        self.now_label = self.show_box.now_label
        self.timer_label = self.show_box.timer_label
        self.show_hint = self.show_box.hint
        self.sale_product_label = self.sale_box.product_label
        self.duration_spin = self.sale_box.duration_spin
        self.quantity_spin = self.sale_box.quantity_spin
        self.start_sale_button = self.sale_box.start_button
        self.sold_button = self.sale_box.sold_button
        self.end_sale_button = self.sale_box.end_button
        self.sale_label = self.sale_box.state_label

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
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Import products from a CSV, Excel or JSON file"))
        self.cancel_import_button.setText(self.tr("Cancel import"))
        self.add_button.setText(self.tr("Add"))
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        self.explain_button.setText(self.tr("Show on stream"))
        self.explain_button.setToolTip(
            self.tr("Put the selected product's card on screen as the one explained now")
        )
        self._shown_show = None  # the show's role names and seconds are words too
        self._fill_show()
        self._show_catalog_message()
        self._tick()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- helpers --------------------------------------------------------------------------------
    @property
    def products(self) -> Products:
        """The session's shop, as the panel changes it (times from the studio's clock)."""
        return self.session.products

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
        """Write the shop to the profile now (a change still waiting is kept on quitting); an
        import still reading is stopped, nothing of it applied."""
        if self._import_job is not None:
            self._import_cancelled = True
            job, self._import_job = self._import_job, None
            job.done.disconnect(self._import_done)
            job.cancel()
            self._import_running(False)
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save()

    def _save(self) -> None:
        try:
            self.products.save()
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
        return self.table.row_of(product_id)

    def product_at(self, row: int) -> Product | None:
        product_id = self.table.product_id(row)
        return self.products.product(product_id) if product_id is not None else None

    def selected_products(self) -> list[Product]:
        found = [self.products.product(product_id) for product_id in self.table.selected_ids()]
        return [p for p in found if p is not None]

    def current_product(self) -> Product | None:
        selected = self.selected_products()
        current = self.product_at(self.table.currentRow())
        if current is not None and current in selected:
            return current
        return selected[0] if selected else None

    def select_product(self, product_id: str) -> None:
        self.table.select(product_id)

    # --- the catalog table ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the shop as it is now (products, the run-of-show, the product on screen and
        the flash sale) at once, not at the next tick."""
        self._fill_catalog()
        self._fill_show()
        self._update_buttons()
        self.show_box.show_time(
            self.products.show, self.products.explaining, self.session.clock.now()
        )
        self._show_sale()

    def _fill_catalog(self) -> None:
        products = tuple(self.products.products)
        explaining = self.products.explaining
        key = (products, explaining.id if explaining else None)
        if key == self._shown_products:
            return
        self._shown_products = key  # type: ignore[assignment]
        with self._filling():
            self.table.show_products(*key)
        self._filter()

    def _filter(self) -> None:
        words = self.search_edit.text().casefold().split()
        products = self.table.catalog.products
        for row in range(self.table.rowCount()):
            product = products[row]
            hidden = False
            if words:
                code = "" if made_up_id(product.id) else product.id  # as the table shows it
                haystack = " ".join((code, product.name, *product.selling_points)).casefold()
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
        self.show_box.update_buttons(one, len(self.products.show.items))

    def _double_clicked(self, item: CatalogCell) -> None:
        if item.column() not in EDITABLE_COLUMNS:
            self.edit_product()

    def _cell_edited(self, item: CatalogCell) -> None:
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
                changes = {field: parse_price(text)}
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
            self.products.update(product.id, **changes)  # on the stream from the next frame
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
        elif self._import_job is not None:
            text = (
                self.tr("Importing %1… %2 s")
                .replace("%1", self._import_job.path.name)
                .replace("%2", str(self._import_job.seconds))
            )
        elif self._import_cancelled:
            text = self.tr("The import was cancelled: nothing was changed.")
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

    @property
    def importing(self) -> bool:
        return self._import_job is not None

    def import_catalog(self, path: str | Path) -> None:
        """Import a catalog file (products with a known id are updated, new ones added at the
        end). It is read off the GUI thread, in a worker process (the window stays responsive,
        and a file that crashes its reader cannot stop the stream); the products are applied
        when it is done (`_import_done`). The summary, or why the file cannot be read, shows
        under the table. An import already running is let finish."""
        if self._import_job is not None:
            return
        self._cell_problem = None
        self._import_error = None
        self._import_cancelled = False
        self._last_import = None
        job = CatalogImportJob(path, self)
        job.done.connect(self._import_done)
        self._import_job = job
        self._import_running(True)
        job.start()

    def cancel_import(self) -> None:
        """Stop the import being read: the shop stays as it was."""
        job = self._import_job
        if job is not None:
            job.cancel(0)  # its `done` (cancelled) follows

    def _import_running(self, running: bool) -> None:
        self.import_progress.setVisible(running)
        self.cancel_import_button.setVisible(running)
        self.import_button.setEnabled(not running)
        self._show_catalog_message()

    def _import_done(self, found: CatalogImport | None, error: CatalogError | None) -> None:
        """On the GUI thread: the catalog read, into the shop in one change (the table is
        shown again once, whatever the number of products), then saved."""
        job, self._import_job = self._import_job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self._import_running(False)
        if found is None:
            self._import_error = error
            self._import_cancelled = error is None
            self._show_catalog_message()
            return
        if found.products:
            try:
                self.products.apply_catalog(found)
            except OSError as exc:  # the catalog was read; the profile could not be written
                self._import_error = CatalogError(
                    "unreadable", found.path, exc.strerror or str(exc)
                )
        self._last_import = found
        self.refresh()
        self._show_catalog_message()
        self.import_finished.emit(found)

    def drop_files(self, row: int, mime: QMimeData) -> bool:
        """Files dropped on the table: a picture on a product's row becomes its picture; a
        catalog file is imported. True when something was taken."""
        files = local_files(mime)
        pictures = [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]
        catalogs = [f for f in files if f.suffix.lower() in CATALOG_SUFFIXES]
        product = self.product_at(row)
        if pictures and product is not None:
            self.products.update(product.id, image=str(pictures[0]))
            self._changed()
            self.select_product(product.id)
            return True
        if catalogs:
            self.import_catalog(catalogs[0])
            return True
        return False

    # --- add, edit, delete, reorder -------------------------------------------------------------
    def _suggested_id(self) -> str:
        taken = {p.id for p in self.products.products}
        n = len(taken) + 1
        while f"P{n:03d}" in taken:
            n += 1
        return f"P{n:03d}"

    def product_dialog(self, product: Product | None) -> ProductDialog:
        taken = {p.id for p in self.products.products}
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
            index = [p.id for p in self.products.products].index(current.id) + 1
        self.products.put(product, index)
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
        if edited is None or edited == self.products.product(product.id):
            return
        self.products.put(edited)
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
        items = self.products.show.items
        current = self.products.show.current
        kept = [item for item in items if item.product_id not in gone]
        if len(kept) != len(items):
            now_item = items[current] if 0 <= current < len(items) else None
            new_current = kept.index(now_item) if now_item in kept else -1
            self._apply_show(kept, new_current)
        for product_id in gone:
            self.products.remove(product_id)
        self._changed()

    def move_product(self, step: int) -> None:
        product = self.current_product()
        if product is None:
            return
        ids = [p.id for p in self.products.products]
        index = ids.index(product.id) + step
        if not 0 <= index < len(ids):
            return
        self.products.move(product.id, index)
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
        self.products.explain(product.id)
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
        """Add a layer showing the product explained now (`kind`: card or countdown) in the
        free slot of its kind (studio.scene.placement, asked through the session); returns
        its index."""
        canvas = self.session.profile.canvas
        cw, ch = canvas.width, canvas.height
        width = auto_width(kind, (cw, ch))
        sample = self.products.explaining or self.current_product() or Product("sample", "—")
        try:
            height = render_kind(kind, sample, width=width, lang=ui_lang()).shape[0]
        except Exception:  # sizing only: a picture that will not draw gets a usual height
            log.exception("could not measure the %s layer", kind)
            height = round(width * 0.6)
        height = min(height, ch)
        name = QCoreApplication.translate("ProductsPanel", product_kind(kind).label)
        try:
            # No "lang": the card follows the studio's language ("auto"); a merchant may pin one
            # in the layer's properties (English cards for foreign buyers in a Chinese studio).
            layer = self.session.add_layer("product", {"show": kind}, name=name)
        except StudioError as exc:
            self.problem.emit("products_layer", messages.studio_error(exc))
            return None
        self.problem.emit("products_layer", "")
        index = self.session.layers.index(layer)
        slot = overlay_kind(layer.source, layer.options) or "product_card"
        rect = self.session.placement.place_overlay(slot, (width, height), ignore=layer)
        self.session.set_layer_geometry(index, *rect)
        self.session.set_layer_fit(index, "letterbox")
        self.layers_changed.emit()
        return index

    # --- the run-of-show ------------------------------------------------------------------------
    def _fill_show(self) -> None:
        show = self.products.show
        explaining = self.products.explaining
        names = tuple(
            (p.name if (p := self.products.product(item.product_id)) else item.product_id)
            for item in show.items
        )
        key = (tuple(show.items), show.current, explaining.id if explaining else None, names)
        if key == self._shown_show:
            return
        self._shown_show = key  # type: ignore[assignment]
        with self._filling():
            self.show_box.fill(show.items, show.current, names)
        self._update_buttons()

    def role_combo(self, row: int) -> QComboBox:
        return self.show_box.role_combo(row)

    def target_spin(self, row: int) -> QSpinBox:
        return self.show_box.target_spin(row)

    def _apply_show(self, items: list[ShowItem], current: int) -> None:
        """New run-of-show items; the product on screen stays the current one (at `current`,
        its new place; -1 when it left the show), with its time running on."""
        self.products.edit_show(items, current)

    def _role_changed(self, row: int, role: str) -> None:
        items = list(self.products.show.items)
        if self._filling_depth or not 0 <= row < len(items) or items[row].role == role:
            return
        items[row] = ShowItem(items[row].product_id, role, items[row].target_s)
        self._apply_show(items, self.products.show.current)
        self._changed()

    def _target_changed(self, row: int, seconds: int) -> None:
        items = list(self.products.show.items)
        if self._filling_depth or not 0 <= row < len(items) or items[row].target_s == seconds:
            return
        items[row] = ShowItem(items[row].product_id, items[row].role, seconds)
        self._apply_show(items, self.products.show.current)
        self._changed()

    def add_to_show(self, role: str = "regular", target_s: int = DEFAULT_TARGET_S) -> None:
        products = self.selected_products()
        if not products:
            return
        items = list(self.products.show.items)
        items += [ShowItem(p.id, role, target_s) for p in products]
        self._apply_show(items, self.products.show.current)
        self._changed()
        self.show_box.table.setCurrentCell(len(items) - 1, SHOW_NAME)

    def remove_from_show(self) -> None:
        row = self.show_box.table.currentRow()
        items = list(self.products.show.items)
        if not 0 <= row < len(items):
            return
        current = self.products.show.current
        del items[row]
        new_current = -1 if row == current else current - (1 if row < current else 0)
        self._apply_show(items, new_current)
        self._changed()
        if items:
            self.show_box.table.setCurrentCell(min(row, len(items) - 1), SHOW_NAME)

    def move_in_show(self, step: int) -> None:
        row = self.show_box.table.currentRow()
        items = list(self.products.show.items)
        to = row + step
        if not (0 <= row < len(items) and 0 <= to < len(items)):
            return
        current = self.products.show.current
        items[row], items[to] = items[to], items[row]
        new_current = to if current == row else row if current == to else current
        self._apply_show(items, new_current)
        self._changed()
        self.show_box.table.setCurrentCell(to, SHOW_NAME)

    def next_product(self) -> None:
        if not self._at_end(len(self.products.show.items) - 1):
            self.products.next()
        self._went()

    def previous_product(self) -> None:
        if not self._at_end(0):
            self.products.previous()
        self._went()

    def _at_end(self, index: int) -> bool:
        """The show's first or last item (`index`) is on screen already: going there again would
        restart its timer and add a line to the timeline, so a press too many does nothing."""
        show, explaining = self.products.show, self.products.explaining
        item = show.item
        return (
            item is not None
            and show.current == index
            and explaining is not None
            and explaining.id == item.product_id
        )

    def go_to(self, row: int) -> None:
        if 0 <= row < len(self.products.show.items):
            self.products.go(row)
            self._went()

    def _went(self) -> None:
        self.refresh()
        self._show_hints()
        self._tick()

    def _show_hints(self) -> None:
        if not self.products.show.items:
            code = "empty"
        elif self.products.explaining is not None and not self.scene_shows_card():
            code = "no_card"
        else:
            code = ""
        self.show_box.set_hint(code)

    # --- the timer ------------------------------------------------------------------------------
    def _tick(self) -> None:
        """Every half second: the time on the current product, the flash sale, and products
        changed elsewhere (a sale sold stock)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            self._fill_catalog()
        if self._import_job is not None:
            self._show_catalog_message()  # the seconds it has been reading
        self._fill_show()
        if self.show_hint.text():  # a hint says what is missing: it goes once that is done
            self._show_hints()
        self.show_box.show_time(
            self.products.show, self.products.explaining, self.session.clock.now()
        )
        self._show_sale()

    # --- flash sale -----------------------------------------------------------------------------
    def sale_product(self) -> Product | None:
        """What the flash sale buttons act on: the product on screen (the one the host is
        talking about, whatever was clicked in the catalog since), else the one selected in
        the catalog (Start puts it on screen)."""
        return self.products.explaining or self.current_product()

    def _show_sale(self) -> None:
        product = self.sale_product()
        sale = self.products.sale(product.id) if product is not None else None
        explaining = self.products.explaining
        on_screen = product is not None and explaining is not None and product.id == explaining.id
        self.sale_box.show_sale(product, sale, self.session.clock.now(), on_screen)

    def start_sale(self) -> None:
        """The sale of the product on screen (or the selected one, put on screen), for at most
        its stock. The countdown starts once the merchant has answered any question: a minute
        of sale does not run out while "Add one?" waits."""
        product = self.sale_product()
        if product is None:
            return
        if product.stock is not None and product.stock < 1:
            self._show_sale()  # says it is out of stock
            return
        add_countdown = not self._product_layers("countdown") and self.ask(
            self.tr("Add a countdown"),
            self.tr("The scene “%1” shows no flash sale countdown yet. Add one?").replace(
                "%1", self.session.profile.current_scene
            ),
        )
        # As it is now: while the question was open an import or an edit may have changed
        # its stock, or taken it out of the catalog.
        product = self.products.product(product.id)
        if product is None or (product.stock is not None and product.stock < 1):
            self.refresh()
            return
        quantity = self.sale_box.quantity_spin.value()
        if product.stock is not None:
            quantity = min(quantity, product.stock)
        if self.products.explaining is None or self.products.explaining.id != product.id:
            # the countdown shows the product on screen
            self.products.explain(product.id)
        self.products.start_sale(product.id, self.sale_box.duration_spin.value(), quantity)
        if add_countdown:
            self.add_product_layer("countdown")
        self.refresh()  # the sale box too

    def sell_one(self) -> None:
        product = self.sale_product()
        sale = self.products.sale(product.id) if product is not None else None
        if product is None or sale is None or sale.state(self.session.clock.now()) != "running":
            return
        self.products.sell(product.id)
        self._changed()  # the stock went down with it
        self._show_sale()

    def end_sale(self) -> None:
        product = self.sale_product()
        if product is None:
            return
        self.products.end_sale(product.id)
        self._show_sale()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
