"""Effects on a layer: person masks on real photos, the landscape model, passthrough when off,
the engine showing effects live, and a broken or missing model turning its effect off."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from photos import PHOTOS, Photo, astronaut, portrait
from waiting import wait_for

from studio.broadcast.encoder import EncoderConfig
from studio.capture.base import SourceError
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings
from studio.vision import ModelError, ProviderError, available_providers, load_manifest
from studio.vision.effects import (
    LANDSCAPE_MODEL,
    PORTRAIT_MODEL,
    Effects,
    segmentation_model,
)
from studio.vision.settings import (
    NATURAL,
    BackgroundSettings,
    BeautifySettings,
    EffectSettings,
)

BLUR = EffectSettings(BackgroundSettings("blur", 80))


@pytest.mark.parametrize("make", PHOTOS, ids=lambda f: f.__name__)
def test_person_mask_on_real_photos(make) -> None:
    photo: Photo = make()
    mask = Effects(threaded=False).person_mask(photo.image)
    assert mask is not None and mask.shape == photo.image.shape[:2] and mask.dtype == np.float32
    for area in photo.person:
        assert mask[area].mean() >= 0.9, area
    for area in photo.background:
        assert mask[area].mean() <= 0.1, area


def test_landscape_pictures_use_the_landscape_model() -> None:
    assert segmentation_model(1280, 720) == LANDSCAPE_MODEL
    assert segmentation_model(720, 1280) == PORTRAIT_MODEL
    assert segmentation_model(512, 512) == PORTRAIT_MODEL
    photo = astronaut()
    wide = np.full((512, 910, 3), photo.image[10, 300], np.uint8)  # the wall's colour either side
    wide[:, 199:711] = photo.image
    effects = Effects(threaded=False)
    mask = effects.person_mask(wide)
    assert mask is not None and set(effects._segmenters) == {LANDSCAPE_MODEL}
    face = (slice(90, 160), slice(199 + 195, 199 + 250))
    assert mask[face].mean() >= 0.9 and mask[:60, 20:150].mean() <= 0.1


def test_every_effect_off_is_bit_exact_passthrough() -> None:
    frame = astronaut().image
    for settings in (
        EffectSettings(),
        EffectSettings(BackgroundSettings("blur", 0), BeautifySettings()),
        EffectSettings(BackgroundSettings("off", 80, "x.png")),
    ):
        effects = Effects(settings, threaded=False)
        assert not settings.on and not effects.active
        assert effects.apply_now(frame) is frame


def test_blur_keeps_the_person_and_softens_the_background() -> None:
    photo = astronaut()
    out = Effects(BLUR, threaded=False).apply_now(photo.image)
    face = photo.person[0]
    assert np.abs(out[face].astype(int) - photo.image[face]).mean() < 2.0
    wall = photo.background[0]  # the flag's stripes and stars go soft
    laplacian = lambda img: cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.CV_32F).var()  # noqa: E731
    assert laplacian(out[wall]) < 0.2 * laplacian(photo.image[wall])


def _preview_engine(layers: list[LayerSettings], width: int = 360, height: int = 640) -> Engine:
    cfg = EncoderConfig(width=width, height=height, fps=30, bitrate_kbps=500, preset="ultrafast")
    return Engine(EngineConfig(cfg, layers))


def _fresh_preview(engine: Engine) -> np.ndarray:
    seq = engine.preview_seq
    wait_for(lambda: engine.preview_seq >= seq + 2, 20.0)
    assert engine.preview is not None
    return engine.preview.copy()


@pytest.fixture
def person_png(tmp_path: Path) -> Path:
    path = tmp_path / "person.png"
    cv2.imwrite(str(path), portrait(astronaut(), 360, 640))
    return path


def test_engine_applies_effects_live_and_passes_through_when_they_go_off(person_png) -> None:
    plain = cv2.imread(str(person_png))
    layer = LayerSettings(name="cam", source=f"image:{person_png}")
    engine = _preview_engine([layer])
    engine.start()
    try:
        assert np.array_equal(_fresh_preview(engine), plain)  # no effects: the picture itself
        settings = EffectSettings(BackgroundSettings("blur", 80), NATURAL)
        engine.set_layers(
            [LayerSettings(name="cam", source=layer.source, effects=settings.to_dict())]
        )
        wait_for(lambda: not np.array_equal(_fresh_preview(engine), plain), 20.0)
        # The analysis that loaded the models is not counted: the cost shows from the next one.
        wait_for(lambda: engine.stats().effects["cam"].analyse_ms > 0, 20.0)
        status = engine.stats().effects["cam"]
        assert status.provider == "cpu" and not status.problems
        shown = _fresh_preview(engine)
        wall = (slice(0, 40), slice(20, 100))  # the flag: blurred
        assert np.abs(shown[wall].astype(int) - plain[wall]).mean() > 3
        # A slider moved: the same effects take new settings, no model is reloaded.
        wrapped = engine.layers[0].source
        engine.set_layers(
            [
                LayerSettings(
                    name="cam",
                    source=layer.source,
                    effects=EffectSettings(BLUR.background).to_dict(),
                )
            ]
        )
        assert engine.layers[0].source is wrapped
        # Everything off again: bit-exact passthrough on the next frames.
        engine.set_layers([LayerSettings(name="cam", source=layer.source, effects={})])
        wait_for(lambda: np.array_equal(_fresh_preview(engine), plain), 20.0)
    finally:
        engine.stop()


def test_remove_lets_the_layers_behind_show_through(person_png, tmp_path: Path) -> None:
    green = tmp_path / "green.png"
    cv2.imwrite(str(green), np.full((640, 360, 3), (0, 200, 0), np.uint8))
    remove = EffectSettings(BackgroundSettings("remove")).to_dict()
    engine = _preview_engine(
        [
            LayerSettings(name="backdrop", source=f"image:{green}", z=0),
            LayerSettings(name="cam", source=f"image:{person_png}", z=1, effects=remove),
        ]
    )
    engine.start()
    try:
        wait_for(lambda: tuple(_fresh_preview(engine)[10, 60]) == (0, 200, 0), 20.0)
        shown = _fresh_preview(engine)
        face = (slice(70, 105), slice(140, 172))  # the astronaut's face, scaled by 360/512
        assert np.abs(shown[face].astype(int) - cv2.imread(str(person_png))[face]).mean() < 3
    finally:
        engine.stop()


def test_replace_with_a_looping_video(person_png, tmp_path: Path) -> None:
    import av

    clip = tmp_path / "beach.mp4"
    with av.open(str(clip), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(15):  # half a second, looped by the effect
            frame = np.full((240, 320, 3), (200, 120, 10 + i * 10), np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    replace = EffectSettings(BackgroundSettings("replace", image=str(clip))).to_dict()
    engine = _preview_engine(
        [LayerSettings(name="cam", source=f"image:{person_png}", effects=replace)]
    )
    engine.start()
    try:

        def backdrop_shown() -> bool:
            b, g, _ = _fresh_preview(engine)[20, 60].astype(int)
            return abs(b - 200) < 25 and abs(g - 120) < 25

        wait_for(backdrop_shown, 20.0)
        time.sleep(0.8)  # past the clip's end: it loops, the backdrop stays
        assert backdrop_shown()
    finally:
        engine.stop()


def _models_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(load_manifest().dir, copy)
    return copy


def test_a_corrupt_model_turns_its_effect_off_and_the_picture_goes_on(tmp_path: Path) -> None:
    models = _models_copy(tmp_path)
    data = (models / "selfie_segmentation.onnx").read_bytes()
    (models / "selfie_segmentation.onnx").write_bytes(data[:1000] + b"\0" * 64 + data[1064:])
    (models / "face_landmark.onnx").unlink()
    manifest = load_manifest(models)
    frame = astronaut().image
    effects = Effects(EffectSettings(BLUR.background, NATURAL), manifest=manifest, threaded=False)
    assert isinstance(effects.problems.get("beautify"), ModelError)
    assert effects.problems["beautify"].code == "missing"
    out = effects.apply_now(frame)  # the segmentation model fails on first use
    assert isinstance(effects.problems.get("background"), ModelError)
    assert effects.problems["background"].code == "corrupt"
    assert "selfie_segmentation.onnx" in str(effects.problems["background"])
    assert out is frame and not effects.active  # both effects off, the picture untouched


def test_engine_carries_on_with_a_broken_model(person_png, tmp_path: Path, monkeypatch) -> None:
    models = _models_copy(tmp_path)
    (models / "selfie_segmentation.onnx").write_bytes(b"not a model")
    monkeypatch.setattr("studio.vision.effects.load_manifest", lambda: load_manifest(models))
    plain = cv2.imread(str(person_png))
    engine = _preview_engine(
        [LayerSettings(name="cam", source=f"image:{person_png}", effects=BLUR.to_dict())]
    )
    engine.start()
    try:
        wait_for(lambda: bool(engine.stats().effects["cam"].problems), 20.0)
        assert np.array_equal(_fresh_preview(engine), plain)  # the picture goes on, untouched
        wait_for(lambda: engine.elapsed > 1.2, 20.0)
        assert engine.stats().fps > 10
    finally:
        engine.stop()


def test_a_forced_provider_that_is_not_installed_is_reported() -> None:
    if "cuda" in available_providers():
        pytest.skip("this machine has CUDA")
    effects = Effects(EffectSettings(beautify=NATURAL, provider="cuda"), threaded=False)
    assert isinstance(effects.problems.get("beautify"), ProviderError)
    assert effects.apply_now(astronaut().image) is not None


def test_an_unreadable_backdrop_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    effects = Effects(
        EffectSettings(BackgroundSettings("replace", image=str(tmp_path / "none.png"))),
        threaded=False,
    )
    assert isinstance(effects.problems.get("background"), SourceError)
    frame = astronaut().image
    assert effects.apply_now(frame) is frame


def test_a_still_picture_keeps_its_effect_without_flicker(person_png) -> None:
    """A picture layer has one frame: it is analysed again now and then, so its result never
    goes stale and the effect never drops out between analyses."""
    plain = cv2.imread(str(person_png))
    engine = _preview_engine(
        [LayerSettings(name="cam", source=f"image:{person_png}", effects=BLUR.to_dict())]
    )
    engine.start()
    try:
        wait_for(lambda: not np.array_equal(_fresh_preview(engine), plain), 20.0)
        seen = 0
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            seq = engine.preview_seq
            wait_for(lambda seq=seq: engine.preview_seq > seq, 20.0)
            assert not np.array_equal(engine.preview, plain), "the effect dropped out"
            seen += 1
        assert seen > 20
    finally:
        engine.stop()
