"""Whether the picture has changed since the frame last analysed.

A merchant's camera often shows a still scene for a while: a product on the table, the merchant
reading the comments. The mask and the face mesh of such a frame are those of the last one, so
the models need not run again as often. Comparing two thumbnails of the picture's brightness
costs about 0.1 ms; an analysis costs 12-17 ms of one core at 720x1280-1080x1920 on this machine
kind. Camera grain averages out in a thumbnail cell; an edge that moves by a pixel does not.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.scene.resize import shrink
from studio.vision import planar

THUMB_WIDTH = 64  # cells across: 11 picture pixels each at 720x1280, 17 at 1080x1920
CHANGED_LEVELS = 6  # a cell's brightness moved by more than this (of 255): that cell changed
# Camera grain (ffmpeg noise 8, a webcam in room light) moves a cell by about 1 level; an edge
# of 100 levels' contrast moving by one pixel moves its cells by 6-9.
CHANGED_CELLS = 3  # this many changed cells or more: the picture changed


def thumbnail(picture: np.ndarray) -> np.ndarray:
    """The picture's brightness at THUMB_WIDTH cells across (BGR, BGRA or I420)."""
    width, height = planar.size(picture)
    size = (min(width, THUMB_WIDTH), max(1, round(height * min(width, THUMB_WIDTH) / width)))
    if planar.is_i420(picture):
        thumb = shrink(planar.planes(picture)[0], size)
        return thumb.copy() if np.may_share_memory(thumb, picture) else thumb  # a tiny picture
    return cv2.cvtColor(shrink(np.ascontiguousarray(picture[..., :3]), size), cv2.COLOR_BGR2GRAY)


class Stillness:
    """Remembers the thumbnail of the frame last analysed; tells whether a frame differs."""

    def __init__(self) -> None:
        self._kept: np.ndarray | None = None
        self._checked: np.ndarray | None = None

    def changed(self, picture: np.ndarray) -> bool:
        """Whether this picture differs from the one kept (always, when none is kept)."""
        thumb = self._checked = thumbnail(picture)
        kept = self._kept
        if kept is None or kept.shape != thumb.shape:
            return True
        return int(np.count_nonzero(cv2.absdiff(kept, thumb) > CHANGED_LEVELS)) >= CHANGED_CELLS

    def keep(self) -> None:
        """The picture last checked is the one being analysed: compare with it from now on."""
        self._kept = self._checked

    def forget(self) -> None:
        """Compare with nothing: the next picture counts as changed (new settings)."""
        self._kept = None
