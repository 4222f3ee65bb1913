"""Help → Quick start: one page for a merchant's first show (set-up, going live, the product
card, the flash sale, comments, stopping and where the recording is), in the window's language.

The page is studio/ui/help/quick-start.<zh|en>.md (package data: it ships in the wheel and the
bundle alike), shown as Markdown. The window stays usable while it is
open (the merchant follows it step by step), and it follows a change of language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from studio.ui.i18n import package_dirs

PAGE = "quick-start.{lang}.md"


def docs_dirs() -> list[Path]:
    """Where the page may be."""
    return package_dirs("help")


def page_language() -> str:
    """ "zh" in a Chinese window, else "en"."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def page_text(lang: str) -> str | None:
    """The quick start in `lang` ("zh" or "en"), None when it is not installed."""
    for folder in docs_dirs():
        path = folder / PAGE.format(lang=lang)
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


class QuickStartDialog(QDialog):
    """See the module's docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickStart")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(640, 720)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self.lang = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quick start"))
        self.lang = page_language()
        text = page_text(self.lang)
        if text is None:
            self.browser.setPlainText(
                self.tr("The quick start page is missing from this installation.")
            )
        else:
            self.browser.setMarkdown(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
