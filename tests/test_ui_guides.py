"""The platforms' screen as a guide over the preview: zones shaded for the destinations in use,
a layer under one outlined and named in one line, dragging snapping to the safe area's edges,
and the View menu's choice kept in the profile.

The preview is sized as in test_ui_preview: the 1080x1920 canvas drawn at exactly 1/4 scale at
(8, 8), so one widget pixel is four canvas pixels and the snapping distance is 32 canvas px.
The zones are the real Douyin and YouTube presets' (studio/broadcast/platforms/).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from preview_mouse import LEFT, NO_BUTTON, NO_MOD, drag, send_mouse, wpos
from profiles import small_profile
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.broadcast.platforms.screens import platform_zones, zones_for
from studio.profile import DestinationSettings, Profile
from studio.profile_store import load_profile
from studio.scene.rects import overlaps
from studio.scene.zones import safe_area
from studio.session import StudioSession
from studio.ui import preview as preview_module
from studio.ui.i18n import Translations
from studio.ui.preview import ACCENT, UNDER_ZONE, LayerBox, PreviewWidget

ALT = Qt.KeyboardModifier.AltModifier
GREY = (90, 90, 90)
SCREENSHOT = Path("/tmp/guides_window_zh.png")


def douyin_safe() -> tuple[int, int, int, int]:
    """The largest part of a 1080x1920 canvas clear of Douyin's screen."""
    return safe_area(zones_for(["douyin"], 1080, 1920), 1080, 1920)


def zone_rect(platform: str, name: str, width: int, height: int) -> tuple[int, int, int, int]:
    portrait = height > width
    return next(z for z in platform_zones(platform, portrait) if z.name == name).rect(width, height)


@pytest.fixture
def preview(qtbot: QtBot) -> Iterator[PreviewWidget]:
    w = PreviewWidget()
    qtbot.addWidget(w)
    w.set_canvas_size(1080, 1920)
    w.resize(286, 496)
    w.show()
    qtbot.waitExposed(w)
    assert w.canvas_rect() == QRect(8, 8, 270, 480)
    w.set_frame(np.full((1920, 1080, 3), GREY[0], np.uint8))
    yield w


def pixel(w: PreviewWidget, p: QPoint) -> tuple[int, int, int]:
    """The colour drawn at a widget pixel."""
    c = w.grab().toImage().pixelColor(p)
    return (c.red(), c.green(), c.blue())


def colour_at(w: PreviewWidget, x: float, y: float) -> tuple[int, int, int]:
    """The colour drawn at a canvas point."""
    return pixel(w, wpos(w, x, y).toPoint())


