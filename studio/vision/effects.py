"""One layer's effects: the models on a vision worker, the result applied to every frame.

The worker analyses the newest frame (person mask, face mesh); the render thread applies the
newest analysis to each frame through the stages the settings choose (studio.vision.stages:
beautify, then the background). With every effect off nothing is touched: the frame given is
the frame returned (bit-exact passthrough). A model that cannot be
loaded turns its effect off and is reported in `problems`; the picture goes on.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from studio.capture.base import Source, SourceError
from studio.clock import MediaClock
from studio.memory import tune_allocator
from studio.scene.resize import shrink
from studio.vision import planar
from studio.vision.background import (
    MaskSmoother,
    PersonMask,
    fill,
    refine_small,
    work_size,
)
from studio.vision.beautify import FaceLook, prepare
from studio.vision.face import Face, FaceTracker
from studio.vision.model_input import ModelInput
from studio.vision.models import Manifest, load_manifest, load_model
from studio.vision.runtime import VisionError, VisionSession
from studio.vision.settings import BackgroundSettings, EffectSettings, stage_class
from studio.vision.stages import EffectStage, stage_ids
from studio.vision.stillness import Stillness
from studio.vision.worker import VisionWorker

log = logging.getLogger(__name__)

PORTRAIT_MODEL = "selfie_segmentation"
LANDSCAPE_MODEL = "selfie_segmentation_landscape"
# Share of one core the models may use. When analysing every frame would cost more (a CPU without
# a GPU), frames are analysed less often instead (mask and mesh are smoothed over time), so the
# stream keeps its rate. In a running engine on two busy cores an analysis (mask, mesh, beautify
# look) costs 13-15 ms at 720x1280 and 16-17 at 1080x1920: turns every 5.4-6.0 and 5.8-6.3
# frames at this share in the bench. 0.10 until stop 30 (every 3.7-4.8 and 4.5-4.9): with
# the person mask following movement at once since then (background.MaskSmoother), blur +
# natural on the bench's panning camera is nearer what analysing every frame would show at this
# share than it was at 0.10 (720x1280: 0.359 -> 0.318 levels apart, 1080x1920: 0.322 -> 0.276).
# The face's landmarks lag more there (about 5.4 -> 7.5 px at 720x1280): beautify's part of the
# picture at natural 0.037 -> 0.045 levels from every frame's, at every slider on 100 0.18 ->
# 0.24. Beautify without a background effect runs no person model: its turns cost a third (4.1
# against 12.6 ms at 720x1280) and come every 2-2.3 frames.
ANALYSIS_SHARE = 0.075
MAX_INTERVAL_S = 0.3  # never analyse less often than this (results expire after 0.5 s)
# A picture that has not changed since the frame last analysed (studio.vision.stillness) keeps
# that frame's result (confirmed at each turn, so it does not expire) and is analysed again only
# this often; once it changes, at the share's rate again from the next turn.
STILL_INTERVAL_S = 1.0
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


@dataclass(frozen=True)
class Analysis:
    mask: PersonMask | None  # person weight 0..1 at the frame's size (refined), or None
    face: Face | None
    size: tuple[int, int]  # width, height of the frame analysed
    look: FaceLook | None = None  # beautify made for `face` with the settings of the time
    planar: bool = False  # made for I420 frames (the mask's weights, the look), not BGR


@dataclass(frozen=True)
class EffectsStatus:
    """For the window's effects panel and the benchmark."""

    provider: str | None  # the provider the models really run on; None while no model is loaded
    analyse_ms: float  # mean processor time of the models per analysed frame (vision worker)
    apply_ms: float  # mean processor time of applying the result per frame (render thread)
    every_n: float  # frames per analysis: 1.0 keeps up; more when the machine is busy
    problems: tuple[Exception, ...]  # VisionError / SourceError: those effects are off
    notice: str | None  # e.g. a GPU fell back to the CPU
    error: str | None = None  # the last analysis failure while running (English), if any
    still_skips: int = 0  # turns the models skipped because the picture had not changed


def segmentation_model(width: int, height: int) -> str:
    """The landscape model for landscape pictures (more detail across), else the square one."""
    return LANDSCAPE_MODEL if width > height else PORTRAIT_MODEL


