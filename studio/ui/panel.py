"""The shape the scenes and sources panels share: a list above a row of small buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def list_with_buttons(panel: QWidget, view: QWidget, buttons: list[QWidget]) -> None:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view, 1)
    layout.addLayout(row)
