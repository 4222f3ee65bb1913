"""The real window under test: a harness that opens windows on a session and closes them all
at the end. Tests get it as the `studio` fixture (tests/conftest.py); a test file with windows
of its own kind subclasses WindowHarness and overrides the `studio_harness` fixture with it."""

from __future__ import annotations

import gc
from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.session import StudioSession
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow

SIZE = (1280, 800)  # room for every dock beside the preview


def start_probe(window: MainWindow) -> None:
    """Start measuring the window's event loop from now, the test process's garbage collected
    first: late in the suite its heap holds some 400,000 objects and a full collection takes
    about 310 ms, a pause of the test process (which CI saw in the probe twice), not of the
    window."""
    gc.collect()
    window.probe.reset()


def refuse(title: str, text: str) -> bool:
    raise AssertionError(f"unexpected question: {title}: {text}")


class WindowHarness:
    """Windows on one profile path and one window-settings file, both in the test's folder."""

    def __init__(self, qtbot: QtBot, tmp_path: Path, translations: Translations) -> None:
        self.qtbot = qtbot
        self.tmp_path = tmp_path
        self.profile_path = tmp_path / "config" / "profile.json"
        self.settings_path = tmp_path / "config" / "window.ini"
        self.translations = translations
        self.windows: list[MainWindow] = []

    def show(
        self,
        session: StudioSession,
        activate: bool = False,
        size: tuple[int, int] | None = SIZE,
    ) -> MainWindow:
        """The window on `session`, shown and running (a first preview frame made).
        `activate`: also the active window (window shortcuts need it). `size`: None keeps the
        size the window restored from its settings."""
        window = MainWindow(session, self.translations, self.settings_path)
        window.ask = refuse
        self.windows.append(window)
        if size is not None:
            window.resize(*size)
        with self.qtbot.waitExposed(window):
            window.show()
        if activate:
            with self.qtbot.waitActive(window):
                window.activateWindow()
        window.start()
        self.qtbot.waitUntil(lambda: window.session.engine.preview_seq > 0, timeout=5000)
        return window

    def close(self, window: MainWindow, timeout_ms: int = 15000) -> None:
        """Close `window` as the merchant does, saying yes to any question; back once its
        engine has stopped and the window is gone."""
        window.ask = lambda _title, _text: True
        window.close()
        self.qtbot.waitUntil(
            lambda: window.session.engine is None and not window.isVisible(), timeout=timeout_ms
        )

    def close_all(self) -> None:
        """Every window still open closed (those a test closed itself are left)."""
        for window in self.windows:
            if window.isVisible() or window.session.engine is not None:
                self.close(window)
        self.windows = []
