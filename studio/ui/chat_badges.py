"""Platform badges for the comment pane's rows: "抖音", "B站", "Twitch" on the platform's own
colour, so the host streaming to several rooms at once sees at a glance where a comment came from.

The platforms our connectors speak for have a short name and a colour here; any other (a relay
or webhook may name its own, "kuaishou", "taobao") shows its name as sent, made safe and cut
short, on a grey of its own. A hostile sender naming thousands of platforms costs bounded
memory: past `MAX_PLATFORMS` names, the rest share one "other" badge.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap

from studio.capture.settings import QT_TRANSLATE_NOOP
from studio.chat.moderation import sanitize_for_display

CONTEXT = "ChatBadges"
MAX_PLATFORMS = 16  # platforms told apart (badges, the filter's choices); the rest are "other"
NAME_CHARS = 10  # of a platform's own name on its badge
OTHER = ""  # the key of every platform past MAX_PLATFORMS

# platform -> (short name, background); names translated in CONTEXT
KNOWN: dict[str, tuple[str, str]] = {
    "douyin": (QT_TRANSLATE_NOOP("ChatBadges", "Douyin"), "#fe2c55"),
    "bilibili": (QT_TRANSLATE_NOOP("ChatBadges", "Bilibili"), "#fb7299"),
    "kuaishou": (QT_TRANSLATE_NOOP("ChatBadges", "Kuaishou"), "#ff4906"),
    "taobao": (QT_TRANSLATE_NOOP("ChatBadges", "Taobao"), "#ff5000"),
    "twitch": (QT_TRANSLATE_NOOP("ChatBadges", "Twitch"), "#9146ff"),
    "youtube": (QT_TRANSLATE_NOOP("ChatBadges", "YouTube"), "#e62117"),
    "demo": (QT_TRANSLATE_NOOP("ChatBadges", "Demo"), "#607d8b"),
    "relay": (QT_TRANSLATE_NOOP("ChatBadges", "Relay"), "#607d8b"),
}
OTHER_COLOUR = "#6b6b6b"


class PlatformBadges:
    """The platforms seen, in order of first arrival, and each one's badge picture (made once
    per platform, size and pixel ratio)."""

    def __init__(self) -> None:
        self.seen: list[str] = []  # at most MAX_PLATFORMS, then OTHER once
        self._keys: set[str] = set()
        self._pixmaps: dict[tuple[str, int, float], QPixmap] = {}

    def key(self, platform: str) -> str:
        """The platform as the pane tells it apart: itself, or OTHER past the first
        MAX_PLATFORMS."""
        if platform in self._keys:
            return platform
        return OTHER if len(self._keys) >= MAX_PLATFORMS else platform

    def note(self, platform: str) -> bool:
        """Remember a platform that spoke; True when it is new to the pane."""
        key = self.key(platform)
        if key in self._keys or (key == OTHER and OTHER in self.seen):
            return False
        if key != OTHER:
            self._keys.add(key)
        self.seen.append(key)
        return True

    @property
    def several(self) -> bool:
        """More than one platform spoke: rows carry badges and the filter is offered."""
        return len(self.seen) > 1

    def clear_pictures(self) -> None:
        """The language changed: badges are drawn again with their names in it."""
        self._pixmaps.clear()

    def pixmap(self, platform: str, font: QFont, ratio: float) -> QPixmap:
        key = self.key(platform)
        cache_key = (key, font.pointSize(), ratio)
        picture = self._pixmaps.get(cache_key)
        if picture is None:
            picture = draw_badge(badge_name(key), badge_colour(key), font, ratio)
            self._pixmaps[cache_key] = picture
        return picture


def badge_name(platform: str) -> str:
    """The badge's text in the window's language: a known platform's short name, else the
    platform's own name, safe and cut short ("其他" for OTHER)."""
    known = KNOWN.get(platform)
    if known is not None:
        return QCoreApplication.translate(CONTEXT, known[0])
    if platform == OTHER:
        return QCoreApplication.translate("ChatBadges", "Other")
    return sanitize_for_display(platform, NAME_CHARS) or "?"


def badge_colour(platform: str) -> QColor:
    known = KNOWN.get(platform)
    return QColor(known[1] if known else OTHER_COLOUR)


def draw_badge(text: str, colour: QColor, font: QFont, ratio: float) -> QPixmap:
    """White text on a rounded chip of `colour`, as tall as a row's text."""
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
    small.setBold(True)
    metrics = QFontMetrics(small)
    height = QFontMetrics(font).height()
    width = metrics.horizontalAdvance(text) + 8
    picture = QPixmap(round(width * ratio), round(height * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    chip = QRectF(0, 1, width, height - 2)
    painter.drawRoundedRect(chip, 3, 3)
    painter.setPen(QColor("white"))
    painter.setFont(small)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return picture
