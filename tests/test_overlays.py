"""The selling layers (product card, spec sheet, lower third) and `studio overlay render`, checked
for what they show: pixel differences located where the content is, a QR code that decodes back
to the link, Chinese that is not tofu, sharpness at 1080 sizes."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.cli import UserError
from studio.commerce.overlay_kinds import render_kind
from studio.commerce.overlays import (
    ACCENT,
    Painter,
    render_card,
    render_lower_third,
    render_spec_sheet,
    spec_values,
    typeface,
    wrap,
)
from studio.commerce.product import Product
from studio.fonts import UNASSIGNED_CHAR

LINK = "https://shop.example.com/p/1001"


def product(**changes) -> Product:
    base = Product(
        id="1001",
        name="补水面霜",
        price=Decimal("299"),
        sale_price=Decimal("199"),
        stock=40,
        link=LINK,
        selling_points=("72小时保湿", "敏感肌可用", "买一送一"),
        moq="500 pcs",
        lead_time="15-20 days",
        certifications=("CE", "FCC"),
        fob_price=Decimal("3.5"),
    )
    return base.with_changes(**changes)


def over_white(image: np.ndarray) -> np.ndarray:
    alpha = image[:, :, 3:4].astype(np.float32) / 255.0
    return (image[:, :, :3] * alpha + 255.0 * (1.0 - alpha) + 0.5).astype(np.uint8)


def diff_box(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 of the pixels that differ (same-sized pictures)."""
    assert a.shape == b.shape
    ys, xs = np.nonzero(np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 8)
    assert len(xs), "the pictures are the same"
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def accent_pixels(image: np.ndarray) -> int:
    """Opaque pixels close to the accent (prices, badge, bullets)."""
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    near = (abs(r - ACCENT[0]) < 40) & (abs(g - ACCENT[1]) < 40) & (abs(b - ACCENT[2]) < 40)
    return int((near & (image[:, :, 3] > 200)).sum())


def white_pixels(image: np.ndarray) -> int:
    return int(((image[:, :, :3] >= 250).all(axis=2) & (image[:, :, 3] == 255)).sum())


# --- product card ---


