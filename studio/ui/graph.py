"""A small graph of the last minutes: the bitrate of each destination (left scale, kbps) and the
canvas frame rate (right scale, fps), fed once a second from the window's stats timer."""

from __future__ import annotations

import collections
import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.engine import EngineStats

WINDOW_S = 300.0  # the last five minutes
MIN_KBPS_SCALE = 1000
FPS_COLOUR = QColor(67, 176, 71)
# One colour per destination, in order; readable on light and dark themes.
LINE_COLOURS = (
    QColor(66, 133, 244),
    QColor(230, 126, 34),
    QColor(171, 71, 188),
    QColor(0, 172, 193),
    QColor(229, 57, 53),
)


@dataclass(frozen=True)
class Sample:
    t: float
    fps: float
    kbps: dict[str, float]


def nice_ceiling(value: float) -> float:
    """The scale's top: 1, 2, 2.5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power


class StatsGraph(QWidget):
    def __init__(self, parent: QWidget | None = None, window_s: float = WINDOW_S) -> None:
        super().__init__(parent)
        self.window_s = window_s
        self.samples: collections.deque[Sample] = collections.deque()
        self._colours: dict[str, QColor] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)
        self._retranslate()

    def sizeHint(self) -> QSize:
        return QSize(260, 140)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setToolTip(
            self.tr("Bitrate of each destination (kbps, left) and frames per second (right).")
        )
        self.setAccessibleName(self.tr("Bitrate and frame rate graph"))
        self.update()

    # --- data ---
    def add_sample(self, stats: EngineStats, t: float | None = None) -> None:
        """One second's figures; samples older than the window are let go."""
        now = time.monotonic() if t is None else t
        kbps = {d.name: float(d.bitrate_kbps) for d in stats.destinations}
        for name in kbps:
            if name not in self._colours:
                self._colours[name] = LINE_COLOURS[len(self._colours) % len(LINE_COLOURS)]
        self.samples.append(Sample(now, float(stats.fps), kbps))
        while self.samples and now - self.samples[0].t > self.window_s:
            self.samples.popleft()
        self.update()

    def clear(self) -> None:
        self.samples.clear()
        self._colours.clear()
        self.update()

    def colour(self, name: str) -> QColor:
        return self._colours.get(name, LINE_COLOURS[0])

    @property
    def kbps_scale(self) -> float:
        top = max((v for s in self.samples for v in s.kbps.values()), default=0.0)
        return max(float(MIN_KBPS_SCALE), nice_ceiling(top * 1.1))

    @property
    def fps_scale(self) -> float:
        top = max((s.fps for s in self.samples), default=0.0)
        return max(30.0, 10 * math.ceil(top / 10))

    # --- drawing ---
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        grid = QColor(text)
        grid.setAlpha(50)
        fm = self.fontMetrics()
        line_h = fm.height()
        left = fm.horizontalAdvance("00000") + 6
        right = fm.horizontalAdvance("000") + 6
        plot = QRectF(
            left, line_h + 6, self.width() - left - right, self.height() - 2 * line_h - 10
        )
        if plot.width() < 20 or plot.height() < 20:
            return
        # The legend: one swatch per destination, then fps.
        x = 4.0
        names = list(self.samples[-1].kbps) if self.samples else []
        for name, colour in [(n, self.colour(n)) for n in names] + [(self.tr("fps"), FPS_COLOUR)]:
            p.fillRect(QRectF(x, 4 + line_h / 2 - 3, 10, 6), colour)
            p.setPen(text)
            p.drawText(QPointF(x + 14, 2 + fm.ascent()), name)
            x += 14 + fm.horizontalAdvance(name) + 12
        # The grid and the scales.
        kbps_top, fps_top = self.kbps_scale, self.fps_scale
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text)
            p.drawText(
                QRectF(0, y - line_h / 2, left - 4, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{kbps_top * i / 4:.0f}",
            )
            if i % 2 == 0:  # 0, half and full: whole frame rates (a quarter of 30 is not)
                p.drawText(
                    QRectF(plot.right() + 3, y - line_h / 2, right - 3, line_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    f"{fps_top * i / 4:.0f}",
                )
        minutes = int(self.window_s // 60)
        for i in range(minutes + 1):
            x = plot.left() + plot.width() * i / max(1, minutes)
            label = self.tr("now") if i == minutes else f"-{minutes - i}"
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(text)
            width = fm.horizontalAdvance(label)
            tx = max(0.0, min(x - width / 2, self.width() - width - 2))
            p.drawText(QPointF(tx, plot.bottom() + line_h), label)
        if not self.samples:
            p.setPen(text)
            p.drawText(
                plot,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("No figures yet."),
            )
            return
        now = self.samples[-1].t

        def point(t: float, value: float, top: float) -> QPointF:
            fx = 1.0 - (now - t) / self.window_s
            return QPointF(
                plot.left() + plot.width() * fx,
                plot.bottom() - plot.height() * min(value, top) / top,
            )

        def draw(values: list[tuple[float, float]], top: float, pen: QPen) -> None:
            path = QPainterPath()
            for i, (t, v) in enumerate(values):
                if i == 0:
                    path.moveTo(point(t, v, top))
                else:
                    path.lineTo(point(t, v, top))
            if len(values) == 1:
                p.setPen(pen)
                p.drawEllipse(point(*values[0], top), 1.5, 1.5)
            p.strokePath(path, pen)

        p.setClipRect(plot.adjusted(-1, -2, 1, 2))
        fps_pen = QPen(FPS_COLOUR, 1.5, Qt.PenStyle.DashLine)
        draw([(s.t, s.fps) for s in self.samples], fps_top, fps_pen)
        for name in self._colours:
            values = [(s.t, s.kbps[name]) for s in self.samples if name in s.kbps]
            if values:
                draw(values, kbps_top, QPen(self.colour(name), 2))
