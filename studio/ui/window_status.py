"""The main window's live state, on timers: the preview's newest frame, and once a second the
figures (status bar, graph, destinations), the buttons, and the banner's conditions (health,
failed destinations, sources, effects, a recording that stopped itself). Also how late the event
loop runs: the window's responsiveness."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import psutil
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

from studio.engine import EngineStats
from studio.ui import messages
from studio.ui.window_effects import effect_problems

if TYPE_CHECKING:
    from studio.health import Verdict
    from studio.ui.main_window import MainWindow

# Banner keys that say how things are now: each goes once its condition is over.
CONDITIONS = ("health", "dest", "source", "effects", "recording")


class LoopProbe:
    """Measures how late the event loop runs a 50 ms timer: the window's responsiveness."""

    def __init__(self, parent: QObject, period_ms: int = 50) -> None:
        self.period = period_ms / 1000
        self.worst_ms = 0.0
        self._last = time.monotonic()
        self.timer = QTimer(parent)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start(period_ms)

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst_ms = max(self.worst_ms, (now - self._last - self.period) * 1000)
        self._last = now

    def reset(self) -> None:
        self.worst_ms = 0.0
        self._last = time.monotonic()


class StatusControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self._process = psutil.Process()
        self._process.cpu_percent(None)
        self._cpus = psutil.cpu_count() or 1
        self._last_seq = -1

    def update_preview(self) -> None:
        """The newest canvas into the preview (the split view too, when it is on)."""
        window = self.window
        if not self.session.is_open:
            return
        if window.effects_panel.split_on:
            window.effects_control.refresh_split()
        if not window.preview.isVisible():
            return
        self.session.live.show_preview_at(*window.preview.canvas_pixels())
        seq, image = self.session.live.preview()
        if seq != self._last_seq:
            self._last_seq = seq
            window.preview.set_frame(image)

    def update(self) -> None:
        window, session = self.window, self.session
        outputs, stopping = session.outputs, window.output_control.stopping
        stats = session.stats()
        cpu = self._process.cpu_percent(None) / self._cpus
        window.status.show_viewers(session.chat.room_news())
        if stats is None:
            window.status.show_stats(None, cpu, 0.0, 0.0)
            return
        health = window.health
        verdicts = health.update(stats)
        window.effects_control.show_status(stats)
        window.status.show_stats(stats, cpu, health.lagged_pct, health.dropped_pct)
        window.graph.add_sample(stats)
        window.outputs.show_stats(stats.destinations)
        running = session.is_open
        if running and not stopping & {"stream", "all"}:
            window.outputs.set_streaming(outputs.streaming)
        if running and not stopping & {"record", "all"}:
            # A recorder that stopped itself (a full disk) is not recording: the button says so.
            recording = outputs.recording and not outputs.recording_stopped_itself
            window.outputs.set_recording(recording)
            if not recording:
                window.output_control.recording_with_stream = False
                window.banner.clear_message("autorecord")
        self._report(verdicts, stats)
        retried = session.live.retry_missing_files()
        if retried is not None:  # a missing file is back: its source runs, the banner says so
            window.scene_control.shown(retried)

    def _report(self, verdicts: list[Verdict], stats: EngineStats) -> None:
        banner, outputs = self.window.banner, self.session.outputs
        shown = set()
        for v in verdicts:
            key = f"health:{v.code}"
            shown.add(key)
            severity = "error" if v.severity == "problem" else "warning"
            banner.show_message(key, severity, messages.verdict(v))
        # A stopped stream's destinations stay listed with their last state: their failure was
        # about that stream, over once the merchant stopped it.
        for d in stats.destinations if stats.streaming_seconds else []:
            if d.state == "failed":
                key = f"dest:{d.name}"
                shown.add(key)
                text = (
                    QCoreApplication.translate("MainWindow", "Destination %1: %2")
                    .replace("%1", d.name)
                    .replace("%2", messages.destination_reason(d.reason))
                )
                banner.show_message(key, "error", text)
        for source in self.session.live.running():
            text = messages.source_notice(source)
            if text:
                key = f"source:{source.spec}"
                shown.add(key)
                banner.show_message(key, "warning", text)
        for name, status in stats.effects.items():
            texts = effect_problems(status)
            if texts:
                key = f"effects:{name}"
                shown.add(key)
                text = (
                    QCoreApplication.translate("MainWindow", "Effects of “%1”: %2")
                    .replace("%1", name)
                    .replace("%2", " ".join(texts))
                )
                banner.show_message(key, "warning", text)
        if stats.recording_error:
            shown.add("recording")
            detail = stats.recording_error.removeprefix("recording stopped: ")
            rec = outputs.recorder
            text = messages.recording_error(
                detail, getattr(rec, "reason", None), rec.path if rec else None, outputs.streaming
            )
            banner.show_message("recording", "error", text)
        for key in list(banner.messages):
            if key.split(":")[0] in CONDITIONS and key not in shown:
                banner.clear_message(key)
