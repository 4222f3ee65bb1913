"""Mixes every audio source into one stereo track, 1024 samples at a time, with gain and mute."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from studio.capture.base import CHANNELS, Source


@dataclass
class AudioChannel:
    """One strip of the mixer."""

    source: Source
    gain_db: float = 0.0
    muted: bool = False
    peak_dbfs: float = -math.inf  # of the last block, before mute, after gain


class AudioMixer:
    def __init__(self, sources: list[Source]) -> None:
        self.channels = [AudioChannel(s) for s in sources]

    def mix(self, n: int) -> np.ndarray:
        """n samples of the mix as (n, 2) float32 in [-1, 1]; silence when there is no source
        (platforms reject streams without an audio track)."""
        out = np.zeros((n, CHANNELS), np.float32)
        for ch in self.channels:
            block = ch.source.read_audio(n)
            if ch.gain_db:
                block = block * (10 ** (ch.gain_db / 20))
            peak = float(np.max(np.abs(block))) if block.size else 0.0
            ch.peak_dbfs = 20 * math.log10(peak) if peak > 0 else -math.inf
            if not ch.muted:
                out += block
        np.clip(out, -1.0, 1.0, out=out)
        return out
