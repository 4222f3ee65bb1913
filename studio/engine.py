"""The real-time loop: capture -> scene -> encode -> outputs (recording, destinations).

Threads: every source captures on its own; the render thread ticks at the canvas rate and composes;
the video encoder thread encodes; the audio thread mixes and encodes on the same media clock. Each
output consumes the shared packets on threads of its own, so nothing here waits on the network.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from studio.broadcast.destination import Destination, DestinationStats
from studio.broadcast.encoder import AUDIO_FRAME, Encoder, EncoderConfig
from studio.broadcast.packets import EncodedPacket
from studio.broadcast.platforms.registry import mask_url
from studio.broadcast.recorder import Recorder
from studio.capture.base import SAMPLE_RATE, Source
from studio.capture.mixer import AudioMixer
from studio.capture.registry import make_source
from studio.clock import MediaClock
from studio.profile import LayerSettings
from studio.scene.compositor import Compositor, Layer
from studio.stats import Timings

log = logging.getLogger(__name__)


@dataclass
class DestinationSpec:
    name: str
    url: str  # full push URL, stream key included: never logged


@dataclass
class EngineConfig:
    encoder: EncoderConfig
    layers: list[LayerSettings]
    audio_sources: list[str] = field(default_factory=list)
    destinations: list[DestinationSpec] = field(default_factory=list)
    record_path: Path | None = None
    keep_all_timings: bool = False  # the benchmark wants whole-run percentiles


@dataclass
class EngineStats:
    elapsed: float
    fps: float  # frames output during the last second
    frames: int
    frames_repeated: int
    stages_ms: dict[str, dict[str, float]]
    destinations: list[DestinationStats]
    recording_state: str | None
    recording_error: str | None
    recording_bytes: int
    notices: list[str]


class Engine:
    def __init__(self, config: EngineConfig, clock: MediaClock | None = None) -> None:
        self.config = config
        self.clock = clock or MediaClock()
        enc = config.encoder
        self.width, self.height, self.fps = enc.width, enc.height, enc.fps
        self.timings = Timings(keep_all=config.keep_all_timings)
        self._sources: dict[str, Source] = {}
        self.layers = [self._make_layer(spec) for spec in config.layers]
        audio = [s for s in self._sources.values() if s.has_audio]
        audio += [self._source(spec) for spec in config.audio_sources]
        self.mixer = AudioMixer(audio)
        self.compositor = Compositor(self.width, self.height)
        self.encoder = Encoder(enc)  # raises EncoderError with a readable message
        self.recorder = (
            Recorder(config.record_path, self.encoder, self.clock, self.timings)
            if config.record_path
            else None
        )
        self.destinations = [
            Destination(d.name, d.url, self.encoder, mask_url(d.url)) for d in config.destinations
        ]
        self._frames: queue.Queue[tuple[np.ndarray, int, float] | None] = queue.Queue(
            maxsize=max(2, self.fps)
        )
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._out_lock = threading.Lock()
        self.frames = 0
        self.frames_repeated = 0
        self._frame_times: collections.deque[float] = collections.deque(maxlen=max(2, 3 * self.fps))
        self._t0 = 0.0
        self.preview: np.ndarray | None = None  # the newest canvas frame (BGR), for the window
        self.started = False

    # --- set-up ---
    def _source(self, spec: str) -> Source:
        if spec not in self._sources:
            self._sources[spec] = make_source(
                spec, self.clock, size=(self.width, self.height), fps=self.fps
            )
        return self._sources[spec]

    def _make_layer(self, spec: LayerSettings) -> Layer:
        return Layer(
            name=spec.name,
            source=self._source(spec.source),
            x=spec.x,
            y=spec.y,
            width=spec.width or 0,
            height=spec.height or 0,
            z=spec.z,
            opacity=spec.opacity,
            visible=spec.visible,
            fit=spec.fit,
        )

    @property
    def sources(self) -> list[Source]:
        return list(self._sources.values())

    # --- run ---
    def start(self) -> None:
        for source in self._sources.values():
            source.start()
        if self.recorder:
            self.recorder.start()  # raises RecorderError before anything goes out
        for dest in self.destinations:
            dest.start()
        self._t0 = self.clock.now()
        for target, name in (
            (self._render_loop, "render"),
            (self._video_loop, "video-encoder"),
            (self._audio_loop, "audio"),
        ):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self.started = True

    def stop(self) -> None:
        """Stop capturing, flush the encoders into every output, close the recording."""
        if not self.started:
            for source in self._sources.values():
                source.stop()
            return
        self.started = False
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        for source in self._sources.values():
            source.stop()
        for dest in self.destinations:
            dest.stop()
        if self.recorder:
            self.recorder.stop()
        self.encoder.close()

    @property
    def elapsed(self) -> float:
        return self.clock.now() - self._t0 if self._t0 else 0.0

    def _dispatch(self, packets: list[EncodedPacket]) -> None:
        if not packets:
            return
        with self._out_lock:
            for packet in packets:
                if self.recorder:
                    self.recorder.put(packet)
                for dest in self.destinations:
                    dest.put(packet)

    def _render_loop(self) -> None:
        period = 1.0 / self.fps
        index = 0
        last: tuple[np.ndarray, float] | None = None
        while not self._stop.is_set():
            due = self._t0 + index * period
            delay = due - self.clock.now()
            if delay > 0 and self._stop.wait(delay):
                break
            # Ticks whose time has long passed get the last frame again (constant frame rate).
            # One period of grace: a frame rendered a little late still carries its own
            # timestamp, so scheduler jitter on a busy machine costs no repeated frame.
            behind = int((self.clock.now() - self._t0) / period) - 1 - index
            if behind > 0 and last is not None:
                for _ in range(behind):
                    self._frames.put((last[0], index, last[1]))
                    index += 1
                    self.frames_repeated += 1
            t_start = time.perf_counter()
            canvas = self.compositor.compose(self.layers)
            t_composed = time.perf_counter()
            captured = self.compositor.newest_capture
            if captured is None:  # no picture yet: the black canvas is "captured" now
                captured = self.clock.now()
            i420 = cv2.cvtColor(canvas, cv2.COLOR_BGR2YUV_I420)
            t_converted = time.perf_counter()
            self.timings.add("compose", (t_composed - t_start) * 1000)
            self.timings.add("convert", (t_converted - t_composed) * 1000)
            self.preview = canvas
            last = (i420, captured)
            self._frames.put((i420, index, captured))
            index += 1
        self._frames.put(None)

    def _video_loop(self) -> None:
        while True:
            item = self._frames.get()
            if item is None:
                break
            i420, index, captured = item
            t = time.perf_counter()
            packets = self.encoder.encode_video(i420, index, captured)
            self.timings.add("encode", (time.perf_counter() - t) * 1000)
            self.frames += 1
            self._frame_times.append(self.clock.now())
            self._dispatch(packets)
        self._dispatch(self.encoder.encode_video(None, 0, self.clock.now()))

    def _audio_loop(self) -> None:
        produced = 0
        while not self._stop.wait(0.01):
            due = int((self.clock.now() - self._t0) * SAMPLE_RATE)
            while produced + AUDIO_FRAME <= due:
                block = self.mixer.mix(AUDIO_FRAME)
                t = self._t0 + produced / SAMPLE_RATE
                self._dispatch(self.encoder.encode_audio(block, produced, t))
                produced += AUDIO_FRAME
        self._dispatch(self.encoder.encode_audio(None, produced, self.clock.now()))

    # --- status ---
    def stats(self) -> EngineStats:
        now = self.clock.now()
        recent = [t for t in list(self._frame_times) if now - t <= 1.0]
        rec = self.recorder
        notices = [s.notice for s in self._sources.values() if s.notice]
        if rec and rec.error:
            notices.append(rec.error)
        return EngineStats(
            elapsed=self.elapsed,
            fps=float(len(recent)),
            frames=self.frames,
            frames_repeated=self.frames_repeated,
            stages_ms=self.timings.summary(),
            destinations=[d.stats() for d in self.destinations],
            recording_state=rec.state if rec else None,
            recording_error=rec.error if rec else None,
            recording_bytes=rec.size_bytes if rec else 0,
            notices=notices,
        )
