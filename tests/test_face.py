"""Face detection and the 468-point mesh on real photos; tracking; landmark smoothing."""

from __future__ import annotations

import numpy as np
import pytest
from photos import PHOTOS, Photo, portrait

from studio.vision.face import (
    LEFT_EYE,
    LIPS,
    RIGHT_EYE,
    FaceTracker,
    OneEuro,
)


@pytest.fixture(scope="module")
def tracker() -> FaceTracker:
    return FaceTracker.load("cpu", smooth=False)


def _features(xy: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "right_eye": xy[list(RIGHT_EYE)].mean(axis=0),
        "left_eye": xy[list(LEFT_EYE)].mean(axis=0),
        "nose": xy[1],
        "mouth": xy[list(LIPS)].mean(axis=0),
        "chin": xy[152],
    }


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_one_face_is_found_where_it_is(tracker: FaceTracker, make) -> None:
    photo: Photo = make()
    found = tracker.detector.detect(photo.image)
    assert len(found) == 1 and found[0].score > 0.8
    cx, cy, w, h = found[0].box
    nose = photo.features["nose"]
    assert abs(cx - nose[0]) < 0.25 * w and abs(cy - nose[1]) < 0.35 * h
    assert 0.7 * photo.face_width < w < 1.6 * photo.face_width


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_468_landmarks_in_place(tracker: FaceTracker, make) -> None:
    photo: Photo = make()
    tracker.reset()
    face = tracker.track(photo.image)
    assert face is not None and face.points.shape == (468, 3) and face.presence > 0.9
    tolerance = 0.08 * photo.face_width  # a few pixels: features as read off the photo by eye
    for name, found in _features(face.xy).items():
        expected = np.array(photo.features[name])
        assert np.linalg.norm(found - expected) < tolerance, (name, found, expected)
    assert abs(face.width() - photo.face_width) < 0.1 * photo.face_width
    # Every point lies on the face: within the face's own box, grown a little.
    x0, y0, x1, y1 = face.bounds(0.05)
    assert (face.xy[:, 0] >= x0).all() and (face.xy[:, 0] <= x1).all()
    assert (face.xy[:, 1] >= y0).all() and (face.xy[:, 1] <= y1).all()


def test_the_mesh_follows_a_face_in_a_big_portrait_frame(tracker: FaceTracker) -> None:
    photo = PHOTOS[0]()
    frame = portrait(photo)  # 720x1280, the photo scaled by 720/512
    tracker.reset()
    face = tracker.track(frame)
    assert face is not None
    scale = 720 / 512
    nose = np.array(photo.features["nose"]) * scale
    assert np.linalg.norm(face.xy[1] - nose) < 0.08 * photo.face_width * scale


def test_tracking_needs_no_detection_while_the_face_stays(tracker: FaceTracker) -> None:
    image = PHOTOS[1]().image
    tracker.reset()
    before = tracker.detections
    for _ in range(5):
        assert tracker.track(image) is not None
    assert tracker.detections == before + 1  # found once, then followed from its own mesh


def test_no_face_no_mesh(tracker: FaceTracker) -> None:
    import skimage.data

    coffee = np.ascontiguousarray(skimage.data.coffee()[..., ::-1])
    tracker.reset()
    assert tracker.detector.detect(coffee) == []
    assert tracker.track(coffee) is None
    assert tracker.track(np.zeros((480, 640, 3), np.uint8)) is None
    # A face coming back is found again.
    assert tracker.track(PHOTOS[0]().image) is not None


def test_one_euro_steadies_jitter_and_follows_movement() -> None:
    rng = np.random.default_rng(1)
    still = np.full((468, 2), 300.0, np.float32)
    smooth = OneEuro()
    out = [smooth(still + rng.normal(0, 1.0, still.shape), i / 30) for i in range(60)]
    jitter_in = 1.0
    jitter_out = np.std(np.array(out[30:])[:, :, 0] - 300.0)
    assert jitter_out < 0.5 * jitter_in  # held still: the points barely move
    # A head turning: 10 px per frame; the filter keeps up within a few pixels.
    for i in range(60, 90):
        moved = smooth(still + (i - 59) * 10.0, i / 30)
    assert np.abs(moved - (still + 310.0)).max() < 15.0
