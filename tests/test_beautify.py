"""Beautify on real faces: each slider does what merchants expect, and nothing outside the face
region changes colour (goods held beside the face stay true, skin-toned ones included)."""

from __future__ import annotations

import numpy as np
import pytest
from photos import PHOTOS, grace_hopper, portrait

from studio.vision.beautify import beautify, face_region, skin_mask, warp_maps
from studio.vision.colour import max_delta_e
from studio.vision.effects import Effects
from studio.vision.face import LEFT_EYE, LEFT_JAW, RIGHT_EYE, RIGHT_JAW, Face, FaceTracker
from studio.vision.settings import BEAUTIFY_PRESETS, BeautifySettings, EffectSettings


@pytest.fixture(scope="module")
def tracker() -> FaceTracker:
    return FaceTracker.load("cpu", smooth=False)


def _mesh(tracker: FaceTracker, image: np.ndarray) -> np.ndarray:
    tracker.reset()
    face = tracker.track(image)
    assert face is not None
    return face.xy


def _jaw_width(xy: np.ndarray) -> float:
    return float(np.mean(xy[list(LEFT_JAW[3:]), 0] - xy[list(RIGHT_JAW[3:]), 0]))


def _eye_size(xy: np.ndarray) -> tuple[float, float]:
    widths = [np.linalg.norm(xy[33] - xy[133]), np.linalg.norm(xy[263] - xy[362])]
    heights = [np.linalg.norm(xy[159] - xy[145]), np.linalg.norm(xy[386] - xy[374])]
    return float(np.mean(widths)), float(np.mean(heights))


def _sharpness(image: np.ndarray, area: tuple[slice, slice]) -> float:
    import cv2

    grey = cv2.cvtColor(image[area], cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_32F).var())


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_slimming_moves_the_jaw_line_inward(tracker: FaceTracker, make) -> None:
    image = make().image
    tracker.reset()
    face = tracker.track(image)
    region = face_region(face, image.shape)
    assert region is not None
    origin = np.float32(region[:2])
    nose_x = face.xy[1, 0] - origin[0]
    for amount, least in ((100, 0.06), (30, 0.015)):
        map_x, map_y = warp_maps(face, region, BeautifySettings(slim=amount))
        for index in RIGHT_JAW[3:] + LEFT_JAW[3:]:  # cheek to chin, both sides
            point = face.xy[index] - origin
            moved = _moved_to(map_x, map_y, point)
            before, after = abs(point[0] - nose_x), abs(moved[0] - nose_x)
            if before < 0.25 * face.width():
                continue  # beside the chin: pulled up a little, hardly sideways
            assert after < before * (1 - least), (amount, index, before, after)
    # The mesh found again on the slimmed picture agrees: a narrower jaw.
    before = _jaw_width(_mesh(tracker, image))
    after = _jaw_width(_mesh(tracker, beautify(image, face, BeautifySettings(slim=100))))
    assert after < before - 1.0, (before, after)


