"""The session log: one JSON line a second with the engine's figures, and event lines when
something changes (a destination's state, a reconnect, the bitrate target), beside the
recording (show.mkv -> show.log.jsonl). Headless: the window and `studio stream` both use it.

Every line is a JSON object with "t" (Unix time), "elapsed" (seconds since the log started)
and "type": "stats" (with "chat" when the studio reads a room: its comments, questions and
gifts in the last minute ("comments_per_min"...), in the last whole second ("comments_per_s"...)
and since the room opened ("comments_total"...: what arrived between two lines, exactly), its
viewers by platform ("rooms") and in all ("viewers")) or "event" (with "event": "start",
"stop", "destination_state", "reconnect", "bitrate_target", "video_bitrate",
"recording_state", "destination_added", "destination_removed"). A full disk stops the log
quietly (one warning): the stream and the recording never wait for it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from studio.broadcast.destination import DestinationStats
from studio.engine import EngineStats

log = logging.getLogger(__name__)
SUFFIX = ".log.jsonl"


def log_path_for(recording: Path) -> Path:
    """show.mkv -> show.log.jsonl, beside it."""
    return recording.with_suffix(SUFFIX)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _destination(d: DestinationStats) -> dict[str, Any]:
    out = {
        "name": d.name,
        "state": d.state,
        "reason": d.reason,
        "bitrate_kbps": _round(d.bitrate_kbps),
        "queue_seconds": _round(d.queue_seconds, 2),
        "frames_dropped": d.frames_dropped,
        "reconnects": d.reconnects,
        "bytes_sent": d.bytes_sent,
    }
    if d.target_kbps is not None:  # adaptive bitrate: the rate this link carries now
        out["target_kbps"] = d.target_kbps
        out["adapting"] = d.adapting
    return out


def _with_viewers(chat: dict[str, Any]) -> dict[str, Any]:
    """The room's figures plus "viewers": watching now on every platform that says so."""
    rooms = chat.get("rooms")
    counts = [
        room["viewers"]
        for room in (rooms.values() if isinstance(rooms, dict) else ())
        if isinstance(room, dict) and isinstance(room.get("viewers"), int)
    ]
    return {**chat, "viewers": sum(counts)} if counts else chat


