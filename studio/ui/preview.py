"""The live preview of the stream canvas, with the current scene's layers editable by mouse.

Like OBS's preview: click picks the topmost visible layer, the selected one gets an outline and
eight handles, the body moves, handles resize, edges and centre snap to the canvas edges and
centre lines. The widget only edits its own copy of the boxes and reports every change by signal;
the main window applies them to the scene and saves the profile on `layer_geometry_committed`.

The platforms' screen as a guide: with it on, the zones where the destinations' viewer apps draw
their own UI (studio.scene.zones) are shaded and labelled, a layer under one is outlined in amber
and named in a one-line hint (`zone_hint_changed`), and dragging also snaps to the edges of the
safe area. With it off the widget keeps no zones at all, so painting does no zone work.

Painting is cheap by design (the preview repaints at the canvas rate on 2-core machines): each new
frame is downscaled once to the drawn size with OpenCV and blitted unscaled; nothing is converted
while the widget is hidden, and frames that arrive faster than Qt paints are simply replaced.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QToolTip, QWidget

from studio.broadcast.platforms.registry import PLATFORMS
from studio.broadcast.platforms.screens import zones_for
from studio.scene.rects import Rect, overlaps
from studio.scene.resize import shrink
from studio.scene.zones import NOTHING_MEASURED, Measured, Zone, safe_area
from studio.ui.destination_dialog import platform_name

MIN_SIZE = 8  # canvas px: smaller boxes cannot be grabbed again
MARGIN = 8  # widget px around the canvas, so handles on the canvas edges stay reachable
HANDLE = 8  # widget px, drawn size of a resize handle
HANDLE_HIT = HANDLE // 2 + 2  # widget px, half-size of a handle's hit area
SNAP_PX = 8  # widget px: snapping distance, independent of the zoom
DRAG_START_PX = 2  # widget px: a click that wobbles does not move the layer

BACKGROUND = QColor(0x2B, 0x2B, 0x2B)
ACCENT = QColor(0x3D, 0xAE, 0xE9)
LOCKED = QColor(0xE8, 0x6A, 0x3A)
HOVER = QColor(255, 255, 255, 110)
GUIDE = QColor(0xFF, 0x40, 0x81)
ZONE_FILL = QColor(0xE5, 0x53, 0x4B, 80)  # translucent: the picture under it stays readable
ZONE_EDGE = QColor(0xE5, 0x53, 0x4B, 200)
ZONE_TEXT = QColor(255, 255, 255)
ZONE_LABEL_BACK = QColor(0, 0, 0, 150)  # the label stays readable over a bright picture
UNDER_ZONE = QColor(0xFF, 0xB0, 0x00)  # amber outline: a layer buyers will not see
ZONE_LABEL_PT = 7.5

# (hx, hy): -1 moves the left/top side, 1 the right/bottom side, 0 leaves that axis alone.
HANDLES: tuple[tuple[int, int], ...] = (
    (-1, -1),
    (0, -1),
    (1, -1),
    (1, 0),
    (1, 1),
    (0, 1),
    (-1, 1),
    (-1, 0),
)

_SIMD_SCRATCH = np.zeros((8, 8), np.uint8)


def _clear_simd_state() -> None:
    """Make the next cv2.resize run at full speed.

    Measured: cv2.resize (INTER_AREA and INTER_LINEAR) runs ~1.9x slower after Qt has painted,
    and any tiny vectorised OpenCV or numpy call in between restores it: Qt's raster code
    leaves the wide vector registers dirty and OpenCV's SSE code then pays a transition penalty.
    This call costs ~2 us and saved ~1 ms per 1080x1920 frame.
    """
    cv2.add(_SIMD_SCRATCH, _SIMD_SCRATCH, dst=_SIMD_SCRATCH)


_ARROWS: dict[int, tuple[int, int]] = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
_MODIFIER: dict[int, Qt.KeyboardModifier] = {
    Qt.Key.Key_Shift: Qt.KeyboardModifier.ShiftModifier,
    Qt.Key.Key_Alt: Qt.KeyboardModifier.AltModifier,
}


@dataclass
class LayerBox:
    """One layer as the preview knows it, in canvas pixels."""

    name: str
    x: int
    y: int
    width: int
    height: int
    visible: bool = True
    locked: bool = False

    @property
    def geometry(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.width, self.height)


@dataclass(frozen=True)
class GuideZone:
    """One zone of one platform's screen, in canvas pixels."""

    platform: str  # platform id
    zone: Zone
    rect: Rect