class PersonSegmenter:
    """The person mask of a frame, smoothed over time and refined at the frame's size."""

    def __init__(self, session: VisionSession) -> None:
        self.session = session
        _, self.in_h, self.in_w, _ = (int(d) for d in session.inputs[0].shape)
        self._smoother = MaskSmoother()

    def raw(self, image: np.ndarray) -> np.ndarray:
        small = shrink(image[..., :3], (self.in_w, self.in_h))
        tensor = cv2.cvtColor(small, cv2.COLOR_BGR2RGB).astype(np.float32) * (1.0 / 255.0)
        return self.session.run(tensor[None])[0].reshape(self.in_h, self.in_w)

    def mask(self, picture: np.ndarray | ModelInput, smooth: bool = True) -> PersonMask:
        """The mask of a picture (BGR, or a frame as the models see it: BGR or I420); for an
        I420 frame its weights are made for I420."""
        view = ModelInput.of(picture)
        w, h = view.width, view.height
        # One halved copy serves both the model's input and the refinement.
        sw, sh = work_size(w, h)
        half, _ = view.small(max(self.in_w, sw), max(self.in_h, sh))
        raw = self.raw(half)
        if smooth:
            raw = self._smoother.update(raw)
        return PersonMask.from_small(refine_small(raw, half), w, h, view.i420)


def _mean(values: collections.deque[float]) -> float:
    return sum(values) / len(values) if values else 0.0


class Backdrop:
    """The picture or looping video that replaces the background."""

    def __init__(self, path: str, clock: MediaClock) -> None:
        from studio.capture.registry import make_source  # capture is a sibling: import late

        kind = "image" if Path(path).suffix.lower() in _IMAGE_SUFFIXES else "file"
        self.path = path
        self.source: Source = make_source(f"{kind}:{path}", clock)  # raises SourceError
        self.source.start()
        self._key: tuple = ()
        self._scaled: np.ndarray | None = None

    def frame(self, width: int, height: int, i420: bool = False) -> np.ndarray | None:
        """The newest backdrop picture scaled to cover width x height, BGR or I420 (made once
        per new picture: a still image costs nothing after the first frame)."""
        latest = self.source.latest_video()
        if latest is None:
            return None
        key = (latest.seq, id(latest.image), width, height, i420)
        if key != self._key:
            scaled = fill(latest.image, width, height)
            self._scaled = planar.from_bgr(scaled) if i420 else scaled
            self._key = key
        return self._scaled

    def close(self) -> None:
        self.source.stop()


