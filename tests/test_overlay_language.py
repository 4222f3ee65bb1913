"""Words on the picture speak the studio's language: a product card follows the window's language
switch from the next frame unless the merchant chose one for that layer (a B2B seller's English
card in a Chinese studio), and the camera-lost card is in the studio's language and stays the
camera layer's own picture, under the overlays above it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from profiles import small_profile
from pytestqt.qtbot import QtBot
from stills import Still
from windows import WindowHarness

from studio import picture_language
from studio.capture.camera import CameraSource, reconnecting_card
from studio.capture.settings import check_values
from studio.clock import MediaClock
from studio.commerce.overlay_kinds import render_kind
from studio.commerce.overlays import render_card
from studio.commerce.product import Product
from studio.commerce.run_of_show import ShowItem
from studio.commerce.shop import Shop
from studio.commerce.source import ProductSource
from studio.scene.compositor import Compositor, Layer
from studio.session import StudioSession
from studio.ui.i18n import Translations

CUP = Product("1", "保温杯 Thermos", Decimal("99"), Decimal("59"), stock=30, link="https://x/1")


@pytest.fixture(autouse=True)
def studio_language() -> Iterator[None]:
    """Each test starts in Chinese and leaves the process's language as it found it."""
    before = picture_language.current()
    picture_language.set_current("zh")
    yield
    picture_language.set_current(before)


def _explaining_shop() -> Shop:
    shop = Shop([CUP], [ShowItem("1", "traffic")])
    shop.next(1.0)
    return shop


def _card(lang: str) -> np.ndarray:
    return render_kind("card", CUP, width=400, lang=lang, explaining=True)


def test_a_card_follows_the_studio_language_from_the_next_frame() -> None:
    source = ProductSource(
        "product", MediaClock(), (720, 1280), 30, {"width": 400}, _explaining_shop()
    )
    chinese = source.latest_video()
    assert chinese is not None and np.array_equal(chinese.image, _card("zh"))
    assert not np.array_equal(_card("zh"), _card("en"))  # the words differ on the picture
    picture_language.set_current("en")
    english = source.latest_video()
    assert english is not chinese and np.array_equal(english.image, _card("en"))
    assert source.latest_video() is english  # drawn once per switch, not every frame
    picture_language.set_current("zh_CN")
    assert np.array_equal(source.latest_video().image, _card("zh"))


@pytest.mark.parametrize(("chosen", "studio"), [("en", "zh"), ("zh", "en")])
def test_a_language_chosen_for_the_layer_is_kept(chosen: str, studio: str) -> None:
    shop = _explaining_shop()
    options = {"width": 400, "lang": chosen}
    source = ProductSource("product", MediaClock(), (720, 1280), 30, options, shop)
    picture_language.set_current(studio)
    assert np.array_equal(source.latest_video().image, _card(chosen))


def test_a_new_product_layer_follows_the_studio_by_default() -> None:
    settings = ProductSource.SETTINGS
    assert {s.key: s.default for s in settings}["lang"] == "auto"
    assert check_values(settings, {"lang": "auto"}) == []
    assert check_values(settings, {"lang": "fr"})  # not a language the layers speak


def test_the_session_sets_the_studio_language_from_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = small_profile(tmp_path)
    profile.ui.language = "en"
    session = StudioSession(profile)
    assert picture_language.current() == "en"
    session.set_overlay_language("zh_CN")
    assert picture_language.current() == "zh"
    profile.ui.language = ""  # the system's: the locale variables say
    monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    StudioSession(profile)
    assert picture_language.current() == "zh"
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "C")
    StudioSession(profile)
    assert picture_language.current() == "en"  # no language named: English, as the window


# --- the camera-lost card -----------------------------------------------------------------------


def _lost_camera(monkeypatch: pytest.MonkeyPatch) -> CameraSource:
    monkeypatch.setattr(time, "strftime", lambda _f, *_a: "12:34:56")
    return CameraSource("camera:rtsp://127.0.0.1:9/live", MediaClock(), size=(360, 640))