def test_card_is_a_rounded_semi_transparent_panel_of_the_width_asked():
    card = render_card(product(), width=420)
    h, w, channels = card.shape
    assert (w, channels, card.dtype) == (420, 4, np.uint8)
    assert 200 < h < 500
    assert card[0, 0, 3] == 0 and card[-1, -1, 3] == 0  # rounded corners
    # Plain panel between the picture and the name: dark, mostly but not fully opaque.
    panel = card[h // 2 - 2 : h // 2 + 2, 4:8]
    assert (panel[:, :, 3] > 150).all() and (panel[:, :, 3] < 255).all()
    assert panel[:, :, :3].max() < 60


def test_different_names_and_prices_change_their_own_areas():
    photo = np.full((64, 64, 3), 128, np.uint8)  # the same picture: no placeholder letter

    def card(**changes) -> np.ndarray:
        item = product(sale_price=None, price=Decimal("199")).with_changes(**changes)
        return render_card(item, width=420, image=photo)

    base, other_name, other_price = card(), card(name="洁面乳"), card(price=Decimal("888"))
    assert base.shape == other_name.shape == other_price.shape
    nx0, _, _, ny1 = diff_box(base, other_name)
    px0, py0, _, py1 = diff_box(base, other_price)
    side = 16 + 132  # the picture's right edge at the design width
    assert nx0 > side and px0 > side  # both in the column right of the picture
    assert py0 >= ny1  # the price is below the name...
    assert py1 <= side + 4  # ...at the picture's foot, above selling points, stock and QR
    assert py1 - py0 < 60  # one row


def test_the_sale_price_is_big_and_the_list_price_struck_beside_it():
    on_sale = render_card(product(), width=420)
    no_sale = render_card(product(sale_price=None, price=Decimal("199")), width=420)
    x0, y0, x1, y1 = diff_box(on_sale, no_sale)  # only the struck list price differs
    assert y1 <= 16 + 132 + 4 and x0 > 16 + 132 + 60
    # The struck price has a horizontal line through it: a row of near-constant colour.
    rows = on_sale[y0:y1, x0:x1, 3].astype(np.int32)
    assert (rows > 150).sum(axis=1).max() >= 0.8 * (x1 - x0)


def test_the_qr_code_decodes_to_the_link():
    for width in (420, 630):
        card = over_white(render_card(product(), width=width))
        text, points, _ = cv2.QRCodeDetector().detectAndDecode(card)
        assert text == LINK, width
        assert points is not None and points[0][:, 0].min() > width * 0.6  # at the right


def test_no_qr_code_without_a_link_or_when_turned_off():
    with_qr = render_card(product(), width=420)
    for card in (
        render_card(product(link=""), width=420),
        render_card(product(), width=420, qr=False),
    ):
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(over_white(card))
        assert text == ""
        assert white_pixels(card) < white_pixels(with_qr) - 3000


def test_sold_out_greys_the_price_and_says_so():
    selling = render_card(product(stock=5), width=420)
    sold_out = render_card(product(stock=0), width=420)
    assert selling.shape == sold_out.shape
    assert not np.array_equal(selling, sold_out)
    # The red price is gone (the bullets stay red).
    assert accent_pixels(sold_out) < 0.5 * accent_pixels(selling)


def test_stock_row_is_hidden_when_stock_is_not_tracked():
    tracked = render_card(product(link="", stock=40), width=420)
    untracked = render_card(product(link="", stock=None), width=420)
    assert untracked.shape[0] < tracked.shape[0]


def test_explaining_badge_adds_ink():
    quiet = render_card(product(), width=420)
    explaining = render_card(product(), width=420, explaining=True)
    assert quiet.shape == explaining.shape
    assert accent_pixels(explaining) > accent_pixels(quiet) + 500
    assert diff_box(quiet, explaining)[:2] == (0, 0)  # the accent rim goes round the whole card


def test_card_grows_with_selling_points_up_to_three():
    heights = [
        render_card(product(link="", stock=None, selling_points=points), width=420).shape[0]
        for points in ((), ("一",), ("一", "二"), ("一", "二", "三"), ("一", "二", "三", "四"))
    ]
    assert heights[0] < heights[1] < heights[2] < heights[3] == heights[4]


def test_long_names_wrap_to_two_lines_with_an_ellipsis():
    short = render_card(product(name="面霜"), width=420)
    long = render_card(product(name="超长名字" * 20), width=420)
    assert short.shape == long.shape  # two lines fit beside the picture


def test_a_630_card_is_drawn_at_size_not_upscaled():
    small = render_card(product(), width=420)
    big = render_card(product(), width=630)
    assert big.shape[1] == 630
    assert abs(big.shape[0] / small.shape[0] - 1.5) < 0.05  # everything scales together
    upscaled = cv2.resize(small, (630, big.shape[0]), interpolation=cv2.INTER_LINEAR)

    def sharpness(image: np.ndarray) -> float:
        return float(cv2.Laplacian(over_white(image), cv2.CV_64F).var())

    assert sharpness(big) > 2 * sharpness(upscaled)


def test_chinese_is_drawn_with_real_glyphs_not_tofu():
    chinese = render_lower_third("中文商品", width=640)
    tofu = render_lower_third(UNASSIGNED_CHAR * 4, width=640)
    assert chinese.shape == tofu.shape
    assert not np.array_equal(chinese, tofu)
    # Four different characters are four different pictures; tofu boxes are all alike.
    typ = typeface(40)
    masks = [bytes(typ.font.getmask(ch)) for ch in "中文商品"]
    assert len(set(masks)) == 4


def test_product_picture_from_file_array_or_placeholder(tmp_path: Path):
    blue = np.zeros((300, 200, 3), np.uint8)
    blue[:, :, 0] = 255
    photo = tmp_path / "蓝色.png"  # a non-ASCII name
    photo.write_bytes(cv2.imencode(".png", blue)[1].tobytes())
    broken = tmp_path / "broken.jpg"
    broken.write_text("not a picture")

    def picture(card: np.ndarray) -> np.ndarray:  # the middle of the picture tile
        return card[60:100, 60:100, :3].reshape(-1, 3).mean(axis=0)

    from_file = render_card(product(image=str(photo)), width=420)
    assert picture(from_file)[0] > 240 and picture(from_file)[1:].max() < 15
    red = np.zeros((50, 50, 3), np.uint8)
    red[:, :, 2] = 255
    from_array = render_card(product(image=str(photo)), width=420, image=red)
    assert picture(from_array)[2] > 240 and picture(from_array)[:2].max() < 15
    placeholder = render_card(product(image=""), width=420)
    for path in (tmp_path / "missing.png", broken, tmp_path):  # never an error
        assert np.array_equal(render_card(product(image=str(path)), width=420), placeholder)
    # The placeholder shows the name's first character.
    other = render_card(product(image="", name="洁面乳"), width=420)
    assert not np.array_equal(placeholder[16:148, 16:148], other[16:148, 16:148])


def test_card_in_english():
    zh = render_card(product(), width=420)
    en = render_card(product(), width=420, lang="en")
    assert not np.array_equal(zh, en)
    with pytest.raises(ValueError, match="language"):
        render_card(product(), width=420, lang="fr")
    with pytest.raises(ValueError, match="width"):
        render_card(product(), width=10)


def test_wrap_breaks_chinese_between_characters_and_latin_between_words():
    typ = typeface(20)
    latin = wrap("Hyaluronic acid hydrating serum for sensitive skin", typ, 200, 5)
    assert len(latin) > 1
    assert " ".join(latin) == "Hyaluronic acid hydrating serum for sensitive skin"
    assert all(typ.length(line) <= 200 for line in latin)
    chinese = wrap("玻尿酸补水保湿精华液敏感肌可用温和不刺激", typ, 100, 5)
    assert "".join(chinese) == "玻尿酸补水保湿精华液敏感肌可用温和不刺激"
    assert all(len(line) == 5 for line in chinese)  # 20 px characters in 100 px
    cut = wrap("玻尿酸补水保湿精华液敏感肌可用温和不刺激", typ, 100, 2)
    assert len(cut) == 2 and cut[1].endswith("…") and typ.length(cut[1]) <= 100
    assert wrap("一二三四，五", typ, 80, 3) == ["一二三四，", "五"]  # no line starts with ，
    assert wrap("x" * 40, typ, 100, 9)[0] != "x" * 40  # a too-long word is broken


# --- spec sheet ---


def test_spec_sheet_languages_differ_and_both_has_both_labels():
    item = product()
    zh = render_spec_sheet(item, width=460, lang="zh")
    en = render_spec_sheet(item, width=460, lang="en")
    both = render_spec_sheet(item, width=460, lang="both")
    assert zh.shape[1] == en.shape[1] == both.shape[1] == 460
    assert not np.array_equal(zh, en)
    assert not np.array_equal(zh[: both.shape[0]], both[: zh.shape[0]])
    assert both.shape[0] >= max(zh.shape[0], en.shape[0])

    def ink(image: np.ndarray) -> int:  # light text on the dark panel
        return int((image[:, :, :3].max(axis=2) > 120).sum())

    assert ink(both) > ink(zh) + 500 and ink(both) > ink(en) + 500  # two label columns
    with pytest.raises(ValueError):
        render_spec_sheet(item, width=460, lang="fr")


def test_spec_sheet_leaves_out_missing_rows():
    full = product()
    assert [row[1] for row in spec_values(full)] == [
        "MOQ",
        "Lead time",
        "Certifications",
        "FOB price",
    ]
    assert spec_values(full)[-1][2] == "$3.50" and spec_values(full)[2][2] == "CE, FCC"
    partial = product(lead_time="", certifications=(), fob_price=None)
    assert [row[1] for row in spec_values(partial)] == ["MOQ"]
    heights = [render_spec_sheet(p, width=460).shape[0] for p in (full, partial)]
    assert heights[1] < heights[0]
    empty = product(moq="", lead_time="", certifications=(), fob_price=None)
    assert spec_values(empty) == []
    assert render_spec_sheet(empty, width=460).shape[0] < heights[1]


def test_spec_sheet_wraps_long_values():
    short = render_spec_sheet(product(certifications=("CE",)), width=460)
    long = render_spec_sheet(
        product(certifications=("CE", "FCC", "RoHS", "ISO 9001") * 3), width=460
    )
    assert long.shape[0] > short.shape[0]


# --- lower third, painter, one entry point ---


def test_lower_third_title_and_subtitle():
    title = render_lower_third("今晚8点 新品首发", width=640)
    both = render_lower_third("今晚8点 新品首发", "关注主播 领券", width=640)
    assert title.shape[1] == both.shape[1] == 640
    assert both.shape[0] > title.shape[0]
    green = render_lower_third("今晚8点 新品首发", width=640, accent="#00c853")
    assert not np.array_equal(title, green)
    with pytest.raises(ValueError, match="accent"):
        render_lower_third("x", width=640, accent="pink")


def test_text_over_the_panel_has_no_dark_fringe():
    # A white word on the dark panel over white: every pixel between panel and word is in
    # between them, never darker than the panel (Pillow's premultiplication trap).
    p = Painter(200, 200)
    p.text((20, 40), "Ag 中", typeface(30), (255, 255, 255, 255))
    p.panel(10)
    picture = over_white(p.finish(60)).mean(axis=2)
    panel = picture[55, 100]
    assert picture[10:50, 20:180].min() >= panel - 2
    assert picture[10:50, 20:180].max() > 250  # the word is there


def test_render_kind_dispatches():
    item = product()
    assert np.array_equal(render_kind("card", item, width=420), render_card(item, width=420))
    assert np.array_equal(
        render_kind("spec", item, width=460, lang="en"),
        render_spec_sheet(item, width=460, lang="en"),
    )
    assert np.array_equal(
        render_kind("card", item, width=420, lang="both"), render_card(item, width=420)
    )
    countdown = render_kind("countdown", item, width=300, now=5.0)
    assert countdown.shape[1] == 300
    explaining = render_kind("card", item, width=420, explaining=True)
    assert not np.array_equal(explaining, render_card(item, width=420))
    with pytest.raises(ValueError, match="kind"):
        render_kind("banner", item, width=420)


# --- studio overlay render ---


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "商品.json"
    items = [
        {
            "id": "A1",
            "name": "补水面霜",
            "price": "299",
            "sale_price": "199",
            "stock": 12,
            "link": LINK,
            "selling_points": ["72小时保湿"],
            "moq": "500 pcs",
        },
        {"id": "B2", "name": "Ceramic Mug", "price": "59"},
        {"id": "C3", "name": "Tea", "price": "19.9"},
        {"id": "D4", "name": "Cup", "price": "9"},
    ]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def args(catalog: Path, out: Path, **extra) -> argparse.Namespace:
    values = {"kind": "card", "canvas": (720, 1280), "lang": "zh"}
    values.update(extra)
    return argparse.Namespace(catalog=str(catalog), out=str(out), **values)


def read_png(path: Path) -> np.ndarray:
    image = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None
    return image


def test_overlay_render_writes_each_kind(catalog: Path, tmp_path: Path, capsys):
    from studio.commands.overlay import run_overlay

    widths = {}
    for kind in ("card", "spec", "countdown"):
        out = tmp_path / f"图层-{kind}.png"
        assert run_overlay(args(catalog, out, product="A1", kind=kind)) == 0
        image = read_png(out)
        assert image.shape[2] == 4 and image[0, 0, 3] == 0  # RGBA, transparent corners
        widths[kind] = image.shape[1]
        assert str(out) in capsys.readouterr().out
    assert widths["countdown"] < widths["card"] < widths["spec"] < 720
    assert 0.5 * 720 < widths["card"] < 0.65 * 720
    card = read_png(tmp_path / "图层-card.png")
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(over_white(card))
    assert text == LINK


def test_overlay_render_sizes_follow_the_canvas(catalog: Path, tmp_path: Path):
    from studio.commands.overlay import run_overlay

    out = tmp_path / "card.png"
    sizes = {}
    for canvas in ((720, 1280), (1080, 1920), (1920, 1080)):
        assert run_overlay(args(catalog, out, product="A1", canvas=canvas)) == 0
        sizes[canvas] = read_png(out).shape[1]
    assert abs(sizes[(1080, 1920)] / sizes[(720, 1280)] - 1.5) < 0.02
    assert sizes[(1920, 1080)] < 0.4 * 1920


def test_overlay_render_finds_products_by_name(catalog: Path, tmp_path: Path):
    from studio.commands.overlay import run_overlay

    out = tmp_path / "mug.png"
    assert run_overlay(args(catalog, out, product="ceramic mug", lang="en")) == 0
    by_id = tmp_path / "b2.png"
    assert run_overlay(args(catalog, by_id, product="B2", lang="en")) == 0
    assert np.array_equal(read_png(out), read_png(by_id))


def test_overlay_render_errors_are_one_line(catalog: Path, tmp_path: Path):
    from studio.commands.overlay import run_overlay

    out = tmp_path / "x.png"
    with pytest.raises(UserError) as err:
        run_overlay(args(catalog, out, product="Z9"))
    assert str(err.value) == f"no product 'Z9' in {catalog} (4 products; e.g. A1, B2, C3)"
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(UserError) as err:
        run_overlay(args(broken, out, product="A1"))
    assert str(broken) in str(err.value) and "\n" not in str(err.value)
    for bad in (tmp_path / "missing" / "x.png", tmp_path / "x.jpg", tmp_path):
        with pytest.raises(UserError):
            run_overlay(args(catalog, bad, product="A1"))
    assert not out.exists()


def test_overlay_render_command(catalog: Path, tmp_path: Path):
    import subprocess

    out = tmp_path / "card.png"
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "studio", "overlay", "render", "--catalog", str(catalog)]
    run = subprocess.run(
        [*command, "--product", "A1", "--out", str(out), "--canvas", "1080x1920"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert read_png(out).shape[1] == round(1080 * 0.58)
    assert str(out) in run.stdout
    run = subprocess.run(
        [*command, "--product", "nope", "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        f"studio: error: no product 'nope' in {catalog} (4 products; e.g. A1, B2, C3)"
    )
