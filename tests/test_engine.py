"""The engine on its own: constant frame rate under stalls, the shared encode, the packet gate."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest
from media import count_video_frames, video_packets
from waiting import wait_for

from studio.broadcast.encoder import EncoderConfig, EncoderError
from studio.broadcast.packets import EncodedPacket, KeyframeGate
from studio.capture import registry
from studio.capture.base import Source, VideoFrame
from studio.clock import MediaClock
from studio.engine import Engine, EngineConfig, soften
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


# --- outputs started and stopped while the preview runs (the window's way) ---


def _preview_engine(layers: list[LayerSettings] | None = None) -> Engine:
    cfg = EncoderConfig(width=320, height=240, fps=30, bitrate_kbps=500, preset="ultrafast")
    return Engine(EngineConfig(cfg, layers or [LayerSettings(name="p", source="synthetic")]))


def test_preview_runs_without_encoding_until_an_output_starts():
    engine = _preview_engine()
    engine.start()
    try:
        first = engine.preview_seq
        wait_for(lambda: engine.preview_seq >= first + 10 and engine.elapsed > 1.2)
        assert engine.preview is not None and engine.preview.shape == (240, 320, 3)
        assert engine.frames == 0 and engine.encoder is None
        assert not engine.streaming and not engine.recording
        assert engine.stats().fps > 20  # the canvas rate, encoded or not
    finally:
        engine.stop()


@pytest.mark.slow
def test_recording_and_streaming_start_and_stop_independently(rtmp_server, tmp_path: Path):
    from studio.engine import DestinationSpec

    engine = _preview_engine()
    engine.start()
    first = tmp_path / "first.mkv"
    second = tmp_path / "second.mkv"
    try:
        time.sleep(0.5)  # preview only
        engine.start_recording(first)
        time.sleep(1.0)
        engine.start_streaming([DestinationSpec("local", rtmp_server.url("testkey"))])
        rtmp_server.wait_published("testkey")
        wait_for(lambda: engine.destinations[0].state == "live")
        time.sleep(1.0)
        engine.stop_recording()  # the stream goes on
        assert engine.streaming and not engine.recording
        frames_at_stop = engine.frames
        wait_for(lambda: engine.frames > frames_at_stop + 15)
        assert engine.destinations[0].state == "live"
        engine.stop_streaming()  # the last output: the encoder stops
        assert engine.encoder is not None and not engine.streaming
        encoded = engine.frames
        time.sleep(0.3)
        assert engine.frames == encoded  # preview only again, nothing encoded
        engine.start_recording(second)  # a fresh encoder run
        time.sleep(1.0)
    finally:
        engine.stop()
    for path, seconds in ((first, 2.0), (second, 1.0)):
        packets = video_packets(path)
        assert packets[0]["flags"].startswith("K"), f"{path.name} starts on a keyframe"
        assert float(packets[0]["pts_time"]) < 0.1, f"{path.name} timeline starts at zero"
        assert count_video_frames(path) >= seconds * 30 * 0.8
    flv = rtmp_server.recorded("testkey")
    assert count_video_frames(flv) >= 30


def test_joining_output_gets_a_keyframe_at_once(tmp_path: Path):
    engine = _preview_engine()
    engine.start()
    try:
        engine.start_recording(tmp_path / "a.mkv")
        time.sleep(0.5)  # into the first 2-second GOP
        t = time.monotonic()
        late = engine.start_recording(tmp_path / "a.mkv")
        assert late is engine.recorder
        engine.stop_recording()
        engine.start_recording(tmp_path / "b.mkv")
        wait_for(lambda: engine.recorder is not None and engine.recorder.video_frames > 0, 1.0)
        assert time.monotonic() - t < 1.0  # not a whole GOP of waiting
    finally:
        engine.stop()


def test_scene_switch_shows_on_the_next_frames_and_keeps_sources(tmp_path: Path):
    import cv2

    red = tmp_path / "red.png"
    cv2.imwrite(str(red), np.full((240, 320, 3), (0, 0, 255), np.uint8))
    engine = _preview_engine([LayerSettings(name="p", source="synthetic")])
    engine.start()
    try:
        synthetic = engine.layers[0].source
        engine.mixer.channels[0].gain_db = -6.0
        seq = engine.preview_seq
        problems = engine.set_layers(
            [
                LayerSettings(name="p", source="synthetic"),
                LayerSettings(name="red", source=f"image:{red}"),
                LayerSettings(name="gone", source="image:/no/such.png"),
            ]
        )
        assert [p.name for p in problems] == ["gone"]
        assert problems[0].error.code == "not_found" and "gone" in str(problems[0])
        wait_for(lambda: engine.preview_seq >= seq + 2, 1.0)  # two ticks at most
        assert tuple(engine.preview[120, 160]) == (0, 0, 255)
        assert engine.layers[0].source is synthetic  # not reopened
        assert engine.mixer.channels[0].gain_db == -6.0  # the strip keeps its gain
        engine.set_layers([LayerSettings(name="red", source=f"image:{red}")])
        assert synthetic not in engine.sources  # released when no scene shows it
    finally:
        engine.stop()


# --- resolution steps: the picture fed to the encoder ---


def _fine_pattern(height: int = 360, width: int = 640) -> np.ndarray:
    """One-pixel checkerboard: as much high-frequency detail as a picture can have."""
    board = ((np.indices((height, width)).sum(axis=0) % 2) * 200 + 20).astype(np.uint8)
    return np.repeat(board[:, :, None], 3, axis=2)


def _hf_energy(y: np.ndarray) -> float:
    y = y.astype(np.float32)
    return float(np.abs(np.diff(y, axis=1)).mean() + np.abs(np.diff(y, axis=0)).mean())


def test_soften_passes_full_detail_through_and_softens_below() -> None:
    canvas = _fine_pattern()
    assert soften(canvas, 1.0) is canvas  # no copy, no resize: bit-exact
    energies = {}
    for detail in (1.0, 0.75, 0.5):
        out = soften(canvas, detail)
        assert out.shape == canvas.shape and out.dtype == np.uint8  # declared size unchanged
        energies[detail] = _hf_energy(cv2.cvtColor(out, cv2.COLOR_BGR2YUV_I420)[:360])
    assert energies[0.75] < 0.5 * energies[1.0], energies
    assert energies[0.5] < 0.1 * energies[1.0], energies
    # Mean brightness is kept (area averaging, not a darker or brighter picture).
    assert abs(float(soften(canvas, 0.5).mean()) - float(canvas.mean())) < 2


class FineSource(Source):
    kind = "fine"

    def __init__(self, spec: str, clock: MediaClock, **_: object) -> None:
        super().__init__(spec, clock)
        self.image = _fine_pattern(240, 320)
        self.n = 0

    def latest_video(self) -> VideoFrame | None:
        self.n += 1
        return VideoFrame(self.image, self.clock.now(), self.n)


@pytest.mark.parametrize("detail", [None, 0.5])
def test_engine_feeds_the_encoder_a_softened_picture(
    detail, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setitem(registry.SOURCE_KINDS, "fine", f"{__name__}:FineSource")
    cfg = EncoderConfig(width=320, height=240, fps=30)
    engine = Engine(
        EngineConfig(
            cfg, [LayerSettings(name="fine", source="fine")], record_path=tmp_path / "d.mkv"
        )
    )
    engine.detail_override = detail
    fed: list[np.ndarray] = []
    feed = engine._feed

    def spy(outputs, i420, tick, captured):
        fed.append(i420)
        feed(outputs, i420, tick, captured)

    monkeypatch.setattr(engine, "_feed", spy)
    engine.start()
    time.sleep(1.0)
    stats = engine.stats()
    canvas = engine.preview
    engine.stop()
    assert fed and canvas is not None
    expected = cv2.cvtColor(canvas, cv2.COLOR_BGR2YUV_I420)
    if detail is None:
        assert stats.video_detail == 1.0
        assert np.array_equal(fed[-1], expected)  # full detail: bit-exact passthrough
    else:
        assert stats.video_detail == 0.5
        assert _hf_energy(fed[-1][:240]) < 0.2 * _hf_energy(expected[:240])


def test_adapt_steps_the_detail_down_at_the_floor_and_back_with_the_recording_alone() -> None:
    from studio.broadcast.adaptive import AdaptiveState
    from studio.engine import _Outputs

    class FakeEncoder:
        can_adapt = True
        bitrate_kbps = 500
        cfg = EncoderConfig(width=320, height=240)

        def set_bitrate(self, kbps: int) -> bool:
            self.bitrate_kbps = kbps
            return True

    class StarvedDestination:
        adaptive_wanted = True

        def adapt(self, now: float) -> int:
            return 500

        def link_state(self) -> AdaptiveState:
            return AdaptiveState(500, True, True, 500)

    outputs = _Outputs(FakeEncoder(), 30)  # type: ignore[arg-type]
    outputs.running = [StarvedDestination()]  # type: ignore[list-item]
    for second in range(5):
        Engine._adapt(outputs, float(second))
    assert outputs.detail == 0.75
    outputs.running = []  # the stream stopped, the recording goes on: full detail at once
    Engine._adapt(outputs, 5.0)
    assert outputs.detail == 1.0


def test_a_still_dark_scene_goes_live_without_waiting_for_32_kb(rtmp_server):
    """An empty scene (a black canvas, silence) encodes to a few hundred bytes a second. The
    relay used to wait for 32 KB of it before its first packet, so the destination failed with
    "did not answer within 10 s"; it is live as soon as the first packets are there."""
    from studio.broadcast.destination import CONNECT_TIMEOUT
    from studio.engine import DestinationSpec

    engine = _preview_engine()
    engine.start()
    try:
        engine.set_layers([])  # nothing in the scene: a black canvas
        started = time.monotonic()
        engine.start_streaming([DestinationSpec("local", rtmp_server.url("testkey"))])
        wait_for(
            lambda: [d.state for d in engine.stats().destinations] == ["live"],
            timeout=CONNECT_TIMEOUT - 2,
        )
        print(f"a dark scene is live after {time.monotonic() - started:.2f} s")
        wait_for(lambda: "testkey" in rtmp_server.published_keys())
    finally:
        engine.stop()
