"""The window's preview of a decoded camera is made at half size when the window shows the
canvas that small: a quarter of the pixels converted on the render thread, the same picture."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from profiles import small_profile
from pytestqt.qtbot import QtBot
from square_clip import write_square_clip
from windows import WindowHarness

from studio.session import StudioSession

W, H = 720, 1280
SHOTS = os.environ.get("STUDIO_SCREENSHOTS")


@pytest.fixture(scope="module")
def camera(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One second of a camera-sized clip: a gradient with a bright square moving down."""
    path = tmp_path_factory.mktemp("preview") / "camera.mkv"
    return write_square_clip(path, (W, H), 30, (200, 400, 200, 500), 10, {"preset": "ultrafast"})


def _session(studio: WindowHarness, camera: Path) -> StudioSession:
    profile = small_profile(studio.tmp_path)
    profile.canvas.width, profile.canvas.height = W, H
    session = StudioSession(profile, studio.profile_path)
    session.add_layer(f"file:{camera}", name="Camera")
    return session


def test_a_small_preview_is_made_at_half_size(studio: WindowHarness, qtbot: QtBot, camera: Path):
    window = studio.show(_session(studio, camera), size=(1000, 640))
    width, height = window.preview.canvas_pixels()
    assert width * 2 <= W and height * 2 <= H  # shown at under half the canvas
    engine = window.session.engine
    qtbot.waitUntil(lambda: window.preview._frame is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.preview._frame.shape == (H // 2, W // 2, 3), timeout=5000)
    assert engine.preview_size == (width, height)
    made = engine._preview
    shown = made.half_image()  # the picture made for the window from this canvas
    whole = made.image  # the whole canvas, made when asked
    assert whole.shape == (H, W, 3) and shown.shape == (H // 2, W // 2, 3)
    halved = cv2.resize(whole, (W // 2, H // 2), interpolation=cv2.INTER_AREA)
    assert np.abs(halved.astype(int) - shown).mean() < 2  # the same picture
    image = window.preview.grab().toImage()
    if SHOTS:
        image.save(str(Path(SHOTS) / "preview_half.png"))
    assert not image.isNull()


def test_a_big_preview_is_made_at_full_size(studio: WindowHarness, qtbot: QtBot, camera: Path):
    window = studio.show(_session(studio, camera), size=(1600, 1400))
    width, height = window.preview.canvas_pixels()
    assert width * 2 > W or height * 2 > H
    qtbot.waitUntil(lambda: window.preview._frame is not None, timeout=5000)
    qtbot.wait(300)
    assert window.preview._frame.shape == (H, W, 3)
