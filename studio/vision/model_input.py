"""A frame as the models see it: small pictures for the mask and the face detector, and a face's
crop at full detail, made from BGR or straight from I420 planes.

The models take small RGB pictures (the mask 256x256, the detector 128x128, the face mesh a
192x192 crop). A decoded camera's frame is I420: converting all of it to BGR first (0.36 ms at
720x1280, 0.93 ms at 1080x1920 on this machine kind) and then halving the BGR throws most of that
work away. Here the planes are halved first and only the small picture is converted, and the face
crop is cut from the planes at full detail, Y and chroma each at their own size.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.capture.base import halve_i420
from studio.scene.resize import halve
from studio.vision import planar


def _halved_i420(picture: np.ndarray, width: int, height: int) -> tuple[np.ndarray, int]:
    """The I420 picture halved plane by plane (area averaging) while it stays at least width x
    height and still makes an I420 picture (height a multiple of 4, width of 2 after halving),
    and how many times it was halved."""
    w, h = planar.size(picture)
    steps = 0
    while w >= 2 * width and h >= 2 * height and (h // 2) % 4 == 0 and (w // 2) % 2 == 0:
        picture, w, h, steps = halve_i420(picture, w, h), w // 2, h // 2, steps + 1
    return picture, steps


class ModelInput:
    """One frame (BGR, or I420 as studio.vision.planar holds it) for the models of one analysis.
    Small pictures are made once per size asked for."""

    def __init__(self, picture: np.ndarray) -> None:
        self.picture = picture
        self.i420 = planar.is_i420(picture)
        self.width, self.height = planar.size(picture)
        self._small: dict[tuple[int, int], tuple[np.ndarray, int]] = {}

    @classmethod
    def of(cls, picture: np.ndarray | ModelInput) -> ModelInput:
        """The picture as the models see it (itself when it already is)."""
        return picture if isinstance(picture, ModelInput) else cls(picture)

    @property
    def shape(self) -> tuple[int, int, int]:
        """The frame's shape as BGR (H, W, 3)."""
        return self.height, self.width, 3

    def small(self, width: int, height: int) -> tuple[np.ndarray, int]:
        """The frame in BGR, halved while it stays at least width x height, and how many frame
        pixels one of its pixels spans across (1, 2, 4, ...)."""
        key = (width, height)
        made = self._small.get(key)
        if made is None:
            if self.i420:
                small, steps = _halved_i420(self.picture, width, height)
                made = planar.to_bgr(small), 2**steps
            else:
                bgr = halve(self.picture[..., :3], width, height)
                made = bgr, self.width // bgr.shape[1]
            self._small[key] = made
        return made

    def crop_rgb(self, matrix: np.ndarray, side: int) -> np.ndarray:
        """side x side RGB: the frame's pixels mapped by `matrix` (2x3, frame pixels to crop
        pixels, bilinear), black outside the frame."""
        size = (side, side)
        if not self.i420:
            crop = cv2.warpAffine(self.picture[..., :3], matrix, size, flags=cv2.INTER_LINEAR)
            return cv2.cvtColor(crop, cv2.COLOR_BGR2RGB)
        if side % 4:
            raise ValueError(f"an I420 crop's side must be a multiple of 4, not {side}")
        crop = np.empty((side * 3 // 2, side), np.uint8)
        y, u, v = planar.planes(self.picture)
        cy, cu, cv = planar.planes(crop)
        cv2.warpAffine(y, matrix, size, dst=cy, flags=cv2.INTER_LINEAR, borderValue=0)
        # A chroma pixel spans two frame pixels and two crop pixels: the same scale and turn,
        # the shift halved. Outside the frame: no colour (128), with Y 0 that is black.
        chroma = matrix.astype(np.float64)
        chroma[:, 2] *= 0.5
        half = (side // 2, side // 2)
        for plane, out in ((u, cu), (v, cv)):
            cv2.warpAffine(plane, chroma, half, dst=out, flags=cv2.INTER_LINEAR, borderValue=128)
        return cv2.cvtColor(crop, cv2.COLOR_YUV2RGB_I420)
