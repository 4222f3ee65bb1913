"""The real window under test: a small, quiet profile and a harness that opens windows on a
session and closes them all at the end (each test file adds what it needs on top)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.session import StudioSession
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow


def refuse(title: str, text: str) -> bool:
    raise AssertionError(f"unexpected question: {title}: {text}")


class WindowHarness:
    def __init__(self, qtbot: QtBot, tmp_path: Path, translations: Translations) -> None:
        self.qtbot = qtbot
        self.tmp_path = tmp_path
        self.profile_path = tmp_path / "config" / "profile.json"
        self.settings_path = tmp_path / "config" / "window.ini"
        self.translations = translations
        self.windows: list[MainWindow] = []

    def show(self, session: StudioSession, activate: bool = False) -> MainWindow:
        """The window on `session`, shown and running (a first preview frame made).
        `activate`: also the active window (window shortcuts need it)."""
        window = MainWindow(session, self.translations, self.settings_path)
        window.ask = refuse
        self.windows.append(window)
        window.resize(1280, 800)
        with self.qtbot.waitExposed(window):
            window.show()
        if activate:
            with self.qtbot.waitActive(window):
                window.activateWindow()
        window.start()
        self.qtbot.waitUntil(lambda: window.session.engine.preview_seq > 0, timeout=5000)
        return window

    def close_all(self) -> None:
        for window in self.windows:
            window.ask = lambda _title, _text: True
            window.close()
            self.qtbot.waitUntil(lambda w=window: w.session.engine is None, timeout=15000)
        self.windows = []