def test_the_camera_lost_card_speaks_the_studio_language(monkeypatch) -> None:
    camera = _lost_camera(monkeypatch)
    camera.state, camera.attempts = "reconnecting", 2
    words = {
        "size": (360, 640),
        "connecting": False,
        "camera": camera.target,
        "label": camera.label,
        "attempts": 2,
        "clock": "12:34:56",
    }
    chinese = camera._card()
    assert np.array_equal(chinese, reconnecting_card(**words, language="zh"))
    picture_language.set_current("en")
    english = camera._card()
    assert np.array_equal(english, reconnecting_card(**words, language="en"))
    # The title line differs: the words, not only the clock, change with the language.
    title = slice(640 // 2 - 80, 640 // 2 - 20)
    assert not np.array_equal(chinese[title], english[title])
    assert chinese.shape == (640, 360, 3) and chinese[title].max() > 200  # white words drawn


def test_a_local_camera_is_named_in_the_studio_language() -> None:
    for language in ("zh", "en"):
        card = reconnecting_card(
            (360, 640),
            connecting=True,
            camera=0,
            label="Camera 0",
            attempts=0,
            clock="00:00:00",
            language=language,
        )
        assert card.shape == (640, 360, 3) and card.max() > 200
    # A too-long camera address is cut with … rather than running off the picture.
    long = reconnecting_card(
        (200, 360),
        connecting=False,
        camera="rtsp://a/" + "x" * 300,
        label="rtsp://a/" + "x" * 300,
        attempts=1,
        clock="00:00:00",
        language="en",
    )
    assert long[:, :4].max() <= 24 + 1 and long[:, -4:].max() <= 24 + 1  # edges stay clear


def test_the_camera_lost_card_stays_under_the_overlays_above_the_camera(monkeypatch) -> None:
    camera = _lost_camera(monkeypatch)
    camera.publish(camera._card())  # what its ticker publishes while the camera is away
    card = render_card(CUP, width=200, lang="zh")
    h, w = card.shape[:2]
    frame = Compositor(360, 640).compose(
        [
            Layer("camera", camera, z=0),
            Layer("card", Still(card), x=10, y=400, width=w, height=h, z=1),
        ]
    )
    alone = Compositor(360, 640).compose([Layer("camera", camera, z=0)])
    # Where the card is, the viewer sees the card over the camera's picture, not the other way.
    alpha = card[:, :, 3:4].astype(np.float32) / 255.0
    expected = card[:, :, :3] * alpha + alone[400 : 400 + h, 10 : 10 + w] * (1 - alpha)
    got = frame[400 : 400 + h, 10 : 10 + w].astype(np.float32)
    assert np.abs(got - expected).max() <= 2


# --- the window ----------------------------------------------------------------------------------


def test_the_language_switch_redraws_a_card_on_the_stream(
    studio: WindowHarness, qtbot: QtBot, qapp, tmp_path: Path, translations: Translations
) -> None:
    translations.apply(qapp, "zh_CN")
    profile = small_profile(tmp_path)
    profile.ui.language = "zh_CN"
    profile.catalog = [CUP.to_dict()]
    profile.run_of_show = [{"product": "1", "role": "traffic"}]
    session = StudioSession(profile, studio.profile_path)
    session.add_layer("product", {"show": "card", "width": 300}, name="Card")
    window = studio.show(session)
    session.shop.next(session.clock.now())
    engine = session.engine
    source = next(s for s in engine.sources if isinstance(s, ProductSource))
    zh = render_kind("card", CUP, width=300, lang="zh", explaining=True)
    en = render_kind("card", CUP, width=300, lang="en", explaining=True)

    def shows(expected: np.ndarray) -> None:
        frame = source.latest_video()
        assert frame is not None and np.array_equal(frame.image, expected)

    def frames_go_by() -> None:
        seq = engine.preview_seq
        qtbot.waitUntil(lambda: engine.preview_seq > seq + 2, timeout=10000)

    qtbot.waitUntil(lambda: shows(zh), timeout=10000)
    layer = next(x for x in session.layers if x.name == "Card")
    area = (
        slice(layer.y, layer.y + (layer.height or 640)),
        slice(layer.x, layer.x + (layer.width or 360)),
    )
    frames_go_by()
    before = engine.preview[area].copy()

    window.set_language("en")
    qtbot.waitUntil(lambda: shows(en), timeout=10000)
    frames_go_by()
    assert not np.array_equal(engine.preview[area], before)  # on the stream too
    assert window.session.profile.ui.language == "en"

    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: shows(zh), timeout=10000)
