"""Skin smoothing of a face bigger than a 720p camera's (a 1080x1920 camera) runs at most
SMOOTH_WIDTH wide: it still evens the skin and keeps eyes and lips sharp, and looks as it did
when it ran at half the face's size."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from photos import PHOTOS

from studio.vision import beautify as beautify_module
from studio.vision.beautify import SMOOTH_WIDTH, beautify, face_region
from studio.vision.face import FaceTracker
from studio.vision.settings import BeautifySettings


def _sharpness(image: np.ndarray, area: tuple[slice, slice]) -> float:
    grey = cv2.cvtColor(image[area], cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_32F).var())


def close_up(photo: np.ndarray) -> np.ndarray:
    """The photo as a 1080x1920 camera close to the face frames it: scaled to 2000 wide, the
    middle 1080 columns, the bottom rows repeated below."""
    h, w = photo.shape[:2]
    big = cv2.resize(photo[..., :3], (2000, round(h * 2000 / w)), interpolation=cv2.INTER_CUBIC)
    big = big[:1920, 460:1540]
    rows = 1920 - big.shape[0]
    return np.ascontiguousarray(np.concatenate([big, np.repeat(big[-1:], rows, axis=0)]))


def _patch(face, index: int, half: float) -> tuple[slice, slice]:
    x, y = face.xy[index]
    h = max(3, round(half * face.width()))
    return slice(round(y) - h, round(y) + h), slice(round(x) - h, round(x) + h)


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_a_big_face_is_smoothed_as_before_for_less(make, monkeypatch) -> None:
    image = close_up(make().image)
    tracker = FaceTracker.load("cpu", smooth=False)
    face = tracker.track(image)
    assert face is not None
    region = face_region(face, image.shape)
    assert region is not None and (region[2] - region[0]) // 2 > 1.5 * SMOOTH_WIDTH
    settings = BeautifySettings(smooth=100)
    out = beautify(image, face, settings)
    monkeypatch.setattr(beautify_module, "SMOOTH_WIDTH", 10_000)
    before = beautify(image, face, settings)  # as every face was smoothed: at half its size

    def kept(picture: np.ndarray, index: int, half: float) -> float:
        area = _patch(face, index, half)
        return _sharpness(picture, area) / _sharpness(image, area)

    for cheek in (205, 425, 151):  # both cheeks and the forehead: evened out as much
        assert kept(out, cheek, 0.06) < min(0.9, kept(before, cheek, 0.06) + 0.05), cheek
    for feature in (159, 386, 13):  # the upper lids and the lips: as sharp as they were
        assert kept(out, feature, 0.04) > 0.9, feature
    x0, y0, x1, y1 = region
    diff = np.abs(out[y0:y1, x0:x1].astype(int) - before[y0:y1, x0:x1])
    assert diff.mean() < 1.5 and np.percentile(diff, 99) <= 8
