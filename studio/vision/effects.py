"""One layer's effects: the models on a vision worker, the result applied to every frame.

The worker analyses the newest frame (person mask, face mesh); the render thread applies the
newest analysis to each frame (beautify, then the background). With every effect off nothing is
touched: the frame given is the frame returned (bit-exact passthrough). A model that cannot be
loaded turns its effect off and is reported in `problems`; the picture goes on.
"""

from __future__ import annotations

import collections
import logging
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from studio.capture.base import Source, SourceError
from studio.clock import MediaClock
from studio.memory import tune_allocator
from studio.vision.background import (
    MaskSmoother,
    PersonMask,
    blur_background,
    fill,
    refine_small,
    remove_background,
    replace_background,
    shrink,
)
from studio.vision.beautify import beautify
from studio.vision.face import Face, FaceTracker
from studio.vision.models import Manifest, load_manifest, load_model
from studio.vision.runtime import VisionError, VisionSession
from studio.vision.settings import BackgroundSettings, EffectSettings
from studio.vision.worker import VisionWorker

log = logging.getLogger(__name__)

PORTRAIT_MODEL = "selfie_segmentation"
LANDSCAPE_MODEL = "selfie_segmentation_landscape"
# Model time allowed per frame shown. When analysing costs more (a CPU without a GPU), frames are
# analysed every N instead (the mask and mesh are smoothed over time), so the stream keeps its rate.
ANALYSIS_BUDGET_MS = 5.0
MAX_EVERY_N = 4
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


@dataclass(frozen=True)
class Analysis:
    mask: PersonMask | None  # person weight 0..1 at the frame's size (refined), or None
    face: Face | None
    size: tuple[int, int]  # width, height of the frame analysed


@dataclass(frozen=True)
class EffectsStatus:
    """For the window's effects panel and the benchmark."""

    provider: str | None  # the provider the models really run on; None while no model is loaded
    analyse_ms: float  # median time the models took per analysed frame (vision worker)
    apply_ms: float  # median time applying the result took per frame (render thread)
    every_n: float  # frames per analysis: 1.0 keeps up; more when the machine is busy
    problems: tuple[Exception, ...]  # VisionError / SourceError: those effects are off
    notice: str | None  # e.g. a GPU fell back to the CPU


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
        small = shrink(image[..., :3], self.in_w, self.in_h)
        tensor = cv2.cvtColor(small, cv2.COLOR_BGR2RGB).astype(np.float32) * (1.0 / 255.0)
        return self.session.run(tensor[None])[0].reshape(self.in_h, self.in_w)

    def mask(self, image: np.ndarray, smooth: bool = True) -> PersonMask:
        raw = self.raw(image)
        if smooth:
            raw = self._smoother.update(raw)
        h, w = image.shape[:2]
        return PersonMask.from_small(refine_small(raw, image), w, h)


