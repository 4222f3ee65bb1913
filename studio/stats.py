"""Rolling timing figures (per-stage ms, latency) with percentiles, cheap enough for every frame."""

from __future__ import annotations

import collections
import threading

import numpy as np


class Timings:
    """Keeps the last `window` samples of each named figure; `keep_all` for benchmarks."""

    def __init__(self, window: int = 300, keep_all: bool = False) -> None:
        self._window = window
        self._keep_all = keep_all
        self._data: dict[str, collections.deque[float]] = {}
        self._all: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def add(self, name: str, value: float) -> None:
        with self._lock:
            self._data.setdefault(name, collections.deque(maxlen=self._window)).append(value)
            if self._keep_all:
                self._all.setdefault(name, []).append(value)

    def summary(self, everything: bool = False) -> dict[str, dict[str, float]]:
        """{name: {"p50": .., "p95": .., "n": ..}} over the window (or the whole run)."""
        with self._lock:
            source = self._all if everything else self._data
            snapshot = {k: list(v) for k, v in source.items()}
        out = {}
        for name, values in snapshot.items():
            if values:
                arr = np.asarray(values)
                out[name] = {
                    "p50": round(float(np.percentile(arr, 50)), 3),
                    "p95": round(float(np.percentile(arr, 95)), 3),
                    "n": len(values),
                }
        return out
