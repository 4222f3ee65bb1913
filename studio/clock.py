"""The one media clock every source, the renderer and the encoder stamp time with."""

from __future__ import annotations

import time


class MediaClock:
    """Seconds since the clock started, from the monotonic counter (never jumps with wall time)."""

    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._origin

    def at(self, monotonic_time: float) -> float:
        """Media time of a moment read from time.monotonic()."""
        return monotonic_time - self._origin
