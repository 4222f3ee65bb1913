"""The status bar: live time, fps, CPU, lagged and dropped frames, bitrate per destination,
recording time and size, and the live rooms' viewers. Figures over the warning line turn amber,
over the problem line red."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from studio.chat.events import ChatEvent
from studio.engine import EngineStats
from studio.health import PROBLEM_PCT, WARNING_PCT
from studio.ui.messages import fill

COLOURS = {"ok": "", "warning": "color: #e0b040", "problem": "color: #f05050"}
LIVE_STYLE = "color: #f05050; font-weight: bold"

log = logging.getLogger(__name__)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _level(pct: float) -> str:
    return "problem" if pct >= PROBLEM_PCT else "warning" if pct >= WARNING_PCT else "ok"


class StudioStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = QLabel(self)
        self.fps = QLabel(self)
        self.cpu = QLabel(self)
        self.lagged = QLabel(self)
        self.dropped = QLabel(self)
        self.bitrate = QLabel(self)
        self.recording = QLabel(self)
        self.viewers = QLabel(self)
        shown = (self.viewers, self.live, self.recording, self.bitrate, self.fps, self.cpu)
        for w in (*shown, self.lagged):
            self.addPermanentWidget(w)
        self.addPermanentWidget(self.dropped)
        self._last: tuple[EngineStats | None, float, float, float] = (None, 0.0, 0.0, 0.0)
        self._news: Mapping[tuple[str, str], ChatEvent] = {}
        self.show_stats(None, 0.0, 0.0, 0.0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_stats(*self._last)
            self.show_viewers(self._news)
        super().changeEvent(event)

    def show_viewers(self, news: Mapping[tuple[str, str], ChatEvent]) -> None:
        """The viewers watching now, over every room that says (ChatRoom.room_news); who
        watched so far in the tooltip, by platform. Nothing while no room has said."""
        self._news = dict(news)
        counts = [e for (_p, kind), e in sorted(self._news.items()) if kind == "viewers"]
        now = [e.viewers for e in counts if e.viewers is not None]
        if not counts:
            self.viewers.clear()
            self.viewers.setToolTip("")
            return
        self.viewers.setText(self.tr("Viewers %1").replace("%1", str(sum(now)) if now else "–"))
        lines = []
        for e in counts:
            line = self.tr("%1: %2 watching").replace("%1", e.platform)
            line = line.replace("%2", "–" if e.viewers is None else str(e.viewers))
            total = e.extra.get("total")
            if isinstance(total, int):
                line += self.tr(", %1 so far").replace("%1", str(total))
            lines.append(line)
        self.viewers.setToolTip("\n".join(lines))

    def notice(self, text: str, timeout_ms: int = 10000) -> None:
        """A passing notice (a recording saved...), also written to the studio's log in the
        words the merchant read."""
        log.info("notice: %s", text)
        self.showMessage(text, timeout_ms)

    def _live_text(self, stats: EngineStats) -> tuple[str, str]:
        """What the stream is, truly: live only while a destination receives it."""
        if not stats.streaming_seconds:
            return self.tr("Not live"), ""
        clock = _clock(stats.streaming_seconds)
        states = [d.state for d in stats.destinations]
        live = states.count("live")
        if live == len(states):  # every one (or none listed yet)
            return self.tr("LIVE %1").replace("%1", clock), LIVE_STYLE
        if live:
            text = self.tr("LIVE %1 (%2 of %3 destinations)")
            return fill(text, clock, live, len(states)), LIVE_STYLE
        if any(state in ("connecting", "reconnecting") for state in states):
            return self.tr("Connecting… %1").replace("%1", clock), COLOURS["warning"]
        return self.tr("Not live: every destination failed"), COLOURS["problem"]

    def show_stats(
        self, stats: EngineStats | None, cpu_pct: float, lagged_pct: float, dropped_pct: float
    ) -> None:
        self._last = (stats, cpu_pct, lagged_pct, dropped_pct)
        if stats is None:
            for w in (self.live, self.fps, self.lagged, self.dropped, self.bitrate, self.recording):
                w.clear()
            self.cpu.setText(self.tr("CPU %1%").replace("%1", f"{cpu_pct:.0f}"))
            return
        text, style = self._live_text(stats)
        self.live.setText(text)
        self.live.setStyleSheet(style)
        self.fps.setText(self.tr("%1 fps").replace("%1", f"{stats.fps:.1f}"))
        self.cpu.setText(self.tr("CPU %1%").replace("%1", f"{cpu_pct:.0f}"))
        self.cpu.setStyleSheet(COLOURS["warning"] if cpu_pct >= 90 else "")
        self.lagged.setText(
            self.tr("Lagged %1 (%2%)")
            .replace("%1", str(stats.frames_repeated))
            .replace("%2", f"{lagged_pct:.1f}")
        )
        self.lagged.setStyleSheet(COLOURS[_level(lagged_pct)])
        self.lagged.setToolTip(
            self.tr("Frames the computer could not make in time (last 10 s in %).")
        )
        dropped = sum(d.frames_dropped for d in stats.destinations)
        self.dropped.setText(
            self.tr("Dropped %1 (%2%)")
            .replace("%1", str(dropped))
            .replace("%2", f"{dropped_pct:.1f}")
        )
        self.dropped.setStyleSheet(COLOURS[_level(dropped_pct)])
        self.dropped.setToolTip(self.tr("Frames the network could not carry (last 10 s in %)."))
        self.bitrate.setText(
            "  ".join(f"{d.name} {d.bitrate_kbps:.0f} kbps" for d in stats.destinations)
            if stats.streaming_seconds
            else ""
        )
        if stats.recording_state == "recording":
            self.recording.setText(
                self.tr("REC %1  %2 MB")
                .replace("%1", _clock(stats.recording_seconds))
                .replace("%2", f"{stats.recording_bytes / 1e6:.1f}")
            )
        else:
            self.recording.clear()
