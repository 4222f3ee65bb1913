"""One downscaler: exact sizes, area averaging only on its fast path, pictures as INTER_AREA's."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from photos import astronaut
from stills import Still

from studio.scene import resize
from studio.scene.compositor import Compositor, Layer
from studio.scene.resize import shrink


@pytest.fixture
def resize_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[int, int], tuple, int]]:
    """Every cv2.resize the helper makes: (source width and height, size, interpolation)."""
    calls: list[tuple[tuple[int, int], tuple, int]] = []
    real = cv2.resize

    def spy(src, dsize, dst=None, fx=0, fy=0, interpolation=cv2.INTER_LINEAR):
        calls.append((src.shape[1::-1], tuple(dsize), interpolation))
        return real(src, dsize, dst=dst, fx=fx, fy=fy, interpolation=interpolation)

    monkeypatch.setattr(resize.cv2, "resize", spy)
    return calls


def _only_fast_area(calls) -> bool:
    """Area averaging only to exactly half the size: OpenCV's fast path."""
    return all(
        size == (src[0] // 2, src[1] // 2) and src[0] % 2 == 0 and src[1] % 2 == 0
        for src, size, how in calls
        if how == cv2.INTER_AREA
    )


@pytest.mark.parametrize(
    ("shape", "size"),
    [
        ((1080, 1920, 3), (1280, 720)),
        ((1081, 1921, 3), (960, 540)),  # odd: the last row and column are dropped first
        ((2160, 3840, 4), (1080, 608)),
        ((1920, 1080), (390, 693)),
        ((100, 100, 3), (250, 40)),  # grows in one direction: bilinear
        ((720, 1280, 3), (1280, 720)),
    ],
)
def test_exact_size_and_area_averaging_only_on_the_fast_path(resize_calls, shape, size):
    image = np.random.default_rng(1).integers(0, 255, shape, np.uint8)
    out = shrink(image, size)
    assert out.shape == (size[1], size[0], *shape[2:]) and out.dtype == np.uint8
    assert _only_fast_area(resize_calls)


def test_the_same_size_is_the_picture_itself() -> None:
    image = np.zeros((720, 1280, 3), np.uint8)
    assert shrink(image, (1280, 720)) is image


def test_pictures_look_as_area_averaging_made_them() -> None:
    photo = astronaut().image  # 512x512, a real person
    big = cv2.resize(photo, (1920, 1920), interpolation=cv2.INTER_CUBIC)
    for size in ((1280, 1280), (720, 720), (390, 390), (300, 200)):
        ours = shrink(big, size).astype(np.int16)
        area = cv2.resize(big, size, interpolation=cv2.INTER_AREA).astype(np.int16)
        assert np.abs(ours - area).mean() < 1.5, size


def test_a_scratch_dict_reuses_its_arrays() -> None:
    scratch: dict = {}
    frame = np.full((1920, 1080, 3), 7, np.uint8)
    first = shrink(frame, (390, 693), scratch)
    again = shrink(frame, (390, 693), scratch)
    assert again is first and np.all(again == 7)
    assert len(scratch) == 2  # one halving, one bilinear step


def test_the_compositor_never_takes_the_slow_area_path(resize_calls) -> None:
    """A 1080p camera into a 720x1280 canvas (crop), a letterboxed one and a stretched card."""
    camera = np.random.default_rng(2).integers(0, 255, (1080, 1920, 3), np.uint8)
    card = np.full((900, 700, 4), 200, np.uint8)
    layers = [
        Layer("cam", Still(camera), fit="crop"),
        Layer("small", Still(camera), x=10, y=10, width=300, height=300, fit="letterbox", z=1),
        Layer("card", Still(card), x=20, y=900, width=400, height=300, fit="stretch", z=2),
    ]
    canvas = Compositor(720, 1280).compose(layers)
    assert canvas.shape == (1280, 720, 3)
    assert len(resize_calls) >= 3 and _only_fast_area(resize_calls)
