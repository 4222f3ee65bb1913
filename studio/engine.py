"""The real-time loop: capture -> scene -> encode -> outputs (recording, destinations).

Threads: every source captures on its own; the render thread ticks at the canvas rate and composes;
the video encoder thread encodes; the audio thread mixes and encodes on the same media clock. Each
output consumes the shared packets on threads of its own, so nothing here waits on the network.
The engine keeps a list of outputs (studio.broadcast.output) and hands each packet to every one,
whatever its kind; only its public API (start_recording, destinations...) names the two kinds the
window knows.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

import cv2
import numpy as np

from studio.broadcast.adaptive import DEFAULT_MIN_KBPS, DetailSteps
from studio.broadcast.destination import Destination, DestinationStats
from studio.broadcast.encoder import AUDIO_FRAME, Encoder, EncoderConfig, Picture
from studio.broadcast.output import Output, OutputContext, OutputSpec, OutputStats, make_output
from studio.broadcast.packets import EncodedPacket
from studio.broadcast.recorder import Recorder
from studio.capture.base import SAMPLE_RATE, Source, SourceError, VideoFrame
from studio.capture.mixer import AudioMixer
from studio.capture.registry import make_source
from studio.chat.board import ChatBoard
from studio.clock import MediaClock
from studio.commerce.shop import Shop
from studio.memory import tune_allocator
from studio.profile import LayerSettings
from studio.scene.compositor import Compositor, Layer
from studio.scene.resize import shrink
from studio.stats import Timings
from studio.vision.effects import EffectsStatus
from studio.vision.settings import EffectSettings
from studio.vision.source import EffectsSource

log = logging.getLogger(__name__)
ADAPT_INTERVAL = 1.0  # seconds between adaptive bitrate decisions


@dataclass(frozen=True)
class SourceProblem:
    """A layer or audio source left out because its source cannot be made."""

    name: str  # the layer's name, or the audio source's spec
    error: SourceError

    def __str__(self) -> str:
        return f"{self.name}: {self.error}"


@dataclass
class DestinationSpec:
    name: str
    url: str  # full push URL, stream key included: never logged
    adaptive: bool = True  # lower the bitrate when this destination's link cannot carry it
    min_kbps: int = DEFAULT_MIN_KBPS  # adaptive bitrate never goes below this (platform floor)
    # rtmps: a PEM file of certificates trusted for this destination besides the system's
    # (a self-hosted server); None trusts the system store (and SSL_CERT_FILE) alone.
    ca_file: str | None = None


@dataclass
class EngineConfig:
    encoder: EncoderConfig
    layers: list[LayerSettings]
    audio_sources: list[str] = field(default_factory=list)
    destinations: list[DestinationSpec] = field(default_factory=list)
    record_path: Path | None = None
    outputs: list[OutputSpec] = field(default_factory=list)  # other kinds, started with the engine
    keep_all_timings: bool = False  # the benchmark wants whole-run percentiles


@dataclass
class EngineStats:
    elapsed: float
    fps: float  # canvas frames made during the last second
    frames: int
    frames_repeated: int
    stages_ms: dict[str, dict[str, float]]
    destinations: list[DestinationStats]
    recording_state: str | None
    recording_error: str | None
    recording_bytes: int
    notices: list[str]
    streaming_seconds: float = 0.0  # since Start streaming (0 when not streaming)
    recording_seconds: float = 0.0  # length of the recording so far
    frames_encoded: int = 0  # frames encoded since the outputs started
    video_kbps: int = 0  # the encoder's video bitrate now (adaptive bitrate moves it)
    video_detail: float = 1.0  # resolution step: share of the canvas size the picture keeps
    effects: dict[str, EffectsStatus] = field(default_factory=dict)  # by layer name
    outputs: list[OutputStats] = field(default_factory=list)  # every output of the run, any kind


_O = TypeVar("_O", bound=Output)


class _Outputs:
    """One run of the encoder and what it feeds: from the first output started to the last
    stopped. Outputs may join and leave while it runs (each starts on a keyframe)."""

    def __init__(self, encoder: Encoder, fps: int) -> None:
        self.encoder = encoder
        # Replaced, never changed in place (under the engine's output lock): the threads that
        # hand out packets read it without the lock.
        self.running: list[Output] = []
        self.frames: queue.Queue[tuple[Picture, int, float] | None] = queue.Queue(
            maxsize=max(2, fps)
        )
        self.first_index: int | None = None  # render tick of the first frame encoded
        self.first_sample: int | None = None  # audio sample of the first block encoded
        self.audio_lock = threading.Lock()
        self.closing = False
        self.thread: threading.Thread | None = None
        self.streaming_since: float | None = None
        self.frames_encoded = 0
        self.adapted_at = 0.0  # monotonic time adaptive bitrate last looked at the destinations
        # Resolution steps below the bitrate floor: decided on the video thread, applied by the
        # render thread before the I420 conversion (a float: read and written atomically).
        self.detail_steps = DetailSteps()
        self.detail = 1.0

    def of(self, cls: type[_O]) -> list[_O]:
        return [o for o in self.running if isinstance(o, cls)]


class Engine:
    """Sources and the scene run from `start` to `stop` (the preview); the encoder runs only
    while something is recorded or streamed, and outputs start and stop independently."""

    def __init__(
        self,
        config: EngineConfig,
        clock: MediaClock | None = None,
        sources: dict[str, Source] | None = None,
        shop: Shop | None = None,
        board: ChatBoard | None = None,
    ) -> None:
        """`sources`: ready-made sources for some specs (the benchmark's stand-in camera), used
        instead of making them from the spec. `shop`: the products product layers show;
        `board`: the comment and answer pinned on screen."""
        tune_allocator()
        # OpenCV's own thread pool off: capture, render, vision and encoding already run on
        # threads of their own, and on two cores a pool on top only adds hand-offs. It also keeps
        # each stage's processor time on its own thread, where the stats measure it.
        cv2.setNumThreads(1)
        self.config = config
        self.clock = clock or MediaClock()
        self._given = dict(sources or {})
        self.shop = shop if shop is not None else Shop()
        self.board = board if board is not None else ChatBoard()
        enc = config.encoder
        self.width, self.height, self.fps = enc.width, enc.height, enc.fps
        self.timings = Timings(keep_all=config.keep_all_timings)
        self.started = False
        self._sources: dict[str, Source] = {}
        self._effected: dict[str, EffectsSource] = {}  # by source key: sources with effects
        self.layers = [self._make_layer(spec) for spec in config.layers]
        self._audio_specs = list(config.audio_sources)
        self.mixer = AudioMixer(self._audio_sources())
        self.compositor = Compositor(self.width, self.height)
        self._control = threading.RLock()  # start/stop of outputs, scene changes
        self._out_lock = threading.Lock()  # packets vs. outputs joining and leaving
        self._outputs: _Outputs | None = None
        self._last_outputs: _Outputs | None = None
        self._last_recorder: Recorder | None = None  # a recording stopped while streaming on
        wanted = _specs(config)
        if wanted:
            # Made now so a bad encoder, path or URL fails before anything starts.
            outputs = self._new_outputs()
            outputs.running = [self._make(spec, outputs) for spec in wanted]
            self._prepared: _Outputs | None = outputs
            self._last_outputs = outputs
        else:
            self._prepared = None
            Encoder(enc).close()  # a bad encoder setting fails now, not at Go live
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.frames = 0
        self.frames_repeated = 0
        self.frames_as_decoded = 0  # encoded from I420 as it was (decoded, or the effects made it)
        self._frame_times: collections.deque[float] = collections.deque(maxlen=max(2, 3 * self.fps))
        self._t0 = 0.0
        self._tick = 0  # the render tick being made
        self._samples = 0  # audio samples mixed since start
        self._preview: np.ndarray | VideoFrame | None = None  # the newest canvas
        # Something shows the preview (the window): its BGR picture is made on the render
        # thread. Off (a stream from the command line), a decoded canvas is never made BGR.
        self.preview_wanted = True
        # The size (pixels) the window shows the canvas at, when it says: a canvas in I420 is
        # then made BGR at half size for it when that is enough (None: at the canvas's size).
        self.preview_size: tuple[int, int] | None = None
        self._shown: np.ndarray | None = None  # that half-size picture, when made
        self.preview_seq = 0  # bumps with every new preview frame
        self.detail_override: float | None = None  # tests: force a resolution step

    # --- set-up ---
    def _source(self, spec: str, options: dict | None = None) -> Source:
        key = _source_key(spec, options)
        if key not in self._sources and key in self._given:
            self._sources[key] = self._given[key]
        if key not in self._sources:
            source = make_source(
                spec,
                self.clock,
                size=(self.width, self.height),
                fps=self.fps,
                options=options,
                context={"shop": self.shop, "board": self.board},
            )
            if self.started:
                source.start()
            self._sources[key] = source
        return self._sources[key]

    def _effects_source(self, spec: LayerSettings, source: Source) -> Source:
        """The source through the layer's effects. The effects belong to the source (a camera
        in two scenes is beautified in both) and live on while it does: moving a slider never
        reloads a model."""
        if not spec.effects:
            return source  # the plain source: bit-exact passthrough
        key = _source_key(spec.source, spec.options or None)
        wrapped = self._effected.get(key)
        settings = EffectSettings.from_dict(spec.effects)
        if wrapped is None:
            if not settings.on:
                return source
            wrapped = EffectsSource.wrap(source, settings)
            self._effected[key] = wrapped
        elif settings != wrapped.effects.settings:
            wrapped.effects.configure(settings)
        return wrapped

    def _make_layer(self, spec: LayerSettings) -> Layer:
        source = self._source(spec.source, spec.options or None)
        return Layer(
            name=spec.name,
            source=self._effects_source(spec, source),
            x=spec.x,
            y=spec.y,
            width=spec.width or 0,
            height=spec.height or 0,
            z=spec.z,
            opacity=spec.opacity,
            visible=spec.visible,
            fit=spec.fit,
        )

    def _audio_sources(self) -> list[Source]:
        audio = [_unwrapped(layer.source) for layer in self.layers if layer.source.has_audio]
        audio += [self._source(spec) for spec in self._audio_specs]
        return list(dict.fromkeys(audio))  # a source in two layers is mixed once

    @property
    def sources(self) -> list[Source]:
        return list(self._sources.values())

    # --- live changes (from the window) ---
    def set_layers(self, specs: list[LayerSettings]) -> list[SourceProblem]:
        """Show these layers from the next frame on (a scene switch, a layer added or changed).

        Sources already running are reused, so switching between scenes that share a camera does
        not reopen it. A layer whose source cannot be made is left out; its problem is returned.
        """
        problems: list[SourceProblem] = []
        layers: list[Layer] = []
        with self._control:
            for spec in specs:
                try:
                    layers.append(self._make_layer(spec))
                except SourceError as exc:
                    problems.append(SourceProblem(spec.name, exc))
            self.layers = layers  # one reference swap: the render loop sees all or nothing
            self._refresh_mixer()
            self._release_unused()
        return problems

    def set_audio_sources(self, specs: list[str]) -> list[SourceProblem]:
        problems: list[SourceProblem] = []
        kept: list[str] = []
        with self._control:
            for spec in specs:
                try:
                    self._source(spec)
                    kept.append(spec)
                except SourceError as exc:
                    problems.append(SourceProblem(spec, exc))
            self._audio_specs = kept
            self._refresh_mixer()
            self._release_unused()
        return problems

    def _refresh_mixer(self) -> None:
        old = {ch.source: ch for ch in self.mixer.channels}
        mixer = AudioMixer(self._audio_sources())
        for ch in mixer.channels:  # gain and mute follow the source
            if ch.source in old:
                ch.gain_db, ch.muted = old[ch.source].gain_db, old[ch.source].muted
        self.mixer = mixer

    def _release_unused(self) -> None:
        used = {id(_unwrapped(layer.source)) for layer in self.layers}
        used |= {id(ch.source) for ch in self.mixer.channels}
        shown = {id(layer.source) for layer in self.layers}
        for key, wrapped in list(self._effected.items()):
            if id(wrapped) not in shown:  # no layer shows these effects any more
                del self._effected[key]
                wrapped.effects.close()
        for key, source in list(self._sources.items()):
            if id(source) not in used:
                del self._sources[key]
                source.stop()

    # --- outputs ---
    def _new_outputs(self) -> _Outputs:
        return _Outputs(Encoder(self.config.encoder), self.fps)  # raises EncoderError

    def _make(self, spec: OutputSpec, outputs: _Outputs) -> Output:
        context = OutputContext(outputs.encoder, self.clock, self.timings)
        return make_output(spec.kind, spec.settings, context)  # raises OutputError

    def _open_outputs(self) -> _Outputs:
        if self._outputs is None:
            outputs = self._prepared or self._new_outputs()
            self._prepared = None
            thread = threading.Thread(
                target=self._video_loop, args=(outputs,), name="video-encoder", daemon=True
            )
            outputs.thread = thread
            thread.start()
            self._outputs = self._last_outputs = outputs
        return self._outputs

    def start_output(self, kind: str, settings: Mapping[str, object]) -> Output:
        """Start an output of any registered kind (studio.broadcast.output.OUTPUT_KINDS) on the
        shared encode, from the next keyframe; OutputError (readable) when it cannot start."""
        with self._control:
            return self._start_outputs([OutputSpec(kind, settings)])[0]

    def _start_outputs(self, specs: list[OutputSpec]) -> list[Output]:
        """Make these outputs on the running encode (or the one about to run), start and feed
        them (call with the control lock held). The encoder is kept for the next try when one
        fails."""
        outputs = self._outputs
        fresh = outputs is None
        outputs = outputs or self._prepared or self._new_outputs()
        self._prepared = outputs if fresh else None
        made = [self._make(spec, outputs) for spec in specs]
        self._launch(made)
        return made

    def _launch(self, made: list[Output], since: float | None = None) -> None:
        """Start these outputs, then feed them from the next keyframe; one that fails to start
        stops those started with it. The first destination of a run starts the streaming time
        (at `since`, else now), whether it came with Go live or was added on its own."""
        started: list[Output] = []
        try:
            for output in made:
                output.start()
                started.append(output)
        except Exception:
            for output in started:
                output.stop()
            raise
        outputs = self._open_outputs()
        with self._out_lock:
            outputs.running = outputs.running + [o for o in made if o not in outputs.running]
            if outputs.streaming_since is None and any(isinstance(o, Destination) for o in made):
                outputs.streaming_since = self.clock.now() if since is None else since
        self._request_keyframe(outputs)

    def stop_output(self, output: Output) -> None:
        """Stop one output (blocks until it is closed; call it off the UI thread). The last
        one stops the encoder."""
        self._stop_outputs(lambda o: o is output)

    def start_recording(self, path: Path) -> Recorder:
        """Record from the next keyframe; RecorderError (readable) when the file cannot be
        opened. Streaming, if any, is not touched."""
        with self._control:
            outputs = self._outputs
            if outputs and outputs.of(Recorder):
                return outputs.of(Recorder)[0]
            (recorder,) = self._start_outputs([_recording(path)])
            assert isinstance(recorder, Recorder)
            return recorder

    def start_streaming(self, destinations: list[DestinationSpec]) -> list[Destination]:
        with self._control:
            started = self._start_outputs([_destination(d) for d in destinations])
            return [d for d in started if isinstance(d, Destination)]

    def stop_recording(self) -> None:
        self._stop_outputs(lambda o: isinstance(o, Recorder))

    def stop_streaming(self) -> None:
        self._stop_outputs(lambda o: isinstance(o, Destination))

    def _stop_outputs(self, which: Callable[[Output], bool]) -> None:
        """Blocks until the stopped outputs are closed (the recording finalised): call it off
        the UI thread. The outputs are taken out under the lock and closed outside it, so a
        connection slow to close never holds up a scene switch or the other outputs."""
        closing: _Outputs | None = None
        stopped: list[Output] = []
        with self._control:
            outputs = self._outputs
            if outputs is None:
                return
            if all(which(o) for o in outputs.running):
                closing = self._detach_outputs()
            else:
                with self._out_lock:
                    stopped = [o for o in outputs.running if which(o)]
                    outputs.running = [o for o in outputs.running if not which(o)]
                    if not outputs.of(Destination):
                        outputs.streaming_since = None
                for output in stopped:
                    if isinstance(output, Recorder):
                        self._last_recorder = output  # its final figures stay readable
        if closing is not None:
            self._close_outputs(closing)  # flushes the encoder into everything first
            return
        for output in stopped:
            output.stop()

    def _detach_outputs(self) -> _Outputs:
        """From now on nothing feeds these outputs (call with the control lock held)."""
        outputs = self._outputs
        assert outputs is not None
        outputs.closing = True
        self._outputs = None
        return outputs

    def _close_outputs(self, outputs: _Outputs) -> None:
        with outputs.audio_lock:  # the audio thread is not mid-block
            tail = outputs.encoder.encode_audio(None, 0, self.clock.now())
            self._dispatch(outputs, tail)
        outputs.frames.put(None)  # the video thread flushes the encoder and ends
        if outputs.thread is not None:
            outputs.thread.join(timeout=10)
        for output in outputs.running:
            output.stop()
        outputs.encoder.close()

    @staticmethod
    def _request_keyframe(outputs: _Outputs) -> None:
        # A new output can start at once instead of waiting up to a GOP for the next keyframe.
        if outputs.frames_encoded:
            outputs.encoder.request_keyframe()

    @property
    def outputs(self) -> list[Output]:
        """The outputs running now, any kind; after the last stopped, those of the last run."""
        outputs = self._outputs or self._last_outputs
        return list(outputs.running) if outputs else []

    @property
    def streaming(self) -> bool:
        outputs = self._outputs
        return bool(outputs and outputs.of(Destination))

    @property
    def recording(self) -> bool:
        outputs = self._outputs
        return bool(outputs and outputs.of(Recorder))

    @property
    def destinations(self) -> list[Destination]:
        outputs = self._outputs or self._last_outputs
        return outputs.of(Destination) if outputs else []

    @property
    def recorder(self) -> Recorder | None:
        outputs = self._outputs or self._last_outputs
        live = outputs.of(Recorder) if outputs else []
        return live[0] if live else self._last_recorder

    @property
    def encoder(self) -> Encoder | None:
        outputs = self._outputs or self._last_outputs
        return outputs.encoder if outputs else None

    # --- run ---
    def start(self) -> None:
        for source in self._sources.values():
            source.start()
        self._t0 = self.clock.now()
        self.started = True
        prepared = self._prepared
        if prepared is not None:
            try:  # the recording first: it fails before anything goes out
                self._launch(list(prepared.running), since=self._t0)
            except Exception:
                self._prepared = None
                prepared.encoder.close()
                raise
        for target, name in ((self._render_loop, "render"), (self._audio_loop, "audio")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop capturing, flush the encoder into every output, close the recording."""
        if not self.started:
            self._close_effects()
            for source in self._sources.values():
                source.stop()
            if self._prepared is not None:
                self._prepared.encoder.close()
                self._prepared = None
            return
        with self._control:
            closing = self._detach_outputs() if self._outputs is not None else None
        if closing is not None:
            self._close_outputs(closing)
        with self._control:
            self.started = False
            self._stop.set()
            for thread in self._threads:
                thread.join(timeout=10)
            self._close_effects()
            for source in self._sources.values():
                source.stop()

    def _close_effects(self) -> None:
        for wrapped in self._effected.values():
            wrapped.effects.close()

    @property
    def preview(self) -> np.ndarray | None:
        """The newest canvas frame (BGR), at the canvas's size."""
        made = self._preview
        return made.image if isinstance(made, VideoFrame) else made

    @property
    def shown_preview(self) -> np.ndarray | None:
        """The newest canvas frame (BGR) for the window: at half size when the window shows it
        that small or smaller (`preview_size`) and the canvas is in I420, else `preview`."""
        shown = self._shown
        return shown if shown is not None else self.preview

    def _picture_shown(self, frame: VideoFrame) -> np.ndarray | None:
        """The half-size BGR picture of an I420 canvas when the window shows the canvas at half
        its size or less; None when the full picture is wanted."""
        limit = self.preview_size
        h, w = frame.shape[:2]
        if limit is None or limit[0] * 2 > w or limit[1] * 2 > h:
            return None
        return frame.half_image()  # None for a BGR canvas

    @property
    def elapsed(self) -> float:
        return self.clock.now() - self._t0 if self._t0 else 0.0

    def _dispatch(self, outputs: _Outputs, packets: list[EncodedPacket]) -> None:
        if not packets:
            return
        with self._out_lock:
            running = outputs.running
            for packet in packets:
                for output in running:
                    output.put(packet)  # the same packet, bytes and all, for every output

    def _render_loop(self) -> None:
        period = 1.0 / self.fps
        last: tuple[np.ndarray, float] | None = None
        while not self._stop.is_set():
            index = self._tick
            due = self._t0 + index * period
            delay = due - self.clock.now()
            if delay > 0 and self._stop.wait(delay):
                break
            outputs = self._outputs
            if outputs is not None and outputs.closing:
                outputs = None
            # Ticks whose time has long passed get the last frame again (constant frame rate).
            # One period of grace: a frame rendered a little late still carries its own
            # timestamp, so scheduler jitter on a busy machine costs no repeated frame.
            behind = int((self.clock.now() - self._t0) / period) - 1 - index
            if behind > 0:
                for _ in range(behind):
                    if outputs is not None and last is not None:
                        self._feed(outputs, last[0], index, last[1])
                        self.frames_repeated += 1
                    index += 1
            t_start = time.perf_counter()
            made = self.compositor.compose_lazily(self.layers)
            frame = made if isinstance(made, VideoFrame) else None
            shown = None
            if frame is not None and self.preview_wanted:
                shown = self._picture_shown(frame)
                if shown is None:
                    frame.image  # noqa: B018 - made here, not on the window's thread
            t_composed = time.perf_counter()
            self.timings.add("compose", (t_composed - t_start) * 1000)
            self._preview, self._shown = made, shown
            self.preview_seq += 1
            self._frame_times.append(self.clock.now())
            captured = self.compositor.newest_capture
            if captured is None:  # no picture yet: the black canvas is "captured" now
                captured = self.clock.now()
            if outputs is not None:
                detail = self.detail_override or outputs.detail
                as_yuv = frame.yuv if frame is not None else None
                if detail >= 1.0 and as_yuv is not None:
                    i420 = as_yuv  # already I420 (decoded, or the effects' planes): no conversion
                    self.frames_as_decoded += 1
                else:
                    canvas = frame.image if frame is not None else made
                    assert isinstance(canvas, np.ndarray)
                    i420 = cv2.cvtColor(soften(canvas, detail), cv2.COLOR_BGR2YUV_I420)
                self.timings.add("convert", (time.perf_counter() - t_composed) * 1000)
                last = (i420, captured)
                self._feed(outputs, i420, index, captured)
            else:
                last = None
            self._tick = index + 1
        outputs = self._outputs
        if outputs is not None:
            outputs.frames.put(None)

    def _feed(self, outputs: _Outputs, i420: Picture, tick: int, captured: float) -> None:
        if outputs.first_index is None:
            outputs.first_index = tick
        try:
            outputs.frames.put((i420, tick - outputs.first_index, captured), timeout=1.0)
        except queue.Full:  # the encoder thread has ended (outputs closing): nobody to wait on
            pass

    def _video_loop(self, outputs: _Outputs) -> None:
        while True:
            item = outputs.frames.get()
            if item is None:
                break
            i420, index, captured = item
            t = time.perf_counter()
            if t - outputs.adapted_at >= ADAPT_INTERVAL:
                outputs.adapted_at = t
                self._adapt(outputs, time.monotonic())
            packets = outputs.encoder.encode_video(i420, index, captured)
            self.timings.add("encode", (time.perf_counter() - t) * 1000)
            self.frames += 1
            outputs.frames_encoded += 1
            self._dispatch(outputs, packets)
        self._dispatch(outputs, outputs.encoder.encode_video(None, 0, self.clock.now()))

    @staticmethod
    def _adapt(outputs: _Outputs, now: float) -> None:
        """Adaptive bitrate: one encode feeds every output, so the video follows the lowest
        target of the adaptive outputs (the destinations; the configured bitrate when none
        limits it). The recording follows too. Runs on the video thread, between frames."""
        encoder = outputs.encoder
        if not encoder.can_adapt:
            return
        running = outputs.running
        targets = [t for t in (o.adapt(now) for o in running) if t is not None]
        wanted = min(targets, default=encoder.cfg.bitrate_kbps)
        if wanted != encoder.bitrate_kbps:
            log.info("adaptive bitrate: video %d -> %d kbps", encoder.bitrate_kbps, wanted)
            encoder.set_bitrate(wanted)
        # At the floor and still congested: lower the picture's detail (resolution steps).
        steps = outputs.detail_steps
        if not any(o.adaptive_wanted for o in running):
            steps.reset()  # no adaptive link left (the recording alone): full detail at once
        else:
            links = [s for s in (o.link_state() for o in running) if s is not None]
            steps.update(now, links)
        if steps.detail != outputs.detail:
            log.info(
                "adaptive bitrate: detail %.0f %% -> %.0f %%",
                outputs.detail * 100,
                steps.detail * 100,
            )
            outputs.detail = steps.detail

    def _audio_loop(self) -> None:
        while not self._stop.wait(0.01):
            due = int((self.clock.now() - self._t0) * SAMPLE_RATE)
            while self._samples + AUDIO_FRAME <= due:
                block = self.mixer.mix(AUDIO_FRAME)  # always: the meters move in the preview
                outputs = self._outputs
                if outputs is not None:
                    with outputs.audio_lock:
                        if not outputs.closing:
                            if outputs.first_sample is None:
                                outputs.first_sample = self._samples
                            first = self._samples - outputs.first_sample
                            t = self._t0 + self._samples / SAMPLE_RATE
                            self._dispatch(outputs, outputs.encoder.encode_audio(block, first, t))
                self._samples += AUDIO_FRAME

    # --- status ---
    def stats(self) -> EngineStats:
        now = self.clock.now()
        recent = [t for t in list(self._frame_times) if now - t <= 1.0]
        rec = self.recorder
        outputs = self._outputs
        notices = [s.notice for s in list(self._sources.values()) if s.notice]
        if rec and rec.error:
            notices.append(rec.error)
        since = outputs.streaming_since if outputs else None
        detail = (self.detail_override or outputs.detail) if outputs else 1.0
        running = self.outputs
        every = [o.stats() for o in running]
        destinations = [s for s in every if isinstance(s, DestinationStats)]
        # a running recorder's size from its stats: its file is looked at once a tick
        size = next((s.size_bytes for o, s in zip(running, every, strict=True) if o is rec), None)
        for s in destinations:
            s.detail = detail
        return EngineStats(
            elapsed=self.elapsed,
            fps=float(len(recent)),
            frames=self.frames,
            frames_repeated=self.frames_repeated,
            stages_ms=self.timings.summary(),
            destinations=destinations,
            recording_state=rec.state if rec else None,
            recording_error=rec.error if rec else None,
            recording_bytes=(rec.size_bytes if size is None else size) if rec else 0,
            notices=notices,
            streaming_seconds=now - since if since else 0.0,
            recording_seconds=rec.last_video_seconds if rec and self.recording else 0.0,
            frames_encoded=outputs.frames_encoded if outputs else 0,
            video_kbps=outputs.encoder.bitrate_kbps if outputs else 0,
            video_detail=detail,
            effects={
                layer.name: layer.source.effects.status()
                for layer in list(self.layers)
                if isinstance(layer.source, EffectsSource)
            },
            outputs=every,
        )


