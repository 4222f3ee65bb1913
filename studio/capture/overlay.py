"""What the studio's own drawn layers share (text, product cards, lower thirds, comments): a
BGRA picture sized to its content, checked options, and a frame drawn only when what it shows
changes."""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.capture.base import Source, SourceError, VideoFrame
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting, check_values, with_defaults
from studio.clock import MediaClock

# "0" lets the layer pick its width from the canvas.
WIDTH_SETTING = Setting("width", QT_TRANSLATE_NOOP("SourceSettings", "Width"), "int", 0, 0, 4096)


def share_width(
    canvas: tuple[int, int], portrait: float, landscape: float, minimum: int = 80
) -> int:
    """A share of the canvas's width, by its orientation (a square counts as portrait)."""
    w, h = canvas
    return max(minimum, round(w * (portrait if h >= w else landscape)))


class OverlaySource(Source):
    has_video = True
    has_audio = False
    SETTINGS: tuple[Setting, ...] = ()
    WHAT = "layer"  # for error messages: "product layer: width must be..."

    def __init__(self, spec: str, clock: MediaClock, options: dict[str, Any] | None) -> None:
        super().__init__(spec, clock)
        problems = check_values(self.SETTINGS, options)
        if problems:
            raise SourceError(f"{self.WHAT}: {'; '.join(problems)}")
        self.options = with_defaults(self.SETTINGS, options)
        self._seq = 0

    @property
    def has_alpha(self) -> bool:
        return True

    def natural_size(self) -> tuple[int, int] | None:
        frame = self.latest_video()
        if frame is None:
            return None
        h, w = frame.image.shape[:2]
        return w, h

    def width_for(self, canvas: tuple[int, int], portrait: float, landscape: float) -> int:
        """The layer's width: its "width" option, else a share of a portrait or landscape
        canvas's width."""
        chosen = int(self.options.get("width", 0)) or share_width(canvas, portrait, landscape)
        return max(80, min(chosen, 4096))

    def frame(self, image: np.ndarray) -> VideoFrame:
        """A new frame of a freshly drawn picture, read-only: every consumer shares it."""
        image = np.ascontiguousarray(image)
        image.flags.writeable = False
        self._seq += 1
        return VideoFrame(image, self.clock.now(), self._seq)
