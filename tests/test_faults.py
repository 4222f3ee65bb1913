"""Faults around the recording: a full disk, the folder removed, the process killed. The
recording stops with a clear message (or stays playable up to the last seconds); the stream
goes on."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from media import audio_info, count_video_frames, duration, video_packets
from servers import RtmpServer
from streaming import start_studio
from waiting import wait_for

from studio.broadcast.encoder import EncoderConfig
from studio.engine import DestinationSpec, Engine, EngineConfig
from studio.profile import LayerSettings
from studio.session_log import log_path_for

FREE_BYTES = 200_000  # left on the tiny disk: a few seconds of the synthetic picture


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, filled but for FREE_BYTES; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "tiny"
    folder.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or r.returncode}")
    try:
        free = shutil.disk_usage(folder).free
        (folder / "filler").write_bytes(b"\0" * max(0, free - FREE_BYTES))
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _engine(record: Path, destinations: list[DestinationSpec]) -> Engine:
    cfg = EncoderConfig(width=640, height=360, fps=30, bitrate_kbps=2000)
    layers = [LayerSettings(name="synthetic", source="synthetic")]
    return Engine(EngineConfig(cfg, layers, [], destinations, record))


@pytest.mark.slow
def test_disk_full_stops_the_recording_and_the_stream_goes_on(
    tiny_disk: Path, rtmp_server: RtmpServer
):
    record = tiny_disk / "show.mkv"
    engine = _engine(record, [DestinationSpec("local", rtmp_server.url("testkey"))])
    engine.start()
    try:
        wait_for(lambda: engine.destinations[0].state == "live")
        wait_for(lambda: engine.recorder.state != "recording", timeout=20)
        rec = engine.recorder
        assert rec.state == "failed" and rec.reason == "disk_full"
        assert rec.error.startswith("recording stopped: the disk is full") and str(record) in (
            rec.error
        )
        stats = engine.stats()
        assert stats.recording_error == rec.error and rec.error in stats.notices
        # The stream goes on: still live, still sending, frames still made on time.
        sent = engine.destinations[0].stats().bytes_sent
        time.sleep(2.0)
        after = engine.stats()
        assert after.destinations[0].state == "live"
        assert after.destinations[0].bytes_sent > sent + 20_000
        assert after.fps >= 20
    finally:
        engine.stop()
    assert rec.state == "failed"  # stopping later does not hide the failure
    # What was written before the disk filled up plays.
    frames = count_video_frames(record)
    assert frames >= 30, frames
    assert len(video_packets(record)) >= frames


def test_recording_folder_removed_stops_the_recording(tmp_path: Path):
    folder = tmp_path / "usb"
    folder.mkdir()
    engine = _engine(folder / "show.mkv", [])
    engine.start()
    try:
        wait_for(lambda: engine.recorder.video_frames >= 15)
        shutil.rmtree(folder)  # the stick pulled out, or the folder deleted
        wait_for(lambda: engine.recorder.state != "recording", timeout=5)
        rec = engine.recorder
        assert rec.state == "failed" and rec.reason == "gone"
        assert "gone" in rec.error and str(folder) in rec.error
        frames = engine.frames
        time.sleep(1.0)
        assert engine.frames >= frames + 20  # the engine runs on
    finally:
        engine.stop()


def _kill_while_recording(record: Path, after: int) -> float:
    """Record with the real command line, SIGKILL it once `after` seconds are recorded; the
    media seconds it had made when killed (at least: the status line for a second is printed
    as that second starts)."""
    proc = start_studio(
        "stream", "--source", "synthetic", "--record", str(record), "--canvas", "640x360"
    )
    try:
        seen = None
        deadline = time.monotonic() + 30
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith(f"00:00:{after:02d}"):
                seen = time.monotonic()
                break
        assert seen is not None, (
            f"no status line for {after} s: {proc.stderr.read() if proc.stderr else ''}"
        )
        time.sleep(0.5)
        recorded = after + (time.monotonic() - seen)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    return recorded


@pytest.mark.slow
def test_sigkill_leaves_a_recording_playable_up_to_the_last_seconds(tmp_path: Path):
    record = tmp_path / "killed.mkv"
    recorded = _kill_while_recording(record, 5)
    last = max(p["pts_time"] for p in video_packets(record))
    lost = recorded - last
    print(f"killed at about {recorded:.2f} s, last frame at {last:.2f} s: lost {lost:.2f} s")
    assert lost <= 2.5, (recorded, last)
    frames = count_video_frames(record)
    assert frames >= 30 * (last - 0.5), (frames, last)
    # The session log beside it: every whole line is JSON, one stats line a second.
    lines = log_path_for(record).read_text(encoding="utf-8").splitlines()
    try:
        json.loads(lines[-1])
    except ValueError:
        lines.pop()  # cut short by the kill
    whole = [json.loads(line) for line in lines]
    assert whole[0]["event"] == "start"
    assert sum(1 for line in whole if line["type"] == "stats") >= 4


@pytest.mark.slow
def test_sigkill_leaves_an_mp4_recording_playable_but_for_the_last_second(tmp_path: Path):
    """A plain MP4 killed has no index (moov) and plays nothing; the fragmented one plays up to
    its last fragment, at most a second old."""
    record = tmp_path / "killed.mp4"
    recorded = _kill_while_recording(record, 4)
    length = duration(record)  # ffprobe reads it: it has an index
    packets = video_packets(record)
    last = max(p["pts_time"] for p in packets)
    print(f"killed at about {recorded:.2f} s: {length:.2f} s long, last frame at {last:.2f} s")
    assert recorded - 1.5 <= last <= recorded + 0.5, (recorded, last)
    assert abs(length - recorded) <= 1.5, (recorded, length)
    assert audio_info(record)["codec"] == "aac"
    # Every frame up to there decodes, by ffprobe and by PyAV (the studio's own reader).
    assert count_video_frames(record) == len(packets) >= 30 * (last - 0.1)
    with av.open(str(record)) as container:
        decoded = sum(1 for _ in container.decode(video=0))
    assert decoded == len(packets)
