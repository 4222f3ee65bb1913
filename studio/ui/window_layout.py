"""The main window's saving and layout: the profile saved once a change settles (a drag, a gain
slide), the docks' arrangement kept between runs and reset on request, and the stray dock tab
bars Qt leaves over the preview hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QDockWidget, QTabBar

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

SAVE_DELAY_MS = 500  # a change is saved once it settles this long


class DockTabBarsShrink(QObject):
    """Dock tab bars without scroll buttons (their titles are elided instead): with them a
    group of tabbed docks is at least about 125 px wide, so the effects and products tabs would
    widen the narrowest window the studio fits in."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QTabBar) and child.usesScrollButtons():
                child.setUsesScrollButtons(False)
        return False


class LayoutControl:
    def __init__(self, window: MainWindow, ui_settings: QSettings | None) -> None:
        self.window = window
        self.ui_settings = ui_settings  # the docks' arrangement and the window's size
        self.save_timer = QTimer(window)  # a drag or a gain slide saves once, when it settles
        self.save_timer.setSingleShot(True)
        self.save_timer.timeout.connect(window.save)
        self._default_state = QByteArray()

    def save_soon(self) -> None:
        """A change went through: saved once it settles. A failed scene or layer action's line
        ("a name must not be empty"...) told of the attempt before it: no longer current."""
        self.window.banner.clear_message("action")
        self.save_timer.start(SAVE_DELAY_MS)

    def save(self) -> None:
        window = self.window
        self.save_timer.stop()
        try:
            window.session.save()
        except (OSError, ValueError) as exc:
            text = QCoreApplication.translate(
                "MainWindow", "The settings could not be saved: %1"
            ).replace("%1", getattr(exc, "strerror", None) or type(exc).__name__)
            window.banner.show_message("save", "error", text)
            return
        window.banner.clear_message("save")  # saved now (the disk has room again)

    def hide_stray_tab_bars(self) -> None:
        """Qt leaves a stale, empty tab bar over the preview when two groups of tabbed docks
        (effects|products, mixer|comments) are made before the window shows: a real dock tab
        bar never lies over the central widget, so one that does is hidden."""
        window = self.window
        central = window.centralWidget()
        if central is None:
            return
        for bar in window.findChildren(QTabBar):
            if bar.parentWidget() is window and bar.geometry().intersects(central.geometry()):
                bar.hide()

    def restore(self) -> None:
        """The window's size and docks as last saved (a first run: the default layout)."""
        window = self.window
        window.resize(1280, 800)
        self._default_state = window.saveState()
        if self.ui_settings is None:
            return
        geometry = self.ui_settings.value("window/geometry")
        state = self.ui_settings.value("window/state")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            window.restoreState(state)

    def save_layout(self) -> None:
        if self.ui_settings is not None:
            self.ui_settings.setValue("window/geometry", self.window.saveGeometry())
            self.ui_settings.setValue("window/state", self.window.saveState())
            self.ui_settings.sync()

    def reset_layout(self) -> None:
        self.window.restoreState(self._default_state)
        for dock in self.docks():
            dock.show()

    def docks(self) -> tuple[QDockWidget, ...]:
        window = self.window
        return (
            window.scenes_dock,
            window.layers_dock,
            window.effects_dock,
            window.products_dock,
            window.mixer_dock,
            window.chat_dock,
            window.outputs_dock,
        )
