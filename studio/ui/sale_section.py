"""The flash sale part of the Products dock: one product's sale, its duration and quantity,
start / sold 1 / end, and how it stands (time and pieces left, sold out, ended).

It shows what the panel gives it; the panel connects the buttons (it is the one that changes the
shop)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from studio.commerce.flash_sale import MAX_DURATION_S, MIN_DURATION_S, FlashSale, clock_text
from studio.commerce.product import Product
from studio.ui.widgets import ElidedLabel

DEFAULT_SALE_S = 60
DEFAULT_SALE_QUANTITY = 50
MAX_SALE_QUANTITY = 99_999


class SaleSection(QGroupBox):
    """The flash sale box; see the module's docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product_label = ElidedLabel(self)
        self.duration_label = QLabel(self)
        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(MIN_DURATION_S, MAX_DURATION_S)
        self.duration_spin.setValue(DEFAULT_SALE_S)
        self.duration_spin.setSingleStep(10)
        self.duration_label.setBuddy(self.duration_spin)
        self.quantity_label = QLabel(self)
        self.quantity_spin = QSpinBox(self)
        self.quantity_spin.setRange(1, MAX_SALE_QUANTITY)
        self.quantity_spin.setValue(DEFAULT_SALE_QUANTITY)
        self.quantity_label.setBuddy(self.quantity_spin)
        # What the merchant asked for; shown as at most the product's stock (a sale of 50 with
        # 12 in stock would promise pieces that are not there).
        self.wanted_quantity = DEFAULT_SALE_QUANTITY
        self._limiting = False
        self.quantity_spin.valueChanged.connect(self._quantity_typed)
        self.start_button = QPushButton(self)
        self.sold_button = QPushButton(self)
        self.end_button = QPushButton(self)
        self.state_label = QLabel(self)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setWordWrap(True)
        self.state_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.product_label, 0, 0, 1, 4)
        grid.addWidget(self.duration_label, 1, 0)
        grid.addWidget(self.duration_spin, 1, 1)
        grid.addWidget(self.quantity_label, 1, 2)
        grid.addWidget(self.quantity_spin, 1, 3)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.sold_button, self.end_button):
            buttons.addWidget(button, 1)
        grid.addLayout(buttons, 2, 0, 1, 4)
        grid.addWidget(self.state_label, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """The box's own words; the product and the sale's state come with the next
        `show_sale`."""
        self.setTitle(self.tr("Flash sale"))
        self.duration_label.setText(self.tr("Duration"))
        self.duration_spin.setSuffix(self.tr(" s"))
        self.quantity_label.setText(self.tr("Quantity"))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setToolTip(
            self.tr("Start the countdown for this product (it is put on screen)")
        )
        self.sold_button.setText(self.tr("Sold 1"))
        self.end_button.setText(self.tr("End"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _quantity_typed(self, value: int) -> None:
        if not self._limiting:
            self.wanted_quantity = value

    def limit_quantity(self, stock: int | None) -> None:
        """The quantity at most `stock` (None: not known, no limit), the merchant's own number
        again once a product with more stock is chosen."""
        top = MAX_SALE_QUANTITY if stock is None else max(1, min(stock, MAX_SALE_QUANTITY))
        value = min(self.wanted_quantity, top)
        spin = self.quantity_spin
        if (spin.maximum(), spin.value()) == (top, value):
            # Called every tick: setting the same value again would put back the text the
            # merchant is typing over ("50" after a backspace) and stop a held arrow.
            return
        self._limiting = True
        try:
            spin.setMaximum(top)
            spin.setValue(value)
        finally:
            self._limiting = False

    def show_sale(
        self, product: Product | None, sale: FlashSale | None, now: float, on_screen: bool = True
    ) -> None:
        """The product the buttons act on (None: none to act on; `on_screen`: it is the one on
        screen, else Start puts it there) and its sale, if it has one."""
        if product is None:
            title = self.tr("Select a product in the catalog")
        elif on_screen:
            title = self.tr("For: %1").replace("%1", product.name)
        else:
            title = self.tr("For: %1 (goes on screen)").replace("%1", product.name)
        self.product_label.set_full_text(title)
        self.limit_quantity(product.stock if product is not None else None)
        out_of_stock = product is not None and product.stock is not None and product.stock < 1
        self.start_button.setEnabled(product is not None and not out_of_stock)
        state = sale.state(now) if sale is not None else None
        self.sold_button.setEnabled(state == "running")
        self.end_button.setEnabled(sale is not None)
        if sale is None and out_of_stock:
            text = self.tr("Out of stock: set the stock before a flash sale")
        elif sale is None:
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
        self.state_label.setText(text)
