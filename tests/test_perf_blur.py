"""The blurred background made once for two frames, and written straight into a frame an earlier
stage made: the same picture as blurring each frame afresh, and never across single pictures."""

from __future__ import annotations

import numpy as np

from studio.vision.background import PersonMask, blur_background, blurred, refine_small
from studio.vision.effects import Effects
from studio.vision.settings import BackgroundSettings, EffectSettings


def _scene(seed: int) -> tuple[np.ndarray, PersonMask]:
    """A noisy picture with a bright 'person' block, and its refined mask."""
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 120, (360, 640, 3), np.uint8)
    image[90:270, 240:400] = 220
    mask = np.zeros((36, 64), np.float32)
    mask[9:27, 24:40] = 1.0
    return image, PersonMask.from_small(refine_small(mask, image, work_width=160), 640, 360)


def test_a_kept_backdrop_and_writing_in_place_give_the_same_picture() -> None:
    image, mask = _scene(3)
    fresh = blur_background(image, mask, 60)
    assert np.array_equal(blur_background(image, mask, 60, backdrop=blurred(image, 60)), fresh)
    own = image.copy()
    out = blur_background(own, mask, 60, writable=True)
    assert out is own and np.array_equal(out, fresh)  # written in place, nothing else made
    shared = image.copy()
    blur_background(shared, mask, 60, backdrop=blurred(image, 60))
    assert np.array_equal(shared, image)  # not writable: left as it was


def test_single_pictures_never_share_a_blurred_background() -> None:
    first, _ = _scene(3)
    second, _ = _scene(4)
    settings = EffectSettings(BackgroundSettings("blur", 60))
    effects = Effects(settings, threaded=False)
    alone = Effects(settings, threaded=False)
    try:
        effects.apply_now(first)
        after_another = effects.apply_now(second)
        assert np.array_equal(after_another, alone.apply_now(second))
    finally:
        effects.close()
        alone.close()
