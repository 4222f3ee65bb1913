"""Product layers on the canvas: drawn once per change and kept, following the product explained
now, a countdown redrawn each second; in the engine a price change shows on the next frame; the
session keeps the products in the profile and writes the show's timeline beside a recording."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
from profiles import small_profile
from waiting import wait_for

from studio.broadcast.encoder import EncoderConfig
from studio.capture.registry import make_source
from studio.clock import MediaClock
from studio.commerce.product import Product
from studio.commerce.run_of_show import ShowItem
from studio.commerce.shop import Shop
from studio.commerce.source import ProductSource, auto_width
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings, default_profile
from studio.profile_store import load_profile
from studio.scene.placement import face_band, readable_width
from studio.scene.rects import overlaps
from studio.session import StudioSession

CUP = Product("1", "保温杯", Decimal("129"), Decimal("99"), stock=50, link="https://e.x/1")
TEA = Product("2", "龙井茶", Decimal("268"), stock=20)


class StoppedClock(MediaClock):
    def __init__(self, t: float = 0.0) -> None:
        super().__init__()
        self.t = t

    def now(self) -> float:
        return self.t


def test_a_card_is_drawn_once_per_change_and_kept_between():
    shop = Shop([CUP, TEA])
    source = make_source(
        "product:1", MediaClock(), (720, 1280), 30, {"show": "card"}, {"shop": shop}
    )
    assert isinstance(source, ProductSource)
    first = source.latest_video()
    assert first is not None and first.image.shape[2] == 4
    assert first.image.shape[1] == auto_width("card", (720, 1280))
    assert source.latest_video() is first  # nothing changed: the same picture, no redraw
    shop.update("2", stock=3)  # another product changed: a redraw would look the same
    shop.update("1", sale_price=Decimal("79"))
    second = source.latest_video()
    assert second is not first and second.seq > first.seq
    assert not np.array_equal(second.image, first.image)
    assert source.label == "保温杯"


def test_the_card_of_the_product_explained_now_follows_the_run_of_show():
    shop = Shop([CUP, TEA], [ShowItem("1", "traffic"), ShowItem("2", "profit")])
    source = ProductSource("product", MediaClock(), (720, 1280), 30, {"show": "card"}, shop)
    assert source.latest_video() is None  # nothing explained yet: an empty layer
    shop.next(1.0)
    cup = source.latest_video()
    shop.next(2.0)
    tea = source.latest_video()
    assert cup is not None and tea is not None and not np.array_equal(cup.image, tea.image)
    assert source.label == "龙井茶"


def test_a_countdown_is_redrawn_each_second_and_empty_without_a_sale():
    clock = StoppedClock(10.0)
    shop = Shop([CUP])
    source = ProductSource("product:1", clock, (720, 1280), 30, {"show": "countdown"}, shop)
    assert source.latest_video() is None
    shop.start_sale("1", duration_s=30, quantity=10, now=10.0)
    start = source.latest_video()
    clock.t = 10.4
    assert source.latest_video() is start  # the same second: kept
    clock.t = 11.2
    later = source.latest_video()
    assert later is not start and not np.array_equal(later.image, start.image)
    clock.t = 41.0
    ended = source.latest_video()
    assert not np.array_equal(ended.image, later.image)


def test_a_price_changed_in_the_shop_is_on_the_next_frame(tmp_path: Path):
    cfg = EncoderConfig(width=360, height=640, fps=30, bitrate_kbps=500, preset="ultrafast")
    shop = Shop([CUP])
    natural = ProductSource("product:1", MediaClock(), (360, 640), 30, {}, shop).latest_video()
    h, w = natural.image.shape[:2]
    card = LayerSettings("Card", "product:1", x=20, y=300, width=w, height=h, z=1)
    layers = [LayerSettings("Pattern", "image:" + str(_grey_png(tmp_path))), card]
    engine = Engine(EngineConfig(cfg, []), shop=shop)
    assert engine.set_layers(layers) == []
    engine.start()
    try:
        wait_for(lambda: engine.preview_seq >= 3, 20.0)
        area = (slice(300, 300 + h), slice(20, 20 + w))
        before = engine.preview[area].copy()
        shop.update("1", sale_price=Decimal("59"), stock=2)
        seq = engine.preview_seq
        # The frame after the one being made when the price changed shows the new price.
        wait_for(lambda: engine.preview_seq >= seq + 2, 20.0)
        after = engine.preview[area]
        assert np.abs(after.astype(int) - before).max() > 100
    finally:
        engine.stop()


def test_the_session_keeps_products_in_the_profile_and_the_timeline_beside_a_recording(
    tmp_path: Path,
):
    catalog = tmp_path / "商品.csv"
    catalog.write_bytes("商品名称,价格,库存\n保温杯,129,50\n龙井茶,abc,5\n".encode("gb18030"))
    path = tmp_path / "profile.json"
    session = StudioSession(default_profile(), path)
    found = session.import_catalog(catalog)
    assert [p.name for p in found.products] == ["保温杯"] and len(found.rejected) == 1
    saved = load_profile(path)
    assert [p["name"] for p in saved.catalog] == ["保温杯"]
    product_id = saved.catalog[0]["id"]
    session.shop.set_show([ShowItem(product_id, "traffic", 60)])
    session.save_shop()
    assert load_profile(path).run_of_show == [
        {"product": product_id, "role": "traffic", "target_s": 60}
    ]
    # Reopened: the shop is the saved one.
    again = StudioSession(load_profile(path), path)
    assert again.shop.products[0].name == "保温杯" and len(again.shop.show.items) == 1
    # A recording with the cup explained: its timeline is written beside it.
    again.recording_path = tmp_path / "show.mkv"
    again._recording_started = again.clock.now()
    again.next_product()
    written = again.save_timeline()
    entries = json.loads(written[0].read_text(encoding="utf-8"))["entries"]
    assert [e["name"] for e in entries] == ["保温杯"] and entries[0]["end_s"] is not None


def _grey_png(folder: Path) -> Path:
    import cv2

    path = folder / "grey.png"
    cv2.imwrite(str(path), np.full((640, 360, 3), 128, np.uint8))
    return path


def test_overlay_layers_are_added_at_their_own_size_in_portrait_and_landscape(tmp_path: Path):
    for canvas in ((720, 1280), (1280, 720)):
        profile = default_profile()
        profile.canvas.width, profile.canvas.height = canvas
        session = StudioSession(profile, tmp_path / "profile.json")
        session.shop.put(CUP)
        card = session.add_layer("product:1", {"show": "card"})
        later = session.add_layer("product", {"show": "card"})  # nothing explained yet
        third = session.add_layer("lower_third", {"title": "主播小美", "subtitle": "全场包邮"})
        w, h = canvas
        expected = auto_width("card", canvas)
        assert (card.width, later.width) == (expected, expected)
        assert 0 < card.height < h and 0 < later.height < h
        own = round(w * (0.86 if h > w else 0.5))
        if h > w:
            assert third.width == own and third.height < h / 4
        else:
            # Landscape: the two cards take the bottom corners; at its own width the strip
            # would only fit over the host's face, so it is made smaller (never below readable)
            # beside it.
            assert readable_width("lower_third", w, h) <= third.width < own
            rect = (third.x, third.y, third.width, third.height)
            assert not overlaps(rect, face_band(w, h)) and third.height < h / 4
        for layer in (card, later, third):  # centred, inside the canvas
            assert layer.x >= 0 and layer.x + layer.width <= w
            assert layer.y >= 0 and layer.y + layer.height <= h


def test_a_lower_third_is_drawn_once_with_its_words():
    from studio.commerce.lower_third import LowerThirdSource

    plain = LowerThirdSource("lower_third", MediaClock(), (720, 1280), 30, {"title": "主播小美"})
    other = LowerThirdSource("lower_third", MediaClock(), (720, 1280), 30, {"title": "店长阿强"})
    frame = plain.latest_video()
    assert frame is plain.latest_video() and frame.image.shape[2] == 4
    assert not np.array_equal(frame.image, other.latest_video().image)
    assert plain.label == "主播小美" and plain.natural_size() == frame.image.shape[1::-1]


def test_a_recording_gets_the_shows_timeline_beside_it(tmp_path: Path):
    profile = small_profile(tmp_path)
    profile.scenes[0].layers = [LayerSettings("Pattern", "synthetic")]
    profile.catalog = [CUP.to_dict(), TEA.to_dict()]
    profile.run_of_show = [{"product": "1", "role": "traffic"}, {"product": "2", "role": "profit"}]
    session = StudioSession(profile, tmp_path / "profile.json")
    session.open()
    try:
        path = session.start_recording()
        session.next_product()
        time.sleep(0.6)
        session.next_product()
        time.sleep(0.3)
        session.stop_recording()
    finally:
        session.close()
    assert path.is_file() and path.stat().st_size > 0
    timeline = path.with_name(path.stem + ".timeline.json")
    entries = json.loads(timeline.read_text(encoding="utf-8"))["entries"]
    assert [(e["name"], e["role"]) for e in entries] == [
        ("保温杯", "traffic"),
        ("龙井茶", "profit"),
    ]
    assert 0.4 <= entries[0]["spent_s"] <= 3.0 and entries[1]["start_s"] >= entries[0]["end_s"]
    assert path.with_name(path.stem + ".timeline.csv").is_file()
