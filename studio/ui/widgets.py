"""Small pieces the docks and dialogs share: merchant's text shown as plain text, and the
files of a drop."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSizePolicy, QWidget

PROBLEM_STYLE = "color: #ffb4a8;"  # a value typed wrong, a file that cannot be imported


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


def text_lines(text: str) -> list[str]:
    """The lines of a box where the merchant types one item a line, trimmed, blank ones out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def plain_label(parent: QWidget) -> QLabel:
    """A label for words typed or received: plain text, wrapped, as wide as its place allows."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """The dialog's OK and Cancel buttons, wired to its accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
