"""Every word on a product card, spec sheet, countdown, lower third and comment bubble keeps WCAG's
4.5:1 contrast against what is under it, whatever picture is behind the layer: measured on the
pixels the layer was painted with (over a white and a black picture, and every one between), and
checked by composing real layers over white and black canvases."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from stills import Still

from studio.chat.layer import render_bubble
from studio.commerce import legibility
from studio.commerce.flash_sale import FlashSale, render_countdown
from studio.commerce.overlays import (
    PANEL,
    TEXT,
    render_card,
    render_lower_third,
    render_spec_sheet,
)
from studio.commerce.product import Product
from studio.scene.compositor import Compositor, Layer

COAT = Product(
    "1",
    "Merino wool coat 美利奴羊毛大衣 双面呢",
    Decimal("399"),
    Decimal("199"),
    stock=5,
    link="https://shop.example/p/1",
    selling_points=("Warm 保暖", "Soft 柔软", "Machine washable"),
    moq="100 pcs",
    lead_time="15 days",
    certifications=("CE", "OEKO-TEX"),
    fob_price=Decimal("12.50"),
)
GONE = Product("2", "已售罄的杯子", Decimal("59"), stock=0, link="https://shop.example/p/2")
PLAIN = Product("3", "Tea", Decimal("30"), link="https://shop.example/p/3")  # caption in big
BARE = Product("4", "No specs", Decimal("1"))


def _sale(sold: int = 0) -> FlashSale:
    sale = FlashSale(60, 20, "1").start(0.0)
    sale.sold = sold
    return sale


LAYERS = {
    "card zh explaining": lambda: render_card(COAT, width=420, lang="zh", explaining=True),
    "card en explaining": lambda: render_card(COAT, width=630, lang="en", explaining=True),
    "card sold out": lambda: render_card(GONE, width=420, lang="zh"),
    "card scan caption": lambda: render_card(PLAIN, width=420, lang="en"),
    "spec both": lambda: render_spec_sheet(COAT, width=460, lang="both"),
    "spec en": lambda: render_spec_sheet(COAT, width=460, lang="en"),
    "spec none": lambda: render_spec_sheet(BARE, width=460, lang="zh"),
    "countdown running": lambda: render_countdown(_sale(), 1.0, width=300, product=COAT),
    "countdown urgent en": lambda: render_countdown(
        _sale(), 55.0, width=300, lang="en", product=COAT
    ),
    "countdown ended": lambda: render_countdown(_sale(), 70.0, width=300, product=COAT),
    "countdown sold out": lambda: render_countdown(_sale(20), 5.0, width=300, product=COAT),
    "lower third": lambda: render_lower_third("主播小美", "全场包邮 · 7天无理由", width=640),
    "pinned comment": lambda: render_bubble("观众小王", "这件有红色吗？", width=420),
    "answer card": lambda: render_bubble(
        "buyer", "Is there a red one?", width=420, answer="Yes, red and navy."
    ),
}


def test_the_contrast_helper_follows_wcag() -> None:
    white, black = legibility.luminance((255, 255, 255)), legibility.luminance((0, 0, 0))
    assert float(legibility.ratio(white, black)) == pytest.approx(21.0)
    # #767676 on white is WCAG's own example of the 4.5:1 edge.
    assert float(legibility.ratio(white, legibility.luminance((118, 118, 118)))) == pytest.approx(
        4.54, abs=0.01
    )
    opaque_black = np.array([[0, 0, 0, 255]])
    assert legibility.worst_ratio((255, 255, 255), opaque_black)[0] == pytest.approx(21.0)
    # A clear backdrop: some picture behind matches any text colour.
    assert legibility.worst_ratio((255, 255, 255), np.array([[0, 0, 0, 0]]))[0] == 1.0


@pytest.mark.parametrize("name", list(LAYERS))
def test_every_word_of_every_overlay_keeps_4_5_to_1_over_any_picture(name: str) -> None:
    words = legibility.measure(LAYERS[name])
    assert len(words) >= 2, "the layer painted its words"
    weak = [(w.text, w.fill, round(w.worst, 2)) for w in words if w.worst < legibility.WCAG_TEXT]
    assert not weak, f"{name}: words under 4.5:1 over some picture: {weak}"


def test_little_of_the_picture_behind_shows_through_a_panel() -> None:
    """Through the real compositor, over a white and over a black picture: the bare panel the
    viewer gets differs by at most 8 % of the picture behind it, and white words on it keep
    15:1 even over white."""
    card = render_card(COAT, width=420, lang="zh")
    h, w = card.shape[:2]
    panels = []
    for behind in ((255, 255, 255), (0, 0, 0)):
        background = np.full((h + 40, w + 40, 3), behind, np.uint8)
        frame = Compositor(w + 40, h + 40).compose(
            [
                Layer("picture", Still(background), z=0),
                Layer("card", Still(card), x=20, y=20, width=w, height=h, z=1),
            ]
        )
        # Bare panel: the card's bottom padding, mid-width.
        panel = frame[20 + h - 6, 20 + w // 2][::-1].astype(float)
        assert np.abs(panel - legibility.over(np.array(PANEL, float), behind)).max() <= 2
        white_words = legibility.ratio(legibility.luminance(TEXT), legibility.luminance(panel))
        assert float(white_words) >= 15.0, behind
        panels.append(panel)
    assert np.abs(panels[0] - panels[1]).max() <= 0.08 * 255
