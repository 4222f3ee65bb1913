"""Measuring a platform's screen from its viewer app: stream the calibration card, take a
screenshot of the live room on a phone, and the parts of the card the app covered (its bars,
buttons, comments, gifts) or cut off (a phone taller than 9:16 crops the sides) are its zones.

The card is a field of random coloured cells: many corners to find it again in the screenshot
(ORB features, a RANSAC fit of scale and offset: the app shows the stream scaled, never turned
or skewed), and a known colour at every pixel to tell the app's drawing from the card's.
Headless: the window and `studio zones` both measure through `measure`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from studio.capture.image import load_image
from studio.scene.rects import Rect, area, bounding, grown, overlaps
from studio.scene.resize import shrink
from studio.scene.zones import Zone, zone

_SEED = 20261207  # the card is the same picture every time, for a canvas size
_CELLS = 36  # cells across the canvas's short side
# Bounds on a hostile or huge screenshot: phones' screens are at most a few thousand pixels.
MAX_SCREENSHOT_PIXELS = 40_000_000
_WORK_SIDE = 1400  # the card is matched at about this size (longer side): enough corners
_MIN_MATCHES = 40
_DIFF = 48  # a change in any colour channel past this (of 255) is the app drawing
_MIN_ZONE = 0.0005  # of the canvas's area (a 30 px button at 1080): smaller marks are noise
_JOIN = 0.05  # of the canvas's short side: marks this close are one zone (a row of buttons)...
_MAX_MARKS = 120  # the largest marks only: joining goes pair by pair
_SPARE = 1.5  # ...while their joint box is at most this much more than the two boxes' areas


class ZoneMeasureError(ValueError):
    """A screenshot that cannot be measured; `reason` is one of the keys the window words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class MeasuredScreen:
    """What a phone showed of the card, in canvas pixels."""

    covered: list[Rect]  # drawn over by the app
    cut_off: list[Rect]  # not on the phone's screen at all
    scale: float  # phone pixels per canvas pixel
    matches: int  # card corners found again (how sure the fit is)


def calibration_card(width: int, height: int) -> np.ndarray:
    """The card (BGR) for a canvas of this size: random cells of mid-bright colours, so white
    text, dark panels and bright icons all differ from it."""
    if width <= 0 or height <= 0:
        raise ValueError(f"a canvas of {width}x{height} has no room")
    cell = max(4, round(min(width, height) / _CELLS))
    rows, cols = math.ceil(height / cell), math.ceil(width / cell)
    rng = np.random.default_rng(_SEED)
    colours = rng.integers(60, 200, size=(rows, cols, 3), dtype=np.uint8)
    card = np.repeat(np.repeat(colours, cell, axis=0), cell, axis=1)[:height, :width]
    return np.ascontiguousarray(card)


def _gray_small(image: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = image.shape[:2]
    f = min(1.0, side / max(h, w))
    small = shrink(image, (max(1, round(w * f)), max(1, round(h * f))))
    return cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), f


def _fit(card: np.ndarray, shot: np.ndarray) -> tuple[np.ndarray, int]:
    """The 2x3 transform from screenshot pixels to card pixels, and the matches it rests on."""
    card_g, cf = _gray_small(card, _WORK_SIDE)
    shot_g, sf = _gray_small(shot, _WORK_SIDE)
    orb = cv2.ORB_create(nfeatures=6000, fastThreshold=10)
    kc, dc = orb.detectAndCompute(card_g, None)
    ks, ds = orb.detectAndCompute(shot_g, None)
    if dc is None or ds is None or len(kc) < _MIN_MATCHES or len(ks) < _MIN_MATCHES:
        raise ZoneMeasureError("not_the_card", "the calibration card is not in this screenshot")
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(ds, dc, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance]
    if len(good) < _MIN_MATCHES:
        raise ZoneMeasureError("not_the_card", "the calibration card is not in this screenshot")
    src = np.float32([ks[m.queryIdx].pt for m in good]) / sf
    dst = np.float32([kc[m.trainIdx].pt for m in good]) / cf
    m, inliers = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=3.0 / cf, maxIters=4000
    )
    found = int(inliers.sum()) if inliers is not None else 0
    if m is None or found < _MIN_MATCHES:
        raise ZoneMeasureError("not_the_card", "the calibration card is not in this screenshot")
    angle = math.degrees(math.atan2(m[1, 0], m[0, 0]))
    if abs(angle) > 1.0:
        raise ZoneMeasureError(
            "turned", "the screenshot is turned: take it with the phone upright, not edited"
        )
    return m, found


