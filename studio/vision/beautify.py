"""Beautify from the face mesh: skin smoothing, whitening, face slimming, bigger eyes.

Everything happens inside the face region: the face oval the mesh delimits, grown by a margin in
which the warps fade out. Pixels outside it are never written, so goods held up beside the face
keep their colour exactly, whatever that colour is (skin-toned products included): the skin is
found by geometry, never by colour.

A look made for I420 pictures (prepare(..., planar=True), studio.vision.planar) does the same on
the planes a decoder gives: Y at full size, U and V over boxes of exactly half (the look's boxes
have even edges), so a decoded camera is never made BGR for beautify.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from studio.scene.resize import halve, shrink
from studio.vision import planar as i420
from studio.vision.blend import mix, weights_8bit
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

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in picture pixels

REGION_MARGIN = 0.2  # the face region: the oval grown by this share of the face width
_FIELD_STEP = 8  # the warp field is computed on a grid this much coarser, then scaled up
_MAX_SLIM = 0.12  # at 100, jaw points move this share of their distance to the nose inward
_MAX_EYES = 0.22  # at 100, the eye centre is magnified 1 / (1 - this)
_MAX_WHITEN = 0.55
SMOOTH_WIDTH = 160  # skin is smoothed at most this many pixels wide (a 720p face, halved)
_MAX_SMOOTH = 0.9  # some skin texture always stays: fully smoothed skin looks like plastic


def face_region(face: Face, shape: tuple[int, ...]) -> Box | None:
    """x0, y0, x1, y1 of the part of the picture beautify may change; None when off-picture."""
    h, w = shape[:2]
    x0, y0, x1, y1 = face.bounds(REGION_MARGIN)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    return x0, y0, x1, y1


def _polygon(mask: np.ndarray, points: np.ndarray, value: int, scale: float) -> None:
    cv2.fillPoly(mask, [np.round(points * scale).astype(np.int32)], value, cv2.LINE_AA)


def skin_mask(face: Face, region: Box) -> np.ndarray:
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
    result only replaces skin texture, which it is meant to remove) and scaled back up; a face
    bigger than a 720p camera's at most SMOOTH_WIDTH wide (the same smoothing for the face,
    2.2 times fewer pixels for a 1080x1920 camera's)."""
    h, w = roi.shape[:2]
    if w // 2 > SMOOTH_WIDTH:
        size = (SMOOTH_WIDTH, max(1, round(h * SMOOTH_WIDTH / w)))
        half = shrink(roi, size).astype(np.float32) * np.float32(1.0 / 255.0)
        r = max(1, round(radius * SMOOTH_WIDTH / w))
    else:
        half = halve(roi, max(1, w // 2), max(1, h // 2)).astype(np.float32)
        half *= np.float32(1.0 / 255.0)
        r = max(1, radius // 2)
    smoothed = _self_guided(half, r, edge)
    return cv2.resize(smoothed, (w, h), interpolation=cv2.INTER_LINEAR)


def _self_guided(small: np.ndarray, r: int, edge: float) -> np.ndarray:
    """A self-guided filter of radius r per channel of a float picture 0..1; uint8 back."""
    size = (2 * r + 1, 2 * r + 1)
    eps = np.float32(edge * edge)  # differences above `edge` (share of full scale) are kept

    def mean(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    m = mean(small)
    var = mean(small * small) - m * m
    a = var / (var + eps)
    b = m - a * m
    return cv2.convertScaleAbs(mean(a) * small + mean(b), alpha=255.0)


def smooth_planes(
    small: np.ndarray, size: tuple[int, int], radius: int, edge: float = 0.06
) -> tuple[np.ndarray, np.ndarray]:
    """smooth_skin for an I420 box of `size` (width, height; both even), given as its small
    picture: Y halved, U and V (exactly Y halved's size) as three channels, the picture
    smooth_skin makes by halving BGR (shrunk further to SMOOTH_WIDTH for a big face, as
    there). The small picture smoothed, and its Y scaled back up to `size`."""
    width, height = size
    ch, cw = small.shape[:2]
    if cw > SMOOTH_WIDTH:
        work = shrink(small, (SMOOTH_WIDTH, max(1, round(height * SMOOTH_WIDTH / width))))
        r = max(1, round(radius * SMOOTH_WIDTH / width))
    else:
        work, r = small, max(1, radius // 2)
    work = work.astype(np.float32)
    work *= np.float32(1.0 / 255.0)
    smoothed = _self_guided(work, r, edge)
    y = cv2.resize(cv2.extractChannel(smoothed, 0), size, interpolation=cv2.INTER_LINEAR)
    if smoothed.shape[:2] != (ch, cw):
        smoothed = cv2.resize(smoothed, (cw, ch), interpolation=cv2.INTER_LINEAR)
    return smoothed, y


def _whiten_table(whiten: int) -> np.ndarray:
    """A tone curve lifting mid-tones (keeps black black and white white)."""
    lift = whiten / 100 * _MAX_WHITEN
    v = np.arange(256, dtype=np.float32) / 255.0
    return np.clip((v + lift * v * (1.0 - v)) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _luma_table(whiten: int) -> np.ndarray:
    """The whitening curve of _whiten_table on luma, in its legal range (Y 16..235 as 0..1)."""
    lift = whiten / 100 * _MAX_WHITEN
    levels = np.arange(256, dtype=np.float32)
    v = np.clip((levels - 16) / 219, 0.0, 1.0)  # outside the legal range: left as it is
    return np.clip(levels + 219 * lift * v * (1.0 - v) + 0.5, 0, 255).astype(np.uint8)


# BT.601 limited range (as planar.from_bgr / to_bgr) for cv2.transform: BGR -> YUV and back.
_YUV_OF_BGR = np.array(
    [
        [0.114, 0.587, 0.299],
        [0.5, -0.331264, -0.168736],
        [-0.081312, -0.418688, 0.5],
    ]
) * np.array([[219 / 255], [224 / 255], [224 / 255]])
_BGR_OF_YUV = np.linalg.inv(_YUV_OF_BGR)
_OFFSET = np.array([16.0, 128.0, 128.0])
_BGR_TO_YUV = np.hstack([_YUV_OF_BGR, _OFFSET[:, None]]).astype(np.float32)
_YUV_TO_BGR = np.hstack([_BGR_OF_YUV, -(_BGR_OF_YUV @ _OFFSET)[:, None]]).astype(np.float32)


def whiten_planes(
    y: np.ndarray, small: np.ndarray, luma: np.ndarray, curve: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The BGR tone curve (`curve`) applied to an I420 box: its Y and its small picture (Y halved,
    U, V as three channels). Y takes the curve on luma (`luma`) per pixel. The small picture's
    pixels are each one colour (a chroma pixel, its four luma pixels averaged): through the
    curve in BGR they give the new U and V, and how much darker their luma came out than with
    the curve on luma alone (the curve is bent: the channels of a saturated colour gain less
    than their average) is taken off their four Y."""
    whitened = cv2.transform(cv2.LUT(cv2.transform(small, _YUV_TO_BGR), curve), _BGR_TO_YUV)
    # That darkening (a few levels, either sign from rounding) held about 128 in a byte.
    change = cv2.addWeighted(
        cv2.extractChannel(whitened, 0),
        1.0,
        cv2.LUT(cv2.extractChannel(small, 0), luma),
        -1.0,
        128.0,
    )
    change = cv2.resize(change, y.shape[::-1], interpolation=cv2.INTER_NEAREST)
    return cv2.addWeighted(cv2.LUT(y, luma), 1.0, change, 1.0, -128.0), whitened


def _field(face: Face, region: Box, beautify: BeautifySettings) -> tuple[np.ndarray, np.ndarray]:
    """The warp's displacement (x, y) on a grid _FIELD_STEP times coarser than the region."""
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
        pull = beautify.slim / 100 * _MAX_SLIM
        points = xy[list(RIGHT_JAW + LEFT_JAW)].astype(np.float32)
        moves = (xy[NOSE_TIP] - points) * pull
        moves[:, 1] *= 0.3  # mostly sideways: a narrower face, not a shorter one
        # Each jaw point pulls with a Gaussian weight, which is a column part times a row part:
        # all twenty summed at once as (rows x points) @ (points x columns), not point by point
        # over the whole grid (1.1 -> 0.2 ms of each analysis at 1080x1920).
        across = np.exp(-((gx[None, :] - points[:, :1]) ** 2) / sigma2)  # points x columns
        down = np.exp(-((gy[None, :] - points[:, 1:]) ** 2) / sigma2)  # points x rows
        # Inverse map: the pixel now at point + move shows what was at point.
        dx -= np.einsum("pr,pc->rc", down * moves[:, :1], across)
        dy -= np.einsum("pr,pc->rc", down * moves[:, 1:], across)
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
    return dx, dy


def _maps(
    dx: np.ndarray,
    dy: np.ndarray,
    region: Box,
    box: Box,
) -> tuple[np.ndarray, np.ndarray]:
    """cv2.remap's maps over `box` (inside the region) from the coarse field, in box pixels."""
    x0, y0, x1, y1 = region
    w, h = x1 - x0, y1 - y0
    dx = _crop(cv2.resize(dx, (w, h), interpolation=cv2.INTER_LINEAR), region, box)
    dy = _crop(cv2.resize(dy, (w, h), interpolation=cv2.INTER_LINEAR), region, box)
    map_x = dx + np.arange(box[2] - box[0], dtype=np.float32)[None, :]
    map_y = dy + np.arange(box[3] - box[1], dtype=np.float32)[:, None]
    return map_x, map_y


def warp_maps(face: Face, region: Box, beautify: BeautifySettings) -> tuple[np.ndarray, np.ndarray]:
    """Where each output pixel of the region takes its colour from (cv2.remap's maps, region
    pixels)."""
    return _maps(*_field(face, region, beautify), region, region)


def _box_of(mask: np.ndarray, origin: tuple[int, int], pad: int = 0) -> Box | None:
    """The bounding box of a mask's non-zero cells, in picture pixels from `origin`, grown by
    `pad` and kept inside the mask; None when it is all zero."""
    x, y, w, h = cv2.boundingRect(mask.astype(np.uint8))
    if w == 0 or h == 0:
        return None
    rows, cols = mask.shape[:2]
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(cols, x + w + pad), min(rows, y + h + pad)
    return origin[0] + x0, origin[1] + y0, origin[0] + x1, origin[1] + y1


def _crop(array: np.ndarray, outer: Box, inner: Box) -> np.ndarray:
    """The part of `array` (covering `outer`) that covers `inner`."""
    (ox, oy), (x0, y0, x1, y1) = outer[:2], inner
    return array[y0 - oy : y1 - oy, x0 - ox : x1 - ox]


_STILL = 1.0 / 64  # displacements below this (pixels) leave a pixel as it is (remap: 1/32 steps)


@dataclass(frozen=True)
class FaceLook:
    """What beautify needs for one face mesh and one setting, made once and applied to every frame
    until the next analysis: the skin weights and tone curve over the skin's box, and the warp
    over the box where something moves. Both boxes lie inside the face region (for an I420 look,
    inside it grown to even edges)."""

    region: Box
    settings: BeautifySettings
    radius: int  # smoothing radius, pixels
    skin: Box | None  # where the skin weights are non-zero
    # Skin weights over `skin` (smoothing, whitening) as the 8-bit mix takes them: weight x 255
    # per colour channel (studio.vision.blend.weights_8bit). For I420: one channel, for Y.
    weights: np.ndarray | None
    lut: np.ndarray | None  # whitening tone curve (for I420: of Y)
    warp: Box | None  # where the warp moves pixels
    # Remap tables over `warp`: fixed point for BGR, float x and y for I420's Y (_planar_maps).
    maps: tuple[np.ndarray, np.ndarray] | None
    # An I420 look (studio.vision.planar): both boxes have even edges, so U's and V's boxes are
    # exactly half; what follows is for those chroma planes.
    planar: bool = False
    # Skin weights over half `skin` as `weights`, three channels (Y halved, U, V: the small
    # picture the steps for chroma work on).
    chroma_weights: np.ndarray | None = None
    curve: np.ndarray | None = None  # whitening: the BGR tone curve (`lut`: of Y)
    chroma_maps: tuple[np.ndarray, np.ndarray] | None = None  # over half `warp`


def _over(array: np.ndarray, outer: Box, inner: Box) -> np.ndarray:
    """_crop where `inner` may reach past `outer` (an even-grown box: a pixel at most): zero
    there."""
    ox0, oy0, ox1, oy1 = outer
    x0, y0, x1, y1 = inner
    out = np.zeros((y1 - y0, x1 - x0), array.dtype)
    cx0, cy0, cx1, cy1 = max(x0, ox0), max(y0, oy0), min(x1, ox1), min(y1, oy1)
    out[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0] = _crop(array, outer, (cx0, cy0, cx1, cy1))
    return out


def _half(box: Box) -> Box:
    """An even box's chroma box."""
    return box[0] // 2, box[1] // 2, box[2] // 2, box[3] // 2


def _planar_maps(
    dx: np.ndarray, dy: np.ndarray, region: Box, box: Box
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Y's and chroma's remap tables over an even box: a chroma pixel sits at the middle of its
    2x2 luma pixels and moves half as many of its own pixels. Float tables: remapping one
    channel with them costs 0.7 of the fixed-point ones (OpenCV 5, 1034x944, 1.8 ms against
    2.6), the other way round from three channels."""
    x0, y0, x1, y1 = region
    dense = [cv2.resize(d, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR) for d in (dx, dy)]
    bx, by = _over(dense[0], region, box), _over(dense[1], region, box)
    w, h = box[2] - box[0], box[3] - box[1]
    cx, cy = (cv2.resize(d, (w // 2, h // 2), interpolation=cv2.INTER_AREA) * 0.5 for d in (bx, by))
    bx += np.arange(w, dtype=np.float32)[None, :]
    by += np.arange(h, dtype=np.float32)[:, None]
    cx += np.arange(w // 2, dtype=np.float32)[None, :]
    cy += np.arange(h // 2, dtype=np.float32)[:, None]
    return (bx, by), (cx, cy)


def prepare(
    face: Face | None,
    shape: tuple[int, ...],
    settings: BeautifySettings,
    planar: bool = False,
) -> FaceLook | None:
    """The look for this face, or None when there is nothing to do. `shape`: the picture's as
    BGR (H, W, 3); `planar`: the look is for I420 pictures of that size (studio.vision.planar)."""
    if face is None or not settings.on:
        return None
    region = face_region(face, shape)
    if region is None:
        return None
    height, width = shape[:2]
    origin = region[:2]
    skin = weights = lut = warp = maps = None
    chroma_weights = curve = chroma_maps = None
    if settings.smooth > 0 or settings.whiten > 0:
        mask = skin_mask(face, region)
        skin = _box_of(mask > 0, origin)
        if skin is not None and planar:
            skin = i420.even_box(*skin, width, height)
            over = _over(mask, region, skin)
            weights = weights_8bit(over, channels=1)
            half = cv2.resize(
                over,
                ((skin[2] - skin[0]) // 2, (skin[3] - skin[1]) // 2),
                interpolation=cv2.INTER_AREA,
            )
            chroma_weights = weights_8bit(half)  # Y halved, U, V
        elif skin is not None:
            weights = weights_8bit(_crop(mask, region, skin))
    if settings.whiten > 0:
        if planar:
            lut, curve = _luma_table(settings.whiten), _whiten_table(settings.whiten)
        else:
            lut = _whiten_table(settings.whiten)
    if settings.slim > 0 or settings.eyes > 0:
        dx, dy = _field(face, region, settings)
        moved = (np.abs(dx) >= _STILL) | (np.abs(dy) >= _STILL)
        warp = _box_of(moved, (0, 0), pad=1)  # in grid cells; one more: scaling up blends
        if warp is not None:
            x0, y0, x1, y1 = region
            fx, fy = (x1 - x0) / dx.shape[1], (y1 - y0) / dx.shape[0]
            warp = (
                x0 + int(warp[0] * fx),
                y0 + int(warp[1] * fy),
                min(x1, x0 + math.ceil(warp[2] * fx)),
                min(y1, y0 + math.ceil(warp[3] * fy)),
            )
            if planar:
                warp = i420.even_box(*warp, width, height)
                maps, chroma_maps = _planar_maps(dx, dy, region, warp)
            else:
                # In the box's own pixels: the box is what remap will be given.
                map_x, map_y = _maps(dx, dy, region, warp)
                maps = cv2.convertMaps(map_x, map_y, cv2.CV_16SC2)  # fixed point: remap is faster
    radius = max(2, round(face.width() / 45))
    return FaceLook(
        region,
        settings,
        radius,
        skin,
        weights,
        lut,
        warp,
        maps,
        planar,
        chroma_weights,
        curve,
        chroma_maps,
    )


def apply_look(picture: np.ndarray, look: FaceLook | None) -> np.ndarray:
    """The picture with the look applied in its region, a new array; the same array back with no
    look, or one made for another size or layout (BGR or I420) than the picture's."""
    if look is None or i420.is_i420(picture) != look.planar:
        return picture
    w, h = i420.size(picture)
    if look.region[2] > w or look.region[3] > h:  # the picture changed size since the look
        return picture
    if look.planar:
        return _apply_planar(picture, look)
    out = picture.copy()
    settings = look.settings
    if look.skin is not None and look.weights is not None:
        x0, y0, x1, y1 = look.skin
        roi = np.ascontiguousarray(out[y0:y1, x0:x1, :3])
        toned = roi
        if settings.smooth > 0:
            level = settings.smooth / 100
            # Stronger settings also even out finer lines (wrinkles), not only blemishes.
            smoothed = smooth_skin(roi, look.radius, 0.04 + 0.08 * level)
            share = level * _MAX_SMOOTH
            toned = cv2.addWeighted(roi, 1.0 - share, smoothed, share, 0.0)
        if look.lut is not None:
            toned = cv2.LUT(toned, look.lut)
        out[y0:y1, x0:x1, :3] = mix(toned, roi, look.weights)
    if look.warp is not None and look.maps is not None:
        x0, y0, x1, y1 = look.warp
        roi = np.ascontiguousarray(out[y0:y1, x0:x1, :3])
        out[y0:y1, x0:x1, :3] = cv2.remap(
            roi, look.maps[0], look.maps[1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
    return out


def _apply_planar(picture: np.ndarray, look: FaceLook) -> np.ndarray:
    """apply_look on I420: the same steps plane by plane, Y over the boxes, U and V over their
    halves; the picture copied once, then its boxes written."""
    out = picture.copy()  # the given picture is read by other threads: never written
    y, u, v = i420.planes(out)
    settings = look.settings
    if look.skin is not None and look.weights is not None and look.chroma_weights is not None:
        x0, y0, x1, y1 = look.skin
        cx0, cy0, cx1, cy1 = _half(look.skin)
        luma, u_roi, v_roi = y[y0:y1, x0:x1], u[cy0:cy1, cx0:cx1], v[cy0:cy1, cx0:cx1]
        # Y halved, U and V as one small picture: what smoothing filters and whitening tones.
        small = cv2.merge([halve(luma, cx1 - cx0, cy1 - cy0), u_roi, v_roi])
        toned_luma, toned = luma, small
        if settings.smooth > 0:
            level = settings.smooth / 100
            smoothed, smoothed_luma = smooth_planes(
                small, (x1 - x0, y1 - y0), look.radius, 0.04 + 0.08 * level
            )
            share = level * _MAX_SMOOTH
            toned = cv2.addWeighted(small, 1.0 - share, smoothed, share, 0.0)
            toned_luma = cv2.addWeighted(luma, 1.0 - share, smoothed_luma, share, 0.0)
        if look.lut is not None and look.curve is not None:
            toned_luma, toned = whiten_planes(toned_luma, toned, look.lut, look.curve)
        mix(toned_luma, luma, look.weights, out=luma)
        toned = mix(toned, small, look.chroma_weights)
        cv2.extractChannel(toned, 1, dst=u_roi)
        cv2.extractChannel(toned, 2, dst=v_roi)
    if look.warp is not None and look.maps is not None and look.chroma_maps is not None:
        x0, y0, x1, y1 = look.warp
        cx0, cy0, cx1, cy1 = _half(look.warp)
        for plane, (bx0, by0, bx1, by1), maps in (
            (y, look.warp, look.maps),
            (u, (cx0, cy0, cx1, cy1), look.chroma_maps),
            (v, (cx0, cy0, cx1, cy1), look.chroma_maps),
        ):
            roi = plane[by0:by1, bx0:bx1]
            roi[:] = cv2.remap(
                roi, maps[0], maps[1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )
    return out


def beautify(image: np.ndarray, face: Face | None, settings: BeautifySettings) -> np.ndarray:
    """The picture with the face beautified; the same array back when there is nothing to do."""
    return apply_look(image, prepare(face, image.shape, settings))
