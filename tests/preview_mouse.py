"""Mouse helpers for the PreviewWidget tests (test_ui_preview, test_ui_guides): canvas points
to widget points, and presses, moves and releases that really hold the button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from studio.ui.preview import PreviewWidget

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def wpos(w: PreviewWidget, x: float, y: float) -> QPointF:
    """Widget position of a canvas point."""
    return w.to_widget(QPointF(x, y))


def send_mouse(
    w: PreviewWidget,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
    mods: Qt.KeyboardModifier = NO_MOD,
) -> None:
    # QTest.mouseMove carries no buttons: build the events so a drag really holds the button.
    glob = QPointF(w.mapToGlobal(pos.toPoint()))
    QApplication.sendEvent(w, QMouseEvent(kind, pos, glob, button, buttons, mods))


def drag(
    w: PreviewWidget,
    start: QPointF,
    end: QPointF,
    mods: Qt.KeyboardModifier = NO_MOD,
    release: bool = True,
) -> None:
    send_mouse(w, QEvent.Type.MouseButtonPress, start, LEFT, LEFT, mods)
    for t in (0.25, 0.5, 0.75, 1.0):
        send_mouse(w, QEvent.Type.MouseMove, start + (end - start) * t, NO_BUTTON, LEFT, mods)
    if release:
        send_mouse(w, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON, mods)
