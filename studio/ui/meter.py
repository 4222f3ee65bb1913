"""A horizontal audio level meter in dBFS with peak hold and a latched clip light."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0
YELLOW_FROM_DB = -18.0
RED_FROM_DB = -6.0
CLIP_DB = -0.1
RELEASE_DB_PER_S = 20.0
PEAK_HOLD_S = 1.5
PEAK_FALL_DB_PER_S = 20.0
SCALE_MARKS = (-60, -40, -20, -10, -6, 0)

# The lit zones; the only hard-coded colours (they mean the same on light and dark themes).
GREEN = QColor(67, 176, 71)
YELLOW = QColor(240, 200, 40)
RED = QColor(229, 45, 40)

_BAR_H = 10
_TICK_H = 3
_CLIP_W = 8
_GAP = 2


def deflection(db: float) -> float:
    """Position 0..1 on the bar of a level in dB.

    IEC 60268-18 meter law (as in Ardour and OBS): finer at the top, where the host sets levels, so
    -10 and -6 sit well apart while -60..-40 takes little room.
    """
    if db <= FLOOR_DB:
        return 0.0
    if db >= 0.0:
        return 1.0
    if db < -50.0:
        pct = (db + 60.0) * 0.5 + 2.5
    elif db < -40.0:
        pct = (db + 50.0) * 0.75 + 7.5
    elif db < -30.0:
        pct = (db + 40.0) * 1.5 + 15.0
    elif db < -20.0:
        pct = (db + 30.0) * 2.0 + 30.0
    else:
        pct = (db + 20.0) * 2.5 + 50.0
    return (pct - 2.5) / 97.5


def _tint(base: QColor, colour: QColor, amount: float) -> QColor:
    """`colour` laid over `base` at `amount` opacity: the unlit zone, visible on any theme."""
    return QColor(
        round(base.red() + (colour.red() - base.red()) * amount),
        round(base.green() + (colour.green() - base.green()) * amount),
        round(base.blue() + (colour.blue() - base.blue()) * amount),
    )


class LevelMeter(QWidget):
    """Bar from -60 to 0 dBFS: green, yellow from -18, red from -6.

    Ballistics as on mixing desks: the bar jumps up at once and falls back at 20 dB/s; the peak
    marker stays 1.5 s then falls; the clip light stays on until the meter is clicked. Muted meters
    keep moving (the host sees the microphone works) but are drawn grey.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level = -math.inf
        self._peak = -math.inf
        self._peak_time = 0.0
        self._last_time: float | None = None
        self._clipped = False
        self._muted = False
        # What is on screen, in pixels; update() only when this changes.
        self._shown: tuple[int, int, bool, bool] = (0, -1, False, False)
        self._background: QPixmap | None = None  # unlit bar, ticks and labels; redrawn on resize
        self._scale_font = QFont()
        self._colours: dict[str, QColor] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the pixmap covers every pixel
        self._update_font()
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr(
                "Level of this source in dBFS (peak marker held 1.5 s).\n"
                "Red light: the signal clipped; lower the gain. Click to clear it."
            )
        )
        self.setAccessibleName(self.tr("Level meter"))

    # -- state

    @property
    def level_dbfs(self) -> float:
        """The displayed level after ballistics; -inf when the bar is empty."""
        return self._level

    @property
    def peak_hold_dbfs(self) -> float:
        return self._peak

    @property
    def clipped(self) -> bool:
        return self._clipped

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self._repaint_if_changed()

    def reset_clip(self) -> None:
        if self._clipped:
            self._clipped = False
            self._repaint_if_changed()

    def set_level(self, dbfs: float, now: float | None = None) -> None:
        """Feed the newest block peak (dBFS, -inf for silence); `now` in monotonic seconds."""
        if now is None:
            now = time.monotonic()
        if math.isnan(dbfs):
            dbfs = -math.inf
        dt = 0.0 if self._last_time is None else max(0.0, now - self._last_time)
        self._last_time = now

        if dbfs >= self._level:  # attack: at once, so no transient is missed
            self._level = dbfs
        else:
            self._level = max(dbfs, self._level - RELEASE_DB_PER_S * dt)
            if self._level < FLOOR_DB:  # off the scale: settle on the input (maybe -inf)
                self._level = dbfs

        if self._level >= self._peak:
            self._peak = self._level
            self._peak_time = now
        else:
            # Fall only for the part of dt that lies after the hold time ran out.
            falling = now - max(now - dt, self._peak_time + PEAK_HOLD_S)
            if falling > 0:
                self._peak = max(self._level, self._peak - PEAK_FALL_DB_PER_S * falling)
                if self._peak < FLOOR_DB:
                    self._peak = self._level

        if dbfs >= CLIP_DB:
            self._clipped = True
        self._repaint_if_changed()

    # -- geometry

    def _bar_width(self) -> int:
        return max(1, self.width() - _CLIP_W - _GAP)

    def _x(self, db: float) -> int:
        """Right edge in pixels of a bar filled to `db`; 0 is empty."""
        return round(deflection(db) * self._bar_width())

    def _repaint_if_changed(self) -> None:
        peak_x = self._x(self._peak) if self._peak > FLOOR_DB else -1
        shown = (self._x(self._level), peak_x, self._clipped, self._muted)
        if shown != self._shown:
            self._shown = shown
            self.update()

    def _update_font(self) -> None:
        font = QFont(self.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(6.0, size * 0.75))
        else:
            font.setPixelSize(max(8, round(font.pixelSize() * 0.75)))
        self._scale_font = font
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(180, _BAR_H + _TICK_H + QFontMetrics(self._scale_font).height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.sizeHint().height())

    # -- events

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._background = None
        self._repaint_if_changed()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        if kind == QEvent.Type.FontChange:
            self._update_font()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._background = None
            self.update()
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._clipped:
            self.reset_clip()
            event.accept()
            return
        super().mousePressEvent(event)

    # -- painting

    def _build_background(self) -> QPixmap:
        """Everything that does not move, drawn once per size or theme change."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pal = self.palette()
        window = pal.color(QPalette.ColorRole.Window)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.WindowText)
        pixmap.fill(window)
        # Greys for the muted bar, from the theme so they read on light and dark alike.
        self._colours = {
            "muted": _tint(base, text, 0.45),
            "muted_peak": _tint(base, text, 0.7),
            "clip_off": _tint(base, text, 0.12),
        }
        p = QPainter(pixmap)
        bar_w = self._bar_width()
        x_yellow, x_red = self._x(YELLOW_FROM_DB), self._x(RED_FROM_DB)
        p.fillRect(0, 0, x_yellow, _BAR_H, _tint(base, GREEN, 0.18))
        p.fillRect(x_yellow, 0, x_red - x_yellow, _BAR_H, _tint(base, YELLOW, 0.18))
        p.fillRect(x_red, 0, bar_w - x_red, _BAR_H, _tint(base, RED, 0.18))
        p.fillRect(bar_w + _GAP, 0, _CLIP_W, _BAR_H, self._colours["clip_off"])

        tick = _tint(window, text, 0.6)
        p.setPen(tick)
        p.setFont(self._scale_font)
        metrics = QFontMetrics(self._scale_font)
        label_top = _BAR_H + _TICK_H
        last_right = -1_000
        for db in SCALE_MARKS:
            x = min(self._x(db), bar_w - 1)
            p.drawLine(x, _BAR_H, x, _BAR_H + _TICK_H - 1)
            label = str(db)
            w = metrics.horizontalAdvance(label)
            left = max(0, min(x - w // 2, bar_w - w))
            if left > last_right + 3:  # drop a label rather than overlap it on a narrow meter
                rect = QRect(left, label_top, w, metrics.height())
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
                last_right = left + w
        p.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._background is None or self._background.size() != self.size() * (
            self.devicePixelRatioF()
        ):
            self._background = self._build_background()
        p = QPainter(self)
        p.drawPixmap(QPoint(0, 0), self._background)
        level_x, peak_x, clipped, muted = self._shown
        if level_x > 0:
            if muted:
                p.fillRect(0, 0, level_x, _BAR_H, self._colours["muted"])
            else:
                x_yellow, x_red = self._x(YELLOW_FROM_DB), self._x(RED_FROM_DB)
                p.fillRect(0, 0, min(level_x, x_yellow), _BAR_H, GREEN)
                if level_x > x_yellow:
                    p.fillRect(x_yellow, 0, min(level_x, x_red) - x_yellow, _BAR_H, YELLOW)
                if level_x > x_red:
                    p.fillRect(x_red, 0, level_x - x_red, _BAR_H, RED)
        if peak_x >= 0:
            if muted:
                colour = self._colours["muted_peak"]
            elif self._peak >= RED_FROM_DB:
                colour = RED
            elif self._peak >= YELLOW_FROM_DB:
                colour = YELLOW
            else:
                colour = GREEN
            p.fillRect(max(0, min(peak_x, self._bar_width()) - 2), 0, 2, _BAR_H, colour)
        if clipped:
            p.fillRect(self._bar_width() + _GAP, 0, _CLIP_W, _BAR_H, RED)
        p.end()
