"""Background effects from a person mask: blur, replace, remove.

The model's mask is small (256x256) and a little noisy from frame to frame; before it is used it
is smoothed over time and refined at full resolution with a guided filter that follows the
picture's own edges (hair, shoulders), so the cut-out neither flickers nor halos.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from studio.scene import resize
from studio.scene.compositor import fit_image
from studio.vision import planar
from studio.vision.blend import mix, weights_8bit
from studio.vision.planar import scaled


class MaskSmoother:
    """Successive masks smoothed over time where they differ a little and followed at once where
    they differ a lot; a new size starts afresh.

    The model's mask wavers a little from frame to frame (camera grain), which shows as a
    shimmering outline; the person moving changes it a lot, which must show at once. A fixed
    share kept of the previous mask (0.5 until stop 30) did both alike: with the models' turns
    4-7 frames apart, a moving person left a half-blurred trail of where they had been and a
    half-sharp edge where they went. Here each pixel keeps `keep` of the previous mask where
    the two agree, less as they differ, and none from `follow` apart. On the bench's panning
    camera (720x1280, turns every 4 frames, outlines within 4 px left out) 0.83 % of pixels
    were on the wrong side of the mask with the fixed share and 0.67 % with this; on a still
    camera with grain, 0.13 % and 0.09 % of pixels changed side from one turn to the next."""

    def __init__(self, keep: float = 0.8, follow: float = 0.2) -> None:
        self.keep = keep  # share of the previous mask kept where both agree
        self.follow = follow  # a difference of weight from which the new mask is taken whole
        self._mask: np.ndarray | None = None

    def update(self, mask: np.ndarray) -> np.ndarray:
        mask = mask.astype(np.float32, copy=False)
        previous = self._mask
        if previous is None or previous.shape != mask.shape:
            self._mask = mask.copy()
            return self._mask
        # keep x (1 - difference / follow), from `keep` down to 0
        share = cv2.absdiff(previous, mask)
        share *= np.float32(-self.keep / self.follow)
        share += np.float32(self.keep)
        np.maximum(share, 0.0, out=share)
        # mask + share x (previous - mask)
        self._mask = cv2.add(mask, cv2.multiply(share, cv2.subtract(previous, mask)))
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


_SNAP = 1.0 / 128  # weights this near 0 or 1 are made exact (at most 2 levels of 255 off), so
# pure areas are copied, not mixed: a narrower band to mix


_FRINGE = 0.06
WORK_WIDTH = 240  # the mask is refined at this width (the picture's edges at 720p: 1 in 3)


def work_size(width: int, height: int, work_width: int = WORK_WIDTH) -> tuple[int, int]:
    """The size a width x height picture's mask is refined at."""
    scale = min(1.0, work_width / width)
    return max(1, round(width * scale)), max(1, round(height * scale))


def refine_small(mask: np.ndarray, image: np.ndarray, work_width: int = WORK_WIDTH) -> np.ndarray:
    """The model's mask (any size, 0..1) refined against the picture at a reduced width: its edge
    follows the picture's own edges, and it stays soft where the picture has none (no hard
    cut-out halo). Weights within 1/128 of 0 or 1 are snapped to exactly 0 or 1. `image` may be
    the frame or a halved copy of it (the work size is the same)."""
    sw, sh = work_size(image.shape[1], image.shape[0], work_width)
    grey = cv2.cvtColor(resize.shrink(image[..., :3], (sw, sh)), cv2.COLOR_BGR2GRAY)
    grey = grey.astype(np.float32) * np.float32(1.0 / 255.0)
    small = cv2.resize(mask.astype(np.float32), (sw, sh), interpolation=cv2.INTER_LINEAR)
    radius = max(2, round(sw / 90))
    refined = guided_filter(grey, small, radius, 1e-3)
    # A little more contrast: the model's own fringe of near-certain weights (below 6 % or above
    # 94 %) becomes exact, which keeps the band to mix narrow without hardening the real edge.
    refined = (refined - _FRINGE) * np.float32(1.0 / (1.0 - 2 * _FRINGE))
    refined[refined < _SNAP] = 0.0
    refined[refined > 1.0 - _SNAP] = 1.0
    return refined


