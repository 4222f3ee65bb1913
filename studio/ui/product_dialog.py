"""Add or edit one product: every field of it, prices and stock read as the catalog import
reads them (`studio.commerce.amounts`), a problem said under the fields."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.commerce.amounts import AmountError, parse_price, parse_stock, price_text
from studio.commerce.catalog import made_up_id
from studio.commerce.product import Product
from studio.ui import messages
from studio.ui.widgets import PROBLEM_STYLE, ok_cancel

IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.webp *.bmp"  # notr


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
        if product is None:
            shown_id = suggested_id
        elif made_up_id(product.id):  # a row number the import made up: the studio's key only
            shown_id = ""
        else:
            shown_id = product.id
        self.id_edit = QLineEdit(shown_id, self)
        self.id_edit.setReadOnly(product is not None)  # the run-of-show refers to it
        self.name_edit = QLineEdit(product.name if product else "", self)
        self.price_edit = QLineEdit(price_text(product.price) if product else "", self)
        self.sale_edit = QLineEdit(price_text(product.sale_price) if product else "", self)
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
        self.fob_edit = QLineEdit(price_text(product.fob_price) if product else "", self)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(PROBLEM_STYLE)
        self.error_label.hide()
        self.buttons = ok_cancel(self)
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
            return parse_price(edit.text())
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
        original = self.original
        product_id = original.id if original is not None else self.id_edit.text().strip()
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
    """ "The price is not a number: abc" in the window's language (a field of the dialog or a
    cell of the catalog table)."""
    typed = " ".join(typed.split())[:40]
    templates = {
        "number": QCoreApplication.translate("ProductDialog", "%1 is not a number: %2"),
        "negative": QCoreApplication.translate("ProductDialog", "%1 cannot be negative: %2"),
        "too_large": QCoreApplication.translate("ProductDialog", "%1 is too large: %2"),
        "whole": QCoreApplication.translate("ProductDialog", "%1 must be a whole number: %2"),
    }
    return messages.fill(templates.get(code, templates["number"]), what, typed)