def _moved_to(map_x: np.ndarray, map_y: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Where the warp shows what was at `point` (region pixels): the output pixel whose map
    entry is nearest to it."""
    x, y = point
    y0, x0 = max(0, int(y) - 30), max(0, int(x) - 30)
    wx, wy = map_x[y0 : int(y) + 30, x0 : int(x) + 30], map_y[y0 : int(y) + 30, x0 : int(x) + 30]
    index = np.argmin((wx - x) ** 2 + (wy - y) ** 2)
    row, col = np.unravel_index(index, wx.shape)
    return np.array([x0 + col, y0 + row], np.float32)


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_bigger_eyes_widens_the_eye_contour(tracker: FaceTracker, make) -> None:
    image = make().image
    tracker.reset()
    face = tracker.track(image)
    region = face_region(face, image.shape)
    assert region is not None
    map_x, map_y = warp_maps(face, region, BeautifySettings(eyes=100))
    origin = np.float32(region[:2])
    for eye in (RIGHT_EYE, LEFT_EYE):
        contour = face.xy[list(eye)] - origin
        centre = contour.mean(axis=0)
        moved = np.array([_moved_to(map_x, map_y, p) for p in contour])
        grown = np.linalg.norm(moved - centre, axis=1) / np.linalg.norm(contour - centre, axis=1)
        assert grown.min() > 1.05 and grown.mean() > 1.1, grown  # every point moves outward
        assert np.linalg.norm(moved.mean(axis=0) - centre) < 1.5  # about the eye's own centre
    # The dark of the eyes (iris and pupil) covers more picture.
    assert_eyes_darker(face, image, beautify(image, face, BeautifySettings(eyes=100)))


def assert_eyes_darker(face: Face, image: np.ndarray, out: np.ndarray) -> None:
    """The dark of each eye (iris and pupil) covers more of `out` than of `image`."""
    import cv2

    for eye in (RIGHT_EYE, LEFT_EYE):
        contour = face.xy[list(eye)]
        (x0, y0), (x1, y1) = (
            contour.min(axis=0).astype(int) - 4,
            contour.max(axis=0).astype(int) + 4,
        )
        grey0 = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
        grey1 = cv2.cvtColor(out[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
        dark = np.percentile(grey0, 15)
        assert (grey1 <= dark).sum() > 1.15 * (grey0 <= dark).sum()


def _patch(face, index: int, half: float) -> tuple[slice, slice]:
    x, y = face.xy[index]
    h = max(3, round(half * face.width()))
    return slice(round(y) - h, round(y) + h), slice(round(x) - h, round(x) + h)


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_smoothing_evens_skin_but_keeps_eyes_and_lips_sharp(tracker: FaceTracker, make) -> None:
    image = make().image
    tracker.reset()
    face = tracker.track(image)
    out = beautify(image, face, BeautifySettings(smooth=100))
    for cheek in (205, 425, 151):  # both cheeks and the forehead
        area = _patch(face, cheek, 0.06)
        assert _sharpness(out, area) < 0.6 * _sharpness(image, area), cheek
    for feature in (159, 386, 13):  # the upper lids and the lips
        area = _patch(face, feature, 0.04)
        assert _sharpness(out, area) > 0.9 * _sharpness(image, area), feature


def test_whitening_brightens_the_skin_only(tracker: FaceTracker) -> None:
    image = grace_hopper().image
    tracker.reset()
    face = tracker.track(image)
    out = beautify(image, face, BeautifySettings(whiten=100))
    cheek = (slice(250, 285), slice(215, 245))
    assert out[cheek].mean() > image[cheek].mean() + 8
    hair_top = (slice(0, 60), slice(150, 350))  # the cap, above the face region
    assert np.array_equal(out[hair_top], image[hair_top])


def test_the_skin_mask_leaves_out_eyes_brows_and_lips(tracker: FaceTracker) -> None:
    image = grace_hopper().image
    tracker.reset()
    face = tracker.track(image)
    region = face_region(face, image.shape)
    assert region is not None
    weights = skin_mask(face, region)
    x0, y0 = region[:2]
    for idx in (159, 386, 13, 105):  # upper lids, the lips' centre, a brow
        x, y = face.xy[idx]
        assert weights[round(y) - y0, round(x) - x0] < 0.2, idx
    x, y = face.xy[205]  # the cheek
    assert weights[round(y) - y0, round(x) - x0] > 0.9


def _chart(colours: list[tuple[int, int, int]], cols: int, patch: int) -> np.ndarray:
    rows = -(-len(colours) // cols)
    chart = np.full((rows * patch, cols * patch, 3), 255, np.uint8)
    for i, rgb in enumerate(colours):
        r, c = divmod(i, cols)
        chart[r * patch : (r + 1) * patch, c * patch : (c + 1) * patch] = rgb[::-1]
    return chart


SATURATED = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (0, 255, 255), (255, 0, 255), (255, 255, 0),
             (255, 128, 0), (128, 0, 255), (0, 128, 64), (200, 0, 60), (20, 20, 20),
             (250, 250, 250)]  # fmt: skip
SKIN_TONED = [(245, 222, 200), (236, 200, 175), (224, 172, 140), (198, 134, 100),
              (141, 85, 60), (255, 205, 210), (240, 180, 170), (250, 235, 215),
              (230, 190, 160), (210, 160, 120), (180, 120, 90), (255, 220, 185)]  # fmt: skip


def test_goods_held_beside_the_face_keep_their_colour(tracker: FaceTracker) -> None:
    """A saturated and a skin-toned colour chart held up beside the face, every beautify slider
    at 100 and background effects off: outside the face region nothing changes (delta-E 0, the
    limit is 1.0), on the charts included."""
    photo = grace_hopper()
    frame = portrait(photo)  # 720x1280, the face around x 380, y 330
    frame[380:500, 10:170] = _chart(SATURATED, 4, 40)  # the merchant's right hand
    frame[380:500, 590:710] = _chart(SKIN_TONED, 3, 40)[:120, :120]  # the left hand
    before = frame.copy()
    for settings in (BeautifySettings(100, 100, 100, 100), BEAUTIFY_PRESETS["natural"]):
        effects = Effects(EffectSettings(beautify=settings), threaded=False)
        out = effects.apply_now(frame)
        assert not effects.problems
        assert np.array_equal(frame, before)  # the source frame itself is never written
        tracker.reset()
        region = face_region(tracker.track(frame), frame.shape)
        assert region is not None
        x0, y0, x1, y1 = region
        assert x0 > 170 and x1 < 590  # the charts are outside the face region
        outside = np.ones(frame.shape[:2], bool)
        outside[y0:y1, x0:x1] = False
        assert max_delta_e(before, out, outside) <= 1.0
        for chart in ((slice(380, 500), slice(10, 170)), (slice(380, 500), slice(590, 710))):
            assert max_delta_e(before[chart], out[chart]) <= 1.0
        # ...while the face itself did change.
        assert max_delta_e(before[y0:y1, x0:x1], out[y0:y1, x0:x1]) > 5.0
