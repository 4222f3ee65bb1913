"""A flash sale (限时秒杀): a few pieces of one product at a price, for a short time.

`FlashSale` is a small mutable record: `start` and `sell` change it in place (and return it, so
`FlashSale(60, 20).start(now)` reads well); the shop changes it under its lock. Times are media
clock seconds, always passed in as `now`, so the state is a function of it and tests need no
sleeping.

`render_countdown` draws the layer: the title, the big m:ss, "仅剩 N 件" with a bar; ended and
sold-out sales are greyed with a clear word. Cheap enough to redraw every second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from studio.commerce.overlays import (
    ACCENT,
    AMBER,
    BODY,
    GREY,
    MUTED,
    TEXT,
    Painter,
    Rgba,
    Type,
    check_width,
    ellipsize,
    split_money,
    strings,
)
from studio.commerce.product import Product, format_money

MIN_DURATION_S = 10
MAX_DURATION_S = 300
COUNTDOWN_DESIGN_WIDTH = 300  # ~40 % of a 720-wide portrait canvas
URGENT_S = 10  # the last seconds: the digits turn amber

State = Literal["ready", "running", "ended", "sold_out"]


@dataclass
class FlashSale:
    duration_s: float
    quantity: int
    product_id: str = ""
    started_at: float | None = None  # media clock seconds; None: not started
    sold: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.duration_s, bool) or not isinstance(self.duration_s, int | float):
            raise ValueError("a flash sale's duration must be a number of seconds")
        if not MIN_DURATION_S <= self.duration_s <= MAX_DURATION_S:
            raise ValueError(
                f"a flash sale lasts {MIN_DURATION_S} to {MAX_DURATION_S} seconds, "
                f"not {self.duration_s:g}"
            )
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise ValueError("a flash sale's quantity must be a whole number")
        if self.quantity < 1:
            raise ValueError(f"a flash sale needs at least 1 piece, not {self.quantity}")
        if isinstance(self.sold, bool) or not isinstance(self.sold, int) or self.sold < 0:
            raise ValueError(f"sold must be a whole number from 0, not {self.sold!r}")
        if self.sold > self.quantity:
            raise ValueError(f"sold ({self.sold}) is more than the quantity ({self.quantity})")

    def start(self, now: float) -> FlashSale:
        """Run from `now` (from the full duration again if it ran before). Returns itself."""
        self.started_at = float(now)
        return self

    def sell(self, n: int = 1) -> FlashSale:
        """`n` more pieces sold, never more than the quantity (0 left at least). Returns itself."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"cannot sell {n!r} pieces")
        self.sold = min(self.quantity, self.sold + n)
        return self

    @property
    def left(self) -> int:
        return max(0, self.quantity - self.sold)

    def remaining_s(self, now: float) -> float:
        """Seconds to go, clamped to 0..duration (the full duration before the start; a `now`
        before the start, e.g. a clock that was reset, also counts as the full duration)."""
        if self.started_at is None:
            return float(self.duration_s)
        elapsed = max(0.0, now - self.started_at)
        return max(0.0, float(self.duration_s) - elapsed)

    def state(self, now: float) -> State:
        """sold_out wins over ended: when the last piece goes, that is the news."""
        if self.left == 0:
            return "sold_out"
        if self.started_at is None:
            return "ready"
        return "running" if self.remaining_s(now) > 0 else "ended"


def clock_text(seconds: float) -> str:
    """m:ss, seconds rounded up: a 10 s sale shows 0:10 at its start and 0:00 only at its end."""
    whole = math.ceil(max(0.0, seconds) - 1e-9)
    return f"{whole // 60}:{whole % 60:02d}"


def render_countdown(
    sale: FlashSale,
    now: float,
    *,
    width: int,
    lang: str = "zh",
    product: Product | None = None,
) -> np.ndarray:
    """The countdown layer (BGRA, `width` wide): 限时秒杀 title (with the product's price when
    given), its name, the big m:ss, 仅剩 N 件 with a bar. Ended: greyed, 0:00, 已结束.
    Sold out: greyed, 已抢光 in place of the time. The same height in every state."""
    check_width(width)
    words = strings(lang)
    state = sale.state(now)
    live = state in ("ready", "running")
    p = Painter(width, COUNTDOWN_DESIGN_WIDTH)
    u = p.u
    pad = u(14)
    inner = width - 2 * pad

    # Header band: the title, the price at right.
    head_h = u(40)
    head_colour = ACCENT if live else (84, 84, 94, 255)
    p.box((pad, pad, width - pad, pad + head_h), u(10), head_colour)
    title = p.type(19, bold=True)
    p.text((pad + u(12), title.baseline(pad, head_h)), words["flash"], title, TEXT)
    if product is not None and product.shown_price is not None:
        sym, amount = split_money(format_money(product.shown_price, product.currency))
        big, small = p.type(21, bold=True), p.type(14, bold=True)
        right = width - pad - u(12)
        base = big.baseline(pad, head_h)
        p.text((right, base), amount, big, TEXT, "rs")
        p.text((right - big.length(amount) - u(1), base), sym, small, TEXT, "rs")
    y = pad + head_h

    if product is not None:
        name_type = p.type(15)
        name_lh = u(28)
        name = ellipsize(product.name, name_type, inner)
        p.text((width / 2, name_type.baseline(y + u(4), name_lh)), name, name_type, BODY, "ms")
        y += u(4) + name_lh

    # The big time (or the sold-out word), the same height in every state.
    digits = p.type(64, bold=True)
    time_h = u(78)
    if state == "sold_out":
        word = p.type(42, bold=True)
        p.text((width / 2, word.baseline(y, time_h)), words["gone"], word, MUTED, "ms")
    else:
        remaining = sale.remaining_s(now)
        colour = TEXT if state != "ended" else GREY
        if state == "running" and remaining <= URGENT_S:
            colour = AMBER
        _draw_clock(p, clock_text(remaining), digits, width / 2, digits.baseline(y, time_h), colour)
    y += time_h

    # Footer: pieces left with a bar, or the end.
    foot_h = u(30)
    foot = p.type(15, bold=True)
    if state == "ended":
        p.text((width / 2, foot.baseline(y, foot_h)), words["ended"], foot, MUTED, "ms")
    else:
        label = (
            words["sold"].format(n=sale.sold)
            if state == "sold_out"
            else words["left"].format(n=sale.left)
        )
        p.text((pad, foot.baseline(y, foot_h)), label, foot, BODY if live else MUTED)
        bar_x = pad + foot.length(label) + u(12)
        bh = u(8)
        if width - pad - bar_x >= u(30):
            fill = ACCENT if live else GREY
            p.bar(
                (bar_x, y + (foot_h - bh) / 2, width - pad, y + (foot_h + bh) / 2),
                sale.left / sale.quantity,
                fill,
            )
    y += foot_h
    height = y + pad
    p.panel(u(16))
    return p.finish(height)


def _draw_clock(p: Painter, text: str, typ: Type, cx: float, base: float, colour: Rgba) -> None:
    """Each digit in a cell as wide as the widest digit: the time does not wobble as it counts."""
    cell = max(typ.length(d) for d in "0123456789")
    widths = [cell if ch.isdigit() else typ.length(ch) for ch in text]
    x = cx - sum(widths) / 2
    for ch, w in zip(text, widths, strict=True):
        p.text((x + w / 2, base), ch, typ, colour, "ms")
        x += w
