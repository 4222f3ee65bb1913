"""PreviewWidget: canvas fitting, frame drawing, and editing layers by mouse and keyboard.

The widget is sized so that the 1080x1920 canvas is drawn at exactly 1/4 scale at (8, 8):
one widget pixel is four canvas pixels, and the snapping distance (8 widget px) is 32 canvas px.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
import pytest
from preview_mouse import LEFT, NO_MOD, drag, send_mouse, wpos
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from studio.ui.preview import GUIDE, LayerBox, PreviewWidget

SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def preview(qtbot) -> Iterator[PreviewWidget]:
    w = PreviewWidget()
    qtbot.addWidget(w)
    w.set_canvas_size(1080, 1920)
    w.resize(286, 496)
    w.show()
    qtbot.waitExposed(w)
    assert w.canvas_rect() == QRect(8, 8, 270, 480)
    yield w


class Recorder:
    """Everything the widget emitted, in order."""

    def __init__(self, w: PreviewWidget) -> None:
        self.events: list[tuple] = []
        w.layer_selected.connect(lambda i: self.events.append(("selected", i)))
        w.layer_geometry_changed.connect(lambda *a: self.events.append(("changed", *a)))
        w.layer_geometry_committed.connect(lambda i: self.events.append(("committed", i)))
        w.delete_requested.connect(lambda i: self.events.append(("delete", i)))

    def of(self, kind: str) -> list[tuple]:
        return [e[1:] for e in self.events if e[0] == kind]


def click(w: PreviewWidget, pos: QPointF) -> None:
    QTest.mouseClick(w, LEFT, NO_MOD, pos.toPoint())


def colour_at(w: PreviewWidget, p: QPoint) -> tuple[int, int, int]:
    c = w.grab().toImage().pixelColor(p)
    return (c.red(), c.green(), c.blue())


def near(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# ----- canvas geometry -----


@pytest.mark.parametrize("canvas", [(1080, 1920), (1920, 1080), (720, 1280)])
@pytest.mark.parametrize("widget", [(800, 400), (300, 800), (500, 500)])
def test_canvas_rect_keeps_aspect_fits_and_centres(qtbot, canvas, widget) -> None:
    w = PreviewWidget()
    qtbot.addWidget(w)
    w.set_canvas_size(*canvas)
    w.resize(*widget)
    r = w.canvas_rect()
    cw, ch = canvas
    assert abs(r.width() / r.height() - cw / ch) < 2 / min(r.width(), r.height())
    assert QRect(0, 0, *widget).contains(r)
    # Fills one dimension (less the margins) and is centred in both.
    assert r.width() >= widget[0] - 17 or r.height() >= widget[1] - 17
    assert abs(r.left() - (widget[0] - r.right() - 1)) <= 1
    assert abs(r.top() - (widget[1] - r.bottom() - 1)) <= 1
    # Mapping round-trips and puts the canvas corners on the rect's corners.
    assert w.to_widget(QPointF(0, 0)) == QPointF(r.topLeft())
    far = w.to_widget(QPointF(cw, ch))
    assert far.x() == pytest.approx(r.x() + r.width())
    assert far.y() == pytest.approx(r.y() + r.height())
    p = w.to_canvas(w.to_widget(QPointF(123.5, 456.25)))
    assert p.x() == pytest.approx(123.5) and p.y() == pytest.approx(456.25)


def test_size_hints_follow_canvas_aspect(qtbot) -> None:
    w = PreviewWidget()
    qtbot.addWidget(w)
    w.set_canvas_size(1080, 1920)
    portrait = w.minimumSizeHint()
    assert portrait.height() > portrait.width() >= 100
    w.set_canvas_size(1920, 1080)
    assert w.minimumSizeHint().width() > w.minimumSizeHint().height()
    assert w.focusPolicy() == Qt.FocusPolicy.StrongFocus


# ----- frames -----


def test_black_canvas_before_first_frame_grey_around(preview: PreviewWidget) -> None:
    assert colour_at(preview, QPoint(143, 248)) == (0, 0, 0)
    assert colour_at(preview, QPoint(2, 2)) == (0x2B, 0x2B, 0x2B)


def test_set_frame_draws_the_picture_in_the_canvas_rect(preview: PreviewWidget) -> None:
    frame = np.zeros((1920, 1080, 3), np.uint8)
    frame[:960] = (0, 0, 255)  # BGR: red top half
    frame[960:, :540] = (0, 255, 0)  # green bottom left
    frame[960:, 540:] = (255, 0, 0)  # blue bottom right
    preview.set_frame(frame)
    r = preview.canvas_rect()
    assert near(colour_at(preview, r.topLeft() + QPoint(135, 100)), (255, 0, 0))
    assert near(colour_at(preview, r.topLeft() + QPoint(60, 400)), (0, 255, 0))
    assert near(colour_at(preview, r.topLeft() + QPoint(210, 400)), (0, 0, 255))
    assert colour_at(preview, QPoint(2, 300)) == (0x2B, 0x2B, 0x2B)
    preview.set_frame(None)
    assert colour_at(preview, r.topLeft() + QPoint(135, 100)) == (0, 0, 0)


def test_bgra_and_other_sizes_are_stretched_into_the_canvas(preview: PreviewWidget) -> None:
    frame = np.zeros((90, 160, 4), np.uint8)  # landscape, small, with alpha
    frame[:, :80] = (255, 255, 255, 255)  # opaque white left half
    frame[:, 80:] = (255, 255, 255, 0)  # transparent right half: black canvas shows
    preview.set_frame(frame)
    r = preview.canvas_rect()
    assert near(colour_at(preview, r.topLeft() + QPoint(60, 240)), (255, 255, 255))
    assert near(colour_at(preview, r.topLeft() + QPoint(210, 240)), (0, 0, 0))
    with pytest.raises(ValueError):
        preview.set_frame(np.zeros((10, 10, 3), np.float32))


def test_hidden_widget_does_no_scaling_until_shown(preview: PreviewWidget, qtbot) -> None:
    preview.hide()
    frame = np.full((1920, 1080, 3), 200, np.uint8)
    preview.set_frame(frame)
    assert preview._image is None  # nothing converted while hidden
    preview.show()
    qtbot.waitExposed(preview)
    assert near(colour_at(preview, QPoint(143, 248)), (200, 200, 200))


def test_resizing_the_widget_rescales_the_last_frame(preview: PreviewWidget) -> None:
    frame = np.zeros((1920, 1080, 3), np.uint8)
    frame[:, 540:] = 255
    preview.set_frame(frame)
    preview.resize(600, 500)
    r = preview.canvas_rect()
    assert r.height() == 484
    assert near(colour_at(preview, r.topLeft() + QPoint(r.width() * 3 // 4, 240)), (255,) * 3)
    assert near(colour_at(preview, r.topLeft() + QPoint(r.width() // 4, 240)), (0, 0, 0))


# ----- selection -----


def three_layers() -> list[LayerBox]:
    return [
        LayerBox("camera", 0, 0, 1080, 1920),
        LayerBox("card", 100, 1200, 600, 400),
        LayerBox("hidden", 0, 0, 400, 400, visible=False),
    ]


def test_click_selects_the_topmost_visible_layer(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers(three_layers())
    click(preview, wpos(preview, 400, 1400))  # camera and card: card is on top
    assert preview.selected == 1
    click(preview, wpos(preview, 200, 200))  # the hidden layer is not hit: the camera is
    assert preview.selected == 0
    click(preview, wpos(preview, 900, 300))
    assert preview.selected == 0
    assert rec.of("selected") == [(1,), (0,)]  # emitted on change only


def test_click_on_empty_canvas_or_outside_deselects(preview: PreviewWidget) -> None:
    preview.set_layers(
        [LayerBox("card", 100, 100, 200, 200), LayerBox("h", 500, 500, 99, 99, visible=False)]
    )
    click(preview, wpos(preview, 150, 150))
    assert preview.selected == 0
    click(preview, wpos(preview, 550, 550))  # only a hidden layer there
    assert preview.selected == -1
    click(preview, wpos(preview, 150, 150))
    click(preview, QPointF(2, 400))  # the grey around the canvas
    assert preview.selected == -1


def test_set_layers_keeps_selection_by_index(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers(three_layers())
    preview.select(1)
    preview.set_layers(three_layers()[:2])
    assert preview.selected == 1
    preview.set_layers(three_layers()[:1])
    assert preview.selected == -1
    assert rec.of("selected") == [(1,), (-1,)]
    preview.select(7)
    assert preview.selected == -1


def test_set_layers_copies_the_boxes(preview: PreviewWidget) -> None:
    boxes = [LayerBox("card", 100, 100, 200, 200)]
    preview.set_layers(boxes)
    preview.select(0)
    QTest.keyClick(preview, Qt.Key.Key_Right)
    assert boxes[0].x == 100
    assert preview.layers()[0].x == 101


# ----- moving -----


def test_drag_moves_by_the_canvas_delta_and_signals(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    start = wpos(preview, 300, 500)
    drag(preview, start, start + QPointF(20, 10))  # 1 widget px = 4 canvas px
    assert preview.layers()[0].geometry == (280, 440, 200, 200)
    assert rec.of("selected") == [(0,)]
    changed = rec.of("changed")
    assert changed[-1] == (0, 280, 440, 200, 200)
    assert all(c[0] == 0 and c[3:] == (200, 200) for c in changed)
    assert rec.of("committed") == [(0,)]
    assert rec.events[-1] == ("committed", 0)


def test_click_without_moving_changes_nothing(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    start = wpos(preview, 300, 500)
    drag(preview, start, start + QPointF(1, 0))  # under the drag threshold
    assert preview.layers()[0].geometry == (200, 400, 200, 200)
    assert rec.of("changed") == [] and rec.of("committed") == []


def test_locked_layer_is_selected_but_does_not_move(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200, locked=True)])
    start = wpos(preview, 300, 500)
    drag(preview, start, start + QPointF(30, 30))
    assert preview.selected == 0
    assert preview.layers()[0].geometry == (200, 400, 200, 200)
    QTest.keyClick(preview, Qt.Key.Key_Left)
    assert preview.layers()[0].geometry == (200, 400, 200, 200)
    assert rec.of("changed") == [] and rec.of("committed") == []
    # No handles on a locked layer: its corner does not resize either.
    drag(preview, wpos(preview, 400, 600), wpos(preview, 500, 700))
    assert preview.layers()[0].geometry == (200, 400, 200, 200)


def test_move_snaps_centre_and_edges_shows_guides_and_alt_disables(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    start = wpos(preview, 300, 500)
    # Centre x: 300 + 4*55 = 520, 20 canvas px from the centre line (540): snaps.
    drag(preview, start, start + QPointF(55, 0), release=False)
    assert preview.layers()[0].x == 440
    guide_x = round(preview.to_widget(QPointF(540, 0)).x())
    assert near(colour_at(preview, QPoint(guide_x, 20)), (GUIDE.red(), GUIDE.green(), GUIDE.blue()))
    end = start + QPointF(55, 0)
    send_mouse(preview, QEvent.Type.MouseButtonRelease, end, LEFT, Qt.MouseButton.NoButton)
    assert preview._guides == ([], [])  # guides go with the drag
    # Left edge: x 440 - 4*105 = 20 canvas px from 0: snaps to the canvas edge.
    start = wpos(preview, 540, 500)
    drag(preview, start, start + QPointF(-105, 0))
    assert preview.layers()[0].x == 0
    # Bottom edge to the canvas bottom: y + 200 = 1900 -> 1920.
    start = wpos(preview, 100, 500)
    drag(preview, start, start + QPointF(0, 325))
    assert preview.layers()[0].geometry == (0, 1720, 200, 200)
    # Same moves with Alt held: no snapping.
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    start = wpos(preview, 300, 500)
    drag(preview, start, start + QPointF(55, 0), ALT)
    assert preview.layers()[0].x == 420


# ----- resizing -----


def test_corner_resize_keeps_aspect_and_shift_frees_it(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 400, 200)])
    preview.select(0)
    corner = wpos(preview, 600, 600)
    drag(preview, corner, corner + QPointF(25, 5))  # +100, +20 canvas: the width leads
    assert preview.layers()[0].geometry == (200, 400, 500, 250)
    assert rec.of("committed") == [(0,)]
    assert rec.of("changed")[-1] == (0, 200, 400, 500, 250)
    # Top-left corner: the bottom-right one stays put.
    corner = wpos(preview, 200, 400)
    drag(preview, corner, corner + QPointF(25, 0))  # 100 canvas px narrower
    assert preview.layers()[0].geometry == (300, 450, 400, 200)
    # Shift: free resize.
    corner = wpos(preview, 700, 650)
    drag(preview, corner, corner + QPointF(10, 20), SHIFT)
    assert preview.layers()[0].geometry == (300, 450, 440, 280)


def test_edge_resize_changes_one_side(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 400, 200)])
    preview.select(0)
    right = wpos(preview, 600, 500)
    drag(preview, right, right + QPointF(10, 7))
    assert preview.layers()[0].geometry == (200, 400, 440, 200)
    left = wpos(preview, 200, 500)
    drag(preview, left, left + QPointF(10, -3))
    assert preview.layers()[0].geometry == (240, 400, 400, 200)
    top = wpos(preview, 440, 400)
    drag(preview, top, top + QPointF(3, -10))
    assert preview.layers()[0].geometry == (240, 360, 400, 240)


def test_resize_snaps_edges_and_stops_at_minimum_size(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 400, 200)])
    preview.select(0)
    right = wpos(preview, 600, 500)
    drag(preview, right, right + QPointF(115, 0))  # 600 + 460 = 1060: 20 from the edge
    assert preview.layers()[0].geometry == (200, 400, 880, 200)
    drag(preview, wpos(preview, 1080, 500), wpos(preview, 0, 500), ALT)
    assert preview.layers()[0].geometry == (200, 400, 8, 200)
    corner = wpos(preview, 208, 600)
    drag(preview, corner, QPointF(0, 0), SHIFT | ALT)
    assert preview.layers()[0].geometry == (200, 400, 8, 8)


def test_corner_resize_snaps_and_shows_the_guide(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 400, 200)])
    preview.select(0)
    corner = wpos(preview, 600, 600)
    # Right edge to 1060, 20 canvas px from the canvas edge: snaps there, height follows.
    drag(preview, corner, corner + QPointF(115, 5), release=False)
    assert preview.layers()[0].geometry == (200, 400, 880, 440)
    assert preview._guides == ([1080.0], [])


def test_a_tiny_layer_can_still_be_moved(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("dot", 500, 500, 16, 16)])  # 4x4 widget px, all handles
    preview.select(0)
    start = wpos(preview, 508, 508)
    drag(preview, start, start + QPointF(10, 0), ALT)
    assert preview.layers()[0].geometry == (540, 500, 16, 16)


def test_escape_cancels_a_drag(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    start = wpos(preview, 300, 500)
    drag(preview, start, start + QPointF(20, 20), release=False)
    QTest.keyClick(preview, Qt.Key.Key_Escape)
    assert preview.layers()[0].geometry == (200, 400, 200, 200)
    assert rec.of("changed")[-1] == (0, 200, 400, 200, 200)
    send_mouse(preview, QEvent.Type.MouseButtonRelease, start, LEFT, Qt.MouseButton.NoButton)
    assert rec.of("committed") == []


# ----- keyboard, cursor -----


def test_arrow_keys_nudge_and_delete_requests(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    preview.select(0)
    preview.setFocus()
    QTest.keyClick(preview, Qt.Key.Key_Right)
    QTest.keyClick(preview, Qt.Key.Key_Down, SHIFT)
    QTest.keyClick(preview, Qt.Key.Key_Up)
    assert preview.layers()[0].geometry == (201, 409, 200, 200)
    assert rec.events[1:] == [
        ("changed", 0, 201, 400, 200, 200),
        ("committed", 0),
        ("changed", 0, 201, 410, 200, 200),
        ("committed", 0),
        ("changed", 0, 201, 409, 200, 200),
        ("committed", 0),
    ]
    QTest.keyClick(preview, Qt.Key.Key_Delete)
    assert rec.of("delete") == [(0,)]
    QTest.keyClick(preview, Qt.Key.Key_Escape)
    assert preview.selected == -1
    QTest.keyClick(preview, Qt.Key.Key_Delete)
    assert rec.of("delete") == [(0,)]


def test_held_arrow_key_commits_once_on_release(preview: PreviewWidget) -> None:
    rec = Recorder(preview)
    preview.set_layers([LayerBox("card", 200, 400, 200, 200)])
    preview.select(0)
    right = Qt.Key.Key_Right
    QApplication.sendEvent(preview, QKeyEvent(QEvent.Type.KeyPress, right, NO_MOD))
    for _ in range(3):  # what the system sends while the key is held down
        QApplication.sendEvent(preview, QKeyEvent(QEvent.Type.KeyRelease, right, NO_MOD, "", True))
        QApplication.sendEvent(preview, QKeyEvent(QEvent.Type.KeyPress, right, NO_MOD, "", True))
    assert rec.of("committed") == [(0,)]
    QApplication.sendEvent(preview, QKeyEvent(QEvent.Type.KeyRelease, right, NO_MOD))
    assert preview.layers()[0].x == 204
    assert len(rec.of("changed")) == 4
    assert rec.of("committed") == [(0,), (0,)]


def test_cursor_shapes(preview: PreviewWidget) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 400, 200)])
    hover = Qt.MouseButton.NoButton

    def shape_at(x: float, y: float) -> Qt.CursorShape:
        send_mouse(preview, QEvent.Type.MouseMove, wpos(preview, x, y), hover, hover)
        return preview.cursor().shape()

    assert shape_at(400, 500) == Qt.CursorShape.ArrowCursor  # not selected yet
    preview.select(0)
    assert shape_at(400, 500) == Qt.CursorShape.SizeAllCursor
    assert shape_at(600, 600) == Qt.CursorShape.SizeFDiagCursor
    assert shape_at(600, 400) == Qt.CursorShape.SizeBDiagCursor
    assert shape_at(600, 500) == Qt.CursorShape.SizeHorCursor
    assert shape_at(400, 400) == Qt.CursorShape.SizeVerCursor
    assert shape_at(900, 1500) == Qt.CursorShape.ArrowCursor


def test_tooltip_names_the_layer_under_the_cursor(preview: PreviewWidget, qtbot) -> None:
    preview.set_layers([LayerBox("card", 200, 400, 400, 200, locked=True)])
    preview.setToolTip("hint")
    pos = wpos(preview, 400, 500).toPoint()
    QApplication.sendEvent(preview, QHelpEvent(QEvent.Type.ToolTip, pos, preview.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: QToolTip.text() != "", timeout=1000)
    assert QToolTip.text() == "card (locked)\nhint"
    QToolTip.hideText()


def test_many_qt_calls_do_not_use_up_none_or_true() -> None:
    # PySide6 6.12.0 took a reference off None on every void call and off True on every
    # Signal.emit on Python 3.11, so a 30 fps preview aborted ("none_dealloc") within a minute.
    # The pinned PySide6 must not: the counts stay put over many calls.
    w = PreviewWidget()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20000):
        w.update()
        w.layer_selected.emit(-1)
    assert sys.getrefcount(None) >= none_before - 100
    assert sys.getrefcount(True) >= true_before - 100
    w.deleteLater()
