"""The bitrate / fps graph: draws what it is fed, says so when it has nothing, scales."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from studio.broadcast.destination import DestinationStats
from studio.engine import EngineStats
from studio.ui.graph import FPS_COLOUR, StatsGraph, nice_ceiling


def _stats(fps: float, **kbps: float) -> EngineStats:
    dests = [DestinationStats(n, "live", None, None, v, 0.1, 0, 0, 0) for n, v in kbps.items()]
    return EngineStats(1.0, fps, 0, 0, {}, dests, None, None, 0, [])


def _count(image: QImage, colour: QColor, tolerance: int = 40) -> int:
    """Pixels near `colour` (antialiased lines are not all exactly it)."""
    n = 0
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            c = image.pixelColor(x, y)
            diff = max(
                abs(c.red() - colour.red()),
                abs(c.green() - colour.green()),
                abs(c.blue() - colour.blue()),
            )
            if diff < tolerance:
                n += 1
    return n


def _graph(qtbot: QtBot) -> StatsGraph:
    graph = StatsGraph()
    qtbot.addWidget(graph)
    graph.resize(300, 150)
    return graph


def test_the_graph_draws_each_destination_and_the_fps(qtbot: QtBot):
    graph = _graph(qtbot)
    for t in range(120):
        graph.add_sample(_stats(30.0, youtube=2500 + 10 * (t % 7), tiktok=1200), t=float(t))
    image = graph.grab().toImage()
    image.save("/tmp/graph.png")
    assert [s.kbps for s in graph.samples][-1] == {"youtube": 2500.0, "tiktok": 1200.0}
    for name in ("youtube", "tiktok"):
        assert _count(image, graph.colour(name)) > 60, name
    assert graph.colour("youtube") != graph.colour("tiktok")
    assert _count(image, FPS_COLOUR) > 30


def test_no_data_draws_a_note_and_nothing_else(qtbot: QtBot):
    graph = _graph(qtbot)
    image = graph.grab().toImage()
    assert not image.isNull()
    assert _count(image, FPS_COLOUR) < 150  # the legend swatch only, no line
    assert graph.kbps_scale == 1000 and graph.fps_scale == 30


def test_the_scales_follow_the_figures_and_old_samples_go(qtbot: QtBot):
    graph = _graph(qtbot)
    graph.add_sample(_stats(30.0, a=800), t=0.0)
    assert graph.kbps_scale == 1000
    graph.add_sample(_stats(60.0, a=6000), t=1.0)
    assert 6000 < graph.kbps_scale <= 10000 and graph.fps_scale == 60
    graph.add_sample(_stats(30.0, a=900), t=400.0)  # five minutes on: the peak is gone
    assert len(graph.samples) == 1
    assert graph.kbps_scale == 1000 and graph.fps_scale == 30
    assert not graph.grab().toImage().isNull()


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0, 900, 1100, 2400, 2600, 6000, 12000)] == [
        1.0,
        1000,
        2000,
        2500,
        5000,
        10000,
        20000,
    ]