def refine_mask(mask: np.ndarray, image: np.ndarray, work_width: int = WORK_WIDTH) -> np.ndarray:
    """The refined mask (see refine_small) at the picture's size."""
    h, w = image.shape[:2]
    refined = refine_small(mask, image, work_width)
    if refined.shape != (h, w):
        refined = cv2.resize(refined, (w, h), interpolation=cv2.INTER_LINEAR)
    return refined


Run = tuple[int, int, int]  # first column, end column, kind: 0 background, 1 mixed, 2 person
Strips = tuple[tuple[int, int, tuple[Run, ...]], ...]  # first row, end row, runs
_MIN_GAP = 24  # pure runs narrower than this between two mixed ones are mixed too (one call)


def _merged(runs: list[Run]) -> tuple[Run, ...]:
    """Runs with short pure gaps between mixed runs mixed as well: mixing a pure pixel gives it
    unchanged, and each run is a call with its own overhead."""
    for i in range(1, len(runs) - 1):
        c0, c1, kind = runs[i]
        if kind != 1 and c1 - c0 < _MIN_GAP and runs[i - 1][2] == 1 and runs[i + 1][2] == 1:
            runs[i] = (c0, c1, 1)
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1][2] == run[2]:
            merged[-1] = (merged[-1][0], run[1], run[2])
        else:
            merged.append(run)
    return tuple(merged)


