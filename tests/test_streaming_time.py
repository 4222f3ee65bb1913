"""The streaming time (EngineStats.streaming_seconds: the window's status clock and the session
log) starts with the first destination of a run, however it was started: with Go live, with the
engine, or added on its own (Engine.start_output) while only recording."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

from servers import RtmpServer

from studio.broadcast.destination import Destination
from studio.broadcast.encoder import EncoderConfig
from studio.engine import DestinationSpec, Engine, EngineConfig
from studio.profile import LayerSettings

CANVAS = EncoderConfig(width=320, height=240, fps=30, preset="ultrafast")


def _engine(**config) -> Engine:
    layers = [LayerSettings(name="pattern", source="synthetic")]
    return Engine(EngineConfig(CANVAS, layers, **config))


def test_a_destination_added_while_recording_starts_its_own_streaming_time(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    engine = _engine()
    engine.start()
    try:
        engine.start_recording(tmp_path / "show.mkv")
        time.sleep(1.5)
        assert engine.stats().streaming_seconds == 0.0  # recording is not streaming
        spec = DestinationSpec("nginx", rtmp_server.url("testkey"))
        output = engine.start_output("destination", asdict(spec))
        added = engine.clock.now()
        assert isinstance(output, Destination) and engine.streaming
        time.sleep(0.5)
        stats = engine.stats()
        since_added = engine.clock.now() - added
        # Counted from the destination's start, not the recording's 1.5 s before it.
        assert 0.0 < stats.streaming_seconds <= since_added + 0.05, stats.streaming_seconds
        engine.stop_output(output)
        assert engine.stats().streaming_seconds == 0.0 and engine.recording
    finally:
        engine.stop()


def test_go_live_and_a_destination_started_with_the_engine_count_from_their_start(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    engine = _engine(destinations=[DestinationSpec("nginx", rtmp_server.url("testkey"))])
    engine.start()
    try:
        time.sleep(0.5)
        assert 0.3 < engine.stats().streaming_seconds <= engine.elapsed
    finally:
        engine.stop()
    engine = _engine(record_path=tmp_path / "show.mkv")
    engine.start()
    try:
        time.sleep(1.0)
        went_live = engine.clock.now()
        engine.start_streaming([DestinationSpec("nginx", rtmp_server.url("second"))])
        time.sleep(0.3)
        seconds = engine.stats().streaming_seconds
        assert 0.0 < seconds <= engine.clock.now() - went_live, seconds
    finally:
        engine.stop()
