"""Frames offered to an Effects one turn at a time, each analysis finished before the next
frame: what the models were given, and whether a fresh result was there for each frame."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from waiting import wait_for

from studio.vision.effects import Effects


def offer(
    effects: Effects, frames: Iterable[np.ndarray], fps: float = 30.0
) -> tuple[list[int], list[bool]]:
    """Offer the frames at their media times (frame i at i / fps): the indexes of the frames
    that went to the models, and for each frame whether a fresh result was there."""
    analysed, fresh = [], []
    for i, frame in enumerate(frames):
        now = i / fps
        before = effects.worker.submitted
        effects.submit(frame, now)
        if effects.worker.submitted > before:
            analysed.append(i)
            wait_for(lambda n=effects.worker.submitted: effects.worker.analysed >= n, 30.0)
        fresh.append(effects.latest(now) is not None)
    return analysed, fresh