def soften(canvas: np.ndarray, detail: float) -> np.ndarray:
    """The canvas with its detail lowered to `detail` (scaled down and back up), same size; the
    canvas itself (no copy) at full detail. Down by scene.resize.shrink: area averaging for the
    exact half, bilinear at 3/4 (area averaging there costs 3-5 ms at 720p, bilinear about 1 ms
    and softens as well for this purpose)."""
    if detail >= 1.0:
        return canvas
    h, w = canvas.shape[:2]
    small = shrink(canvas, (max(2, round(w * detail)), max(2, round(h * detail))))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _recording(path: Path) -> OutputSpec:
    return OutputSpec("recording", {"path": path})


def _destination(spec: DestinationSpec) -> OutputSpec:
    return OutputSpec("destination", asdict(spec))


def _specs(config: EngineConfig) -> list[OutputSpec]:
    """Every output the configuration starts with the engine, the recording first."""
    specs = [_recording(config.record_path)] if config.record_path else []
    return specs + [_destination(d) for d in config.destinations] + list(config.outputs)


def _unwrapped(source: Source) -> Source:
    return source.inner if isinstance(source, EffectsSource) else source


def _source_key(spec: str, options: dict | None) -> str:
    if not options:
        return spec
    return spec + "|" + repr(sorted(options.items()))
