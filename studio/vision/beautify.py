"""Beautify from the face mesh: skin smoothing, whitening, face slimming, bigger eyes.

Everything happens inside the face region: the face oval the mesh delimits, grown by a margin in
which the warps fade out. Pixels outside it are never written, so goods held up beside the face
keep their colour exactly, whatever that colour is (skin-toned products included): the skin is
found by geometry, never by colour.
"""

from __future__ import annotations

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
_FIELD_STEP = 4  # the warp field is computed on a grid this much coarser, then scaled up
_MAX_SLIM = 0.09  # at 100, jaw points move this share of their distance to the nose inward
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
    """Weights 0..1 over the region: the face oval, less eyes, brows and lips, edges feathered
    inward (so nothing bleeds onto hair or background)."""
    x0, y0, x1, y1 = region
    scale = 0.5  # drawn at half size: the mask is soft anyway
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
    mask = cv2.resize(mask, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    return mask.astype(np.float32) * (1.0 / 255.0)


def _smooth_skin(roi: np.ndarray, radius: int) -> np.ndarray:
    """Edge-preserving smoothing (self-guided filter per channel): flat skin evens out, edges of
    eyes, nostrils and the jaw line stay."""
    size = (2 * radius + 1, 2 * radius + 1)
    eps = 0.06**2  # differences above ~6 % of full scale count as an edge

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    m = mean(roi)
    var = mean(roi * roi) - m * m
    a = var / (var + eps)
    b = m - a * m
    return mean(a) * roi + mean(b)


def _warp_field(face: Face, region: tuple[int, int, int, int], beautify: BeautifySettings):
    """Where each output pixel of the region takes its colour from (cv2.remap maps), or None."""
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


def beautify(image: np.ndarray, face: Face | None, settings: BeautifySettings) -> np.ndarray:
    """The picture with the face beautified; the same array back when there is nothing to do."""
    if face is None or not settings.on:
        return image
    region = face_region(face, image.shape)
    if region is None:
        return image
    x0, y0, x1, y1 = region
    roi = image[y0:y1, x0:x1, :3]
    result = roi
    if settings.smooth > 0 or settings.whiten > 0:
        weights = skin_mask(face, region)[..., None]
        work = roi.astype(np.float32) * (1.0 / 255.0)
        toned = work
        if settings.smooth > 0:
            radius = max(2, round(face.width() / 45))
            toned = _smooth_skin(work, radius)
            toned = work + (toned - work) * (settings.smooth / 100 * _MAX_SMOOTH)
        if settings.whiten > 0:
            lift = settings.whiten / 100 * _MAX_WHITEN
            toned = toned + lift * toned * (1.0 - toned)  # brightens mid-tones, keeps white white
        out = work + (toned - work) * weights
        result = np.clip(out * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if settings.slim > 0 or settings.eyes > 0:
        map_x, map_y = _warp_field(face, region, settings)
        result = cv2.remap(result, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out_image = image.copy()
    out_image[y0:y1, x0:x1, :3] = result
    return out_image
