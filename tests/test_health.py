"""The stream's health verdicts (studio.health): CPU overloaded, network unstable, judged over
the last seconds, and never on the first seconds' handful of frames."""

from __future__ import annotations

from types import SimpleNamespace

from studio.health import HealthMonitor


def _stats(t: float, frames: int, repeated: int = 0, dropped: int = 0, state: str = "live"):
    destination = SimpleNamespace(frames_dropped=dropped, state=state)
    return SimpleNamespace(
        elapsed=t, frames=frames, frames_repeated=repeated, destinations=[destination]
    )


def test_two_frames_dropped_as_the_stream_opens_are_no_network_verdict() -> None:
    monitor = HealthMonitor()
    # Three seconds at 30 fps, two frames dropped while the first connection opened.
    for second in range(4):
        verdicts = monitor.update(_stats(second, 30 * second, dropped=2 if second else 0))
    assert verdicts == [] and monitor.dropped_pct == 0.0


def test_frames_dropped_over_five_seconds_are_a_network_verdict() -> None:
    monitor = HealthMonitor()
    for second in range(7):
        verdicts = monitor.update(_stats(second, 30 * second, dropped=3 * second))
    assert [(v.severity, v.code) for v in verdicts] == [("problem", "network_unstable")]
    assert 9.5 < monitor.dropped_pct < 10.5


def test_lagged_frames_make_a_cpu_verdict_and_reconnecting_is_said_at_once() -> None:
    monitor = HealthMonitor()
    for second in range(7):
        verdicts = monitor.update(_stats(second, 30 * second, repeated=second // 2))
    assert [(v.severity, v.code) for v in verdicts] == [("warning", "cpu_overloaded")]
    early = HealthMonitor().update(_stats(0.5, 15, state="reconnecting"))
    assert [(v.severity, v.code) for v in early] == [("problem", "reconnecting")]


def test_a_new_engine_is_judged_at_once_not_after_the_old_ones_running_time() -> None:
    monitor = HealthMonitor()
    for second in range(60):  # a minute of preview, then the canvas changed: a new engine
        monitor.update(_stats(second, 30 * second))
    for second in range(7):  # its clock and counts start again; 10 % of its frames dropped
        verdicts = monitor.update(_stats(second, 30 * second, dropped=3 * second))
    assert [(v.severity, v.code) for v in verdicts] == [("problem", "network_unstable")]
