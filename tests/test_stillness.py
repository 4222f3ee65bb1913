"""The models skip their turn while the picture has not changed: camera grain is no change, an
edge moving by a pixel or two is; a still scene is still analysed often enough that its result
never goes stale, and the first change is analysed at the next turn."""

from __future__ import annotations

import numpy as np
import pytest
from effects_turns import offer
from photos import PHOTOS, portrait
from waiting import wait_for

from studio.vision import planar
from studio.vision.effects import STILL_INTERVAL_S, Effects
from studio.vision.settings import BackgroundSettings, EffectSettings
from studio.vision.stillness import Stillness, thumbnail


@pytest.fixture(scope="module")
def scene() -> np.ndarray:
    return portrait(PHOTOS[0]())  # 720x1280 BGR with a real person


def _grain(picture: np.ndarray, seed: int) -> np.ndarray:
    """The picture with a webcam's grain in room light (sd 8 levels, new every frame)."""
    noise = np.random.default_rng(seed).normal(0, 8, picture.shape)
    return np.clip(picture + noise, 0, 255).astype(np.uint8)


def _moved(picture: np.ndarray, dx: int) -> np.ndarray:
    return np.roll(picture, dx, axis=1)


@pytest.mark.parametrize("layout", ["bgr", "i420"])
def test_grain_is_no_change_and_a_small_movement_is(scene: np.ndarray, layout: str) -> None:
    def as_layout(bgr: np.ndarray) -> np.ndarray:
        return planar.from_bgr(bgr) if layout == "i420" else bgr

    still = Stillness()
    assert still.changed(as_layout(_grain(scene, 0)))  # nothing kept yet
    still.keep()
    for seed in range(1, 6):
        assert not still.changed(as_layout(_grain(scene, seed)))
    assert still.changed(as_layout(_grain(_moved(scene, 2), 9)))  # the person moved 2 pixels
    hand = scene.copy()
    hand[700:800, 500:600] = (60, 90, 160)  # a hand or a product comes into view
    assert still.changed(as_layout(hand))
    assert still.changed(as_layout(scene[:640, :360].copy()))  # another size
    still.forget()
    assert still.changed(as_layout(scene))


def test_a_thumbnail_is_its_own_copy_of_a_tiny_picture() -> None:
    tiny = np.full((48 * 3 // 2, 32), 100, np.uint8)  # I420, 32x48: already thumbnail size
    thumb = thumbnail(tiny)
    tiny[:] = 0
    assert thumb.shape == (48, 32) and int(thumb.min()) == 100


def test_the_models_skip_their_turn_while_the_picture_is_still(
    scene: np.ndarray, monkeypatch
) -> None:
    effects = Effects(EffectSettings(BackgroundSettings("blur", 60)))
    # The share's own pace depends on this machine's speed: fixed here at 10 turns a second.
    monkeypatch.setattr(effects, "analysis_interval", lambda: 0.1)
    try:
        picture = planar.from_bgr(scene)
        still = [planar.from_bgr(_grain(scene, seed)) for seed in range(60)]  # two seconds
        moving = [planar.from_bgr(_moved(scene, 3 * i)) for i in range(1, 31)]  # then one
        analysed, fresh = offer(effects, [picture, *still, *moving])
        assert all(fresh), "a result went stale"
        # Still: the first frame, then one every STILL_INTERVAL_S instead of one every 0.1 s.
        start = len(still) + 1
        assert len([i for i in analysed if i < start]) <= 2 / STILL_INTERVAL_S + 2
        assert effects.status().still_skips >= 10
        # The merchant moves: analysed at the next turn, then at every turn of 0.1 s.
        after = [i for i in analysed if i >= start]
        assert after and after[0] - start <= 3
        assert len(after) >= 8
    finally:
        effects.close()


@pytest.mark.parametrize("interval", [0.1, 0.2, 0.3])
def test_a_still_scene_never_goes_stale_whatever_the_pace(
    scene: np.ndarray, monkeypatch, interval: float
) -> None:
    """However far apart the turns (a slow machine's are up to MAX_INTERVAL_S apart), a still
    picture's result never expires: each skipped turn confirms it."""
    effects = Effects(EffectSettings(BackgroundSettings("blur", 60)))
    monkeypatch.setattr(effects, "analysis_interval", lambda: interval)
    try:
        still = [planar.from_bgr(_grain(scene, seed)) for seed in range(90)]  # three seconds
        analysed, fresh = offer(effects, still)
        assert all(fresh), "".join("." if f else "S" for f in fresh)
        gaps = np.diff(analysed) / 30
        assert gaps.max() <= STILL_INTERVAL_S + interval + 1e-9  # on a turn after it
        assert len(analysed) <= 3 / STILL_INTERVAL_S + 2
        assert effects.status().still_skips > 0
    finally:
        effects.close()


def test_new_settings_are_analysed_at_once_even_when_still(scene: np.ndarray, monkeypatch) -> None:
    from studio.vision.settings import NATURAL

    effects = Effects(EffectSettings(BackgroundSettings("blur", 60)))
    monkeypatch.setattr(effects, "analysis_interval", lambda: 0.1)
    try:
        picture = planar.from_bgr(scene)
        offer(effects, [picture] * 4)
        effects.configure(EffectSettings(BackgroundSettings("blur", 60), NATURAL))
        before = effects.worker.submitted
        effects.submit(picture, 10.0)  # the next turn, the same picture
        assert effects.worker.submitted == before + 1
        wait_for(lambda: effects.latest(10.0) is not None, 30.0)
        wait_for(lambda: effects.latest(10.0).face is not None, 30.0)
    finally:
        effects.close()