def _boxes(mask: np.ndarray, width: int, height: int) -> list[Rect]:
    """The bounding boxes of the mask's marks, small ones dropped and near ones joined."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    least = _MIN_ZONE * width * height
    marks = [
        (int(x), int(y), int(w), int(h))
        for x, y, w, h, n in stats[1:count]
        if w * h >= least and n >= least / 4
    ]
    boxes = sorted(marks, key=area, reverse=True)[:_MAX_MARKS]
    join = max(1, round(_JOIN * min(width, height)))
    merged = True
    while merged:  # one pair at a time, until no two are near enough and in line
        merged = False
        for i, j in itertools.combinations(range(len(boxes)), 2):
            a, b = boxes[i], boxes[j]
            if not overlaps(grown(a, join), b):  # not near
                continue
            joint = bounding(a, b)
            if overlaps(a, b) or area(joint) <= _SPARE * (area(a) + area(b)):
                boxes[i] = joint
                del boxes[j]
                merged = True
                break
    return sorted(boxes, key=lambda r: (r[1], r[0]))


def load_screenshot(path: Path) -> np.ndarray:
    """A screenshot file as BGR, its alpha (if any) dropped; SourceError when it cannot be
    read (load_image already makes a grey picture BGR)."""
    image = load_image(path)
    return image if image.shape[2] == 3 else cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)


def measure(screenshot: np.ndarray, width: int, height: int) -> MeasuredScreen:
    """What the viewer app in `screenshot` (BGR, the phone's whole screen) drew over or cut
    off of the calibration card streamed on a width x height canvas."""
    if screenshot.ndim != 3 or screenshot.shape[2] != 3:
        raise ZoneMeasureError("unreadable", "the screenshot is not a colour picture")
    sh, sw = screenshot.shape[:2]
    if sh * sw > MAX_SCREENSHOT_PIXELS:
        raise ZoneMeasureError("too_large", "the screenshot is larger than any phone's screen")
    card = calibration_card(width, height)
    m, found = _fit(card, screenshot)
    scale = 1.0 / math.hypot(m[0, 0], m[1, 0])  # phone pixels per canvas pixel
    if scale * min(width, height) < 200:
        raise ZoneMeasureError(
            "too_small", "the live room is too small in the screenshot: show it full screen"
        )
    shown = cv2.warpAffine(screenshot, m, (width, height), flags=cv2.INTER_AREA)
    seen = cv2.warpAffine(
        np.full((sh, sw), 255, np.uint8), m, (width, height), flags=cv2.INTER_NEAREST
    )
    # The phone's picture is softer than the card (scaled, compressed): both blurred alike,
    # so cell edges do not count as the app's drawing.
    sigma = max(1.0, 1.2 / min(1.0, scale))
    a = cv2.GaussianBlur(card, (0, 0), sigma).astype(np.int16)
    b = cv2.GaussianBlur(shown, (0, 0), sigma).astype(np.int16)
    changed = (np.abs(a - b).max(axis=2) > _DIFF) & (seen > 0)
    mask = changed.astype(np.uint8) * 255
    small = max(3, round(min(width, height) / 200)) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((small, small), np.uint8))
    close = max(5, round(min(width, height) * _JOIN)) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((close, close), np.uint8))
    covered = _boxes(mask, width, height)
    cut = ((seen == 0) * 255).astype(np.uint8)
    cut = cv2.morphologyEx(cut, cv2.MORPH_OPEN, np.ones((small, small), np.uint8))
    return MeasuredScreen(covered, _boxes(cut, width, height), scale, found)


def as_zones(screen: MeasuredScreen, width: int, height: int) -> tuple[Zone, ...]:
    """The measured screen as zones (fractions of the canvas), cut-off strips first."""
    out = []
    for name, rects in (("cut_off", screen.cut_off), ("measured", screen.covered)):
        for x, y, w, h in rects:
            fx, fy = (round(min(1.0, max(0.0, v)), 4) for v in (x / width, y / height))
            fw = min(round(w / width, 4), round(1.0 - fx, 4))  # rounding never past the edge
            fh = min(round(h / height, 4), round(1.0 - fy, 4))
            out.append(zone(name, fx, fy, fw, fh))
    return tuple(out)


__all__ = [
    "MeasuredScreen",
    "ZoneMeasureError",
    "as_zones",
    "calibration_card",
    "load_screenshot",
    "measure",
]