def _median(values: collections.deque[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


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

    def frame(self, width: int, height: int) -> np.ndarray | None:
        """The newest backdrop picture scaled to cover width x height (scaled once per new
        picture: a still image costs nothing after the first frame)."""
        latest = self.source.latest_video()
        if latest is None:
            return None
        key = (latest.seq, id(latest.image), width, height)
        if key != self._key:
            self._scaled, self._key = fill(latest.image, width, height), key
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
        self.offered = 0  # frames offered for analysis (every new source frame)
        self._skipped = 0  # frames offered since the last one handed to the worker
        if settings is not None:
            self.configure(settings)

    # --- settings ---
    def configure(self, settings: EffectSettings) -> None:
        """Take new settings; models load on first need. Problems land in `problems`."""
        with self._lock:
            if settings.provider != self._provider:
                self._segmenters.clear()
                self._tracker = None
                self._provider = settings.provider
            self.problems.pop("background", None)
            self.problems.pop("beautify", None)
            self._set_backdrop(settings.background)
            if settings.beautify.on and self._tracker is None:
                try:
                    self._tracker = FaceTracker.load(settings.provider, self.threads, self.manifest)
                except VisionError as err:
                    self.problems["beautify"] = err
            self.settings = settings
            self.version += 1
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

    def _segmenter(self, width: int, height: int) -> PersonSegmenter | None:
        name = segmentation_model(width, height)
        if name not in self._segmenters:
            try:
                session = load_model(name, self._provider, self.threads, manifest=self.manifest)
            except VisionError as err:
                self.problems["background"] = err
                return None
            self._segmenters[name] = PersonSegmenter(session)
        return self._segmenters[name]

    @property
    def background_on(self) -> bool:
        return self.settings.background.on and "background" not in self.problems

    @property
    def beautify_on(self) -> bool:
        return self.settings.beautify.on and "beautify" not in self.problems

    @property
    def active(self) -> bool:
        """Something will change the picture (an effect is on and could be set up)."""
        return self.background_on or self.beautify_on

    # --- analysis (the vision worker, or the caller for single pictures) ---
    def _analyse(self, image: np.ndarray, smooth: bool = True) -> Analysis:
        h, w = image.shape[:2]
        mask = face = None
        with self._lock:
            segmenter = self._segmenter(w, h) if self.background_on else None
            tracker = self._tracker if self.beautify_on else None
        if segmenter is not None:
            mask = segmenter.mask(image, smooth)
        if tracker is not None:
            face = tracker.track(image, time.monotonic())
        return Analysis(mask, face, (w, h))

    # --- applying ---
    @property
    def every_n(self) -> int:
        """Analyse one frame in this many: 1 while the models fit in the budget."""
        cost = self.worker.cost_ms
        return max(1, min(MAX_EVERY_N, math.ceil(cost / ANALYSIS_BUDGET_MS))) if cost else 1

    def submit(self, image: np.ndarray, now: float) -> None:
        """Offer a new frame; it is analysed when its turn comes (see `every_n`)."""
        if not self.active:
            return
        self.offered += 1
        self._skipped += 1
        if self._skipped >= self.every_n or self.worker.analysed == 0:
            self._skipped = 0
            self.worker.submit(image, now)

    def latest(self, now: float) -> Analysis | None:
        result = self.worker.latest(now)
        return result.value if result is not None else None

    @property
    def result_seq(self) -> int:
        result = self.worker.latest(float("-inf"))
        return result.seq if result is not None else 0

    def render(self, image: np.ndarray, analysis: Analysis | None) -> np.ndarray:
        """The frame with the effects applied; `image` itself when nothing applies."""
        if analysis is None or not self.active:
            return image
        h, w = image.shape[:2]
        if analysis.size != (w, h):  # the source changed size: this analysis no longer fits
            return image
        start = time.perf_counter()
        out = image if image.shape[2] == 3 else np.ascontiguousarray(image[..., :3])
        if self.beautify_on and analysis.face is not None:
            out = beautify(out, analysis.face, self.settings.beautify)
        background = self.settings.background
        if self.background_on and analysis.mask is not None:
            if background.mode == "blur":
                out = blur_background(out, analysis.mask, background.strength)
            elif background.mode == "remove":
                out = remove_background(out, analysis.mask)
            elif background.mode == "replace" and self._backdrop is not None:
                backdrop = self._backdrop.frame(w, h)
                if backdrop is not None:
                    out = replace_background(out, analysis.mask, backdrop)
        self._apply_costs.append((time.perf_counter() - start) * 1000)
        return out

    def apply_now(self, image: np.ndarray) -> np.ndarray:
        """Analyse and apply in one go, for a single picture (the command line, tests)."""
        if not self.active:
            return image
        return self.render(image, self._analyse(image, smooth=False))

    def person_mask(self, image: np.ndarray) -> np.ndarray | None:
        """The refined person mask (0..1 at the picture's size), or None when it cannot be made."""
        h, w = image.shape[:2]
        with self._lock:
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
            apply_ms=_median(self._apply_costs),
            every_n=self.offered / self.worker.analysed if self.worker.analysed else 0.0,
            problems=tuple(self.problems.values()),
            notice=notice,
        )

    def close(self) -> None:
        self.worker.stop()
        with self._lock:
            if self._backdrop is not None:
                self._backdrop.close()
                self._backdrop = None
