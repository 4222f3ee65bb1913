"""Layers into the canvas: fit, position, z-order, opacity, visibility, clipping, passthrough."""

from __future__ import annotations

import numpy as np
import pytest
from stills import Still

from studio.capture.base import Source
from studio.clock import MediaClock
from studio.scene.compositor import Compositor, Layer, fit_image


def solid(w: int, h: int, bgr: tuple[int, int, int]) -> np.ndarray:
    return np.full((h, w, 3), bgr, np.uint8)


def test_single_full_canvas_source_is_passed_through_without_copy():
    image = solid(720, 1280, (1, 2, 3))
    out = Compositor(720, 1280).compose([Layer("cam", Still(image))])
    assert out is image


def test_landscape_camera_cropped_into_portrait_keeps_the_centre():
    cam = np.zeros((720, 1280, 3), np.uint8)
    cam[:, 600:680] = (0, 255, 0)  # a green stripe in the middle
    cam[:, :100] = (0, 0, 255)  # red at the far left: cropped away
    out = Compositor(720, 1280).compose([Layer("cam", Still(cam), fit="crop")])
    assert out.shape == (1280, 720, 3)
    assert tuple(out[640, 360]) == (0, 255, 0)
    assert not np.any((out[:, :, 2] > 128) & (out[:, :, 1] < 50))


def test_landscape_camera_letterboxed_into_portrait_has_bars():
    cam = solid(1280, 720, (200, 200, 200))
    out = Compositor(720, 1280).compose([Layer("cam", Still(cam), fit="letterbox")])
    # 1280x720 scaled to width 720 is 405 high, centred: black above and below.
    assert tuple(out[100, 360]) == (0, 0, 0)
    assert tuple(out[640, 360]) == (200, 200, 200)
    assert tuple(out[1200, 360]) == (0, 0, 0)


def test_position_size_z_order_and_clipping():
    background = Layer("bg", Still(solid(64, 64, (255, 0, 0))), z=0)
    # Hangs over the right edge; must be clipped, not crash.
    box = Layer("box", Still(solid(10, 10, (0, 0, 255))), x=90, y=10, width=20, height=20, z=2)
    under = Layer("under", Still(solid(10, 10, (0, 255, 0))), x=90, y=10, width=20, height=20, z=1)
    out = Compositor(100, 100).compose([box, background, under])  # list order is not z order
    assert tuple(out[15, 95]) == (0, 0, 255)  # top layer wins
    assert tuple(out[50, 50]) == (255, 0, 0)  # background stretched... by crop fit to the canvas
    assert tuple(out[5, 95]) == (255, 0, 0)


def test_opacity_and_visibility():
    base = Layer("base", Still(solid(100, 100, (0, 0, 0))))
    top = Layer("top", Still(solid(100, 100, (200, 200, 200))), opacity=0.5)
    out = Compositor(100, 100).compose([base, top])
    assert out[50, 50, 0] == pytest.approx(100, abs=2)
    top.visible = False
    out = Compositor(100, 100).compose([base, top])
    assert tuple(out[50, 50]) == (0, 0, 0)


def test_alpha_blends_and_source_frame_is_not_modified():
    base_image = solid(100, 100, (10, 20, 30))
    base = Layer("base", Still(base_image))
    overlay = np.zeros((100, 100, 4), np.uint8)
    overlay[:, 50:] = (0, 0, 255, 255)
    out = Compositor(100, 100).compose([base, Layer("logo", Still(overlay), z=1)])
    assert tuple(out[50, 25]) == (10, 20, 30)
    assert tuple(out[50, 75]) == (0, 0, 255)
    assert tuple(base_image[50, 75]) == (10, 20, 30)


def test_no_source_frame_yet_gives_black_canvas():
    class Empty(Source):
        pass

    out = Compositor(64, 32).compose([Layer("cam", Empty("x", MediaClock()))])
    assert out.shape == (32, 64, 3) and not out.any()


@pytest.mark.parametrize("fit", ["crop", "letterbox", "stretch"])
def test_fit_image_sizes(fit: str):
    out = fit_image(solid(1920, 1080, (1, 1, 1)), 720, 1280, fit)
    assert out.shape[:2] == (1280, 720)


def test_semi_transparent_overlays_blend_within_rounding_of_exact_maths():
    rng = np.random.default_rng(7)
    camera = rng.integers(0, 256, (120, 160, 3), np.uint8)
    card = rng.integers(0, 256, (60, 80, 4), np.uint8)
    layer = Layer("card", Still(card), x=30, y=20, width=80, height=60, z=1, opacity=0.8)
    out = Compositor(160, 120).compose([Layer("cam", Still(camera)), layer])
    alpha = card[:, :, 3:4] / 255.0 * 0.8
    expected = card[:, :, :3] * alpha + camera[20:80, 30:110] * (1 - alpha)
    # Two 8-bit roundings (the premultiplied colour, the kept background): at most 1.5 off.
    assert np.abs(out[20:80, 30:110].astype(float) - expected).max() <= 1.5
    assert np.array_equal(out[:20], camera[:20])  # outside the card: untouched
    # Hanging over the canvas edge: only the visible part is blended.
    layer.x = 120
    out = Compositor(160, 120).compose([Layer("cam", Still(camera)), layer])
    expected = card[:, :40, :3] * alpha[:, :40] + camera[20:80, 120:] * (1 - alpha[:, :40])
    assert np.abs(out[20:80, 120:].astype(float) - expected).max() <= 1.5