def near(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# ----- drawing -----


def test_the_guide_shades_douyins_zones_only_while_it_is_on(preview: PreviewWidget) -> None:
    preview.set_platforms(["douyin"])
    bx, by, bw, bh = zone_rect("douyin", "bottom_bar", 1080, 1920)
    in_bar = (bx + bw * 0.8, by + bh / 2)  # right of the label text
    sx, sy, sw, sh = douyin_safe()  # clear of every Douyin zone
    assert preview.zones() == [] and near(colour_at(preview, *in_bar), GREY)

    preview.set_zones_shown(True)
    names = [g.zone.name for g in preview.zones()]
    assert names == [z.name for z in platform_zones("douyin", True)]
    shaded = colour_at(preview, *in_bar)
    assert not near(shaded, GREY) and shaded[0] > shaded[1] + 20  # a red tint over the picture
    assert near(colour_at(preview, sx + sw / 2, sy + sh / 2), GREY)  # the safe area stays clear

    preview.set_zones_shown(False)
    assert preview.zones() == [] and preview.safe_rect() is None
    assert near(colour_at(preview, *in_bar), GREY)


def test_no_destination_or_a_platform_without_zones_draws_nothing(preview: PreviewWidget) -> None:
    preview.set_zones_shown(True)
    assert preview.zones() == [] and preview.safe_rect() is None
    preview.set_platforms(["custom"])
    assert preview.zones() == [] and near(colour_at(preview, 540, 1900), GREY)


def test_the_guide_costs_nothing_when_off(
    preview: PreviewWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off, the widget never computes a zone: a poisoned zones_for is never reached by setting
    the platforms, changing the canvas, moving a layer or painting."""

    def poisoned(*_args, **_kwargs):
        raise AssertionError("zone work while the guide is off")

    monkeypatch.setattr(preview_module, "zones_for", poisoned)
    monkeypatch.setattr(preview_module, "safe_area", poisoned)
    preview.set_platforms(["douyin", "youtube"])
    preview.set_layers([LayerBox("Product card", 100, 100, 300, 200)])
    drag(preview, wpos(preview, 200, 200), wpos(preview, 200, 1850))
    preview.set_canvas_size(1920, 1080)
    preview.set_canvas_size(1080, 1920)
    preview.grab()
    assert preview.layers_under_zones() == {} and preview.zone_hint() == ""
    monkeypatch.undo()
    preview.set_zones_shown(True)  # and on, it does the work
    card = preview.layers()[0].geometry
    under = [g for g in preview.zones() if overlaps(card, g.rect)]
    assert under and preview.layers_under_zones() == {"Product card": under}


def test_zones_follow_the_canvas_and_join_for_several_platforms(preview: PreviewWidget) -> None:
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    preview.set_canvas_size(1920, 1080)  # landscape: Douyin's landscape zones, in its pixels
    landscape = [(g.zone.name, g.rect) for g in preview.zones()]
    assert landscape == [(z.name, z.rect(1920, 1080)) for z in platform_zones("douyin", False)]
    preview.set_canvas_size(1080, 1920)
    preview.set_platforms(["douyin", "youtube"])
    zones = preview.zones()
    douyin = {(z.name, z.rect(1080, 1920)) for z in platform_zones("douyin", True)}
    youtube = {(z.name, z.rect(1080, 1920)) for z in platform_zones("youtube", True)}
    assert {(g.zone.name, g.rect) for g in zones} == douyin | youtube
    # Each zone is named after the platform it belongs to (the first one for a shared zone).
    for g in zones:
        assert g.platform == ("douyin" if (g.zone.name, g.rect) in douyin else "youtube")


# ----- a layer under a zone -----


def test_a_layer_dragged_into_the_bottom_bar_is_outlined_and_named(
    preview: PreviewWidget,
) -> None:
    hints: list[str] = []
    preview.zone_hint_changed.connect(hints.append)
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    # The camera fills the canvas under every zone by design: never flagged.
    sx, sy, _, _ = douyin_safe()
    preview.set_layers(
        [
            LayerBox("Camera", 0, 0, 1080, 1920),
            LayerBox("Product card", sx + 100, sy + 200, 300, 200),
        ]
    )
    assert preview.layers_under_zones() == {} and hints == []

    bar = zone_rect("douyin", "bottom_bar", 1080, 1920)
    start = wpos(preview, sx + 250, sy + 300)
    drag(preview, start, wpos(preview, sx + 250, bar[1] + 150), release=False)
    card = preview.layers()[1]
    assert overlaps(card.geometry, bar)
    assert "bottom_bar" in [g.zone.name for g in preview.layers_under_zones()["Product card"]]
    assert hints == []  # nothing said while the hand is still on the layer
    send_mouse(
        preview,
        QEvent.Type.MouseButtonRelease,
        wpos(preview, sx + 250, bar[1] + 150),
        LEFT,
        NO_BUTTON,
        NO_MOD,
    )
    assert len(hints) == 1
    assert hints[0] == (
        "“Product card” is under Douyin’s screen (Bottom bar: comment box, cart, gifts): "
        "buyers will not see it. View → Move overlays out of the platforms’ screens."
    )
    # Outlined in amber just outside its left edge, beside the selection’s own outline.
    card = preview.layers()[1]
    edge = wpos(preview, card.x, card.y + card.height / 4).toPoint()  # between two handles
    assert near(pixel(preview, edge - QPoint(2, 0)), UNDER_ZONE.getRgb()[:3])
    assert near(pixel(preview, edge), ACCENT.getRgb()[:3])

    # Dragged back into the clear: the outline and the hint go.
    drag(preview, wpos(preview, card.x + 150, card.y + 100), start)
    assert preview.layers_under_zones() == {} and hints[-1] == ""
    preview.select(-1)
    away = wpos(preview, 1000, 1000)  # the hover outline leaves the card too
    send_mouse(preview, QEvent.Type.MouseMove, away, NO_BUTTON, NO_BUTTON, NO_MOD)
    card = preview.layers()[1]
    edge = wpos(preview, card.x, card.y + card.height / 4).toPoint()  # between two handles
    assert near(pixel(preview, edge - QPoint(2, 0)), GREY)


def test_a_layer_just_placed_under_a_zone_is_named_first(preview: PreviewWidget) -> None:
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    top = zone_rect("douyin", "top_bar", 1080, 1920)
    preview.set_layers([LayerBox("Title", 100, top[1] + 10, 500, 100)])
    assert preview.zone_hint().startswith("“Title” is under Douyin’s screen (Top bar")
    preview.set_layers(
        [LayerBox("Title", 100, top[1] + 10, 500, 100), LayerBox("Countdown", 0, 1800, 400, 100)]
    )
    assert preview.zone_hint() == (
        "“Countdown” is under Douyin’s screen (Bottom bar: comment box, cart, gifts), and 1 more "
        "layers are under the platforms’ screens: buyers will not see them. View → Move "
        "overlays out of the platforms’ screens."
    )
    # Hidden layers are not shown to anyone: not flagged.
    preview.set_layers(
        [
            LayerBox("Title", 100, top[1] + 10, 500, 100, visible=False),
            LayerBox("Countdown", 0, 1800, 400, 100, visible=False),
        ]
    )
    assert preview.zone_hint() == ""


def test_the_hint_speaks_chinese_with_the_window(
    preview: PreviewWidget, translations: Translations, qapp
) -> None:
    hints: list[str] = []
    preview.zone_hint_changed.connect(hints.append)
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    preview.set_layers([LayerBox("商品卡", 0, 1800, 400, 100)])
    assert "Douyin" in hints[-1]
    translations.apply(qapp, "zh_CN")
    QApplication.sendPostedEvents()
    assert "抖音" in hints[-1] and "Douyin" not in hints[-1] and "商品卡" in hints[-1]


# ----- snapping -----


def test_dragging_snaps_to_the_safe_areas_edge(preview: PreviewWidget) -> None:
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    safe = preview.safe_rect()
    assert safe is not None
    top = safe[1]
    assert all(abs(top - t) > 64 for t in (0, 960, 1920))  # no canvas line nearby
    # Box top at 400, dragged up by 4 * (400 - top - 20) / 4: its top lands 20 px below the
    # safe area's top edge, within the 32 px snapping distance: it snaps onto it.
    preview.set_layers([LayerBox("Countdown", 300, 400, 200, 120)])
    start = wpos(preview, 400, 460)
    end = start - QPointF(0, (400 - top - 20) / 4)
    drag(preview, start, end, release=False)
    assert preview.layers()[0].y == top
    assert preview._guides[1] == [float(top)]  # the guide line shows what it snapped to
    send_mouse(preview, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON, ALT)
    # Alt: no snapping; the guide off: no safe-area edge to snap to.
    preview.set_layers([LayerBox("Countdown", 300, 400, 200, 120)])
    drag(preview, start, end, ALT)
    assert preview.layers()[0].y == top + 20
    preview.set_zones_shown(False)
    preview.set_layers([LayerBox("Countdown", 300, 400, 200, 120)])
    drag(preview, start, end)
    assert preview.layers()[0].y == top + 20


def test_resizing_snaps_to_the_safe_areas_edge(preview: PreviewWidget) -> None:
    preview.set_zones_shown(True)
    preview.set_platforms(["douyin"])
    sx, _, sw, _ = preview.safe_rect()
    right = sx + sw
    assert all(abs(right - t) > 64 for t in (0, 540, 1080))
    preview.set_layers([LayerBox("Logo", 100, 600, 400, 200)])
    preview.select(0)
    handle = wpos(preview, 500, 700)  # the right edge's handle
    drag(preview, handle, handle + QPointF((right - 500 - 16) / 4, 0))
    assert preview.layers()[0].geometry == (100, 600, right - 100, 200)


# ----- the window -----


def douyin_profile(tmp_path: Path) -> Profile:
    """The small test profile going live to Douyin (a YouTube destination switched off)."""
    profile = small_profile(tmp_path)
    profile.destinations = [
        DestinationSettings("Douyin shop", platform="douyin"),
        DestinationSettings("YouTube", platform="youtube", enabled=False),
    ]
    return profile


def open_window(studio: WindowHarness, profile: Profile, layer_at: tuple[int, int] | None):
    """The window on `profile`, with a "Countdown" text layer at `layer_at` (canvas px)."""
    session = StudioSession(profile, studio.profile_path)
    if layer_at is not None:
        layer = session.add_layer(
            "text",
            {"text": "Flash sale 05:00", "font_size": 20, "background": "#000000cc"},
            name="Countdown",
        )
        layer.x, layer.y = layer_at
    return studio.show(session)


def test_the_view_menus_choice_is_saved_and_restored(studio: WindowHarness) -> None:
    window = open_window(studio, douyin_profile(studio.tmp_path), None)
    action = window.zones_action
    assert action in window.view_menu.actions() and action.text() == "Platform UI zones"
    # On for a profile that never chose; the enabled destinations' platforms only (Douyin).
    assert action.isChecked() and window.preview.zones_shown()
    assert window.preview.zones() and {g.platform for g in window.preview.zones()} == {"douyin"}
    action.trigger()
    assert not action.isChecked() and window.preview.zones() == []
    window.save()
    assert load_profile(studio.profile_path).ui.platform_zones is False
    studio.close_all()

    window = studio.show(StudioSession(load_profile(studio.profile_path), studio.profile_path))
    assert not window.zones_action.isChecked() and window.preview.zones() == []
    window.zones_action.trigger()
    assert window.preview.zones()
    window.save()
    assert load_profile(studio.profile_path).ui.platform_zones is True


def test_the_banner_names_a_layer_under_douyins_bar_in_the_windows_language(
    studio: WindowHarness, qtbot: QtBot
) -> None:
    # 360x640: Douyin's bottom bar starts at 0.89 of the height.
    window = open_window(studio, douyin_profile(studio.tmp_path), (20, 600))
    preview = window.preview
    assert "Countdown" in preview.layers_under_zones()
    severity, text = window.banner.messages["zones"]
    assert severity == "warning" and text.startswith("“Countdown” is under Douyin’s screen")
    assert window.banner.isVisible() and window.banner.label.text() == text

    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "抖音" in window.banner.messages.get("zones", ("", ""))[1])
    assert "Countdown" in window.banner.messages["zones"][1]
    window.resize(1280, 800)
    window.grab().save(str(SCREENSHOT))

    # Dragged up into the clear: the session has the new place and the hint goes.
    index = [b.name for b in preview.layers()].index("Countdown")
    box = preview.layers()[index]
    start = wpos(preview, box.x + box.width / 2, box.y + box.height / 2)
    drag(preview, start, wpos(preview, box.x + box.width / 2, 250))
    assert "zones" not in window.banner.messages
    layer = next(x for x in window.session.layers if x.name == "Countdown")
    assert (layer.x, layer.y) == preview.layers()[index].geometry[:2]
    assert preview.layers_under_zones() == {}


def test_painting_with_the_guide_on_costs_little(preview: PreviewWidget) -> None:
    """Measured for the report: a repaint of the preview with Douyin's guide on and off."""
    preview.set_platforms(["douyin"])
    preview.set_layers([LayerBox("Card", 0, 1800, 400, 100), LayerBox("Logo", 800, 300, 200, 200)])
    times = {}
    for shown in (False, True, False):
        preview.set_zones_shown(shown)
        preview.grab()  # lays the labels out once
        t0 = time.perf_counter()
        for _ in range(50):
            preview.repaint()
        times[shown] = (time.perf_counter() - t0) / 50
    print(f"repaint: guide off {times[False] * 1e3:.3f} ms, on {times[True] * 1e3:.3f} ms")
    assert times[True] < times[False] + 0.005  # the guide adds well under 5 ms a frame


def test_overlays_made_before_douyin_was_added_are_moved_out_of_its_screen(
    studio: WindowHarness,
) -> None:
    # The scene was laid out with no destination; Douyin came later: the title sits under its
    # top bar and the countdown under its bottom bar, a locked logo under the top bar too.
    profile = small_profile(studio.tmp_path)
    session = StudioSession(profile, studio.profile_path)
    title = session.add_layer("text", {"text": "Welcome", "font_size": 20}, name="Title")
    title.x, title.y = 60, 8
    countdown = session.add_layer(
        "text", {"text": "Flash sale 05:00", "font_size": 20}, name="Countdown"
    )
    countdown.x, countdown.y = 20, 600
    logo = session.add_layer("text", {"text": "LOGO", "font_size": 14}, name="Logo")
    logo.x, logo.y, logo.locked = 290, 10, True
    profile.destinations = [DestinationSettings("Douyin shop", platform="douyin")]
    window = studio.show(session)
    assert set(window.preview.layers_under_zones()) == {"Title", "Countdown", "Logo"}
    assert "View → Move overlays out" in window.banner.messages["zones"][1]

    assert window.clear_zones_action in window.view_menu.actions()
    window.clear_zones_action.trigger()
    # Title and countdown moved clear of every zone and of each other, at the same size; the
    # locked logo stays where the merchant locked it, and the banner says so.
    assert set(window.preview.layers_under_zones()) == {"Logo"}
    zones = session.platform_zones()
    rects = {x.name: (x.x, x.y, *session.layer_size(x)) for x in session.layers}
    for name in ("Title", "Countdown"):
        assert not any(overlaps(rects[name], z) for z in zones), name
        assert rects[name][2:] == session.layer_size(title if name == "Title" else countdown)
    assert not overlaps(rects["Title"], rects["Countdown"])
    assert rects["Logo"][:2] == (290, 10)
    severity, text = window.banner.messages["zones_moved"]
    assert severity == "info"
    assert text == "Moved out of the platforms’ screens: “Title”, “Countdown”."
    window.save()
    saved = {x.name: (x.x, x.y) for x in load_profile(studio.profile_path).scenes[0].layers}
    assert saved["Title"] == rects["Title"][:2] and saved["Countdown"] == rects["Countdown"][:2]

    # Again, with only the locked logo left under: nothing to move, and that is said.
    window.clear_zones_action.trigger()
    assert window.banner.messages["zones_moved"] == (
        "info",
        "No overlay is under the platforms’ screens.",
    )
