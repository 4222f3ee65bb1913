"""The run-of-show part of the Products dock: the products in the order they are presented, each
with a role and a target time, previous / next, and the time spent on the product on screen.

It shows what the panel gives it; a role or a target changed goes out as a signal, and the panel
connects the buttons (it is the one that changes the shop)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.commerce.product import Product
from studio.commerce.run_of_show import ROLES, RunOfShow, ShowItem
from studio.ui.widgets import ElidedLabel, plain_tooltip

OVER_TARGET_STYLE = "color: #ff5a4e; font-weight: bold;"
SHOW_NAME, SHOW_ROLE, SHOW_TARGET = range(3)  # columns
SHOWN_ROWS = 3  # rows the table always has room for


def minutes(seconds: float) -> str:
    """1:05 (whole seconds, rounded down: the timer never runs ahead)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class ShowSection(QGroupBox):
    """The run-of-show box; see the module's docstring."""

    role_changed = Signal(int, str)  # row, role
    target_changed = Signal(int, int)  # row, seconds
    row_activated = Signal(int)  # a row double-clicked: its product goes on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint_code = ""
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("showTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SHOW_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SHOW_ROLE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SHOW_TARGET, QHeaderView.ResizeMode.Fixed)
        self.table.itemDoubleClicked.connect(
            lambda item: self.row_activated.emit(self.table.row(item))
        )
        self.add_button = QToolButton(self)
        self.remove_button = QToolButton(self)
        self.up_button = QToolButton(self)
        self.up_button.setText("↑")
        self.down_button = QToolButton(self)
        self.down_button.setText("↓")
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.now_label = ElidedLabel(self)
        self.timer_label = QLabel(self)
        self.timer_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.timer_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.timer_label.setFont(font)
        self.hint = QLabel(self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.hint.hide()
        edit_row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        go_row = QHBoxLayout()
        go_row.addWidget(self.previous_button, 1)
        go_row.addWidget(self.next_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addLayout(go_row)
        layout.addWidget(self.now_label)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.hint)
        self.retranslate()

    # --- layout ---------------------------------------------------------------------------------
    def _fit_rows(self) -> None:
        """Rows as tall as the role box and the seconds in them, and room for SHOWN_ROWS of
        them: the box asks the dock for that much, so its buttons never slide under the
        table's boxes when the dock is short."""
        combo, spin = self._role_box(self), self._target_box(self)  # as a row has them
        row = max(combo.sizeHint().height(), spin.sizeHint().height()) + 2
        # The role and the seconds columns as wide as their boxes; the name gets the rest.
        self.table.setColumnWidth(SHOW_ROLE, combo.sizeHint().width())
        self.table.setColumnWidth(SHOW_TARGET, spin.sizeHint().width())
        combo.deleteLater()
        spin.deleteLater()
        self.table.verticalHeader().setDefaultSectionSize(row)
        self.table.verticalHeader().setMinimumSectionSize(row)
        header = self.table.horizontalHeader().sizeHint().height()
        frame = 2 * self.table.frameWidth()
        self.table.setMinimumHeight(header + SHOWN_ROWS * row + frame)

    def _fit_hint(self) -> None:
        """A wrapped hint asks for the lines it takes at its width (a splitter only reads a
        minimum height, never a height for a width)."""
        lines = self.hint.heightForWidth(max(1, self.hint.width())) if self.hint.text() else 0
        if self.hint.minimumHeight() != max(0, lines):
            self.hint.setMinimumHeight(max(0, lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_hint()

    # --- words ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The box's own words; the rows' role names and seconds come with the next `fill`."""
        self.setTitle(self.tr("Run-of-show"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Role"), self.tr("Target")]
        )
        self._fit_rows()  # the role names' and the headers' font and length
        self.add_button.setText(self.tr("Add to show"))
        self.add_button.setToolTip(
            self.tr("Add the products selected in the catalog to the end of the show")
        )
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        self.previous_button.setText(self.tr("◀ Previous"))
        self.next_button.setText(self.tr("Next ▶"))
        self._show_hint_text()

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

    # --- the rows -------------------------------------------------------------------------------
    def fill(self, items: Sequence[ShowItem], current: int, names: Sequence[str]) -> None:
        """A row an item: its product's name (`names`), its role and its target; the item at
        `current` marked ▶ and kept in view. The selected row stays."""
        table = self.table
        row_now = table.currentRow()
        table.setRowCount(len(items))
        for row, item in enumerate(items):
            is_current = row == current
            name_item = QTableWidgetItem(("▶ " if is_current else "") + names[row])
            name_item.setToolTip(plain_tooltip(names[row]))
            if is_current:
                font = QFont(name_item.font())
                font.setBold(True)
                name_item.setFont(font)
            table.setItem(row, SHOW_NAME, name_item)
            combo = self._role_box(table)
            combo.setCurrentIndex(ROLES.index(item.role))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, r=row: self.role_changed.emit(r, c.currentData())
            )
            table.setCellWidget(row, SHOW_ROLE, combo)
            spin = self._target_box(table)
            spin.setValue(item.target_s)
            spin.setKeyboardTracking(False)  # typing "180" is one change, not three
            spin.valueChanged.connect(lambda v, r=row: self.target_changed.emit(r, v))
            table.setCellWidget(row, SHOW_TARGET, spin)
        if 0 <= row_now < len(items):
            table.setCurrentCell(row_now, SHOW_NAME)
        if 0 <= current < len(items):  # the product on screen is in view
            table.scrollToItem(table.item(current, SHOW_NAME))

    def _role_box(self, parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        for role in ROLES:
            combo.addItem(self.role_name(role), role)
        return combo

    def _target_box(self, parent: QWidget) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(1, 3600)
        spin.setSingleStep(30)
        spin.setSuffix(self.tr(" s"))
        return spin

    def role_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, SHOW_ROLE)  # type: ignore[return-value]

    def target_spin(self, row: int) -> QSpinBox:
        return self.table.cellWidget(row, SHOW_TARGET)  # type: ignore[return-value]

    def update_buttons(self, can_add: bool, count: int) -> None:
        """`can_add`: products are selected in the catalog; `count`: the items in the show."""
        self.add_button.setEnabled(can_add)
        row = self.table.currentRow()
        has_row = 0 <= row < count
        self.remove_button.setEnabled(has_row)
        self.up_button.setEnabled(has_row and row > 0)
        self.down_button.setEnabled(has_row and row < count - 1)
        self.previous_button.setEnabled(count > 0)
        self.next_button.setEnabled(count > 0)

    # --- the product on screen ------------------------------------------------------------------
    def show_time(self, show: RunOfShow, explaining: Product | None, now: float) -> None:
        """The product on screen, and the time spent on it against its target (red once over)."""
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

    def set_hint(self, code: str) -> None:
        """What to do next: "empty" (the show has no items), "no_card" (the scene shows no
        product card) or "" (nothing)."""
        self._hint_code = code
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
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self._fit_hint()
