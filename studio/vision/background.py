"""Background effects from a person mask: blur, replace, remove.

The model's mask is small (256x256) and a little noisy from frame to frame; before it is used it
is smoothed over time and refined at full resolution with a guided filter that follows the
picture's own edges (hair, shoulders), so the cut-out neither flickers nor halos.
"""

from __future__ import annotations

import cv2
import numpy as np


def shrink(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """The picture scaled down to width x height, cheaply: exact halvings (OpenCV's fast path
    for area averaging) while the picture is at least twice as big, then one bilinear step.
    A direct area resize by an odd factor costs ten times more at 720p."""
    h, w = image.shape[:2]
    while w >= 2 * width and h >= 2 * height:
        w, h = w // 2, h // 2
        image = cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    if (w, h) == (width, height):
        return image
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)


class MaskSmoother:
    """Exponential smoothing of successive masks; a new size starts afresh."""

    def __init__(self, keep: float = 0.5) -> None:
        self.keep = keep  # share of the previous mask kept: higher is steadier but lags motion
        self._mask: np.ndarray | None = None

    def update(self, mask: np.ndarray) -> np.ndarray:
        mask = mask.astype(np.float32, copy=False)
        if self._mask is None or self._mask.shape != mask.shape:
            self._mask = mask.copy()
        else:
            cv2.addWeighted(self._mask, self.keep, mask, 1.0 - self.keep, 0.0, dst=self._mask)
        return self._mask


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """He et al.'s guided filter with a grey guide: `src` smoothed, but keeping the guide's edges.
    guide and src are float32 in [0, 1] of the same size."""
    size = (2 * radius + 1, 2 * radius + 1)

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    mean_i, mean_p = mean(guide), mean(src)
    var_i = mean(guide * guide) - mean_i * mean_i
    cov_ip = mean(guide * src) - mean_i * mean_p
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return mean(a) * guide + mean(b)


def refine_mask(mask: np.ndarray, image: np.ndarray, work_width: int = 360) -> np.ndarray:
    """The model's mask (any size, 0..1) at the picture's size, its edge following the picture.

    The guided filter runs at a reduced width (cost), then the coefficients' result is scaled up;
    the mask stays soft where the picture has no edge (no hard cut-out halo)."""
    h, w = image.shape[:2]
    scale = min(1.0, work_width / w)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    grey = cv2.cvtColor(shrink(image[..., :3], sw, sh), cv2.COLOR_BGR2GRAY)
    grey = grey.astype(np.float32) * np.float32(1.0 / 255.0)
    small = cv2.resize(mask.astype(np.float32), (sw, sh), interpolation=cv2.INTER_LINEAR)
    radius = max(2, round(sw / 90))
    refined = guided_filter(grey, small, radius, 1e-3)
    np.clip(refined, 0.0, 1.0, out=refined)
    if (sw, sh) != (w, h):
        refined = cv2.resize(refined, (w, h), interpolation=cv2.INTER_LINEAR)
    return refined


def _blend(front: np.ndarray, back: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = np.ascontiguousarray(mask, np.float32)
    return cv2.blendLinear(front, back, weights, 1.0 - weights)


def blur_background(image: np.ndarray, mask: np.ndarray, strength: int) -> np.ndarray:
    """The person sharp, the rest blurred; strength 0-100 (0 returns the picture untouched)."""
    if strength <= 0:
        return image
    h, w = image.shape[:2]
    # Blur a quarter-size copy: the same look at a fraction of the cost of a wide kernel.
    small = shrink(image, max(1, w // 4), max(1, h // 4))
    radius = max(1, round(strength / 100 * 12))
    small = cv2.stackBlur(small, (2 * radius + 1, 2 * radius + 1))
    blurred = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return _blend(image, blurred, mask)


def replace_background(image: np.ndarray, mask: np.ndarray, background: np.ndarray) -> np.ndarray:
    """The person over another picture (scaled to fill, centred)."""
    h, w = image.shape[:2]
    if background.shape[:2] != (h, w):
        bh, bw = background.shape[:2]
        scale = max(w / bw, h / bh)
        sw, sh = max(w, round(bw * scale)), max(h, round(bh * scale))
        background = cv2.resize(background[..., :3], (sw, sh), interpolation=cv2.INTER_AREA)
        x0, y0 = (sw - w) // 2, (sh - h) // 2
        background = background[y0 : y0 + h, x0 : x0 + w]
    return _blend(image, np.ascontiguousarray(background[..., :3]), mask)


def remove_background(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """BGRA: the person opaque, the background transparent (layers behind show through)."""
    alpha = np.clip(mask * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return np.dstack([image[..., :3], alpha])
