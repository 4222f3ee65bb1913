"""Flash sales: the state as a function of an explicit `now`, and the countdown layer."""

from __future__ import annotations

import time
from decimal import Decimal

import numpy as np
import pytest

from studio.commerce.flash_sale import FlashSale, clock_text, render_countdown
from studio.commerce.overlays import ACCENT
from studio.commerce.product import Product

MUG = Product("7", "陶瓷马克杯", price=Decimal("59"), sale_price=Decimal("39"), stock=30)


def accent_pixels(image: np.ndarray) -> int:
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    near = (abs(r - ACCENT[0]) < 40) & (abs(g - ACCENT[1]) < 40) & (abs(b - ACCENT[2]) < 40)
    return int((near & (image[:, :, 3] > 200)).sum())


def test_duration_and_quantity_bounds():
    FlashSale(10, 1)
    FlashSale(300, 1)
    FlashSale(45.5, 3)
    for duration in (9.9, 301, 0, -5, True, "60"):
        with pytest.raises(ValueError):
            FlashSale(duration, 1)  # type: ignore[arg-type]
    for quantity in (0, -1, 2.5, True):
        with pytest.raises(ValueError):
            FlashSale(60, quantity)  # type: ignore[arg-type]
    for sold in (-1, 6):
        with pytest.raises(ValueError):
            FlashSale(60, 5, sold=sold)


def test_states_follow_the_clock():
    sale = FlashSale(60, 20, "7")
    assert sale.state(0) == "ready" and sale.remaining_s(1000) == 60
    assert sale.start(100.0) is sale  # changes in place, returns itself
    assert sale.started_at == 100.0
    assert sale.state(100.0) == "running" and sale.remaining_s(100.0) == 60
    assert sale.remaining_s(130.25) == pytest.approx(29.75)
    assert sale.state(159.99) == "running"
    assert sale.state(160.0) == "ended" and sale.remaining_s(160.0) == 0
    assert sale.remaining_s(500.0) == 0  # clamped, never negative
    assert sale.remaining_s(50.0) == 60  # a clock before the start: the full time
    sale.start(200.0)  # started again: the full time again
    assert sale.state(230.0) == "running" and sale.remaining_s(230.0) == 30


def test_selling_never_goes_below_zero_left():
    sale = FlashSale(60, 5).start(0)
    assert sale.left == 5
    sale.sell()
    sale.sell(2)
    assert (sale.sold, sale.left) == (3, 2)
    sale.sell(100)
    assert (sale.sold, sale.left) == (5, 0)
    assert sale.state(10) == "sold_out"
    assert sale.state(100) == "sold_out"  # sold out wins over ended
    with pytest.raises(ValueError):
        sale.sell(-1)
    assert FlashSale(60, 1).sell().state(0) == "sold_out"  # even before the start


def test_clock_text_rounds_up():
    assert clock_text(10) == "0:10"
    assert clock_text(9.01) == "0:10"
    assert clock_text(9.0) == "0:09"
    assert clock_text(0.2) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-3) == "0:00"
    assert clock_text(300) == "5:00"
    assert clock_text(61) == "1:01"


def test_countdown_changes_each_second_and_only_then():
    sale = FlashSale(60, 30, "7").start(0.0)
    start = render_countdown(sale, 0.0, width=300, product=MUG)
    assert start.shape[1] == 300 and start.shape[2] == 4
    assert np.array_equal(start, render_countdown(sale, 0.5, width=300, product=MUG))  # 1:00
    later = render_countdown(sale, 1.0, width=300, product=MUG)  # 0:59
    assert later.shape == start.shape and not np.array_equal(start, later)
    # Only the digits changed: a band in the middle, not the title nor the pieces left.
    ys = np.nonzero(np.abs(start.astype(np.int16) - later.astype(np.int16)).max(axis=(1, 2)))[0]
    assert ys.min() > 0.3 * start.shape[0] and ys.max() < 0.85 * start.shape[0]


def test_pieces_left_show():
    sale = FlashSale(60, 30).start(0.0)
    full = render_countdown(sale, 5.0, width=300)
    sale.sell(20)
    fewer = render_countdown(sale, 5.0, width=300)
    assert not np.array_equal(full, fewer)
    assert accent_pixels(fewer) < accent_pixels(full)  # a shorter red bar


def test_ended_and_sold_out_are_greyed_and_differ():
    sale = FlashSale(30, 10).start(0.0)
    running = render_countdown(sale, 5.0, width=300, product=MUG)
    ended = render_countdown(sale, 31.0, width=300, product=MUG)
    gone = render_countdown(FlashSale(30, 10).start(0.0).sell(10), 5.0, width=300, product=MUG)
    ready = render_countdown(FlashSale(30, 10), 0.0, width=300, product=MUG)
    assert running.shape == ended.shape == gone.shape == ready.shape  # the layer never jumps
    for a, b in ((running, ended), (running, gone), (ended, gone)):
        assert not np.array_equal(a, b)
    assert accent_pixels(running) > 2000
    assert accent_pixels(ended) < 0.05 * accent_pixels(running)
    assert accent_pixels(gone) < 0.05 * accent_pixels(running)
    assert accent_pixels(ready) > 2000


def test_countdown_in_english_and_without_a_product():
    sale = FlashSale(60, 30).start(0.0)
    zh = render_countdown(sale, 0.0, width=300)
    en = render_countdown(sale, 0.0, width=300, lang="en")
    assert zh.shape == en.shape and not np.array_equal(zh, en)
    assert render_countdown(sale, 0.0, width=300, product=MUG).shape[0] > zh.shape[0]


def test_countdown_is_cheap_to_redraw_every_second():
    sale = FlashSale(300, 100).start(0.0)
    render_countdown(sale, 0.0, width=630, product=MUG)  # fonts loaded once
    start = time.perf_counter()
    for second in range(10):
        render_countdown(sale, float(second), width=630, product=MUG)
    per_render_ms = (time.perf_counter() - start) * 100
    assert per_render_ms < 100  # ~5 ms here; a frame at 30 fps is 33 ms