class SessionLog:
    """Writes `stats()` (the engine's EngineStats, or None) to `path` every `interval` seconds
    on a thread of its own, from `start` to `stop`. `sample` writes one step by hand."""

    def __init__(
        self,
        path: Path,
        stats: Callable[[], EngineStats | None],
        interval: float = 1.0,
        chat: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.path = path
        self._stats = stats
        self._chat = chat  # the room's figures (ChatRoom.figures)
        self._interval = interval
        self._file: IO[str] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._t0 = time.monotonic()
        self._cpu = (time.monotonic(), time.process_time())
        self._cpus = os.cpu_count() or 1
        self._last: dict[str, dict[str, Any]] = {}  # per destination, for events
        self._last_recording: str | None = None
        self._last_video_kbps: int | None = None
        self.lines = 0
        self.failed: str | None = None  # why the log stopped early (a full disk)

    # --- lifetime ---
    def start(self) -> None:
        """Open the file (appending) and begin; a file that cannot be opened is a warning."""
        try:
            self._file = open(self.path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        except OSError as exc:
            self._give_up(exc)
            return
        self._t0 = time.monotonic()
        self._cpu = (self._t0, time.process_time())
        self.event("start")
        if self._interval > 0:
            self._thread = threading.Thread(target=self._run, name="session-log", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """One last stats line, a "stop" event, and the file closed."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._file is not None:
            self._sample_now()
            self.event("stop")
        self._close()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            if self._file is None:
                return
            self._sample_now()

    def _sample_now(self) -> None:
        try:
            stats = self._stats()
        except Exception:  # the log must never take the stream down
            log.exception("session log: reading the stats failed")
            return
        if stats is not None:
            self.sample(stats)

    # --- lines ---
    def sample(self, stats: EngineStats) -> None:
        """Event lines for what changed since the last sample, then one stats line."""
        for d in stats.destinations:
            self._destination_events(d)
        for name in set(self._last) - {d.name for d in stats.destinations}:
            del self._last[name]
            self.event("destination_removed", destination=name)
        if stats.recording_state != self._last_recording:
            self.event(
                "recording_state",
                state=stats.recording_state,
                previous=self._last_recording,
                error=stats.recording_error,
            )
            self._last_recording = stats.recording_state
        video_kbps = stats.video_kbps or None
        if video_kbps is not None and video_kbps != self._last_video_kbps:
            if self._last_video_kbps is not None:
                self.event("video_bitrate", kbps=video_kbps, previous=self._last_video_kbps)
            self._last_video_kbps = video_kbps
        dropped = sum(d.frames_dropped for d in stats.destinations)
        line: dict[str, Any] = {
            "type": "stats",
            "fps": _round(stats.fps),
            "frames": stats.frames,
            "frames_repeated": stats.frames_repeated,
            "frames_dropped": dropped,
            "cpu_pct": self._cpu_pct(),
            "streaming_seconds": _round(stats.streaming_seconds),
            "recording": {
                "state": stats.recording_state,
                "bytes": stats.recording_bytes,
                "seconds": _round(stats.recording_seconds),
            },
            "destinations": [_destination(d) for d in stats.destinations],
            "video_detail": stats.video_detail,  # resolution step (1.0: full detail)
        }
        if video_kbps is not None:
            line["video_kbps"] = video_kbps
        if self._chat is not None:
            try:
                line["chat"] = _with_viewers(self._chat())
            except Exception:  # the log must never take the stream down
                log.exception("session log: reading the chat's figures failed")
        self._write(line)

    def _destination_events(self, d: Any) -> None:
        now = _destination(d)
        before = self._last.get(d.name)
        self._last[d.name] = now
        if before is None:
            self.event("destination_added", destination=d.name, state=d.state)
            return
        if now["state"] != before["state"]:
            self.event(
                "destination_state",
                destination=d.name,
                state=now["state"],
                previous=before["state"],
                reason=d.reason,
                message=d.message,
            )
        if now["reconnects"] > before["reconnects"]:
            self.event("reconnect", destination=d.name, reconnects=now["reconnects"])
        target = now.get("target_kbps")
        if target is not None and target != before.get("target_kbps"):
            self.event(
                "bitrate_target",
                destination=d.name,
                kbps=target,
                previous=before.get("target_kbps"),
            )

    def event(self, name: str, **fields: Any) -> None:
        self._write({"type": "event", "event": name, **fields})

    def _cpu_pct(self) -> float:
        """This process's CPU use since the last line, in % of the whole machine."""
        wall, cpu = time.monotonic(), time.process_time()
        (wall0, cpu0), self._cpu = self._cpu, (wall, cpu)
        if wall <= wall0:
            return 0.0
        return round(100 * (cpu - cpu0) / (wall - wall0) / self._cpus, 1)

    def _write(self, line: dict[str, Any]) -> None:
        with self._lock:
            if self._file is None:
                return
            head = {"t": round(time.time(), 3), "elapsed": round(time.monotonic() - self._t0, 3)}
            try:
                self._file.write(json.dumps({**head, **line}, ensure_ascii=False) + "\n")
                self.lines += 1
            except OSError as exc:
                self._give_up(exc)
                self._close_locked()

    # --- ending ---
    def _give_up(self, exc: OSError) -> None:
        self.failed = exc.strerror or str(exc)
        log.warning("session log %s stopped: %s", self.path, self.failed)

    def _close(self) -> None:
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        f, self._file = self._file, None
        if f is None:
            return
        try:
            f.close()
        except OSError as exc:  # the last buffered bytes could not be written
            if self.failed is None:
                self._give_up(exc)
