"""New overlays land in the free slot where their kind belongs: outside the platform's own screen
(its zones), clear of the other layers and of the host's face, no smaller than a phone reads.
Placed through the real session (the real sources measure themselves), for every platform
preset in portrait and landscape; the pinned comment and the answer card share one slot; the
products panel places its cards through the session too.
"""

from __future__ import annotations

import itertools
import time
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest
from profiles import small_profile
from pytestqt.qtbot import QtBot

from studio.broadcast.platforms.registry import PLATFORMS
from studio.broadcast.platforms.screens import zones_for
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.profile import DestinationSettings, LayerSettings
from studio.scene.placement import (
    FACE_SHY,
    KINDS,
    face_band,
    margin,
    place_new,
    readable_width,
)
from studio.scene.rects import area, inside, intersection, overlaps
from studio.session import StudioSession

CANVASES = ((1080, 1920), (720, 1280), (1920, 1080), (1280, 720))
CUP = Product("1", "保温杯 Thermos cup 500ml", Decimal("129"), Decimal("99"), stock=50)


def _picture(path: Path, size: tuple[int, int]) -> str:
    w, h = size
    image = np.full((h, w, 3), (40, 120, 200), np.uint8)
    cv2.imwrite(str(path), image)
    return f"image:{path}"


def _session(tmp_path: Path, canvas: tuple[int, int], platform: str) -> StudioSession:
    profile = small_profile(tmp_path)
    profile.canvas.width, profile.canvas.height = canvas
    profile.destinations = [DestinationSettings("live", platform, "rtmp://127.0.0.1/live")]
    session = StudioSession(profile, tmp_path / "profile.json")
    session.shop.put(CUP)
    session.add_layer("synthetic")  # the camera under everything, full canvas
    return session


# What _add_every_kind adds, in order: every kind.
ADDED = (
    "product_card",
    "spec_sheet",
    "countdown",
    "lower_third",
    "comment",
    "logo",
    "text",
    "picture",
)
assert sorted(ADDED) == sorted(KINDS)