# A zone as drawn: its rect in widget coordinates, and its label with the spot behind it (none
# where the zone is too small or another zone's label is there already).
_ZoneShape = tuple[QRectF, QStaticText | None, QRectF]


@dataclass
class _Drag:
    index: int
    handle: tuple[int, int] | None  # None: moving the body
    press: QPointF  # widget coordinates
    start: tuple[int, int, int, int]
    started: bool = False
    changed: bool = False


def _handle_cursor(handle: tuple[int, int]) -> Qt.CursorShape:
    hx, hy = handle
    if hx == 0:
        return Qt.CursorShape.SizeVerCursor
    if hy == 0:
        return Qt.CursorShape.SizeHorCursor
    return Qt.CursorShape.SizeFDiagCursor if hx == hy else Qt.CursorShape.SizeBDiagCursor


class PreviewWidget(QWidget):
    """The canvas picture, scaled to fit at its true aspect, with the layers' boxes on top."""

    layer_selected = Signal(int)  # index into the boxes, -1 = none; emitted on change only
    # index, x, y, w, h: emitted live while dragging, resizing or nudging
    layer_geometry_changed = Signal(int, int, int, int, int)
    layer_geometry_committed = Signal(int)  # the change is finished: save the profile now
    delete_requested = Signal(int)  # Delete/Backspace on the selected layer
    # One line naming a layer under a platform's UI ("" when none is); not sent mid-drag, so
    # the window's banner does not come and go (moving the preview) under the user's hand.
    zone_hint_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._canvas = (1080, 1920)
        self._boxes: list[LayerBox] = []
        self._selected = -1
        self._hover = -1
        self._drag: _Drag | None = None
        self._guides: tuple[list[float], list[float]] = ([], [])  # canvas x's, canvas y's
        self._nudge_pending = False
        self._last_pos = QPointF()  # widget coordinates of the last drag event
        self._cursor = Qt.CursorShape.ArrowCursor
        # The newest frame as given, and its downscaled copy (the QImage borrows _image_buf).
        self._frame: np.ndarray | None = None
        self._frame_new = False
        self._image: QImage | None = None
        self._image_buf: np.ndarray | None = None
        self._image_size = (0, 0)
        self._buffers: dict[object, np.ndarray] = {}  # reused arrays: by name, shrink by step
        # The platforms' screen (empty while the guide is off: nothing to compute or paint).
        self._platforms: tuple[str, ...] = ()
        self._measured: dict[tuple[str, bool], tuple[Zone, ...]] = {}
        self._zones_shown = False
        self._zones: list[GuideZone] = []
        self._safe: Rect | None = None  # the safe area's rect while it is smaller than the canvas
        self._under: dict[int, list[GuideZone]] = {}  # box index -> the zones it lies under
        self._touched = ""  # the layer last moved or added: the hint names it first
        self._hint = ""
        # Zone shapes and labels in widget coordinates, for this canvas rect, and their font.
        self._zone_paint: tuple[QRect, QFont, list[_ZoneShape]] | None = None

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # hover outline and cursor shapes
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        self.setAccessibleName(self.tr("Preview"))
        self.setAccessibleDescription(
            self.tr("Stream preview: click a layer to select it, drag to move or resize it")
        )

    # ----- public API -----

    def set_canvas_size(self, width: int, height: int) -> None:
        if width <= 0 or height <= 0:
            raise ValueError(f"canvas {width}x{height}: both sides must be positive")
        if (width, height) != self._canvas:
            self._canvas = (width, height)
            self._image_size = (0, 0)  # drawn size changes: downscale again
            self._update_zones()
            self.updateGeometry()
            self.update()

    def canvas_size(self) -> tuple[int, int]:
        return self._canvas

    def set_frame(self, image: np.ndarray | None) -> None:
        """Show a BGR/BGRA (or grey) uint8 frame of any size, stretched to the canvas rect.

        The array is kept by reference (to scale it again on resize): the caller must not write
        into it afterwards (the engine makes a new one per tick)."""
        if image is not None and (
            image.dtype != np.uint8
            or image.ndim not in (2, 3)
            or (image.ndim == 3 and image.shape[2] not in (3, 4))
            or 0 in image.shape[:2]
        ):
            raise ValueError(
                f"preview frame must be HxW, HxWx3 or HxWx4 uint8, not {image.shape} {image.dtype}"
            )
        self._frame = image
        self._frame_new = True
        if image is None:
            self._image = self._image_buf = None
        if image is not None and self.isVisible() and not self.window().isMinimized():
            r = self.canvas_rect()
            # Scale here rather than in paintEvent: cv2.resize measured ~1.8x slower right after
            # Qt's own painting code (likely an AVX/SSE transition penalty on the CPU).
            self._ensure_image(r)
            # Only the canvas changes: the background and overlays outside it are left alone.
            self.update(r)
        elif self.isVisible():
            self.update(self.canvas_rect())

    def set_layers(self, boxes: list[LayerBox]) -> None:
        """Replace the boxes (copied: the caller's objects are never changed)."""
        drag = self._drag
        held = self._boxes[drag.index].geometry if drag is not None else None
        known = {b.name for b in self._boxes}
        self._boxes = [dataclasses.replace(b) for b in boxes]
        added = [b.name for b in self._boxes if b.name not in known]
        if len(added) == 1 and len(self._boxes) == len(known) + 1:
            self._touched = added[0]  # a layer just placed: the hint speaks of it first
        if drag is not None and held is not None:
            if drag.index < len(self._boxes):
                # The user still holds this layer: their geometry wins over a stale refresh.
                b = self._boxes[drag.index]
                b.x, b.y, b.width, b.height = held
            else:
                self._end_drag()
        if self._hover >= len(self._boxes):
            self._hover = -1
        if self._selected >= len(self._boxes):
            self.select(-1)
        if self.underMouse():
            self._update_cursor(self.mapFromGlobal(QCursor.pos()).toPointF())
        self._update_under()
        self.update()

    def layers(self) -> list[LayerBox]:
        """Copies of the boxes as the preview has them now."""
        return [dataclasses.replace(b) for b in self._boxes]

    def select(self, index: int) -> None:
        if not -1 <= index < len(self._boxes):
            index = -1
        if index == self._selected:
            return
        self._selected = index
        self._nudge_pending = False
        self.update()
        self.layer_selected.emit(index)

    @property
    def selected(self) -> int:
        return self._selected

    # ----- the platforms' screen -----

    def set_platforms(
        self, platform_ids: list[str] | tuple[str, ...], measured: Measured = NOTHING_MEASURED
    ) -> None:
        """The platforms of the destinations in use: their zones together make the guide
        (`measured`: zones measured on the merchant's phone, replacing a preset's)."""
        platforms = tuple(dict.fromkeys(platform_ids))
        if platforms != self._platforms or measured != self._measured:
            self._platforms = platforms
            self._measured = dict(measured)
            self._update_zones()

    def set_zones_shown(self, shown: bool) -> None:
        if shown != self._zones_shown:
            self._zones_shown = shown
            self._update_zones()

    def zones_shown(self) -> bool:
        return self._zones_shown

    def zones(self) -> list[GuideZone]:
        """The zones drawn now ([] while the guide is off)."""
        return list(self._zones)

    def safe_rect(self) -> Rect | None:
        """The largest part of the canvas clear of every zone, while the guide shows one."""
        return self._safe

    def layers_under_zones(self) -> dict[str, list[GuideZone]]:
        """Layer name -> the zones it lies under (outlined in amber)."""
        return {self._boxes[i].name: list(z) for i, z in self._under.items()}

    def zone_hint(self) -> str:
        """One line, in the window's language, naming a layer under a platform's UI ("" none).

        The layer last moved or added comes first; the others are counted."""
        if not self._under:
            return ""
        order = sorted(self._under, key=lambda i: (self._boxes[i].name != self._touched, i))
        first = self._under[order[0]][0]
        preset = PLATFORMS.get(first.platform)
        values = (
            self._boxes[order[0]].name,
            platform_name(preset) if preset is not None else first.platform,
            QCoreApplication.translate("PlatformZones", first.zone.label),
        )
        if len(order) == 1:
            text = self.tr(
                "“%1” is under %2’s screen (%3): buyers will not see it. "
                "View → Move overlays out of the platforms’ screens."
            )
        else:
            text = self.tr(
                "“%1” is under %2’s screen (%3), and %4 more layers are under the platforms’ "
                "screens: buyers will not see them. View → Move overlays out of the platforms’ "
                "screens."
            ).replace("%4", str(len(order) - 1))
        for i, value in enumerate(values, 1):
            text = text.replace(f"%{i}", value)
        return text

    def _update_zones(self) -> None:
        self._zones = []
        self._safe = None
        self._zone_paint = None
        if self._zones_shown and self._platforms:
            cw, ch = self._canvas
            seen: set[tuple[str, Rect]] = set()
            for platform in self._platforms:  # each zone once, named after its first platform
                for zone, rect in zones_for([platform], cw, ch, self._measured):
                    if (zone.name, rect) not in seen:
                        seen.add((zone.name, rect))
                        self._zones.append(GuideZone(platform, zone, rect))
            if self._zones:
                safe = safe_area([(g.zone, g.rect) for g in self._zones], cw, ch)
                self._safe = safe if safe != (0, 0, cw, ch) else None
        self._update_under()
        self.update()

    def _is_backdrop(self, box: LayerBox) -> bool:
        # The camera or a background filling (most of) the canvas: the platforms' UI always
        # lies over it by design, so it is never flagged.
        cw, ch = self._canvas
        return 2 * box.width * box.height >= cw * ch

    def _update_under(self) -> None:
        """Which layers lie under a zone; the hint goes out unless a drag is in progress."""
        under: dict[int, list[GuideZone]] = {}
        for i, box in enumerate(self._boxes if self._zones else []):
            if box.visible and not self._is_backdrop(box):
                hits = [g for g in self._zones if overlaps(box.geometry, g.rect)]
                if hits:
                    under[i] = hits
        if under != self._under:
            self._under = under
            self.update()
        if self._drag is None:
            self._send_hint()

    def _send_hint(self) -> None:
        hint = self.zone_hint()
        if hint != self._hint:
            self._hint = hint
            self.zone_hint_changed.emit(hint)

    def canvas_rect(self) -> QRect:
        """Where the canvas is drawn, in widget coordinates: true aspect, fitted and centred."""
        cw, ch = self._canvas
        aw = max(1, self.width() - 2 * MARGIN)
        ah = max(1, self.height() - 2 * MARGIN)
        scale = min(aw / cw, ah / ch)
        w = max(1, round(cw * scale))
        h = max(1, round(ch * scale))
        return QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h)

    def to_canvas(self, p: QPointF) -> QPointF:
        r = self.canvas_rect()
        cw, ch = self._canvas
        return QPointF((p.x() - r.x()) * cw / r.width(), (p.y() - r.y()) * ch / r.height())

    def to_widget(self, p: QPointF) -> QPointF:
        r = self.canvas_rect()
        cw, ch = self._canvas
        return QPointF(r.x() + p.x() * r.width() / cw, r.y() + p.y() * r.height() / ch)

    # ----- size hints -----

    def _fit(self, longest: int) -> QSize:
        cw, ch = self._canvas
        s = longest / max(cw, ch)
        return QSize(round(cw * s) + 2 * MARGIN, round(ch * s) + 2 * MARGIN)

    def sizeHint(self) -> QSize:
        return self._fit(640)

    def minimumSizeHint(self) -> QSize:
        return self._fit(180)

    # ----- painting -----

    def _buffer(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        # Reused output arrays: a fresh 1 MB array per frame lands on new pages (page faults
        # and kernel zeroing), which measured 40 % slower than writing into warm memory.
        buf = self._buffers.get(name)
        if buf is None or buf.shape != shape:
            buf = self._buffers[name] = np.empty(shape, np.uint8)
        return buf

    def _prepare_image(self, width: int, height: int) -> None:
        """Downscale the newest frame to exactly the drawn size, once per frame (or resize)."""
        frame = self._frame
        assert frame is not None
        channels = frame.shape[2:]
        fh, fw = frame.shape[:2]
        if (fw, fh) != (width, height):
            _clear_simd_state()
            # INTER_AREA at a fractional ratio costs ~6 ms for 1080x1920: shrink halves on its
            # fast path (~0.6 ms), then bilinear for the rest, into the reused buffers.
            frame = shrink(frame, (width, height), scratch=self._buffers)
        if channels == (3,):
            # BGRx is the backing store's own layout (Format_RGB32): drawing is then a plain copy,
            # where Format_BGR888 would be converted on every paint (measured 0.3 ms).
            frame = cv2.cvtColor(
                frame, cv2.COLOR_BGR2BGRA, dst=self._buffer("bgrx", (height, width, 4))
            )
            fmt = QImage.Format.Format_RGB32
        elif channels == (4,):
            fmt = QImage.Format.Format_ARGB32  # BGRA in memory on little-endian machines
        else:
            fmt = QImage.Format.Format_Grayscale8
        frame = np.ascontiguousarray(frame)
        image = QImage(frame.data, width, height, frame.strides[0], fmt)
        if fmt == QImage.Format.Format_ARGB32:
            image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)  # owns memory
        image.setDevicePixelRatio(self.devicePixelRatioF())
        # The QImage borrows the buffer's memory: keep the array alive as long as the image.
        self._image, self._image_buf = image, frame
        self._image_size = (width, height)
        self._frame_new = False

    def canvas_pixels(self, r: QRect | None = None) -> tuple[int, int]:
        """The size the canvas is drawn at (`r`: its rect, canvas_rect()), in device pixels."""
        r = r if r is not None else self.canvas_rect()
        dpr = self.devicePixelRatioF()
        return max(1, round(r.width() * dpr)), max(1, round(r.height() * dpr))

    def _ensure_image(self, r: QRect) -> None:
        size = self.canvas_pixels(r)
        if self._frame_new or size != self._image_size or self._image is None:
            self._prepare_image(*size)

    def paintEvent(self, event: QPaintEvent) -> None:
        r = self.canvas_rect()
        painter = QPainter(self)
        if not r.contains(event.rect()):  # a new frame repaints the canvas alone
            painter.fillRect(self.rect(), BACKGROUND)
        if self._frame is None:
            painter.fillRect(r, Qt.GlobalColor.black)
        else:
            self._ensure_image(r)  # after a resize, or a frame that came while hidden
            assert self._image is not None
            if self._image.hasAlphaChannel():
                painter.fillRect(r, Qt.GlobalColor.black)
            painter.drawImage(r.topLeft(), self._image)  # same size: no scaling
        self._paint_overlays(painter, r)
        painter.end()

    def _box_rect(self, box: LayerBox) -> QRectF:
        return QRectF(
            self.to_widget(QPointF(box.x, box.y)),
            self.to_widget(QPointF(box.x + box.width, box.y + box.height)),
        )

    def _handle_points(self, rect: QRectF) -> list[tuple[tuple[int, int], QPointF]]:
        cx, cy = rect.center().x(), rect.center().y()
        xs = {-1: rect.left(), 0: cx, 1: rect.right()}
        ys = {-1: rect.top(), 0: cy, 1: rect.bottom()}
        return [((hx, hy), QPointF(xs[hx], ys[hy])) for hx, hy in HANDLES]

    def _zone_shapes(self, canvas: QRect) -> tuple[QFont, list[_ZoneShape]]:
        """The zones' widget rects and labels, laid out once per canvas rect (and language),
        and the labels' font."""
        if self._zone_paint is not None and self._zone_paint[0] == canvas:
            return self._zone_paint[1:]
        font = QFont(self.font())
        font.setPointSizeF(ZONE_LABEL_PT)
        shapes: list[_ZoneShape] = []
        taken: list[QRectF] = []  # labels already placed: overlapping zones label once
        for g in self._zones:
            x, y, w, h = g.rect
            rect = QRectF(self.to_widget(QPointF(x, y)), self.to_widget(QPointF(x + w, y + h)))
            label: QStaticText | None = None
            spot = QRectF()
            if rect.width() >= 24 and rect.height() >= 10:
                label = QStaticText(QCoreApplication.translate("PlatformZones", g.zone.label))
                label.setTextFormat(Qt.TextFormat.PlainText)  # never read as markup
                label.prepare(font=font)
                if label.size().width() > rect.width() - 6:  # wrapped to the zone's width
                    label.setTextWidth(rect.width() - 6)
                    label.prepare(font=font)
                size = label.size()
                spot = QRectF(rect.left() + 1, rect.top() + 1, size.width() + 4, size.height())
                if spot.bottom() > rect.bottom() or any(spot.intersects(t) for t in taken):
                    label, spot = None, QRectF()
                else:
                    taken.append(spot)
            shapes.append((rect, label, spot))
        self._zone_paint = (QRect(canvas), font, shapes)
        return font, shapes

    def _paint_zones(self, painter: QPainter, canvas: QRect) -> None:
        font, shapes = self._zone_shapes(canvas)
        painter.save()
        painter.setClipRect(canvas)
        painter.setPen(QPen(ZONE_EDGE, 1, Qt.PenStyle.DashLine))
        painter.setBrush(ZONE_FILL)
        for rect, _, _ in shapes:
            painter.drawRect(rect)
        painter.setFont(font)
        painter.setPen(ZONE_TEXT)
        for _, label, spot in shapes:
            if label is not None:
                painter.fillRect(spot, ZONE_LABEL_BACK)
                painter.drawStaticText(spot.topLeft() + QPointF(2, 0), label)
        painter.setPen(QPen(UNDER_ZONE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i in self._under:  # just outside the box: the selection's outline stays visible
            painter.drawRect(self._box_rect(self._boxes[i]).adjusted(-2, -2, 2, 2))
        painter.restore()

    def _paint_overlays(self, painter: QPainter, canvas: QRect) -> None:
        if self._zones:  # the guide: nothing at all to do while it is off
            self._paint_zones(painter, canvas)
        if 0 <= self._hover < len(self._boxes) and self._hover != self._selected:
            box = self._boxes[self._hover]
            if box.visible:
                painter.setPen(QPen(HOVER, 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self._box_rect(box))
        if 0 <= self._selected < len(self._boxes):
            box = self._boxes[self._selected]
            if box.visible:
                colour = LOCKED if box.locked else ACCENT
                rect = self._box_rect(box)
                painter.setPen(QPen(colour, 2 if box.locked else 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
                if not box.locked:  # no handles: a locked layer cannot be resized
                    painter.setPen(QPen(colour, 1))
                    painter.setBrush(Qt.GlobalColor.white)
                    for _, p in self._handle_points(rect):
                        painter.drawRect(
                            QRectF(p.x() - HANDLE / 2, p.y() - HANDLE / 2, HANDLE, HANDLE)
                        )
        gx, gy = self._guides
        if gx or gy:
            painter.setPen(QPen(GUIDE, 1))
            for x in gx:
                wx = self.to_widget(QPointF(x, 0)).x()
                painter.drawLine(QPointF(wx, canvas.top()), QPointF(wx, canvas.bottom()))
            for y in gy:
                wy = self.to_widget(QPointF(0, y)).y()
                painter.drawLine(QPointF(canvas.left(), wy), QPointF(canvas.right(), wy))

    # ----- hit testing -----

    def _layer_at(self, pos: QPointF) -> int:
        """Topmost visible layer under a widget point (later boxes are on top), or -1."""
        c = self.to_canvas(pos)
        for i in range(len(self._boxes) - 1, -1, -1):
            b = self._boxes[i]
            if b.visible and b.x <= c.x() < b.x + b.width and b.y <= c.y() < b.y + b.height:
                return i
        return -1

    def _handle_at(self, pos: QPointF) -> tuple[int, int] | None:
        if not 0 <= self._selected < len(self._boxes):
            return None
        box = self._boxes[self._selected]
        if not box.visible or box.locked:
            return None
        rect = self._box_rect(box)
        # On a box too small for handles and body both, its inside is the body (it must move).
        if rect.width() < 3 * HANDLE or rect.height() < 3 * HANDLE:
            c = self.to_canvas(pos)
            if box.x < c.x() < box.x + box.width and box.y < c.y() < box.y + box.height:
                return None
        for handle, p in self._handle_points(rect):
            if abs(pos.x() - p.x()) <= HANDLE_HIT and abs(pos.y() - p.y()) <= HANDLE_HIT:
                return handle
        return None

    def _set_cursor(self, shape: Qt.CursorShape) -> None:
        if shape != self._cursor:
            self._cursor = shape
            self.setCursor(shape)

    def _update_cursor(self, pos: QPointF) -> None:
        if self._drag is not None:
            return
        handle = self._handle_at(pos)
        if handle is not None:
            self._set_cursor(_handle_cursor(handle))
            return
        index = self._layer_at(pos)
        if index >= 0 and index == self._selected and not self._boxes[index].locked:
            self._set_cursor(Qt.CursorShape.SizeAllCursor)
        else:
            self._set_cursor(Qt.CursorShape.ArrowCursor)
        if index != self._hover:
            self._hover = index
            self.update()

    # ----- geometry -----

    def _snap_targets(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Canvas x's and y's that edges snap to: the canvas's edges and centre lines and, with
        the guide on, the safe area's edges."""
        cw, ch = self._canvas
        xs, ys = (0.0, cw / 2, float(cw)), (0.0, ch / 2, float(ch))
        if self._safe is not None:
            x, y, w, h = self._safe
            xs += (float(x), float(x + w))
            ys += (float(y), float(y + h))
        return xs, ys

    @staticmethod
    def _snap(value: float, targets: tuple[float, ...], threshold: float) -> tuple[float, bool]:
        best = min(targets, key=lambda t: abs(value - t))
        return (best, True) if abs(value - best) <= threshold else (value, False)

    def _moved(
        self, start: tuple[int, int, int, int], dx: float, dy: float, snap: float
    ) -> tuple[int, int, int, int]:
        x0, y0, w, h = start
        x, y = x0 + dx, y0 + dy
        if snap > 0:
            tx, ty = self._snap_targets()
            cw, ch = self._canvas

            def offset(pos: float, size: int, targets: tuple[float, ...], centre: float) -> float:
                # Smallest correction that puts an edge on a target or the centre on the centre.
                diffs = [t - pos for t in targets] + [t - pos - size for t in targets]
                diffs.append(centre - pos - size / 2)
                best = min(diffs, key=abs)
                return best if abs(best) <= snap else 0.0

            x += offset(x, w, tx, cw / 2)
            y += offset(y, h, ty, ch / 2)
        return (round(x), round(y), w, h)

    def _resized(
        self,
        start: tuple[int, int, int, int],
        handle: tuple[int, int],
        dx: float,
        dy: float,
        snap: float,
        free: bool,
    ) -> tuple[int, int, int, int]:
        x0, y0, w0, h0 = start
        hx, hy = handle
        tx, ty = self._snap_targets()
        left, top, right, bottom = float(x0), float(y0), float(x0 + w0), float(y0 + h0)
        snapped_x = snapped_y = False
        if hx == 1:
            right += dx
            if snap > 0:
                right, snapped_x = self._snap(right, tx, snap)
        elif hx == -1:
            left += dx
            if snap > 0:
                left, snapped_x = self._snap(left, tx, snap)
        if hy == 1:
            bottom += dy
            if snap > 0:
                bottom, snapped_y = self._snap(bottom, ty, snap)
        elif hy == -1:
            top += dy
            if snap > 0:
                top, snapped_y = self._snap(top, ty, snap)
        w, h = right - left, bottom - top
        if hx and hy and not free and w0 > 0 and h0 > 0:
            # Corner: one scale for both sides. A snapped side decides it; otherwise the side
            # the cursor pulls further (in or out), so the box follows the cursor's lead.
            sx, sy = w / w0, h / h0
            if snapped_x != snapped_y:
                s = sx if snapped_x else sy
            else:
                s = sx if abs(sx - 1) >= abs(sy - 1) else sy
            s = max(s, MIN_SIZE / w0, MIN_SIZE / h0)
            w, h = w0 * s, h0 * s
        wi = max(MIN_SIZE, round(w))
        hi = max(MIN_SIZE, round(h))
        # The side opposite the handle stays where it was.
        x = x0 + w0 - wi if hx == -1 else x0
        y = y0 + h0 - hi if hy == -1 else y0
        return (x, y, wi, hi)

    def _find_guides(
        self, geometry: tuple[int, int, int, int], handle: tuple[int, int] | None
    ) -> tuple[list[float], list[float]]:
        """Canvas lines the moving edges (or, when moving, the centre) now lie on."""
        x, y, w, h = geometry
        tx, ty = self._snap_targets()
        if handle is None:
            xs, ys = [x, x + w], [y, y + h]
        else:
            hx, hy = handle
            xs = [x] if hx == -1 else [x + w] if hx == 1 else []
            ys = [y] if hy == -1 else [y + h] if hy == 1 else []
        gx = {t for t in tx for v in xs if abs(v - t) <= 0.5}
        gy = {t for t in ty for v in ys if abs(v - t) <= 0.5}
        if handle is None:
            cw, ch = self._canvas
            if abs(x + w / 2 - cw / 2) <= 0.5:
                gx.add(cw / 2)
            if abs(y + h / 2 - ch / 2) <= 0.5:
                gy.add(ch / 2)
        return sorted(gx), sorted(gy)

    def _apply_geometry(self, index: int, geometry: tuple[int, int, int, int]) -> bool:
        box = self._boxes[index]
        if box.geometry == geometry:
            return False
        box.x, box.y, box.width, box.height = geometry
        self._touched = box.name
        self.layer_geometry_changed.emit(index, *geometry)
        self._update_under()
        self.update()
        return True

    # ----- dragging -----

    def _drag_to(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        drag = self._drag
        assert drag is not None
        delta = pos - drag.press
        if not drag.started:
            if abs(delta.x()) + abs(delta.y()) < DRAG_START_PX:
                return
            drag.started = True
        r = self.canvas_rect()
        cw, ch = self._canvas
        dx, dy = delta.x() * cw / r.width(), delta.y() * ch / r.height()
        snap_on = not modifiers & Qt.KeyboardModifier.AltModifier
        snap = SNAP_PX * cw / r.width() if snap_on else 0.0
        if drag.handle is None:
            geometry = self._moved(drag.start, dx, dy, snap)
        else:
            free = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            geometry = self._resized(drag.start, drag.handle, dx, dy, snap, free)
        guides = self._find_guides(geometry, drag.handle) if snap_on else ([], [])
        if guides != self._guides:
            self._guides = guides
            self.update()
        self._apply_geometry(drag.index, geometry)
        drag.changed = self._boxes[drag.index].geometry != drag.start
        self._last_pos = pos

    def _end_drag(self) -> None:
        drag, self._drag = self._drag, None
        self._guides = ([], [])
        self._send_hint()  # held back while dragging
        self.update()
        if drag is not None and drag.changed and drag.index < len(self._boxes):
            self.layer_geometry_committed.emit(drag.index)

    def _cancel_drag(self) -> None:
        drag = self._drag
        assert drag is not None
        if drag.index < len(self._boxes):
            self._apply_geometry(drag.index, drag.start)
        drag.changed = False
        self._end_drag()

    # ----- events -----

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is not None:  # a second button during a drag: ignore it
            return
        handle = self._handle_at(pos) if event.button() == Qt.MouseButton.LeftButton else None
        if handle is None:
            self.select(self._layer_at(pos))
        if event.button() != Qt.MouseButton.LeftButton or self._selected < 0:
            event.accept()
            return
        box = self._boxes[self._selected]
        if not box.locked:
            self._drag = _Drag(self._selected, handle, pos, box.geometry)
            self._last_pos = pos
            if handle is None:
                self._set_cursor(Qt.CursorShape.SizeAllCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to(pos, event.modifiers())
        else:
            self._update_cursor(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drag is not None:
            self._drag_to(event.position(), event.modifiers())
            self._end_drag()
            self._update_cursor(event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if self._drag is not None:
            if key == Qt.Key.Key_Escape:
                self._cancel_drag()
            elif key in (Qt.Key.Key_Shift, Qt.Key.Key_Alt):
                # Shift/Alt change the rule mid-drag: apply it without waiting for a mouse move.
                # (Whether a modifier's own press carries its flag depends on the platform.)
                self._drag_to(self._last_pos, mods | _MODIFIER[key])
            event.accept()
            return
        index = self._selected
        if key in _ARROWS and 0 <= index < len(self._boxes) and not self._boxes[index].locked:
            ux, uy = _ARROWS[key]
            step = 10 if mods & Qt.KeyboardModifier.ShiftModifier else 1
            x, y, w, h = self._boxes[index].geometry
            self._apply_geometry(index, (x + ux * step, y + uy * step, w, h))
            if event.isAutoRepeat():
                self._nudge_pending = True  # a held key saves once, on release
            else:
                self.layer_geometry_committed.emit(index)
            event.accept()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index >= 0:
            self.delete_requested.emit(index)
            event.accept()
        elif key == Qt.Key.Key_Escape and index >= 0:
            self.select(-1)
            event.accept()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self._drag is not None and key in (Qt.Key.Key_Shift, Qt.Key.Key_Alt):
            self._drag_to(self._last_pos, event.modifiers() & ~_MODIFIER[key])
        elif key in _ARROWS and not event.isAutoRepeat() and self._nudge_pending:
            self._nudge_pending = False
            if 0 <= self._selected < len(self._boxes):
                self.layer_geometry_committed.emit(self._selected)
        super().keyReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover != -1 and self._drag is None:
            self._hover = -1
            self.update()
        super().leaveEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._zone_paint = None  # labels in the new language
            self._hint = ""  # say it again in the new language
            if self._drag is None:
                self._send_hint()
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        # The tooltip names the layer under the cursor, above the widget's own tooltip (a hint).
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._layer_at(QPointF(event.pos()))
            if index >= 0:
                box = self._boxes[index]
                text = self.tr("{name} (locked)").format(name=box.name) if box.locked else box.name
                if self.toolTip():
                    text = f"{text}\n{self.toolTip()}"
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)
