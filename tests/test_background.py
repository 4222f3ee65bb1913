"""Background effects from a mask: the person stays as it is, the rest is blurred, replaced or
made transparent; the refined mask follows the picture's edges; smoothing steadies masks."""

from __future__ import annotations

import numpy as np

from studio.vision.background import (
    MaskSmoother,
    blur_background,
    refine_mask,
    remove_background,
    replace_background,
)


def _scene() -> tuple[np.ndarray, np.ndarray]:
    """A noisy picture with a bright 'person' block, and a coarse 64x36 mask of it."""
    rng = np.random.default_rng(3)
    image = rng.integers(0, 120, (360, 640, 3), np.uint8)
    image[90:270, 240:400] = 220
    mask = np.zeros((36, 64), np.float32)
    mask[9:27, 24:40] = 1.0
    return image, mask


def test_refined_mask_is_full_size_and_follows_the_edge():
    image, mask = _scene()
    refined = refine_mask(mask, image)
    assert refined.shape == (360, 640) and refined.dtype == np.float32
    assert refined[180, 320] > 0.95 and refined[20, 20] < 0.05
    assert refined.min() >= 0.0 and refined.max() <= 1.0


def test_blur_keeps_the_person_and_softens_the_rest():
    image, mask = _scene()
    refined = refine_mask(mask, image)
    out = blur_background(image, refined, 80)
    assert out.shape == image.shape and out.dtype == np.uint8
    inside = (slice(120, 240), slice(270, 370))
    assert np.abs(out[inside].astype(int) - image[inside]).max() <= 2
    corner = (slice(0, 60), slice(0, 100))
    assert out[corner].std() < image[corner].std() / 3  # the noise is blurred away
    assert blur_background(image, refined, 0) is image


def test_replace_and_remove():
    image, mask = _scene()
    refined = refine_mask(mask, image)
    green = np.zeros((100, 100, 3), np.uint8)
    green[:] = (0, 200, 0)
    out = replace_background(image, refined, green)
    assert tuple(out[10, 10]) == (0, 200, 0)
    assert np.abs(out[180, 320].astype(int) - 220).max() <= 2
    cut = remove_background(image, refined)
    assert cut.shape == (360, 640, 4)
    assert cut[10, 10, 3] == 0 and cut[180, 320, 3] >= 250


def test_smoothing_steadies_a_flickering_mask():
    smoother = MaskSmoother(keep=0.6)
    on = np.ones((8, 8), np.float32)
    off = np.zeros((8, 8), np.float32)
    values = [float(smoother.update(m)[0, 0]) for m in (on, off, on, off, on, off)]
    assert values[0] == 1.0
    assert max(values[2:]) - min(values[2:]) < 0.5  # a raw flicker would swing by 1.0


def test_blending_by_strips_matches_blending_every_pixel():
    """PersonMask copies the pure person and background areas and mixes only the band between:
    the result is the same as mixing every pixel."""
    from studio.vision.background import PersonMask, refine_small

    image, mask = _scene()
    small = refine_small(mask, image, work_width=160)
    strips = PersonMask.from_small(small, 640, 360)
    kinds = {kind for _, _, runs in strips.strips for _, _, kind in runs}
    assert kinds == {0, 1, 2}  # all three kinds of area occur
    covered = sum((r1 - r0) * (c1 - c0) for r0, r1, runs in strips.strips for c0, c1, _ in runs)
    assert covered == 640 * 360  # the runs tile the picture
    green = np.zeros_like(image)
    green[:] = (0, 200, 0)
    by_strips = replace_background(image, strips, green)
    every_pixel = replace_background(image, strips.alpha, green)
    assert np.abs(by_strips.astype(int) - every_pixel).max() == 0
    blurred = blur_background(image, strips, 60)
    assert np.abs(blurred.astype(int) - blur_background(image, strips.alpha, 60)).max() == 0
    assert np.array_equal(blurred[150:200, 290:350], image[150:200, 290:350])  # person: exact
