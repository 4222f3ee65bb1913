"""`studio` with no command: the window. Claims the profile (one window per profile), loads (or
makes) it, applies language and theme, shows the window, then starts the preview."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from studio import text_runs
from studio.profile import default_profile_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from studio.profile_open import OpenedProfile
    from studio.session import StudioSession
    from studio.ui.i18n import Translations
    from studio.ui.main_window import MainWindow
    from studio.ui.single_instance import SingleWindow

log = logging.getLogger(__name__)


def run_app(
    argv: list[str] | None = None,
    profile_path: Path | None = None,
    exit_after: float | None = None,
) -> int:
    """Open the window; `exit_after` (benchmarks, smoke tests) prints when the window is shown
    and closes it after that many seconds."""
    from studio.ui.main_window import environment_has_display

    if not environment_has_display():
        print(
            "studio: error: no display found (DISPLAY/WAYLAND_DISPLAY unset). Start it from a "
            "desktop session, or use the command line: studio --help",
            file=sys.stderr,
        )
        return 2
    t0 = time.monotonic()
    path = profile_path or default_profile_path()
    from studio.ui.single_instance import SingleWindow

    claim = SingleWindow.claim(path)
    if claim is None:
        return _already_open(path)
    try:
        return _run_window(argv, path, claim, exit_after, t0)
    finally:
        claim.release()


def _already_open(path: Path) -> int:
    """Another window has this profile: bring it forward rather than open a second one."""
    from studio.profile_lock import wake_holder

    woke = wake_holder(path)
    what = "its window was brought to the front" if woke else "switch to its window"
    print(
        f"studio: Shopcast Studio is already open with this profile ({path}); {what}.",
        file=sys.stderr,
    )
    return 0


def _run_window(
    argv: list[str] | None,
    path: Path,
    claim: SingleWindow,
    exit_after: float | None,
    t0: float,
) -> int:
    from PySide6.QtWidgets import QApplication

    from studio.ui.i18n import Translations
    from studio.ui.main_window import APP_TITLE
    from studio.ui.theme import apply_dark_theme

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(APP_TITLE)
    app.setDesktopFileName("shopcast-studio")  # Wayland: the menu entry's icon and name
    _set_icon(app)
    _add_bundled_fonts(app)
    apply_dark_theme(app)
    text_runs.warm_up()  # the stream's fallback fonts, found before anything goes live
    translations = Translations()

    log_file = _log_to_file(path.parent / "logs" / "studio.log")
    window, opened = open_window(path, translations, app)
    claim.attach(window)
    _report_unexpected_errors(window, log_file)
    window.show()
    app.processEvents()
    log.info("window shown %.2f s after launch", time.monotonic() - t0)
    window.start()
    if opened.first_run or opened.kept_as is not None:
        window.save()  # a good file in place at once (the damaged one was moved aside)
    if exit_after is not None:
        from PySide6.QtCore import QTimer

        print(f"window-shown {time.monotonic() - t0:.3f} {window.windowTitle()}", flush=True)
        window.ask = lambda _title, _text: True
        QTimer.singleShot(int(exit_after * 1000), window.close)
    return app.exec()


def open_window(
    path: Path, translations: Translations, app: QApplication
) -> tuple[MainWindow, OpenedProfile]:
    """The window on the profile at `path`, not yet shown: a newer version's file opens
    read-only, a damaged one is moved aside for the last good copy (or the defaults), and the
    banner says which."""
    from studio.demo import first_run_profile
    from studio.profile_open import open_profile
    from studio.read_only_session import ReadOnlySession
    from studio.session import StudioSession
    from studio.ui import profile_notice
    from studio.ui.i18n import system_language
    from studio.ui.main_window import MainWindow, settings_file

    opened = open_profile(path)
    if opened.first_run:
        opened.profile = first_run_profile(system_language() == "zh_CN")
    translations.apply(app, opened.profile.ui.language)
    if opened.read_only:  # nothing is written over the file
        session: StudioSession = ReadOnlySession(opened.profile, profile_notice.read_only_refusal)
    else:
        session = StudioSession(opened.profile, path)
    window = MainWindow(session, translations, settings_file(path.parent))
    window.show_profile_notice(opened)
    return window, opened


def _set_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    from studio.fonts import assets_dirs

    for folder in assets_dirs():
        icon = folder / "icon" / "shopcast-studio.png"
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
            return


def _add_bundled_fonts(app: QApplication) -> None:
    """The bundled Noto Sans SC draws the window's Chinese wherever the system font has none
    (a Linux without CJK fonts showed every label as boxes): it follows the system's UI font in
    the application font's family list, which Qt searches character by character."""
    from PySide6.QtGui import QFontDatabase

    from studio.fonts import bundled_fonts

    font = app.font()
    families = font.families()
    for path in bundled_fonts():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("font %s could not be loaded", path.name)
            continue
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    font.setFamilies(families)
    app.setFont(font)


def _log_to_file(path: Path) -> Path | None:
    """What support needs to see later; stream keys never reach the log (URLs are masked)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("no log file (%s)", exc.strerror or type(exc).__name__)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    for existing in root.handlers:  # the terminal keeps showing warnings only
        if existing.level == logging.NOTSET:
            existing.setLevel(logging.WARNING)
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, logging.INFO))
    for noisy in ("studio.broadcast.relay",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path


def _report_unexpected_errors(window: MainWindow, log_file: Path | None) -> None:
    """A bug in a click handler must not show a traceback nor stop the stream: it is logged
    and told in the banner; the engine's threads go on."""
    from PySide6.QtCore import QCoreApplication

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unexpected error", exc_info=(kind, exc, tb))
        on_air = window.session.busy  # live or recording
        if log_file is None:  # no log file could be opened: no promise of details in one
            text = (
                QCoreApplication.translate(
                    "Messages", "Something went wrong (%1). What is live or recording goes on."
                )
                if on_air
                else QCoreApplication.translate("Messages", "Something went wrong (%1).")
            )
        elif on_air:
            text = QCoreApplication.translate(
                "Messages",
                "Something went wrong (%1). What is live or recording goes on; details are in %2.",
            )
        else:  # nothing on air: no promise about a stream there is not
            text = QCoreApplication.translate(
                "Messages", "Something went wrong (%1); details are in %2."
            )
        text = text.replace("%1", kind.__name__).replace("%2", str(log_file))
        window.banner.show_message("internal", "error", text)

    sys.excepthook = hook
