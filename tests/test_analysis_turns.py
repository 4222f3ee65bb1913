"""The models get frames at their share's pace on average, not at the first frame after each
interval (which would stretch every interval to a whole number of frames)."""

from __future__ import annotations

import numpy as np
from effects_turns import offer
from photos import PHOTOS, portrait

from studio.vision import planar
from studio.vision.effects import Effects
from studio.vision.settings import BackgroundSettings, EffectSettings


def test_turns_keep_the_interval_on_average(monkeypatch) -> None:
    effects = Effects(EffectSettings(BackgroundSettings("blur", 60)))
    monkeypatch.setattr(effects, "analysis_interval", lambda: 0.147)  # 4.4 frames at 30 fps
    monkeypatch.setattr(effects._stillness, "changed", lambda picture: True)
    picture = planar.from_bgr(portrait(PHOTOS[0]()))
    try:
        turns, _ = offer(effects, [picture] * 180)  # six seconds
    finally:
        effects.close()
    gaps = np.diff(turns)
    assert set(gaps.tolist()) <= {4, 5}  # each turn at the first frame due, never a burst
    # 6 s / 0.147 s = 40.8 turns; waiting for a whole frame count each time gave 6 / 0.167 = 36.
    assert 40 <= len(turns) <= 42, turns
