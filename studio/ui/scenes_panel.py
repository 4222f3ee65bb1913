"""The scenes of the profile: list, add, rename, duplicate, delete, reorder, switch."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QWidget,
)

from studio.ui.panel import list_with_buttons


class ScenesPanel(QWidget):
    switch_requested = Signal(str)
    add_requested = Signal()
    duplicate_requested = Signal(str)
    rename_requested = Signal(str, str)  # old, new
    delete_requested = Signal(str)
    move_requested = Signal(str, int)  # name, new index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("sceneList")
        self.list.itemClicked.connect(self._clicked)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemChanged.connect(self._edited)
        self.add_button = QToolButton(self)
        self.add_button.setText("+")
        self.duplicate_button = QToolButton(self)
        self.rename_button = QToolButton(self)
        self.delete_button = QToolButton(self)
        self.delete_button.setText("−")
        self.up_button = QToolButton(self)
        self.up_button.setText("↑")
        self.down_button = QToolButton(self)
        self.down_button.setText("↓")
        self.add_button.clicked.connect(self.add_requested)
        self.duplicate_button.clicked.connect(lambda: self._with_current(self.duplicate_requested))
        self.rename_button.clicked.connect(self._start_rename)
        self.delete_button.clicked.connect(lambda: self._with_current(self.delete_requested))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        list_with_buttons(
            self,
            self.list,
            [
                self.add_button,
                self.duplicate_button,
                self.rename_button,
                self.delete_button,
                self.up_button,
                self.down_button,
            ],
        )
        self._names: list[str] = []
        self._filling = False
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setToolTip(self.tr("Add a scene"))
        self.duplicate_button.setText(self.tr("Duplicate"))
        self.duplicate_button.setToolTip(self.tr("Duplicate the selected scene"))
        self.rename_button.setText(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Rename the selected scene (or double-click it)"))
        self.delete_button.setToolTip(self.tr("Delete the selected scene"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_scenes(self, names: list[str], current: str, keys: dict[str, str] | None = None):
        """Fill the list; `keys` shows each scene's hotkey beside it."""
        self._filling = True
        self._names = list(names)
        self.list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if keys and keys.get(name):
                item.setToolTip(keys[name])
            self.list.addItem(item)
            if name == current:
                self.list.setCurrentItem(item)
        self._filling = False

    @property
    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _with_current(self, signal) -> None:
        if self.current is not None:
            signal.emit(self.current)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.switch_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None and not self._filling:  # keyboard navigation switches too
            self.switch_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _start_rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _edited(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        old = item.data(Qt.ItemDataRole.UserRole)
        new = item.text()
        if new != old:
            self.rename_requested.emit(old, new)

    def _move(self, step: int) -> None:
        name = self.current
        if name is None:
            return
        index = self._names.index(name) + step
        if 0 <= index < len(self._names):
            self.move_requested.emit(name, index)
