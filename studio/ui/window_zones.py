"""The main window's platform screens (View menu): their guides on the preview, overlays moved
out from under them, the phone measurement, and the hint when a layer is dragged under one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from studio.ui.zone_measure_dialog import ZoneMeasureDialog

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class ZoneControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session

    def show_platform_zones(self, shown: bool) -> None:
        self.window.preview.set_zones_shown(shown)
        self.session.profile.ui.platform_zones = shown
        self.window.save_soon()

    def move_clear_of_platforms(self) -> None:
        """Overlays under a destination's screen (one added after the scene was made) go to
        their kind's free slot; what finds no room is named."""
        window = self.window
        moved, still = self.session.placement.move_clear_of_platforms()

        def names(items: list[str]) -> str:
            return QCoreApplication.translate("MainWindow", ", ").join(f"“{n}”" for n in items)

        if moved:
            window.layer_control.refresh()
            window.save_soon()
        if still:
            text = QCoreApplication.translate(
                "MainWindow",
                "No free room out of the platforms’ screens for: %1. Make it smaller, or move "
                "or hide another overlay.",
            )
            window.banner.show_message("zones_moved", "warning", text.replace("%1", names(still)))
        elif moved:
            text = QCoreApplication.translate(
                "MainWindow", "Moved out of the platforms’ screens: %1."
            )
            window.banner.show_message("zones_moved", "info", text.replace("%1", names(moved)))
        else:
            text = QCoreApplication.translate(
                "MainWindow", "No overlay is under the platforms’ screens."
            )
            window.banner.show_message("zones_moved", "info", text)

    def measure_platform_screen(self) -> None:
        """The measuring dialog: its card goes on and off the stream, and zones it keeps
        replace the platform's estimated ones in the guide, placement and re-layout."""
        window = self.window
        dialog = ZoneMeasureDialog(self.session, window)
        window.exec_dialog(dialog)
        dialog.deleteLater()  # one a time it is opened, not one more under the window each time
        window.layer_control.refresh()
        window.settings_control.refresh_destinations()
        window.save_soon()

    def zone_hint(self, text: str) -> None:
        banner = self.window.banner
        banner.clear_message("zones_moved")  # what was moved is old news once a layer moves
        if text:
            banner.show_message("zones", "warning", text)
        else:
            banner.clear_message("zones")
