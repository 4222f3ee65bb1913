"""A source that always shows one picture: for compositor tests, no camera or file needed."""

from __future__ import annotations

import numpy as np

from studio.capture.base import Source, VideoFrame
from studio.clock import MediaClock


class Still(Source):
    """A source that always shows one picture."""

    def __init__(self, image: np.ndarray) -> None:
        super().__init__("still", MediaClock())
        self.frame = VideoFrame(image, 0.0, 1)

    def latest_video(self) -> VideoFrame | None:
        return self.frame
