"""Background effects from a mask: the person stays as it is, the rest is blurred, replaced or
made transparent; the refined mask follows the picture's edges; smoothing steadies masks."""

from __future__ import annotations

import itertools

import numpy as np

from studio.vision.background import (
    MaskSmoother,
    blur_background,
    refine_mask,
    remove_background,
    replace_background,
)
from studio.vision.effects import Effects, PersonSegmenter


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


def test_smoothing_steadies_a_wavering_mask_and_follows_a_moving_one():
    """Small differences between successive masks (the model wavering with camera grain) are
    smoothed; a big one (the person moved) is taken at once, not averaged into a trail."""
    smoother = MaskSmoother()
    rng = np.random.default_rng(5)
    raw = [np.float32(0.6) + rng.uniform(-0.05, 0.05, (8, 8)).astype(np.float32) for _ in range(8)]
    steadied = [smoother.update(m).copy() for m in raw]
    swing = lambda masks: float(np.ptp(np.stack(masks[2:]), axis=0).mean())  # noqa: E731
    assert swing(steadied) < 0.5 * swing(raw)
    moved = np.zeros((8, 8), np.float32)  # the person has gone from here
    assert np.array_equal(smoother.update(moved), moved)
    back = np.ones((8, 8), np.float32)
    assert np.array_equal(smoother.update(back), back)
    near = np.full((8, 8), 0.9, np.float32)  # between: partly kept
    assert 0.9 < float(smoother.update(near)[0, 0]) < 1.0
    assert smoother.update(np.ones((4, 4), np.float32)).shape == (4, 4)  # a new size: afresh


def _person_masks(
    segmenter: PersonSegmenter, frames: list[np.ndarray], smoother: MaskSmoother | None
) -> list[np.ndarray]:
    """The person mask of each frame, smoothed by `smoother` (a fresh one: no earlier frames)
    or not."""
    if smoother is not None:
        segmenter._smoother = smoother
    return [segmenter.mask(f, smooth=smoother is not None).opacity >= 128 for f in frames]


def test_a_moving_person_leaves_no_trail_and_grain_no_shimmer():
    """The real model on a person who moves between two turns of the models: the smoothed mask
    is where the person now is (a fixed share of the old mask left a trail); and on a still
    picture with fresh camera grain at each turn, fewer pixels change side than unsmoothed."""
    from photos import astronaut, portrait

    segmenter = Effects(threaded=False)._segmenter(720, 1280)  # the model loaded once
    assert segmenter is not None
    picture = portrait(astronaut())
    moved = np.roll(picture, 36, axis=1)
    moved[:, :36] = picture[:, :1]
    truth = _person_masks(segmenter, [moved], None)[0]
    now = _person_masks(segmenter, [picture, moved], MaskSmoother())[1]
    assert (now != truth).mean() < 0.002  # measured 0.0004
    fixed_half = MaskSmoother(keep=0.5, follow=1e9)  # as before stop 30: the old place trails
    trailed = _person_masks(segmenter, [picture, moved], fixed_half)[1]
    assert (trailed != truth).mean() > 0.01  # measured 0.023
    rng = np.random.default_rng(8)
    grainy = [
        np.clip(picture + rng.normal(0, 8, picture.shape), 0, 255).astype(np.uint8)
        for _ in range(6)
    ]
    changed = lambda masks: np.mean([(a != b).mean() for a, b in itertools.pairwise(masks)])  # noqa: E731
    smoothed = _person_masks(segmenter, grainy, MaskSmoother())
    assert changed(smoothed) < changed(_person_masks(segmenter, grainy, None))


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


def _planar_mask(image: np.ndarray, mask: np.ndarray):
    from studio.vision.background import PersonMask, refine_small

    small = refine_small(mask, image, work_width=160)
    h, w = image.shape[:2]
    return PersonMask.from_small(small, w, h), PersonMask.from_small(small, w, h, planar=True)


def test_an_i420_mask_tiles_every_plane_with_even_edges():
    """The strips of a mask made for I420 frames cover the picture, and the chroma planes' taller
    strips too, with even edges: a chroma plane's strip and run edges are exactly half."""
    image, mask = _scene()
    _, planar_mask = _planar_mask(image, mask)
    for strips in (planar_mask.strips, planar_mask.coarse):
        covered = sum((r1 - r0) * (c1 - c0) for r0, r1, runs in strips for c0, c1, _ in runs)
        assert covered == 640 * 360
        edges = [
            e for r0, r1, runs in strips for e in (r0, r1, *(c for run in runs for c in run[:2]))
        ]
        assert all(e % 2 == 0 for e in edges)
    assert len(planar_mask.coarse) < len(planar_mask.strips)
    weights, _ = planar_mask.weights_at(2)
    assert weights.shape == (180, 320)


def test_effects_on_i420_planes_match_the_bgr_picture():
    """Blur, replace and remove on a decoded camera's I420 planes give what they give on its BGR
    picture (up to I420's own half-size colour), the person exactly as it was, and never write
    the planes they are given."""
    from studio.vision import planar
    from studio.vision.background import blurred

    image, mask = _scene()
    bgr_mask, planar_mask = _planar_mask(image, mask)
    i420 = planar.from_bgr(image)
    given = i420.copy()
    green = np.zeros((100, 100, 3), np.uint8)
    green[:] = (0, 200, 0)
    pairs = {
        "blur": (blur_background(image, bgr_mask, 60), blur_background(i420, planar_mask, 60)),
        "replace": (
            replace_background(image, bgr_mask, green),
            replace_background(i420, planar_mask, green),
        ),
    }
    for name, (bgr_out, i420_out) in pairs.items():
        assert i420_out.shape == i420.shape, name
        expected = planar.from_bgr(bgr_out)
        diff = np.abs(i420_out.astype(int) - expected)
        # Colour at the person's edge is mixed at half size: a few levels off there only.
        assert diff.mean() < 0.6 and np.percentile(diff, 99) <= 3 and diff.max() <= 16, name
        y_in, y_out = planar.planes(i420)[0], planar.planes(i420_out)[0]
        assert np.array_equal(y_out[120:240, 270:370], y_in[120:240, 270:370]), name  # person
    assert np.array_equal(i420, given)
    cut = remove_background(i420, planar_mask)
    assert cut.shape == (360, 640, 4) and cut[10, 10, 3] == 0 and cut[180, 320, 3] >= 250
    # The blurred picture made from the planes is the blurred BGR picture, in I420.
    diff = np.abs(blurred(i420, 60).astype(int) - planar.from_bgr(blurred(image, 60)))
    assert diff.mean() < 0.6


def test_i420_blending_by_strips_matches_blending_every_pixel():
    from studio.vision import planar
    from studio.vision.blend import mix

    image, mask = _scene()
    _, planar_mask = _planar_mask(image, mask)
    i420 = planar.from_bgr(image)
    green = planar.from_bgr(np.full_like(image, (0, 200, 0)))
    by_strips = replace_background(i420, planar_mask, green)
    every_pixel = green.copy()
    for (out, factor), (front, _) in zip(
        planar.scaled(every_pixel), planar.scaled(i420), strict=True
    ):
        weights, _ = planar_mask.weights_at(factor)
        mix(front, out, weights, out=out)
    assert np.array_equal(by_strips, every_pixel)
