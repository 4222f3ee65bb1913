"""A moving test pattern with the frame number and time drawn on it, and a 1 kHz tone."""

from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np

from studio.capture.base import CHANNELS, SAMPLE_RATE, ThreadedVideoSource
from studio.capture.settings import Setting
from studio.clock import MediaClock

# SMPTE-like bars, BGR.
_BARS = [
    (192, 192, 192),
    (0, 192, 192),
    (192, 192, 0),
    (0, 192, 0),
    (192, 0, 192),
    (0, 0, 192),
    (192, 0, 0),
]
TONE_HZ = 1000.0
TONE_LEVEL = 0.1  # -20 dBFS, a usual line-up level


class SyntheticSource(ThreadedVideoSource):
    kind = "synthetic"
    has_audio = True
    SETTINGS: tuple[Setting, ...] = ()  # a test pattern: nothing to set

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,  # no settings beyond "arg": nothing to use
    ) -> None:
        super().__init__(spec, clock)
        self.width, self.height = size
        self.fps = fps
        # A pattern twice as wide as the frame; each frame is a window into it, so the pattern
        # moves without being redrawn.
        self._pattern = self._make_pattern(self.width, self.height)
        self._phase = 0  # tone phase in samples

    @staticmethod
    def _make_pattern(w: int, h: int) -> np.ndarray:
        pattern = np.zeros((h, 2 * w, 3), np.uint8)
        bar_w = max(1, w // len(_BARS))
        for x0 in range(0, 2 * w, bar_w):
            pattern[: h * 2 // 3, x0 : x0 + bar_w] = _BARS[(x0 // bar_w) % len(_BARS)]
        ramp = np.linspace(0, 255, 2 * w, dtype=np.float32).astype(np.uint8)
        pattern[h * 2 // 3 :, :] = ramp[None, :, None]
        return pattern

    def capture_loop(self) -> None:
        frame_no = 0
        period = 1.0 / self.fps
        next_t = time.monotonic()
        w, h = self.width, self.height
        scale = max(0.6, min(w, h) / 480)
        thick = max(1, int(scale * 2))
        while not self.stopping:
            offset = (frame_no * 4) % w
            image = self._pattern[:, offset : offset + w].copy()
            # A square that moves down and up, so motion shows in both axes.
            box = max(8, min(w, h) // 8)
            y = int((h - box) * (0.5 + 0.5 * np.sin(frame_no / 20)))
            image[y : y + box, w // 2 - box // 2 : w // 2 + box // 2] = 255
            now = self.clock.now()
            text = f"#{frame_no}  {now:8.3f}s"
            cv2.rectangle(image, (0, 0), (w, int(50 * scale)), (0, 0, 0), -1)
            org = (int(10 * scale), int(36 * scale))
            cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thick)
            self.publish(image, now)
            frame_no += 1
            next_t += period
            delay = next_t - time.monotonic()
            if delay < -period:  # fell far behind (suspended): do not try to catch up
                next_t = time.monotonic()
            if self.wait(max(0.0, delay)):
                break

    def read_audio(self, n: int) -> np.ndarray:
        t = (self._phase + np.arange(n)) / SAMPLE_RATE
        self._phase = (self._phase + n) % SAMPLE_RATE  # 1 kHz divides 48 kHz: phase wraps exactly
        tone = (TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
        return np.repeat(tone[:, None], CHANNELS, axis=1)
