"""Runs a model beside the render loop, never in it.

The render loop hands over its newest frame (`submit`, which never waits) and reads the newest
result (`latest`). Only the newest frame is kept, so when the machine cannot analyse every frame
the model simply runs less often: results are refreshed every N frames, N found by itself, and the
stream keeps its frame rate. A result too old for the picture it would be applied to is dropped.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    value: T
    frame_time: float  # media time of the frame it was made from
    seq: int  # which submitted frame (1, 2, ...)
    cost_ms: float  # processor time the analysis took (this thread's)


class VisionWorker(Generic[T]):
    def __init__(
        self,
        analyse: Callable[[np.ndarray], T],
        name: str = "vision",
        max_age: float = 0.5,
    ) -> None:
        self._analyse = analyse
        self.name = name
        self.max_age = max_age  # seconds: an older result no longer matches the picture
        self._cond = threading.Condition()
        self._pending: tuple[np.ndarray, float, int] | None = None
        self._result: Result[T] | None = None
        self._stop = False
        self._thread: threading.Thread | None = None
        self.submitted = 0
        self.analysed = 0
        self.failures = 0
        self.error: str | None = None  # the last analysis failure, for the window
        self._costs: collections.deque[float] = collections.deque(maxlen=60)
        self._skip_cost = False

    # --- render-loop side (never blocks) ---
    def submit(self, image: np.ndarray, frame_time: float) -> None:
        """Offer a frame; it replaces a frame still waiting (the worker is behind)."""
        with self._cond:
            self.submitted += 1
            self._pending = (image, frame_time, self.submitted)
            self._cond.notify()

    def latest(self, now: float) -> Result[T] | None:
        """The newest result, or None when there is none yet or it is stale."""
        result = self._result
        if result is None or now - result.frame_time > self.max_age:
            return None
        return result

    def confirm(self, seq: int, now: float) -> bool:
        """The result of submitted frame `seq` still fits the picture at `now` (the caller saw
        that nothing changed): it counts as made now, so it does not expire. False when the
        newest result is of another frame (that one is not confirmed)."""
        with self._cond:
            result = self._result
            if result is None or result.seq != seq:
                return False
            self._result = dataclasses.replace(result, frame_time=now)
            return True

    @property
    def newest(self) -> Result[T] | None:
        """The newest result however old (for telling results apart, not for using them)."""
        return self._result

    @property
    def every_n(self) -> float:
        """Frames submitted per frame analysed: 1.0 keeps up, 3.0 refreshes every third."""
        return self.submitted / self.analysed if self.analysed else 0.0

    @property
    def cost_ms(self) -> float:
        """Mean analysis time over the last results: what the analyses really cost, and what
        paces them."""
        return sum(self._costs) / len(self._costs) if self._costs else 0.0

    def skip_cost(self) -> None:
        """Called during an analysis that did one-off work (loading a model): its time is left
        out of the costs. Does nothing on other threads."""
        if threading.current_thread() is self._thread:
            self._skip_cost = True

    # --- the worker thread ---
    def start(self) -> None:
        if self._thread is None:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                image, frame_time, seq = self._pending  # type: ignore[misc]
                self._pending = None
            # Processor time, not wall time: on a busy two-core machine the wait for a core
            # would otherwise count as model cost and slow the analysis rate for nothing.
            t0 = time.thread_time()
            self._skip_cost = False
            try:
                value = self._analyse(image)
            except Exception as exc:  # a model failing must not end the stream
                self.failures += 1
                self.error = f"{type(exc).__name__}: {exc}"
                if self.failures <= 3:
                    log.warning("%s: analysis failed: %s", self.name, self.error)
                continue
            cost = (time.thread_time() - t0) * 1000
            if not self._skip_cost:
                self._costs.append(cost)
            self.analysed += 1
            self.error = None
            with self._cond:  # not between confirm()'s look and its write
                self._result = Result(value, frame_time, seq, cost)
