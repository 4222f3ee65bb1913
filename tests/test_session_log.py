"""The session log: a stats line a second, event lines on changes, beside the recording, and a
full disk that stops the log, not the show."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from profiles import small_profile

from studio.broadcast.destination import DestinationStats
from studio.engine import EngineStats
from studio.profile import LayerSettings
from studio.session import StudioSession
from studio.session_log import SessionLog, log_path_for

STATS_FIELDS = {
    "t",
    "elapsed",
    "type",
    "fps",
    "frames",
    "frames_repeated",
    "frames_dropped",
    "cpu_pct",
    "streaming_seconds",
    "recording",
    "destinations",
}
DEST_FIELDS = {
    "name",
    "state",
    "reason",
    "bitrate_kbps",
    "queue_seconds",
    "frames_dropped",
    "reconnects",
    "bytes_sent",
}


def _dest(state: str = "live", reconnects: int = 0, **extra: object) -> DestinationStats:
    d = DestinationStats("yt", state, None, None, 2500.0, 0.1, 3, reconnects, 1000)
    for name, value in extra.items():  # adaptive bitrate's fields, before or after they exist
        object.__setattr__(d, name, value)
    return d


def _stats(*dests: DestinationStats, recording: str | None = "recording") -> EngineStats:
    return EngineStats(2.0, 30.0, 60, 1, {}, list(dests), recording, None, 5000, [])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_stats_line_a_second_with_the_figures(tmp_path: Path):
    path = tmp_path / "show.log.jsonl"
    log = SessionLog(path, lambda: _stats(_dest()), interval=0.25)
    log.start()
    time.sleep(1.2)
    log.stop()
    lines = _lines(path)
    stats = [line for line in lines if line["type"] == "stats"]
    assert 4 <= len(stats) <= 7  # every 0.25 s, plus the last one on stopping
    assert lines[0]["event"] == "start" and lines[-1]["event"] == "stop"
    for line in stats:
        assert set(line) >= STATS_FIELDS, set(line)
        assert line["fps"] == 30.0 and line["frames_dropped"] == 3
        assert line["recording"] == {"state": "recording", "bytes": 5000, "seconds": 0.0}
        assert set(line["destinations"][0]) >= DEST_FIELDS
    times = [line["elapsed"] for line in stats]
    assert times == sorted(times)


def test_events_when_a_destination_changes(tmp_path: Path):
    path = tmp_path / "show.log.jsonl"
    log = SessionLog(path, lambda: None, interval=0)
    log.start()
    log.sample(_stats(_dest("connecting")))
    log.sample(_stats(_dest("live")))
    log.sample(_stats(_dest("live")))  # nothing changed: no event
    log.sample(_stats(_dest("reconnecting", reconnects=1)))
    log.sample(_stats(_dest("live", reconnects=1, target_kbps=2500)))
    log.sample(_stats(_dest("live", reconnects=1, target_kbps=1800), recording="failed"))
    log.sample(_stats(recording="failed"))
    log.stop()
    events = [
        (e["event"], e.get("state"), e.get("kbps")) for e in _lines(path) if e["type"] == "event"
    ]
    assert events == [
        ("start", None, None),
        ("destination_added", "connecting", None),
        ("recording_state", "recording", None),
        ("destination_state", "live", None),
        ("destination_state", "reconnecting", None),
        ("reconnect", None, None),
        ("destination_state", "live", None),
        ("bitrate_target", None, 2500),
        ("bitrate_target", None, 1800),
        ("recording_state", "failed", None),
        ("destination_removed", None, None),
        ("stop", None, None),
    ]
    stats = [line for line in _lines(path) if line["type"] == "stats"]
    assert stats[-2]["destinations"][0]["target_kbps"] == 1800


def test_the_log_is_written_beside_the_recording(tmp_path: Path):
    profile = small_profile(tmp_path)
    profile.scenes[0].layers = [LayerSettings("Pattern", "synthetic")]
    session = StudioSession(profile, tmp_path / "profile.json")
    session.open()
    try:
        path = session.start_recording()
        time.sleep(2.3)
        session.stop_recording()
    finally:
        session.close()
    log = log_path_for(path)
    assert log == path.with_name(path.stem + ".log.jsonl") and log.is_file()
    lines = _lines(log)
    stats = [line for line in lines if line["type"] == "stats"]
    assert 2 <= len(stats) <= 4
    assert stats[-1]["recording"]["state"] == "stopped" and stats[-1]["recording"]["bytes"] > 0
    assert stats[0]["fps"] > 0
    assert lines[-1]["event"] == "stop"


@dataclass
class _Disk:
    path: Path


@pytest.fixture
def full_disk(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "tiny"
    folder.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or r.returncode}")
    try:
        yield _Disk(folder)
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_stops_the_log_quietly(full_disk: _Disk, caplog: pytest.LogCaptureFixture):
    path = full_disk.path / "show.log.jsonl"
    calls = []

    def stats() -> EngineStats:
        calls.append(1)
        return _stats(_dest())

    log = SessionLog(path, stats, interval=0)
    log.start()
    with caplog.at_level(logging.WARNING, logger="studio.session_log"):
        for _ in range(2000):  # ~400 bytes a line: well over 64 KB
            log.sample(stats())
        log.stop()
    assert log.failed and "No space left" in log.failed
    warnings = [r for r in caplog.records if r.name == "studio.session_log"]
    assert len(warnings) == 1
    assert 0 < log.lines < 2000
    log.stop()  # twice: nothing happens
