"""The models' pictures made straight from I420 planes agree with those made from BGR: the small
copies, the face crop (black outside the frame), the mesh, the detection and the person mask."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from photos import PHOTOS, portrait

from studio.scene.resize import halve
from studio.vision import planar
from studio.vision.face import FaceTracker, _crop_transform
from studio.vision.model_input import ModelInput


@pytest.fixture(scope="module")
def frame() -> np.ndarray:
    """A 720x1280 portrait frame with a real face, in BGR as it was made (I420-exact: it went
    through I420 once, so both layouts hold the same picture)."""
    return planar.to_bgr(planar.from_bgr(portrait(PHOTOS[0]())))


def _mean_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def test_small_copies_from_planes_match_halved_bgr(frame: np.ndarray) -> None:
    i420 = ModelInput(planar.from_bgr(frame))
    bgr = ModelInput(frame)
    for want in ((256, 427), (128, 128)):
        small, factor = i420.small(*want)
        expected, expected_factor = bgr.small(*want)
        assert small.shape == expected.shape and factor == expected_factor
        assert factor == 720 // small.shape[1] and small.shape[1] >= want[0]
        # Colour is at half the size of the picture's in I420: a little softer each halving.
        assert _mean_diff(small, halve(frame, *want)) < 1.5 * (factor // 2)
        assert i420.small(*want)[0] is small  # made once per size


def test_a_1080_frame_halves_twice_and_stays_i420(frame: np.ndarray) -> None:
    i420 = planar.from_bgr(cv2.resize(frame, (1080, 1920), interpolation=cv2.INTER_LINEAR))
    small, factor = ModelInput(i420).small(256, 427)
    assert small.shape == (480, 270, 3) and factor == 4
    assert _mean_diff(small, halve(planar.to_bgr(i420), 256, 427)) < 3.0


def test_the_face_crop_from_planes_matches_the_bgr_crop(frame: np.ndarray) -> None:
    # The face's crop, and one hanging off the frame's corner: outside is black in both.
    for roi in ((360.0, 300.0, 330.0, 0.3), (20.0, 30.0, 300.0, -0.5)):
        matrix = _crop_transform(roi)
        from_planes = ModelInput(planar.from_bgr(frame)).crop_rgb(matrix, 192)
        from_bgr = ModelInput(frame).crop_rgb(matrix, 192)
        assert from_planes.shape == from_bgr.shape == (192, 192, 3)
        assert _mean_diff(from_planes, from_bgr) < 2.0
    assert from_planes[:40, :40].max() <= 2  # the corner outside the frame: black


def test_mesh_detection_and_mask_agree_across_layouts(frame: np.ndarray) -> None:
    from studio.vision.effects import Effects
    from studio.vision.settings import BEAUTIFY_PRESETS, BackgroundSettings, EffectSettings

    faces = []
    for picture in (frame, planar.from_bgr(frame)):
        tracker = FaceTracker.load("cpu", smooth=False)
        faces.append(tracker.track(ModelInput(picture)))  # detection, then the mesh
        assert tracker.detections == 1
    assert faces[0] is not None and faces[1] is not None
    width = faces[0].width()
    assert np.abs(faces[0].xy - faces[1].xy).max() < 0.02 * width

    settings = EffectSettings(
        background=BackgroundSettings(mode="blur", strength=60),
        beautify=BEAUTIFY_PRESETS["natural"],
    )
    effects = Effects(settings, threaded=False)
    try:
        bgr_mask = effects._analyse(frame, smooth=False).mask
        i420_mask = effects._analyse(planar.from_bgr(frame), smooth=False).mask
    finally:
        effects.close()
    assert bgr_mask is not None and i420_mask is not None and i420_mask.planar
    assert _mean_diff(bgr_mask.opacity, i420_mask.opacity) < 2.0


def test_an_i420_crop_side_must_split_into_chroma(frame: np.ndarray) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        ModelInput(planar.from_bgr(frame)).crop_rgb(_crop_transform((10, 10, 50, 0)), 190)
