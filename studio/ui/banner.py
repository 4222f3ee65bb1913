"""One readable line at the top of the window for problems: no dialog storms, no tracebacks.

The same message shown twice stays one message; the newest most severe one is shown, with a
count of the others, and the user can dismiss it. A message states a condition now: its owner
clears it when the condition ends.

Every message shown and every one cleared goes to the studio's log, in the words the merchant
read (the window's language), so whoever helps afterwards reads what the merchant was told; the
log's redaction (studio.redact) masks any key a message might quote.
"""

from __future__ import annotations

import logging
import re
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}
LOG_REPEAT_S = 60.0  # a shown message whose text keeps changing is logged again after this
LOG_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}

log = logging.getLogger(__name__)


def _words(text: str) -> str:
    """A message without its figures: what stays the same while a percentage moves."""
    return re.sub(r"\d+", "#", text)


class Banner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerBox")
        self.label = QLabel(self)
        self.label.setObjectName("banner")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote user input
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self._messages: dict[str, tuple[str, str]] = {}  # key -> (severity, text)
        self._dismissed: set[str] = set()
        self._logged: dict[str, float] = {}  # key -> when it was last logged (monotonic)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Dismiss"))

    @property
    def messages(self) -> dict[str, tuple[str, str]]:
        return dict(self._messages)

    def show_message(self, key: str, severity: str, text: str) -> None:
        """Show or update the message `key`; a dismissed one comes back only if its text
        changes."""
        if self._messages.get(key) == (severity, text):
            return
        if key in self._dismissed and self._messages.get(key, ("", ""))[1] == text:
            return
        self._dismissed.discard(key)
        before = self._messages.get(key)
        self._messages[key] = (severity, text)
        moving = before is not None and before[0] == severity and _words(before[1]) == _words(text)
        self._log(key, severity, text, new=not moving)
        self._render()

    def _log(self, key: str, severity: str, text: str, new: bool) -> None:
        """A new message, or new words, are logged at once; a shown one whose figures alone
        move (CPU 91%, 93%...) once a minute, so a long show's log stays readable."""
        now = time.monotonic()
        if not new and now - self._logged.get(key, -LOG_REPEAT_S) < LOG_REPEAT_S:
            return
        self._logged[key] = now
        log.log(LOG_LEVELS.get(severity, logging.WARNING), "banner [%s]: %s", key, text)

    def clear_message(self, key: str) -> None:
        self._dismissed.discard(key)
        if self._messages.pop(key, None) is not None:
            self._logged.pop(key, None)
            log.info("banner [%s] cleared", key)
            self._render()

    def dismiss(self) -> None:
        shown = self._top()
        if shown is not None:
            self._dismissed.add(shown)
            log.info("banner [%s] dismissed by the user", shown)
        self._render()

    @property
    def dismissed(self) -> set[str]:
        """The keys of the messages the user dismissed (kept, not shown)."""
        return set(self._dismissed)

    def keep_dismissed(self, keys: set[str]) -> None:
        """Those of `keys` shown now stay dismissed: the same lines said again in another
        language are no news to the user who closed them."""
        self._dismissed |= keys & self._messages.keys()
        self._render()

    def _visible(self) -> list[str]:
        return [k for k in self._messages if k not in self._dismissed]

    def _top(self) -> str | None:
        keys = self._visible()
        if not keys:
            return None
        # most severe, then newest (dicts keep insertion order)
        return max(reversed(keys), key=lambda k: SEVERITY_ORDER[self._messages[k][0]])

    def _render(self) -> None:
        key = self._top()
        if key is None:
            self.hide()
            return
        severity, text = self._messages[key]
        others = len(self._visible()) - 1
        if others:
            text += "  " + self.tr("(+%1 more)").replace("%1", str(others))
        self.label.setText(text)
        self.label.setProperty("severity", severity)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Every line of a wrapped message in sight: the window's layout does not ask a
        word-wrapped label how tall it must be at its width, so the banner tells it."""
        width = self.label.width()
        if width > 0:
            self.label.setMinimumHeight(self.label.heightForWidth(width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
