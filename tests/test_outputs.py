"""Outputs behind one interface: a kind registered from here is one class plus one registry line,
the engine feeds it without knowing it, and every output shares the same packet bytes."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from media import count_video_frames, probe
from waiting import wait_for

from studio.broadcast import output as outputs_registry
from studio.broadcast.encoder import Encoder, EncoderConfig
from studio.broadcast.output import (
    Output,
    OutputContext,
    OutputError,
    OutputSpec,
    OutputStats,
    make_output,
)
from studio.broadcast.packets import EncodedPacket, KeyframeGate
from studio.broadcast.recorder import Recorder, RecorderError, RecordingStats
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings

CANVAS = EncoderConfig(width=320, height=240, fps=30)


class PacketFile(Output):
    """A whole new kind of output in thirty lines: the shared packets muxed into a Matroska
    file on a thread of its own. Settings: {"path": the file}."""

    def __init__(self, path: Path, encoder: Encoder) -> None:
        self.path = path
        self.name = path.name
        self.state = "idle"
        self.received: list[EncodedPacket] = []  # what the engine handed over, as given
        self._encoder = encoder
        self._queue: queue.SimpleQueue[EncodedPacket | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, daemon=True)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], context: OutputContext) -> PacketFile:
        if "path" not in settings:
            raise OutputError("a packet file needs a path")
        return cls(Path(settings["path"]), context.encoder)

    def start(self) -> None:
        self._container = av.open(str(self.path), "w", format="matroska")
        self._video, self._audio = self._encoder.add_streams_to(self._container)
        self.state = "writing"
        self._thread.start()

    def put(self, packet: EncodedPacket) -> None:
        self.received.append(packet)
        self._queue.put(packet)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
            self.state = "stopped"

    def stats(self) -> OutputStats:
        return OutputStats(self.name, self.state, None)

    def _write(self) -> None:
        gate = KeyframeGate()
        while (packet := self._queue.get()) is not None:
            if (rebased := gate.admit(packet)) is not None:
                stream = self._video if rebased.kind == "video" else self._audio
                self._container.mux(rebased.to_av(stream))
        self._container.close()


@pytest.fixture
def packet_file_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    # Registering a kind is one registry line; this test module stands in for its module.
    monkeypatch.setitem(outputs_registry.OUTPUT_KINDS, "packet_file", f"{__name__}:PacketFile")


def _engine(**config: Any) -> Engine:
    layers = [LayerSettings(name="pattern", source="synthetic")]
    return Engine(EngineConfig(CANVAS, layers, **config))


def test_a_registered_output_kind_is_streamed_into_by_the_engine(packet_file_kind, tmp_path):
    path = tmp_path / "packets.mkv"
    engine = _engine()
    engine.start()
    try:
        output = engine.start_output("packet_file", {"path": path})
        assert isinstance(output, PacketFile) and engine.outputs == [output]
        assert not engine.streaming and not engine.recording  # neither of the window's kinds
        time.sleep(3)
        stats = engine.stats()
        assert [(s.name, s.state) for s in stats.outputs] == [("packets.mkv", "writing")]
        assert stats.destinations == [] and stats.recording_state is None
        engine.stop_output(output)  # the last output: the encoder run ends with it
        assert output.state == "stopped" and engine.encoder is not None
    finally:
        engine.stop()
    frames = count_video_frames(path)
    assert 2.5 * CANVAS.fps <= frames <= 3.6 * CANVAS.fps, frames
    kinds = {s["codec_type"] for s in probe(path)["streams"]}
    assert kinds == {"video", "audio"}


def test_outputs_of_any_kind_start_with_the_engine_and_share_every_packet(
    packet_file_kind, tmp_path
):
    """A recording and two new-kind outputs from the configuration: each is handed the very
    same packets, whose bytes av.Packet wraps without a copy."""
    specs = [OutputSpec("packet_file", {"path": tmp_path / n}) for n in ("a.mkv", "b.mkv")]
    engine = _engine(record_path=tmp_path / "show.mkv", outputs=specs)
    engine.start()
    try:
        wait_for(lambda: len(engine.outputs[1].received) > 40)
        recording, first, second = engine.outputs
        assert isinstance(recording, Recorder) and engine.recording
        assert isinstance(recording.stats(), RecordingStats)
    finally:
        engine.stop()
    assert first.received and len(first.received) == len(second.received)
    assert all(a is b for a, b in zip(first.received, second.received, strict=True))
    assert recording.state == "stopped" and recording.video_frames > 0
    packet = first.received[0]
    with av.open(os.devnull, "w", format="null") as holder:
        wrapped = packet.to_av(holder.add_stream("h264"))
        assert np.shares_memory(
            np.frombuffer(packet.data, np.uint8), np.frombuffer(wrapped, np.uint8)
        )


def test_an_output_that_cannot_start_leaves_the_engine_as_it_was(packet_file_kind, tmp_path):
    engine = _engine()
    engine.start()
    try:
        with pytest.raises(OutputError, match=r"unknown output kind 'webcam'.*packet_file"):
            engine.start_output("webcam", {})
        with pytest.raises(RecorderError, match="does not exist"):
            engine.start_output("recording", {"path": tmp_path / "gone" / "show.mkv"})
        assert engine.outputs == [] and not engine.recording
        output = engine.start_output("packet_file", {"path": tmp_path / "later.mkv"})
        wait_for(lambda: len(output.received) > 10)
    finally:
        engine.stop()
    assert count_video_frames(tmp_path / "later.mkv") > 0


def test_kinds_check_their_settings_before_anything_starts(tmp_path):
    context = OutputContext(Encoder(CANVAS))
    try:
        with pytest.raises(RecorderError, match="file path"):
            make_output("recording", {}, context)
        with pytest.raises(OutputError, match="push URL"):
            make_output("destination", {"name": "shop"}, context)
        dest = make_output("destination", {"url": "rtmp://live.example/app/SECRETKEY"}, context)
        assert "SECRETKEY" not in dest.name and dest.stats().state == "connecting"
        recording = make_output("recording", {"path": tmp_path / "a.mp4"}, context)
        assert recording.stats() == RecordingStats("a.mp4", "idle", None, None, 0, 0.0, 0)
    finally:
        context.encoder.close()
