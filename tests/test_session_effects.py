"""Effects through the session, without Qt: a layer's effects saved with it and handed to the
running engine (a slider move reconfigures, never rebuilds), and the merchant's own presets beside
the built-in looks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.profile import Profile, SceneSettings, default_profile
from studio.profile_store import load_profile
from studio.session import StudioError, StudioSession
from studio.vision.settings import (
    BEAUTIFY_PRESETS,
    NATURAL,
    BackgroundSettings,
    BeautifySettings,
    EffectSettings,
)
from studio.vision.source import EffectsSource

BLUR = EffectSettings(background=BackgroundSettings("blur", 40))


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "person.png"
    image = np.full((120, 90, 3), 200, np.uint8)
    cv2.circle(image, (45, 50), 25, (90, 140, 220), -1)
    cv2.imwrite(str(path), image)
    return path


def small_profile() -> Profile:
    profile = default_profile()
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.scenes = [SceneSettings("Main", [])]
    profile.current_scene = "Main"
    profile.audio_sources = []
    return profile


@pytest.fixture
def session(tmp_path: Path, picture: Path) -> StudioSession:
    session = StudioSession(small_profile(), tmp_path / "profile.json")
    session.add_layer(f"image:{picture}", name="Person")
    return session


@pytest.fixture
def running(session: StudioSession) -> Iterator[StudioSession]:
    session.open()
    try:
        yield session
    finally:
        session.close()


def live_source(session: StudioSession, name: str = "Person"):
    assert session.engine is not None
    return next(layer.source for layer in session.engine.layers if layer.name == name)


def test_effects_are_saved_with_the_layer(session: StudioSession, tmp_path: Path) -> None:
    assert session.layer_effects(0) == EffectSettings()
    look = EffectSettings(BackgroundSettings("blur", 70), NATURAL, "cpu")
    session.set_layer_effects(0, look)
    assert session.layers[0].effects == look.to_dict()
    assert session.layer_effects(0) == look
    session.save()
    assert load_profile(tmp_path / "profile.json").scenes[0].layers[0].effects == look.to_dict()
    session.set_layer_effects(0, EffectSettings())
    assert session.layers[0].effects == {}  # every effect off: nothing kept


def test_unusable_effects_are_refused(session: StudioSession) -> None:
    with pytest.raises(StudioError) as caught:
        session.set_layer_effects(0, EffectSettings(BackgroundSettings("replace")))
    assert caught.value.code == "effects"
    assert session.layers[0].effects == {}
    with pytest.raises(StudioError) as caught:
        session.set_layer_effects(3, BLUR)
    assert caught.value.code == "no_layer"


def test_the_engine_follows_without_rebuilding(running: StudioSession) -> None:
    session = running
    plain = live_source(session)
    assert not isinstance(plain, EffectsSource)
    session.set_layer_effects(0, BLUR)
    wrapped = live_source(session)
    assert isinstance(wrapped, EffectsSource) and wrapped.inner is plain
    assert wrapped.effects.settings == BLUR
    mixer, layers = session.engine.mixer, session.engine.layers
    stronger = EffectSettings(BackgroundSettings("blur", 90), NATURAL)
    session.set_layer_effects(0, stronger)  # a slider move: reconfigured in place
    assert wrapped.effects.settings == stronger
    assert session.engine.mixer is mixer and session.engine.layers is layers
    session.set_layer_effects(0, EffectSettings())
    assert not wrapped.effects.active
    frame = plain.latest_video()
    assert frame is not None and wrapped.latest_video() is frame  # bit-exact passthrough
    session.switch_scene("Main")  # the scene shown again: the engine re-reads the layers
    again = live_source(session)
    assert again is plain or (isinstance(again, EffectsSource) and not again.effects.active)


def test_built_in_and_own_presets(session: StudioSession) -> None:
    presets = session.effect_presets
    assert list(presets) == list(BEAUTIFY_PRESETS)
    assert all(p.builtin for p in presets.values())
    assert presets["natural"].settings.beautify == NATURAL

    mine = EffectSettings(BackgroundSettings("blur", 30), BeautifySettings(smooth=50), "cpu")
    saved = session.save_effect_preset("  Studio  look ", mine)
    assert saved.name == "Studio look"
    stored = session.profile.effect_presets["Studio look"]
    assert "provider" not in stored  # the provider belongs to the machine, not the look
    assert session.effect_presets["Studio look"].settings == EffectSettings(
        mine.background, mine.beautify
    )

    for name in ("natural", "Natural", " GLAM "):
        with pytest.raises(StudioError) as caught:
            session.save_effect_preset(name, mine)
        assert caught.value.code == "preset_builtin"
    with pytest.raises(StudioError) as caught:
        session.save_effect_preset("Studio look", BLUR)
    assert caught.value.code == "preset_exists"
    with pytest.raises(StudioError) as caught:
        session.save_effect_preset("   ", BLUR)
    assert caught.value.code == "name_empty"
    session.save_effect_preset("Studio look", BLUR, replace=True)
    assert session.effect_presets["Studio look"].settings == EffectSettings(BLUR.background)

    with pytest.raises(StudioError) as caught:
        session.delete_effect_preset("soft")
    assert caught.value.code == "preset_builtin"
    session.delete_effect_preset("Studio look")
    assert "Studio look" not in session.effect_presets
    with pytest.raises(StudioError) as caught:
        session.delete_effect_preset("Studio look")
    assert caught.value.code == "no_preset"


def test_applying_presets(session: StudioSession) -> None:
    current = EffectSettings(BackgroundSettings("blur", 40), BeautifySettings(eyes=5), "cpu")
    session.set_layer_effects(0, current)
    # A built-in look changes beautify only; the background and the provider stay.
    soft = session.apply_effect_preset(0, "soft")
    assert soft == EffectSettings(current.background, BEAUTIFY_PRESETS["soft"], "cpu")
    assert session.layer_effects(0) == soft
    # An own preset sets background and beautify; the provider stays.
    session.save_effect_preset("Clean", EffectSettings(BackgroundSettings("remove"), NATURAL))
    clean = session.apply_effect_preset(0, "Clean")
    assert clean == EffectSettings(BackgroundSettings("remove"), NATURAL, "cpu")
    with pytest.raises(StudioError):
        session.apply_effect_preset(0, "gone")


def test_presets_persist(session: StudioSession, tmp_path: Path) -> None:
    session.save_effect_preset("Evening", EffectSettings(BackgroundSettings("blur", 80), NATURAL))
    session.save()
    again = StudioSession(load_profile(tmp_path / "profile.json"), tmp_path / "profile.json")
    assert again.effect_presets["Evening"].settings == EffectSettings(
        BackgroundSettings("blur", 80), NATURAL
    )
    assert not again.effect_presets["Evening"].builtin