class Effects:
    """Applies one layer's effects. `configure` may be called at any time (a slider moved)."""

    def __init__(
        self,
        settings: EffectSettings | None = None,
        *,
        clock: MediaClock | None = None,
        manifest: Manifest | None = None,
        threads: int = 1,
        threaded: bool = True,
    ) -> None:
        tune_allocator()
        self.clock = clock or MediaClock()
        self.threads = threads
        self.threaded = threaded
        self._manifest = manifest
        self.settings = EffectSettings()
        self._segmenters: dict[str, PersonSegmenter] = {}
        self._tracker: FaceTracker | None = None
        self._backdrop: Backdrop | None = None
        self._provider: str | None = None  # the provider the loaded models were asked for
        self._lock = threading.Lock()  # model swaps vs. the worker's analysis
        self.problems: dict[str, Exception] = {}  # "background" / "beautify" -> why it is off
        self.worker: VisionWorker[Analysis] = VisionWorker(self._analyse, "vision")
        self._apply_costs: collections.deque[float] = collections.deque(maxlen=60)
        self.version = 0  # bumps with every configure: a new look for the same frame
        self.offered = 0  # new source frames offered for analysis
        self._look_key: tuple = ()
        self._look_cache: FaceLook | None = None
        self._next_turn = float("-inf")  # when the models may next be given a frame...
        self._last_analysed = float("-inf")  # ...and when one was last handed to them
        self._stillness = Stillness()
        self.still_skips = 0  # turns the models skipped: the picture had not changed
        self._generation = 0  # bumps when the loaded models are dropped (provider changed)
        self._stages: list[EffectStage] = [stage_class(i)(self) for i in stage_ids()]
        self._shared: np.ndarray | None = None  # the picture being rendered, while it is
        if settings is not None:
            self.configure(settings)

    # --- settings ---
    def configure(self, settings: EffectSettings) -> None:
        """Take new settings. Models load on first need, on the vision worker (never on the
        caller's thread, which may be the window's). Problems land in `problems`."""
        with self._lock:
            if settings.provider != self._provider:
                self._segmenters.clear()
                self._tracker = None
                self._provider = settings.provider
                self._generation += 1
            self.problems.pop("background", None)
            self.problems.pop("beautify", None)
            self._set_backdrop(settings.background)
            self.settings = settings
            self.version += 1
            self._stillness.forget()  # new settings may need what the last analysis lacks
        if not self.threaded and settings.beautify.on:
            self._face_tracker()  # single pictures: report a missing model at once
        if self.threaded and settings.on:
            self.worker.start()

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            self._manifest = load_manifest()  # raises ModelError when the list itself is broken
        return self._manifest

    def _set_backdrop(self, background: BackgroundSettings) -> None:
        path = background.image if background.mode == "replace" else ""
        if self._backdrop is not None and self._backdrop.path == path:
            return
        if self._backdrop is not None:
            self._backdrop.close()
            self._backdrop = None
        if path:
            try:
                self._backdrop = Backdrop(path, self.clock)
            except SourceError as err:
                self.problems["background"] = err

    def _load(self, effect: str, load):
        """Load a model outside the lock (loading takes a while; the window may be configuring),
        and keep it unless the provider changed meanwhile. None when it cannot be loaded."""
        with self._lock:
            generation, provider = self._generation, self._provider
        self.worker.skip_cost()  # loading is not what an analysis costs
        try:
            model = load(provider)
        except VisionError as err:
            with self._lock:
                if generation == self._generation:
                    self.problems[effect] = err
            return None
        with self._lock:
            return model if generation == self._generation else None

    def _segmenter(self, width: int, height: int) -> PersonSegmenter | None:
        name = segmentation_model(width, height)
        with self._lock:
            found = self._segmenters.get(name)
        if found is not None:
            return found

        def load(provider: str | None) -> PersonSegmenter:
            session = load_model(name, provider, self.threads, manifest=self.manifest)
            return PersonSegmenter(session)

        segmenter = self._load("background", load)
        if segmenter is not None:
            with self._lock:
                segmenter = self._segmenters.setdefault(name, segmenter)
        return segmenter

    def _face_tracker(self) -> FaceTracker | None:
        with self._lock:
            if self._tracker is not None:
                return self._tracker
        tracker = self._load(
            "beautify", lambda provider: FaceTracker.load(provider, self.threads, self.manifest)
        )
        if tracker is not None:
            with self._lock:
                if self._tracker is None:
                    self._tracker = tracker
                tracker = self._tracker
        return tracker

    def wait_for_backdrop(self, timeout: float) -> bool:
        """A replacement video is decoded on its own thread: wait (up to `timeout` seconds) for
        its first picture. True when there is a backdrop picture (or none is needed)."""
        backdrop = self._backdrop
        if backdrop is None:
            return True
        deadline = time.monotonic() + timeout
        while backdrop.source.latest_video() is None:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    @property
    def active(self) -> bool:
        """Something will change the picture (an effect is on and could be set up)."""
        return bool(self.stages())

    def stages(self) -> list[EffectStage]:
        """The stages the settings turn on and that could be set up, in the order they apply."""
        settings = self.settings
        return [
            stage
            for stage in self._stages
            if stage.section not in self.problems and stage.chosen(settings)
        ]

    # --- analysis (the vision worker, or the caller for single pictures) ---
    def _analyse(self, image: np.ndarray, smooth: bool = True) -> Analysis:
        """The models on a picture: BGR, or I420 (the models' small pictures and the face's
        crop made from the planes; the mask's weights and the look made for I420 frames)."""
        view = ModelInput(image)
        w, h = view.width, view.height
        mask = face = None
        needs = {stage.needs for stage in self.stages()}
        segmenter = self._segmenter(w, h) if "mask" in needs else None
        tracker = self._face_tracker() if "face" in needs else None
        if segmenter is not None:
            mask = segmenter.mask(view, smooth)
        look = None
        if tracker is not None:
            face = tracker.track(view, time.monotonic())
            # The look is made here, off the render thread; a slider moved since is caught there.
            look = prepare(face, view.shape, self.settings.beautify, view.i420)
        return Analysis(mask, face, (w, h), look, view.i420)

    # --- applying ---
    def analysis_interval(self) -> float:
        """Seconds between analyses: every frame while the models are cheap (a GPU), less often
        when they would take more than their share of a core."""
        return min(MAX_INTERVAL_S, self.worker.cost_ms / 1000.0 / ANALYSIS_SHARE)

    def submit(self, image: np.ndarray, now: float, new_frame: bool = True) -> None:
        """Offer a frame (`new_frame` False: a still picture offered again so its analysis stays
        fresh); it is analysed when its time comes."""
        if not self.active:
            return
        if new_frame:
            self.offered += 1
        analysed = self.worker.analysed > 0
        if analysed and now < self._next_turn:
            return
        # Turns a whole interval apart on average: frames come every 33 ms, and waiting for the
        # first frame after each interval would stretch a 0.147 s interval to 0.167 s (the
        # models' use 12 % under their share). Late by more than half an interval (a start, a
        # pause): counted from now.
        interval = self.analysis_interval()
        on_time = now - self._next_turn <= interval / 2
        self._next_turn = (self._next_turn if on_time else now) + interval
        changed = self._stillness.changed(image)
        if analysed and not changed and now - self._last_analysed < STILL_INTERVAL_S:
            # The last frame given (the worker's newest submitted) still shows what this one
            # does: its result (once made) is this frame's too. Looked at again next turn.
            self.worker.confirm(self.worker.submitted, now)
            self.still_skips += 1
            return
        self._stillness.keep()
        self._last_analysed = now
        self.worker.submit(image, now)

    def latest(self, now: float) -> Analysis | None:
        result = self.worker.latest(now)
        return result.value if result is not None else None

    @property
    def result_seq(self) -> int:
        result = self.worker.newest
        return result.seq if result is not None else 0

    def render(self, image: np.ndarray, analysis: Analysis | None) -> np.ndarray:
        """The frame (BGR or I420) with the effects applied; `image` itself when nothing
        applies. An I420 frame comes back I420 (or BGRA: a removed background)."""
        if analysis is None:
            return image
        stages = self.stages()
        if not stages:
            return image
        i420 = planar.is_i420(image)
        if analysis.size != planar.size(image) or analysis.planar != i420:
            return image  # the source changed size or kind: this analysis no longer fits
        start = time.thread_time()  # processor time of the render thread, as for the models
        out = image if i420 or image.shape[2] == 3 else np.ascontiguousarray(image[..., :3])
        self._shared = out  # the source's picture: the stages must not write into it
        for stage in stages:
            out = stage.process(out, analysis)
        self._shared = None
        self._apply_costs.append((time.thread_time() - start) * 1000)
        return out

    def writable(self, frame: np.ndarray) -> bool:
        """A frame an earlier stage of this render made (see stages.StageHost.writable)."""
        shared = self._shared
        return shared is not None and not np.may_share_memory(frame, shared)

    @property
    def live(self) -> bool:
        """Frames come one after another from a live source (not single pictures): neighbouring
        frames may share work."""
        return self.threaded

    def backdrop_frame(self, width: int, height: int, i420: bool = False) -> np.ndarray | None:
        """The replacement picture scaled to cover width x height (BGR or I420); None while
        there is none."""
        backdrop = self._backdrop
        return backdrop.frame(width, height, i420) if backdrop is not None else None

    def look(self, analysis: Analysis, shape: tuple[int, ...]) -> FaceLook | None:
        """The beautify look for this analysis, made once and reused until the next one."""
        settings = self.settings.beautify
        made = analysis.look
        if made is not None and made.settings == settings and analysis.size == shape[1::-1]:
            return made
        key = (id(analysis), settings, shape)
        if self._look_key != key:
            self._look_cache = prepare(analysis.face, shape, settings, analysis.planar)
            self._look_key = key
        return self._look_cache

    def apply_now(self, image: np.ndarray) -> np.ndarray:
        """Analyse and apply in one go, for a single picture (the command line, tests)."""
        if not self.active:
            return image
        return self.render(image, self._analyse(image, smooth=False))

    def person_mask(self, image: np.ndarray) -> np.ndarray | None:
        """The refined person mask (0..1 at the picture's size), or None when it cannot be made."""
        h, w = image.shape[:2]
        segmenter = self._segmenter(w, h)
        return segmenter.mask(image, smooth=False).alpha if segmenter is not None else None

    def status(self) -> EffectsStatus:
        with self._lock:
            sessions = [s.session for s in self._segmenters.values()]
            if self._tracker is not None:
                sessions.append(self._tracker.mesh.session)
        provider = sessions[0].provider if sessions else None
        notice = next((s.notice for s in sessions if s.notice), None)
        return EffectsStatus(
            provider=provider,
            analyse_ms=self.worker.cost_ms,
            apply_ms=_mean(self._apply_costs),
            every_n=max(1.0, self.offered / self.worker.analysed) if self.worker.analysed else 0.0,
            error=self.worker.error,
            still_skips=self.still_skips,
            problems=tuple(self.problems.values()),
            notice=notice,
        )

    def close(self) -> None:
        self.worker.stop()
        with self._lock:
            if self._backdrop is not None:
                self._backdrop.close()
                self._backdrop = None
