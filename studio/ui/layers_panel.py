"""The sources (layers) of the current scene: add, remove, reorder, hide/show, lock, rename,
properties. The top of the list is the top layer, as in every editor merchants know."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from studio.capture.registry import SOURCE_CHOICES
from studio.profile import LayerSettings
from studio.ui.panel import list_with_buttons


class LayersPanel(QWidget):
    add_requested = Signal(str)  # SourceChoice id
    remove_requested = Signal(int)  # index in the scene (0 = bottom)
    move_requested = Signal(int, int)  # index, new index
    visible_changed = Signal(int, bool)
    locked_changed = Signal(int, bool)
    rename_requested = Signal(int, str)
    properties_requested = Signal(int)
    selected = Signal(int)  # -1 = none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("layerList")
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(
            lambda item, _col: self.properties_requested.emit(self._index(item))
        )
        self.add_menu = QMenu(self)
        self.add_button = QToolButton(self)
        self.add_button.setText("+")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("−")
        self.properties_button = QToolButton(self)
        self.up_button = QToolButton(self)
        self.up_button.setText("↑")
        self.down_button = QToolButton(self)
        self.down_button.setText("↓")
        self.remove_button.clicked.connect(lambda: self._emit_selected(self.remove_requested))
        self.properties_button.clicked.connect(
            lambda: self._emit_selected(self.properties_requested)
        )
        self.up_button.clicked.connect(lambda: self._move(+1))  # up the list = up the stack
        self.down_button.clicked.connect(lambda: self._move(-1))
        list_with_buttons(
            self,
            self.tree,
            [
                self.add_button,
                self.remove_button,
                self.properties_button,
                self.up_button,
                self.down_button,
            ],
        )
        self._count = 0
        self._filling = False
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Source (✓ shown)"), self.tr("Locked")])
        self.add_button.setToolTip(self.tr("Add a source"))
        self.remove_button.setToolTip(self.tr("Remove the selected source"))
        self.properties_button.setText(self.tr("Properties"))
        self.properties_button.setToolTip(self.tr("Properties of the selected source"))
        self.up_button.setToolTip(self.tr("Move up (in front)"))
        self.down_button.setToolTip(self.tr("Move down (behind)"))
        self.add_menu.clear()
        for choice in SOURCE_CHOICES:
            action = self.add_menu.addAction(
                QCoreApplication.translate("SourceSettings", choice.label)
            )
            action.setData(choice.id)
            action.triggered.connect(
                lambda _checked=False, cid=choice.id: self.add_requested.emit(cid)
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- filling ---
    def set_layers(self, layers: list[LayerSettings], broken: set[str] | None = None) -> None:
        keep = self.current_index
        self._filling = True
        self.tree.clear()
        self._count = len(layers)
        for index in reversed(range(len(layers))):  # top layer first
            layer = layers[index]
            item = QTreeWidgetItem([layer.name, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
            )
            item.setCheckState(
                0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
            )
            item.setCheckState(
                1, Qt.CheckState.Checked if layer.locked else Qt.CheckState.Unchecked
            )
            if broken and layer.name in broken:
                item.setToolTip(0, self.tr("This source cannot be shown; open its properties."))
                item.setForeground(0, Qt.GlobalColor.red)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(1)
        self._filling = False
        if keep is not None and keep < len(layers):
            self.select(keep)

    # --- selection ---
    def _index(self, item: QTreeWidgetItem | None) -> int:
        return -1 if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    @property
    def current_index(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else self._index(item)

    def select(self, index: int) -> None:
        self._filling = True
        if index < 0 or index >= self._count:
            self.tree.setCurrentItem(None)
            self.tree.clearSelection()
        else:
            self.tree.setCurrentItem(self.tree.topLevelItem(self._count - 1 - index))
        self._filling = False

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        if not self._filling:
            self.selected.emit(self._index(item))

    def _emit_selected(self, signal) -> None:
        index = self.current_index
        if index is not None:
            signal.emit(index)

    def _move(self, step: int) -> None:
        index = self.current_index
        if index is not None and 0 <= index + step < self._count:
            self.move_requested.emit(index, index + step)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        index = self._index(item)
        # itemChanged comes from inside QTreeWidgetItem.setData, which still reads the item after
        # it returns; a receiver that refills the list (the window does) would free it under
        # Qt's feet. So read the item now and hand the change over once setData is done.
        if column == 0:
            visible = item.checkState(0) == Qt.CheckState.Checked
            name = item.text(0)

            def emit() -> None:
                self.visible_changed.emit(index, visible)
                self.rename_requested.emit(index, name)

        elif column == 1:
            locked = item.checkState(1) == Qt.CheckState.Checked

            def emit() -> None:
                self.locked_changed.emit(index, locked)

        else:
            return
        QTimer.singleShot(0, self, emit)
