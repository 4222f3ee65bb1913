"""The main window's settings: the settings dialog and what its result changes (canvas and
encoder, audio sources, recording, destinations, language, hotkeys), the language menu, the
window-wide hotkeys, and the destinations the controls and the preview's guides show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from studio.profile import Profile
from studio.session import StudioError
from studio.ui.hotkeys import ACTIONS, all_actions, key_for

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

# What Go live says about the destinations themselves: checked again when they change.
DESTINATION_ERRORS = ("no_destinations", "no_server", "bad_url", "ca_file", "keyring")


class SettingsControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self._shortcuts: list[QAction] = []  # one per scene with a key

    def open_settings(self) -> None:
        from studio.ui.settings_dialog import SettingsDialog

        window, session = self.window, self.session
        dialog = SettingsDialog(
            session.profile,
            window,
            on_save_destination=session.save_destination,
            on_remove_destination=session.remove_destination,
            has_key=session.has_key,
            busy=session.busy,
        )
        if not any(d.enabled for d in session.profile.destinations):  # where to go live first
            dialog.tabs.setCurrentWidget(dialog.destinations_page)
        accepted = window.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        self.refresh_destinations()
        if accepted:
            window.apply_profile(dialog.result_profile())
        window.save()

    def apply_profile(self, edited: Profile) -> None:
        """Take the settings dialog's result: restart the preview when the canvas or encoder
        changed (only possible while idle), switch language, re-bind keys."""
        window = self.window
        old = self.session.profile
        restart = (edited.canvas, edited.encoder) != (old.canvas, old.encoder)
        audio_changed = edited.audio_sources != old.audio_sources
        if edited.recording.folder != old.recording.folder:
            window.banner.clear_message("record")  # "cannot record to <folder>" was the old one
        old.canvas, old.encoder = edited.canvas, edited.encoder
        old.recording, old.ui.hotkeys = edited.recording, dict(edited.ui.hotkeys)
        old.audio_sources = list(edited.audio_sources)
        if restart:
            try:
                window._show_problems(self.session.reopen())
            except StudioError as exc:
                window._error(exc)
            window.preview_timer.start(max(1, 1000 // old.canvas.fps))
        elif audio_changed:
            window._show_problems(self.session.set_audio_sources(old.audio_sources))
        window.layer_control.refresh()
        window.mixer_control.refresh()
        window.scene_control.refresh()
        if edited.ui.language != old.ui.language:
            window.set_language(edited.ui.language)
        self.apply_hotkeys()

    def set_language(self, language: str) -> None:
        window = self.window
        self.session.profile.ui.language = language
        if language in window.language_actions:
            window.language_actions[language].setChecked(True)
        app = QApplication.instance()
        if window.translations is not None and app is not None:
            window.translations.apply(app, language)  # every widget gets a LanguageChange
        window.layout_control.save_timer.start(500)  # a refused action's line, said again, stays

    def apply_hotkeys(self) -> None:
        window = self.window
        profile = self.session.profile
        names = [s.name for s in profile.scenes]
        overrides = profile.ui.hotkeys
        for action, name in (
            (window.stream_action, "go_live"),
            (window.record_action, "record"),
            (window.next_scene_action, "next_scene"),
            (window.previous_scene_action, "previous_scene"),
            (window.next_product_action, "next_product"),
            (window.previous_product_action, "previous_product"),
        ):
            action.setShortcut(QKeySequence(key_for(name, overrides, names)))
            action.setText(QCoreApplication.translate("Hotkeys", ACTIONS[name][1]))
        for action in self._shortcuts:
            window.removeAction(action)
            action.deleteLater()
        self._shortcuts = []
        for action_name in all_actions(names):
            if not action_name.startswith("scene:"):
                continue
            key = key_for(action_name, overrides, names)
            if not key:
                continue
            scene = action_name.removeprefix("scene:")
            action = QAction(window)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _c=False, s=scene: window.switch_scene(s))
            window.addAction(action)
            self._shortcuts.append(action)

    def refresh_destinations(self) -> None:
        """The enabled destinations in the controls, their screens on the preview."""
        window = self.window
        enabled = [d for d in self.session.profile.destinations if d.enabled]
        window.outputs.set_destinations([d.name for d in enabled])
        # whose screens to draw: as measured on the merchant's phone, else the presets'
        window.preview.set_platforms([d.platform for d in enabled], self.session.measured_zones())
        self._recheck_destination_error()

    def _recheck_destination_error(self) -> None:
        """Go live's message about the destinations ("add a destination first", "enter the
        server"...) said what was wrong then: checked again now the destinations changed, it
        goes when they are right or says what is wrong now."""
        window = self.window
        if window._stream_error not in DESTINATION_ERRORS or self.session.busy:
            return
        try:
            self.session.destinations.push_urls()
        except StudioError as exc:
            if exc.code in DESTINATION_ERRORS:
                window._error(exc, "stream")
                return
        window._stream_error = None
        window.banner.clear_message("stream")
