"""The run-of-show: stepping through the products, time against the target, the timeline saved
beside the recording; and the shop that the window edits and the product layers read."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from studio.commerce.product import Product
from studio.commerce.run_of_show import RunOfShow, ShowItem
from studio.commerce.shop import Shop

CUP = Product("1", "保温杯", Decimal("129"), Decimal("99"), stock=50)
TEA = Product("2", "龙井茶", Decimal("268"), stock=20)
SCARF = Product("3", "真丝围巾", Decimal("399"), stock=5)


def _show() -> list[ShowItem]:
    return [
        ShowItem("1", "traffic", 60),
        ShowItem("2", "profit", 120),
        ShowItem("3", "limited", 90),
    ]


def test_stepping_puts_each_product_on_screen_and_measures_time_against_the_target():
    show = RunOfShow(_show())
    assert show.item is None and show.spent_s(5.0) == 0.0
    assert show.next(10.0, "保温杯").product_id == "1"
    assert show.spent_s(40.0) == 30.0 and not show.over_target(40.0)
    assert show.over_target(71.0)  # 61 s on a 60 s traffic item
    assert show.next(75.0).product_id == "2"
    assert show.next(100.0).product_id == "3"
    assert show.next(110.0).product_id == "3"  # the last one stays (a new timeline entry)
    assert show.previous(120.0).product_id == "2"
    assert show.previous(130.0).product_id == "1"
    assert show.previous(140.0).product_id == "1"  # the first one stays
    spent = [(e.product_id, e.spent_s) for e in show.timeline]
    assert spent[:3] == [("1", 65.0), ("2", 25.0), ("3", 10.0)]
    assert show.timeline[-1].end_s is None  # still on screen
    show.stop(150.0)
    assert show.item is None and show.timeline[-1].spent_s == 10.0


def test_show_items_are_checked():
    with pytest.raises(ValueError, match="role"):
        ShowItem("1", "bargain")
    with pytest.raises(ValueError, match="1 to 3600"):
        ShowItem("1", "profit", 0)
    with pytest.raises(ValueError, match="product id"):
        ShowItem.from_dict({"role": "profit"})
    item = ShowItem("7", "limited", 45)
    assert ShowItem.from_dict(item.to_dict()) == item


def test_timeline_is_saved_beside_the_recording_from_its_start(tmp_path):
    show = RunOfShow(_show())
    show.next(5.0, "保温杯")  # before the recording started at 20 s
    show.next(30.0, "龙井茶")
    show.next(90.0, "真丝围巾")
    recording = tmp_path / "直播 2026-11-21.mkv"
    paths = show.save_timeline(recording, now=100.0, origin=20.0)
    assert [p.name for p in paths] == [
        "直播 2026-11-21.timeline.json",
        "直播 2026-11-21.timeline.csv",
    ]
    saved = json.loads(paths[0].read_text(encoding="utf-8"))
    assert saved["recording"] == recording.name
    rows = [(e["product"], e["start_s"], e["end_s"], e["spent_s"]) for e in saved["entries"]]
    # The cup was on screen when the recording began: from 0 s, 10 s of it recorded.
    assert rows == [("1", 0.0, 10.0, 10.0), ("2", 10.0, 70.0, 60.0), ("3", 70.0, 80.0, 10.0)]
    assert saved["entries"][1]["name"] == "龙井茶" and saved["entries"][1]["role"] == "profit"
    raw = paths[1].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 CSV only with its BOM
    with paths[1].open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["name"] for r in table] == ["保温杯", "龙井茶", "真丝围巾"]


def test_shop_changes_bump_its_version_and_keep_the_merchants_order():
    shop = Shop([CUP, TEA])
    version = shop.version
    shop.update("1", sale_price=Decimal("89"))
    assert shop.product("1").sale_price == Decimal("89") and shop.version > version
    shop.put(SCARF)
    shop.move("3", 0)
    assert [p.id for p in shop.products] == ["3", "1", "2"]
    shop.put(CUP.with_changes(name="大号保温杯"))  # same id: replaced in place
    assert [p.name for p in shop.products] == ["真丝围巾", "大号保温杯", "龙井茶"]
    assert shop.find("龙井茶") is shop.product("2") and shop.find("3").name == "真丝围巾"
    shop.remove("3")
    assert [p.id for p in shop.products] == ["1", "2"]
    with pytest.raises(KeyError):
        shop.update("3", stock=1)


def test_shop_follows_the_run_of_show_and_flash_sales_count_down_the_stock():
    shop = Shop([CUP, TEA, SCARF], _show())
    assert shop.explaining is None
    assert shop.next(1.0) is shop.product("1") and shop.explaining.id == "1"
    assert shop.next(2.0).id == "2" and shop.previous(3.0).id == "1"
    sale = shop.start_sale("3", duration_s=60, quantity=3, now=10.0)
    assert sale.state(10.0) == "running"
    shop.sell("3", 2)
    assert shop.sale("3").left == 1 and shop.product("3").stock == 3
    shop.sell("3", 5)
    assert shop.sale("3").state(20.0) == "sold_out" and shop.product("3").stock == 0
    shop.end_sale("3")
    assert shop.sale("3") is None


def test_editing_the_show_mid_show_keeps_the_product_on_screen_and_its_time():
    shop = Shop([CUP, TEA, SCARF], _show())
    shop.next(10.0)
    shop.next(20.0)  # the tea since 20 s
    items = list(shop.show.items)
    moved = [items[1], items[0], ShowItem("3", "limited", 30)]  # tea first, a new target
    shop.edit_show(moved, current=0, now=25.0)
    assert shop.show.item.product_id == "2" and shop.show.spent_s(50.0) == 30.0
    assert [e.product_id for e in shop.show.timeline] == ["1", "2"]
    shop.edit_show([moved[1], moved[2]], current=-1, now=60.0)  # the tea left the show
    assert shop.show.item is None and shop.show.timeline[-1].end_s == 60.0
    assert shop.next(70.0).id == "1"  # the show goes on from its start