def _add_every_kind(session: StudioSession, tmp_path: Path) -> list[LayerSettings]:
    """One overlay of each kind, one after another, as a merchant adds them."""
    w, h = session.profile.canvas.width, session.profile.canvas.height
    side = max(40, min(w, h) // 7)
    logo = _picture(tmp_path / "logo.png", (side, side))
    photo = _picture(tmp_path / "photo.png", (w // 2, w * 3 // 8))
    return [
        session.add_layer("product", {"show": "card"}, name="card"),
        session.add_layer("product", {"show": "spec"}, name="spec"),
        session.add_layer("product", {"show": "countdown"}, name="countdown"),
        session.add_layer("lower_third", {"title": "主播小美", "subtitle": "全场包邮"}),
        session.show_comment_layer("pinned", "Pinned comment"),
        session.add_layer(logo, name="logo"),
        session.add_layer("text", {"text": "今晚8点 限时秒杀", "font_size": max(24, h // 30)}),
        session.add_layer(photo, name="photo"),
    ]


def _zones(platform: str, w: int, h: int) -> list[tuple[int, int, int, int]]:
    return [r for _, r in zones_for([platform], w, h)]


def _rect(session: StudioSession, layer: LayerSettings) -> tuple[int, int, int, int]:
    return (layer.x, layer.y, *session.layer_size(layer))


def _room_for(size: tuple[int, int], w: int, h: int, obstacles: list) -> bool:
    """Whether a rect of this size fits anywhere on the canvas clear of the obstacles (every
    position on a 4-pixel grid, plus the far edges)."""
    rw, rh = size
    xs = np.unique(np.r_[np.arange(0, w - rw + 1, 4), w - rw])
    ys = np.unique(np.r_[np.arange(0, h - rh + 1, 4), h - rh])
    if rw > w or rh > h:
        return False
    gx, gy = (a.ravel()[:, None] for a in np.meshgrid(xs, ys))
    o = np.array(obstacles, dtype=np.int64).reshape(-1, 4)
    ox, oy, ow, oh = o[:, 0], o[:, 1], o[:, 2], o[:, 3]
    hit = (gx < ox + ow) & (ox < gx + rw) & (gy < oy + oh) & (oy < gy + rh)
    return bool((~hit.any(axis=1)).any())


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_every_kind_added_one_after_another_is_clear_of_the_others_and_the_platform(
    platform: str, tmp_path: Path
) -> None:
    crowded = 0
    for canvas in CANVASES:
        w, h = canvas
        crowded_before = crowded
        session = _session(tmp_path, canvas, platform)
        layers = _add_every_kind(session, tmp_path)
        zones = _zones(platform, w, h)
        assert session.platform_zones() == zones
        rects = {x.name: _rect(session, x) for x in layers}
        where = f"{platform} {w}x{h}: {rects}"
        for i, (layer, kind) in enumerate(zip(layers, ADDED, strict=True)):
            r = rects[layer.name]
            assert inside(r, w, h), where
            # At least readable (or its own size when that is smaller: a small logo stays so).
            assert r[2] >= readable_width(kind, w, h) or r[2] == session.layer_size(layer)[0]
            before = [rects[x.name] for x in layers[:i]]
            # The boxes and the comments keep off the host's face while there is room.
            face = [face_band(w, h)] if kind in FACE_SHY | {"comment"} else []
            if any(overlaps(r, o) for o in before + zones + face):
                # Only when no room was left for it, even at the readable size it was given.
                crowded += 1
                assert not _room_for(r[2:], w, h, before + zones + face), f"{layer.name}; {where}"
        if platform == "custom" or (w > h and platform != "facebook"):
            assert crowded == crowded_before, where  # room enough: nothing collides at all
    # In portrait, a phone's platform screen leaves room for a few of them only.
    assert crowded <= 2 * len(ADDED)


def test_each_kind_goes_where_it_belongs_on_an_empty_canvas() -> None:
    """With no platform screen and nothing else there, each kind sits in its preferred slot."""
    for w, h in ((1080, 1920), (1920, 1080)):
        portrait = h > w
        m = margin(w, h)
        card = place_new(
            "product_card", (round(w * (0.58 if portrait else 0.33)), 300), w, h, [], []
        )
        if portrait:  # lower middle
            assert abs(card[0] + card[2] / 2 - w / 2) <= 1 and card[1] + card[2] > h * 0.75
        else:  # lower right
            assert card[0] + card[2] >= w - m and card[1] + card[3] >= h - m
        countdown = place_new("countdown", (300, 150), w, h, [], [])
        assert countdown[0] + countdown[2] >= w - m and countdown[1] <= m  # upper right
        logo = place_new("logo", (120, 120), w, h, [], [])
        assert logo[1] <= m and (logo[0] <= m or logo[0] + logo[2] >= w - m)  # a top corner
        title = place_new("text", (500, 80), w, h, [], [])
        assert title[1] <= m and abs(title[0] + title[2] / 2 - w / 2) <= 1  # the top band
        third = place_new("lower_third", (round(w * 0.6), 140), w, h, [], [])
        assert third[1] + third[3] >= h - m  # the bottom band
        spec = place_new("spec_sheet", (round(w * 0.4), 400), w, h, [], [])
        assert spec[0] + spec[2] >= w - m  # the right side
        bubble = place_new("comment", (round(w * 0.45), 200), w, h, [], [])
        assert not overlaps(bubble, face_band(w, h))
        assert bubble[0] <= m or bubble[0] + bubble[2] >= w - m  # beside the face, at a side


def test_an_overlay_shrinks_to_fit_the_room_left_but_not_below_readable() -> None:
    w, h = 1080, 1920
    # The whole canvas taken but a 700 x 900 hole in its lower part.
    hole = (190, 900, 700, 900)
    blocks = [(0, 0, w, hole[1]), (0, hole[1], hole[0], h - hole[1])]
    blocks += [(hole[0] + hole[2], hole[1], w - hole[0] - hole[2], h - hole[1])]
    blocks += [(hole[0], hole[1] + hole[3], hole[2], h - hole[1] - hole[3])]
    card = place_new("product_card", (900, 560), w, h, blocks, [])
    assert card[2] < 900 and card[2] >= readable_width("product_card", w, h)
    assert abs(card[2] / card[3] - 900 / 560) < 0.02  # kept its aspect
    assert not any(overlaps(card, b) for b in blocks)

    # No room: the readable size, on the canvas, where it hides the least.
    full = [(0, 0, w, h // 2), (0, h // 2, w - 300, h // 2)]  # a free strip, too narrow
    free = (w - 300, h // 2, 300, h // 2)
    card = place_new("product_card", (900, 560), w, h, full, [])
    assert inside(card, w, h) and card[2] == readable_width("product_card", w, h)
    hidden = sum(area(intersection(card, b) or (0, 0, 0, 0)) for b in full)
    assert hidden == area(card) - area(intersection(card, free) or (0, 0, 0, 0))
    assert hidden <= 0.35 * area(card)  # mostly in the free strip


def test_placing_among_twenty_layers_and_a_platforms_screen_is_quick() -> None:
    w, h = 1080, 1920
    zones = [r for _, r in zones_for(["douyin", "kuaishou", "taobao"], w, h)]
    occupied: list[tuple[int, int, int, int]] = []
    times = []
    for i in range(20):
        kind = KINDS[i % len(KINDS)]
        start = time.perf_counter()
        occupied.append(place_new(kind, (300, 160), w, h, occupied, zones))
        times.append(time.perf_counter() - start)
    assert all(inside(r, w, h) for r in occupied)
    assert max(times) < 0.25, times  # a click's worth, on a busy 2-core machine


# --- the pinned comment and the answer card ----------------------------------------------------
def _comment(n: int, text: str) -> ChatEvent:
    return ChatEvent(kind="comment", platform="demo", user="阿杰", text=text, time=1.0, id=f"c{n}")


def test_the_pinned_comment_and_the_answer_card_replace_each_other_in_one_slot(
    tmp_path: Path,
) -> None:
    session = _session(tmp_path, (1280, 720), "douyin")
    session.add_layer("product", {"show": "card"}, name="card")
    session.board.pin(_comment(1, "主播好美"))
    pinned = session.show_comment_layer("pinned", "Pinned comment")
    slot = _rect(session, pinned)
    comments = [x for x in session.layers if x.source == "comment"]
    assert comments == [pinned]

    session.board.show_answer(_comment(2, "这个多少钱呀"), "59元，今晚包邮")
    answer = session.show_comment_layer("answer", "Answer card", "Pinned comment")
    comments = [x for x in session.layers if x.source == "comment"]
    assert comments == [answer] and answer.options["show"] == "answer"
    # The same slot: the same side, over where the pinned comment was, and clear of the face.
    assert answer.name == "Answer card" and answer.x == slot[0]
    assert overlaps(_rect(session, answer), slot)
    assert not overlaps(_rect(session, answer), face_band(1280, 720))
    assert session.board.pinned is None and session.board.answer is not None
    zones = _zones("douyin", 1280, 720)
    others = [_rect(session, x) for x in session.layers if x is not answer and x.width]
    r = _rect(session, answer)
    assert inside(r, 1280, 720) and not any(overlaps(r, o) for o in others + zones)

    session.board.pin(_comment(3, "有红色吗"))
    again = session.show_comment_layer("pinned", "Pinned comment", "Answer card")
    assert [x for x in session.layers if x.source == "comment"] == [again]
    assert again.options["show"] == "pinned" and session.board.answer is None
    assert again.name == "Pinned comment"

    # A name the merchant gave the layer stays when it switches.
    session.rename_layer(session.layers.index(again), "观众互动")
    session.board.show_answer(_comment(4, "包邮吗"), "包邮")
    mine = session.show_comment_layer("answer", "Answer card", "Pinned comment")
    assert mine is again and mine.name == "观众互动" and mine.options["show"] == "answer"


# --- the products panel asks the session ------------------------------------------------------
@pytest.mark.parametrize(
    ("canvas", "platform"), [((1080, 1920), "custom"), ((1280, 720), "douyin")]
)
def test_the_products_panel_puts_its_card_and_countdown_in_their_slots(
    canvas: tuple[int, int], platform: str, qtbot: QtBot, tmp_path: Path
) -> None:
    from studio.ui.products_panel import ProductsPanel

    w, h = canvas
    session = _session(tmp_path, canvas, platform)
    third = session.add_layer("lower_third", {"title": "主播小美", "subtitle": "全场包邮"})
    panel = ProductsPanel(session)
    qtbot.addWidget(panel)
    session.shop.explain(CUP.id)
    card = session.layers[panel.add_product_layer("card")]
    countdown = session.layers[panel.add_product_layer("countdown")]
    rects = [_rect(session, x) for x in (third, card, countdown)]
    zones = _zones(platform, w, h)
    for a, b in itertools.combinations(rects, 2):
        assert not overlaps(a, b), rects
    for r in rects:
        assert inside(r, w, h) and not any(overlaps(r, z) for z in zones), (r, zones)
    assert card.width >= readable_width("product_card", w, h)
    assert card.y + card.height > h / 2  # low on the canvas
    assert countdown.x + countdown.width > w * 0.9 and countdown.y < h / 4  # upper right


def test_a_scene_of_twenty_thousand_layers_is_placed_in_bounded_time() -> None:
    """A hostile profile's scene: only the largest layers count, worked through in chunks."""
    rnd = np.random.default_rng(7)
    w, h = 1080, 1920
    xy = rnd.integers(0, [w, h], size=(20_000, 2))
    wh = rnd.integers(1, 300, size=(20_000, 2))
    crowd = [(int(a), int(b), int(c), int(d)) for (a, b), (c, d) in zip(xy, wh, strict=True)]
    start = time.perf_counter()
    card = place_new("product_card", (600, 400), w, h, crowd, crowd[:500])
    assert time.perf_counter() - start < 2.0
    assert inside(card, w, h) and card[2] >= readable_width("product_card", w, h)


def test_pinning_then_answering_in_the_comments_pane_leaves_one_layer(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from studio.ui.chat_panel import ChatPanel

    session = _session(tmp_path, (1080, 1920), "custom")
    panel = ChatPanel(session)
    qtbot.addWidget(panel)
    events = [_comment(1, "主播好美"), _comment(2, "这个多少钱呀")]
    session.chat.sink(events)
    qtbot.waitUntil(lambda: panel.model.taken >= 2, timeout=5000)
    assert panel.select_event(events[0])
    panel.pin_button.click()
    assert panel.select_event(events[1])
    panel.answer_edit.setPlainText("99元，今晚包邮")
    panel.answer_button.click()
    comments = [x for x in session.layers if x.source == "comment"]
    assert [(x.name, x.options["show"]) for x in comments] == [("Answer card", "answer")]
    assert session.board.pinned is None and session.board.answer is not None
    assert not panel.unpin_button.isEnabled() and panel.take_off_button.isEnabled()
    assert panel.select_event(events[0])
    panel.pin_button.click()
    comments = [x for x in session.layers if x.source == "comment"]
    assert [(x.name, x.options["show"]) for x in comments] == [("Pinned comment", "pinned")]
    assert session.board.answer is None and session.board.pinned == events[0]


@pytest.mark.parametrize("chinese", [True, False])
def test_the_first_runs_title_is_clear_of_the_portrait_platforms_screens(chinese: bool) -> None:
    """A first run has no destination yet: its title over the camera, and the slate's lines when
    there is no camera, still keep clear of Douyin's, Kuaishou's, Taobao's and TikTok's
    screens, so adding one of them leaves them in sight."""
    from studio.broadcast.platforms.screens import zones_for
    from studio.demo import FIRST_RUN_PLATFORMS, first_run_profile
    from studio.scene.zones import zone_hits

    for camera in (True, False):
        profile = first_run_profile(chinese, camera=camera)
        texts = [x for x in profile.scenes[0].layers if x.source == "text"]
        assert len(texts) == (1 if camera else 2)
        for text in texts:
            rect = (text.x, text.y, text.width, text.height)
            w, h = profile.canvas.width, profile.canvas.height
            assert inside(rect, w, h)
            for platform in FIRST_RUN_PLATFORMS:
                assert zone_hits(rect, zones_for([platform], w, h)) == [], platform