@dataclass(frozen=True)
class PersonMask:
    """A refined person mask at the picture's size, and where it is all person, all background or
    in between, strip by strip: blending then touches only the in-between band (a few tenths of
    the picture) and copies the rest, about half the cost of blending every pixel at 720p.

    The weights are kept as the 8-bit blend takes them: made once per analysis, never per frame.
    At 1080x1920 float weights and their inverse took 7 ms to make and float blending 3.8 ms a
    frame; 8-bit weights and their complement took 2.5 ms and 0.9 ms, and the complement is
    no longer kept (studio.vision.blend makes it as it mixes). For BGR pictures one copy per
    colour channel; for I420 pictures (`planar`) one for Y and one at half size for U and V.
    Strip and run edges are even, so a chroma plane's are exactly half."""

    weights: np.ndarray  # person weight x 255: HxWx3 uint8 (BGR), HxW (I420's Y)
    strips: Strips  # where the picture is all background, mixed or all person
    half: np.ndarray | None = None  # I420: the weights at half size
    coarse: Strips = ()  # I420: the strips for the chroma planes (twice as tall in pixels)

    @property
    def planar(self) -> bool:
        return self.half is not None

    @cached_property
    def alpha(self) -> np.ndarray:
        """HxW float32 0..1: the person weight (the 8-bit weights / 255)."""
        return self.opacity.astype(np.float32) * np.float32(1.0 / 255.0)

    @property
    def opacity(self) -> np.ndarray:
        """HxW uint8: the person weight x 255."""
        return self.weights if self.planar else self.weights[:, :, 0]

    def weights_at(self, factor: int) -> tuple[np.ndarray, Strips]:
        """The weights and the strips for a plane `factor` times smaller than the picture (strip
        and run edges in picture pixels)."""
        if factor == 1:
            return self.weights, self.strips
        assert self.half is not None and factor == 2
        return self.half, self.coarse

    @classmethod
    def from_small(
        cls, small: np.ndarray, width: int, height: int, planar: bool = False
    ) -> PersonMask:
        w8 = cv2.convertScaleAbs(small, alpha=255.0)
        half = None
        if planar:
            weights = w8
            half = cv2.resize(w8, (width // 2, height // 2), interpolation=cv2.INTER_LINEAR)
        else:  # scaled up as 8 bits, three channels at once: cheaper than a float mask
            weights = cv2.merge([w8, w8, w8])
        if small.shape != (height, width):
            weights = cv2.resize(weights, (width, height), interpolation=cv2.INTER_LINEAR)
        # BGR: strips of 32 rows, 3 bytes a pixel. I420 has half the bytes, and each strip costs
        # a call per plane: taller strips, more pixels mixed for far fewer calls (at 720x1280 the
        # blend took 0.45 ms with 128 and 256 rows against 0.85 ms with 32 and 64; at 1080x1920
        # 0.83 against 1.49 ms, one thread).
        # Each small pixel's lowest and highest weight with one small pixel more on every side
        # (upscaling blends neighbours): 3x3 min and max filters, shared by both strip sets. An
        # edge moved to an even pixel stays within that margin (a small pixel is 3 or more).
        low = cv2.erode(small, None, borderType=cv2.BORDER_REPLICATE)
        high = cv2.dilate(small, None, borderType=cv2.BORDER_REPLICATE)
        strips = _strips(low, high, width, height, 128 if planar else 32)
        coarse = _strips(low, high, width, height, 256) if planar else strips
        return cls(weights, strips, half, coarse)


def _strips(low: np.ndarray, high: np.ndarray, width: int, height: int, tall: int) -> Strips:
    """The picture in strips of about `tall` rows, each cut into runs of all background, mixed
    or all person, from the small mask's neighbourhood minima and maxima (`low`, `high`); edges
    even (a chroma plane's are exactly half)."""
    sh, sw = low.shape
    fy, fx = height / sh, width / sw
    rows = max(1, round(tall / fy))  # small rows per strip
    count = -(-sh // rows)
    extra = ((0, count * rows - sh), (0, 0))  # each strip's lowest and highest per column
    low = np.pad(low, extra, mode="edge").reshape(count, rows, sw).min(axis=1)
    high = np.pad(high, extra, mode="edge").reshape(count, rows, sw).max(axis=1)
    kinds = np.where(high <= 0.0, 0, np.where(low >= 1.0, 2, 1))
    columns = [c - c % 2 for c in (np.arange(sw) * fx).astype(int).tolist()] + [width]
    changes = kinds[:, 1:] != kinds[:, :-1]
    strips = []
    for i, kind in enumerate(kinds.tolist()):  # plain lists: a few dozen strips, fast
        edges = (np.flatnonzero(changes[i]) + 1).tolist()
        bounds = zip([0, *edges], [*edges, sw], strict=True)
        runs = _merged([(columns[a], columns[b], kind[a]) for a, b in bounds])
        top = i * rows
        r0 = int(top * fy) & ~1
        r1 = height if top + rows >= sh else int((top + rows) * fy) & ~1
        strips.append((r0, r1, runs))
    return tuple(strips)


def _copy_runs(
    out: np.ndarray, front: np.ndarray, mask: PersonMask, kind: int, factor: int
) -> None:
    """front's pixels into out where the mask's runs are of `kind`, and mixed (front by the
    person's weight) over the mixed runs; one plane `factor` times smaller than the picture."""
    weights, strips = mask.weights_at(factor)
    person = kind == 2
    for r0, r1, runs in strips:
        rows = slice(r0 // factor, r1 // factor)
        for c0, c1, run in runs:
            box = (rows, slice(c0 // factor, c1 // factor))
            if run == kind:
                out[box] = front[box]
            elif run == 1:
                if person:
                    mix(front[box], out[box], weights[box], out=out[box])
                else:
                    mix(out[box], front[box], weights[box], out=out[box])


def _blend(
    front: np.ndarray, back: np.ndarray, mask: np.ndarray | PersonMask, scratch: bool = False
) -> np.ndarray:
    """front where the mask is 1, back where it is 0, mixed between (BGR, or I420 with a planar
    mask). `scratch`: back may be written over (a fresh array)."""
    if not isinstance(mask, PersonMask):
        return mix(front, back, weights_8bit(np.asarray(mask, np.float32)))
    out = back if scratch else back.copy()
    for (plane, factor), (front_plane, _) in zip(scaled(out), scaled(front), strict=True):
        _copy_runs(plane, front_plane, mask, 2, factor)
    return out


def blurred(image: np.ndarray, strength: int) -> np.ndarray:
    """The whole picture blurred (strength 1-100), at its size (BGR or I420): a quarter-size
    copy is blurred and scaled back up, the same look at a fraction of the cost of a wide
    kernel. I420's chroma planes are half size already: halved once, blurred with Y's radius."""
    w, h = planar.size(image)
    quarter = (max(1, w // 4), max(1, h // 4))
    radius = max(1, round(strength / 100 * 12))
    kernel = (2 * radius + 1, 2 * radius + 1)
    if not planar.is_i420(image):
        small = cv2.stackBlur(resize.shrink(image, quarter), kernel)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    small = cv2.merge([resize.shrink(plane, quarter) for plane in planar.planes(image)])
    small = cv2.stackBlur(small, kernel)
    out = np.empty_like(image)
    for (plane, _), part in zip(scaled(out), cv2.split(small), strict=True):
        cv2.resize(part, plane.shape[::-1], dst=plane, interpolation=cv2.INTER_LINEAR)
    return out


def blur_background(
    image: np.ndarray,
    mask: np.ndarray | PersonMask,
    strength: int,
    backdrop: np.ndarray | None = None,
    writable: bool = False,
) -> np.ndarray:
    """The person sharp, the rest blurred; strength 0-100 (0 returns the picture untouched).
    BGR, or I420 with a planar mask.

    `backdrop`: the blurred picture (`blurred`) to put behind, made from this frame or one a
    frame before (the caller keeps it); it is not written to. `writable`: `image` is a fresh
    array of the caller's that may be changed in place (then only the background is written)."""
    if strength <= 0:
        return image
    if backdrop is None and not writable:
        return _blend(image, blurred(image, strength), mask, scratch=True)
    back = backdrop if backdrop is not None else blurred(image, strength)
    if not isinstance(mask, PersonMask):
        return _blend(image, back, mask)
    out = image if writable else image.copy()
    for (plane, factor), (back_plane, _) in zip(scaled(out), scaled(back), strict=True):
        _copy_runs(plane, back_plane, mask, 0, factor)
    return out


def fill(picture: np.ndarray, width: int, height: int) -> np.ndarray:
    """A picture's colour (BGR) scaled to cover width x height, centred, the overflow cut: the
    compositor's own "crop" fit."""
    bgr = np.ascontiguousarray(picture[..., :3])
    return np.ascontiguousarray(fit_image(bgr, width, height, "crop"))


def replace_background(
    image: np.ndarray, mask: np.ndarray | PersonMask, background: np.ndarray
) -> np.ndarray:
    """The person over another picture: BGR scaled to fill, centred, or already in the
    picture's own layout and size (I420 in, I420 out). `background` is not written to."""
    if background.shape != image.shape:
        w, h = planar.size(image)
        background = fill(background, w, h)
        if planar.is_i420(image):
            background = planar.from_bgr(background)
    return _blend(image, background, mask)


def remove_background(image: np.ndarray, mask: np.ndarray | PersonMask) -> np.ndarray:
    """BGRA: the person opaque, the background transparent (layers behind show through)."""
    if planar.is_i420(image):
        image = planar.to_bgr(image)
    if isinstance(mask, PersonMask):
        alpha = np.ascontiguousarray(mask.opacity)
    else:
        alpha = cv2.convertScaleAbs(mask, alpha=255.0)  # rounds and saturates to 0..255
    return cv2.merge([*cv2.split(image[..., :3]), alpha])
