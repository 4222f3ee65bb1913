"""The engine on its own: constant frame rate under stalls, the shared encode, the packet gate."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from media import count_video_frames, video_packets

from studio.broadcast.encoder import EncoderConfig, EncoderError
from studio.broadcast.packets import EncodedPacket, KeyframeGate
from studio.capture import registry
from studio.capture.base import Source, VideoFrame
from studio.clock import MediaClock
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings


class StallingSource(Source):
    """Every 10th frame takes 200 ms to arrive: the render loop misses ticks."""

    kind = "stalling"

    def __init__(self, spec: str, clock: MediaClock, **_: object) -> None:
        super().__init__(spec, clock)
        self.calls = 0
        self.image = np.full((240, 320, 3), 90, np.uint8)

    def latest_video(self) -> VideoFrame | None:
        self.calls += 1
        if self.calls % 10 == 0:
            time.sleep(0.2)
        return VideoFrame(self.image, self.clock.now(), self.calls)


@pytest.fixture
def stalling_kind(monkeypatch: pytest.MonkeyPatch):
    # Registering a kind is one registry line; a test module stands in for a source module.
    monkeypatch.setitem(registry.SOURCE_KINDS, "stalling", f"{__name__}:StallingSource")


def test_missed_ticks_repeat_the_last_frame_and_are_counted(stalling_kind, tmp_path: Path):
    record = tmp_path / "cfr.mkv"
    cfg = EncoderConfig(width=320, height=240, fps=30)
    engine = Engine(
        EngineConfig(cfg, [LayerSettings(name="stalling", source="stalling")], record_path=record)
    )
    engine.start()
    time.sleep(3)
    engine.stop()
    # About 7 stalls of 200 ms: 4-5 ticks each are filled with the previous frame.
    assert engine.frames_repeated >= 20
    packets = video_packets(record)
    assert len(packets) == engine.frames == count_video_frames(record)
    times = [p["pts_time"] for p in packets]
    steps = {round(b - a, 3) for a, b in itertools.pairwise(times)}
    assert steps <= {0.033, 0.034}, steps  # constant frame rate: no gaps where ticks were missed
    assert engine.frames == pytest.approx(3 * 30, abs=6)


def test_stats_report_fps_stages_and_recording(tmp_path: Path):
    cfg = EncoderConfig(width=640, height=360, fps=30)
    engine = Engine(
        EngineConfig(
            cfg,
            [LayerSettings(name="synthetic", source="synthetic")],
            record_path=tmp_path / "s.mkv",
        )
    )
    engine.start()
    time.sleep(2.5)
    stats = engine.stats()
    engine.stop()
    assert 27 <= stats.fps <= 33
    assert {"compose", "convert", "encode", "capture_to_mux"} <= set(stats.stages_ms)
    assert stats.recording_state == "recording" and stats.recording_bytes > 0
    assert engine.recorder is not None and engine.recorder.state == "stopped"


def test_odd_canvas_and_unknown_encoder_are_refused():
    with pytest.raises(EncoderError, match="even"):
        Engine(
            EngineConfig(
                EncoderConfig(width=641, height=360),
                [LayerSettings(name="synthetic", source="synthetic")],
            )
        )
    with pytest.raises(EncoderError, match="unknown video encoder"):
        cfg = EncoderConfig(width=640, height=360, video_encoder="h265_magic")
        Engine(EngineConfig(cfg, [LayerSettings(name="synthetic", source="synthetic")]))


def _packet(kind: str, pts: int, key: bool, tb: Fraction) -> EncodedPacket:
    return EncodedPacket(kind, b"x", pts, pts, tb, key, media_time=0.0)


def test_keyframe_gate_starts_on_a_keyframe_and_rebases_to_zero():
    gate = KeyframeGate()
    v, a = Fraction(1, 30), Fraction(1, 48000)
    assert gate.admit(_packet("audio", 48000, True, a)) is None
    assert gate.admit(_packet("video", 31, False, v)) is None
    first = gate.admit(_packet("video", 60, True, v))  # 2.0 s
    assert first is not None and first.pts == 0
    assert gate.admit(_packet("audio", 95000, True, a)) is None  # before the keyframe
    later = gate.admit(_packet("audio", 96000 + 1024, True, a))
    assert later is not None and later.pts == 1024
    after = gate.admit(_packet("video", 61, False, v))
    assert after is not None and after.pts == 1
