"""The window's language: which one the system asks for, and the Qt translators that provide it.

Source strings are English; Simplified Chinese comes from translations/studio_zh_CN.qm, built by
`make translations` (installer/translations.sh) from the strings marked with self.tr(),
QCoreApplication.translate() and QT_TRANSLATE_NOOP() in studio/ui and studio/capture.

Installing or removing a translator makes Qt send QEvent.LanguageChange to every widget; widgets
set their texts in a `retranslate()` called from __init__ and from changeEvent on that event.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from studio import picture_language

log = logging.getLogger(__name__)

# Native names: a user who cannot read the current language must still find their own.
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}
SOURCE_LANGUAGE = "en"  # the language the strings are written in: no translator needed
CATALOG = "studio"  # translations/studio_<language>.qm


def package_dirs(folder: str) -> list[Path]:
    """Where studio/ui/`folder` (package data) may be: inside a PyInstaller bundle first, then
    the package."""
    dirs = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "studio" / "ui" / folder)
    dirs.append(Path(__file__).resolve().parent / folder)
    return list(dict.fromkeys(dirs))  # in the bundle both name the same folder


def translations_dirs() -> list[Path]:
    """Where studio_<language>.qm may be."""
    return package_dirs("translations")


def normalize_language(code: str) -> str | None:
    """A locale tag ("zh_CN.UTF-8", "zh-Hans-CN", "en_US", "zh_TW") -> a key of LANGUAGES.

    Every Chinese variant maps to zh_CN (only Simplified exists so far); other languages to "en".
    None for tags that say nothing about a language ("", "C", "POSIX").
    """
    language = picture_language.normalize(code)  # the one reading of a tag, Qt-free
    return None if language is None else ("zh_CN" if language == "zh" else "en")


def _env_language() -> str | None:
    """The POSIX order: LANGUAGE (gettext's list, first entry), LC_ALL, LC_MESSAGES, LANG."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0]
        if (language := normalize_language(value)) is not None:
            return language
    return None


def _qt_ui_languages() -> list[str]:
    """The system's UI languages, most preferred first ("zh-Hans-CN", "en-US"...)."""
    return list(QLocale.system().uiLanguages())


def _qt_language() -> str | None:
    for tag in _qt_ui_languages():
        if (language := normalize_language(tag)) is not None:
            return language
    return None


def system_language() -> str:
    """ "zh_CN" when the system is Chinese (any variant), else "en".

    On Windows and macOS the OS display language (QLocale) decides: a LANG left over from a
    developer shell should not override it. Elsewhere the locale variables decide, as they do for
    every other program in the session; QLocale reads the same variables there anyway.
    """
    if sys.platform in ("win32", "darwin"):
        order = (_qt_language, _env_language)
    else:
        order = (_env_language, _qt_language)
    for source in order:
        if (language := source()) is not None:
            return language
    return SOURCE_LANGUAGE


# Qt's own words its translations miss: Qt 6 put accelerators into the file dialog's labels
# ("&Look in:") and qtbase_zh_CN.qm still has them without ("Look in:"), so Chinese file dialogs
# read "Look in:" and "Files of type:". Only what Qt's file lacks, checked by tests/test_help_zh.py.
QT_GAPS: dict[str, dict[tuple[str, str], str]] = {
    "zh_CN": {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    },
}


class QtGapsTranslator(QTranslator):
    """QT_GAPS for one language; every other string goes on to Qt's own translator."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self._words = QT_GAPS.get(language, {})

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self._words.get((context, source))  # None: not ours, Qt's translator goes on

    def isEmpty(self) -> bool:
        return not self._words


class Translations:
    """The application's translators. Keep one instance for the app's lifetime: Qt does not own
    installed translators, so a collected QTranslator would silently untranslate the window."""

    def __init__(self, directories: Sequence[Path] | None = None) -> None:
        self._directories = list(directories) if directories is not None else None
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    @property
    def directories(self) -> list[Path]:
        return self._directories if self._directories is not None else translations_dirs()

    def apply(self, app: QCoreApplication, language: str = "") -> str:
        """Switch to `language` ("" means the system's); returns the language now in effect.

        Never raises: a missing or unreadable .qm leaves the window in English, with a warning.
        """
        if not language:
            wanted = system_language()
        else:
            wanted = normalize_language(language) or SOURCE_LANGUAGE
            if wanted == SOURCE_LANGUAGE and not language.lower().startswith("en"):
                log.warning("no %r translation; using English", language)
        translators = self._load(wanted) if wanted != SOURCE_LANGUAGE else []
        if wanted != SOURCE_LANGUAGE and not translators:
            wanted = SOURCE_LANGUAGE
        for translator in self._installed:
            app.removeTranslator(translator)
        for translator in translators:
            app.installTranslator(translator)
        self._installed = translators
        self.language = wanted
        QLocale.setDefault(_locale_for(wanted))
        return wanted

    def _load(self, language: str) -> list[QTranslator]:
        """Qt's own (standard buttons, file dialogs), then ours: Qt asks the translator installed
        last first, so ours wins any clash. [] when ours is missing: half-Chinese dialogs around
        an English window would be worse than all English."""
        ours = QTranslator()
        name = f"{CATALOG}_{language}.qm"
        for folder in self.directories:
            if (folder / name).is_file() and ours.load(name, str(folder)):
                break
        else:
            searched = ", ".join(str(d) for d in self.directories)
            log.warning("no usable %s in %s; the window stays in English", name, searched)
            return []
        loaded = []
        qt_dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
        bundle = getattr(sys, "_MEIPASS", None)
        if bundle:  # PyInstaller's PySide6 hook keeps Qt's translations here
            qt_dirs.append(str(Path(bundle) / "PySide6" / "Qt" / "translations"))
        for folder in qt_dirs:
            qt = QTranslator()
            if qt.load(QLocale(language), "qtbase", "_", folder):
                loaded.append(qt)
                break
        else:
            log.info("Qt's own %s translations not found; standard buttons stay English", language)
        if language in QT_GAPS:
            loaded.append(QtGapsTranslator(language))
        return [*loaded, ours]


def translated(context: str, texts: Mapping[str, str], language: str) -> dict[str, str]:
    """`texts` (name -> English source, in `context`) as the window shows them in `language`,
    without a window: for the headless commands that draw the window's words. Leaves no
    translator installed (tests run in one process)."""
    app = QCoreApplication.instance() or QCoreApplication([])
    translations = Translations()
    translations.apply(app, language)
    try:
        return {name: QCoreApplication.translate(context, text) for name, text in texts.items()}
    finally:
        translations.apply(app, "en")


def _locale_for(language: str) -> QLocale:
    """Keep the system's regional formats when it already speaks `language`
    (an English UI in en_GB keeps its dates); otherwise the language's own locale."""
    system = QLocale.system()
    if normalize_language(system.name()) == language:
        return system
    return QLocale("en_US" if language == SOURCE_LANGUAGE else language)
