"""Beautify from the face mesh: skin smoothing, whitening, face slimming, bigger eyes.

Everything happens inside the face region: the face oval the mesh delimits, grown by a margin in
which the warps fade out. Pixels outside it are never written, so goods held up beside the face
keep their colour exactly, whatever that colour is (skin-toned products included): the skin is
found by geometry, never by colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.vision.face import (
    FACE_OVAL,
    LEFT_BROW,
    LEFT_EYE,
    LEFT_JAW,
    LIPS,
    NOSE_TIP,
    RIGHT_BROW,
    RIGHT_EYE,
    RIGHT_JAW,
    Face,
)
from studio.vision.settings import BeautifySettings

REGION_MARGIN = 0.2  # the face region: the oval grown by this share of the face width
_FIELD_STEP = 8  # the warp field is computed on a grid this much coarser, then scaled up
_MAX_SLIM = 0.12  # at 100, jaw points move this share of their distance to the nose inward
_MAX_EYES = 0.22  # at 100, the eye centre is magnified 1 / (1 - this)
_MAX_WHITEN = 0.55
_MAX_SMOOTH = 0.9  # some skin texture always stays: fully smoothed skin looks like plastic


def face_region(face: Face, shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """x0, y0, x1, y1 of the part of the picture beautify may change; None when off-picture."""
    h, w = shape[:2]
    x0, y0, x1, y1 = face.bounds(REGION_MARGIN)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    return x0, y0, x1, y1


def _polygon(mask: np.ndarray, points: np.ndarray, value: int, scale: float) -> None:
    cv2.fillPoly(mask, [np.round(points * scale).astype(np.int32)], value, cv2.LINE_AA)


def skin_mask(face: Face, region: tuple[int, int, int, int]) -> np.ndarray:
    """Weights 0..1 (float32) over the region: the face oval, less eyes, brows and lips, edges
    feathered inward (so nothing bleeds onto hair or background)."""
    x0, y0, x1, y1 = region
    scale = 0.25  # drawn at quarter size: the mask is soft anyway
    sw, sh = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    xy = face.xy - (x0, y0)
    mask = np.zeros((sh, sw), np.uint8)
    _polygon(mask, xy[list(FACE_OVAL)], 255, scale)
    feature = np.zeros_like(mask)
    for part in (RIGHT_EYE, LEFT_EYE, RIGHT_BROW, LEFT_BROW, LIPS):
        _polygon(feature, xy[list(part)], 255, scale)
    feather = max(1, round(face.width() * scale * 0.04))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * feather + 1, 2 * feather + 1))
    feature = cv2.dilate(feature, kernel)
    mask = cv2.erode(mask, kernel)
    mask = cv2.subtract(mask, feature)
    mask = cv2.GaussianBlur(mask, (0, 0), feather)
    weights = cv2.resize(mask, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    return weights.astype(np.float32) * np.float32(1.0 / 255.0)


def smooth_skin(roi: np.ndarray, radius: int, edge: float = 0.06) -> np.ndarray:
    """Edge-preserving smoothing of a BGR picture (uint8): flat skin evens out, the edges of eyes,
    nostrils and the jaw line stay. A self-guided filter per channel, run at half size (the
    result only replaces skin texture, which it is meant to remove) and scaled back up."""
    h, w = roi.shape[:2]
    half = cv2.resize(roi, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    half = half.astype(np.float32) * np.float32(1.0 / 255.0)
    r = max(1, radius // 2)
    size = (2 * r + 1, 2 * r + 1)
    eps = np.float32(edge * edge)  # differences above `edge` (share of full scale) are kept

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    m = mean(half)
    var = mean(half * half) - m * m
    a = var / (var + eps)
    b = m - a * m
    smoothed = cv2.convertScaleAbs(mean(a) * half + mean(b), alpha=255.0)
    return cv2.resize(smoothed, (w, h), interpolation=cv2.INTER_LINEAR)


def _whiten_table(whiten: int) -> np.ndarray:
    """A tone curve lifting mid-tones (keeps black black and white white)."""
    lift = whiten / 100 * _MAX_WHITEN
    v = np.arange(256, dtype=np.float32) / 255.0
    return np.clip((v + lift * v * (1.0 - v)) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def warp_maps(
    face: Face, region: tuple[int, int, int, int], beautify: BeautifySettings
) -> tuple[np.ndarray, np.ndarray]:
    """Where each output pixel of the region takes its colour from (cv2.remap's maps, region
    pixels)."""
    x0, y0, x1, y1 = region
    w, h = x1 - x0, y1 - y0
    sw, sh = -(-w // _FIELD_STEP), -(-h // _FIELD_STEP)
    # Coarse grid positions in region pixels (pixel centres, as cv2.resize samples them).
    gx = (np.arange(sw, dtype=np.float32) + 0.5) * (w / sw) - 0.5
    gy = (np.arange(sh, dtype=np.float32) + 0.5) * (h / sh) - 0.5
    px, py = np.meshgrid(gx, gy)
    dx = np.zeros_like(px)
    dy = np.zeros_like(py)
    xy = face.xy - (x0, y0)
    face_w = face.width()
    if beautify.slim > 0:
        sigma2 = 2 * (0.11 * face_w) ** 2
        centre = xy[NOSE_TIP]
        pull = beautify.slim / 100 * _MAX_SLIM
        for idx in RIGHT_JAW + LEFT_JAW:
            point = xy[idx]
            move = (centre - point) * pull
            move[1] *= 0.3  # mostly sideways: a narrower face, not a shorter one
            weight = np.exp(-((px - point[0]) ** 2 + (py - point[1]) ** 2) / sigma2)
            # Inverse map: the pixel now at point + move shows what was at point.
            dx -= weight * move[0]
            dy -= weight * move[1]
        # Overlapping neighbours add up: keep the strongest pull at the asked share.
        norm = max(1.0, float(np.abs(dx).max()) / (pull * face_w * 0.45 + 1e-6))
        dx /= norm
        dy /= norm
    if beautify.eyes > 0:
        amount = beautify.eyes / 100 * _MAX_EYES
        for eye in (RIGHT_EYE, LEFT_EYE):
            contour = xy[list(eye)]
            centre = contour.mean(axis=0)
            radius = 1.1 * float(np.linalg.norm(contour[0] - contour[8]))
            rx, ry = px - centre[0], py - centre[1]
            falloff = np.clip(1.0 - (rx * rx + ry * ry) / (radius * radius), 0.0, None)
            dx -= rx * amount * falloff * falloff
            dy -= ry * amount * falloff * falloff
    # Fade to nothing towards the region's border: outside it, nothing moves.
    ramp = max(1.0, REGION_MARGIN * face_w)
    fade_x = np.clip(np.minimum(gx, w - 1 - gx) / ramp, 0.0, 1.0)
    fade_y = np.clip(np.minimum(gy, h - 1 - gy) / ramp, 0.0, 1.0)
    fade = np.outer(fade_y * fade_y * (3 - 2 * fade_y), fade_x * fade_x * (3 - 2 * fade_x))
    dx *= fade
    dy *= fade
    dx = cv2.resize(dx, (w, h), interpolation=cv2.INTER_LINEAR)
    dy = cv2.resize(dy, (w, h), interpolation=cv2.INTER_LINEAR)
    map_x = dx + np.arange(w, dtype=np.float32)[None, :]
    map_y = dy + np.arange(h, dtype=np.float32)[:, None]
    return map_x, map_y


@dataclass(frozen=True)
class FaceLook:
    """What beautify needs for one face mesh and one setting, made once and applied to every frame
    until the next analysis: the region, the skin weights, the tone curve and the warp."""

    region: tuple[int, int, int, int]
    settings: BeautifySettings
    radius: int  # smoothing radius, pixels
    weights: np.ndarray | None  # skin weights over the region (smoothing, whitening)
    inverse: np.ndarray | None  # 1 - weights
    lut: np.ndarray | None  # whitening tone curve
    maps: tuple[np.ndarray, np.ndarray] | None  # fixed-point remap tables (slimming, eyes)


def prepare(
    face: Face | None, shape: tuple[int, ...], settings: BeautifySettings
) -> FaceLook | None:
    """The look for this face, or None when there is nothing to do."""
    if face is None or not settings.on:
        return None
    region = face_region(face, shape)
    if region is None:
        return None
    weights = inverse = lut = maps = None
    if settings.smooth > 0 or settings.whiten > 0:
        weights = skin_mask(face, region)
        inverse = 1.0 - weights
    if settings.whiten > 0:
        lut = _whiten_table(settings.whiten)
    if settings.slim > 0 or settings.eyes > 0:
        map_x, map_y = warp_maps(face, region, settings)
        maps = cv2.convertMaps(map_x, map_y, cv2.CV_16SC2)  # fixed point: remap runs faster
    radius = max(2, round(face.width() / 45))
    return FaceLook(region, settings, radius, weights, inverse, lut, maps)


def apply_look(image: np.ndarray, look: FaceLook | None) -> np.ndarray:
    """The picture with the look applied in its region; the same array back with no look."""
    if look is None:
        return image
    h, w = image.shape[:2]
    x0, y0, x1, y1 = look.region
    if x1 > w or y1 > h:  # the picture changed size since the look was made
        return image
    settings = look.settings
    roi = np.ascontiguousarray(image[y0:y1, x0:x1, :3])
    result = roi
    if look.weights is not None and look.inverse is not None:
        toned = roi
        if settings.smooth > 0:
            level = settings.smooth / 100
            # Stronger settings also even out finer lines (wrinkles), not only blemishes.
            smoothed = smooth_skin(roi, look.radius, 0.04 + 0.08 * level)
            share = level * _MAX_SMOOTH
            toned = cv2.addWeighted(roi, 1.0 - share, smoothed, share, 0.0)
        if look.lut is not None:
            toned = cv2.LUT(toned, look.lut)
        result = cv2.blendLinear(toned, roi, look.weights, look.inverse)
    if look.maps is not None:
        result = cv2.remap(
            result, look.maps[0], look.maps[1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
    out_image = image.copy()
    out_image[y0:y1, x0:x1, :3] = result
    return out_image


def beautify(image: np.ndarray, face: Face | None, settings: BeautifySettings) -> np.ndarray:
    """The picture with the face beautified; the same array back when there is nothing to do."""
    return apply_look(image, prepare(face, image.shape, settings))
