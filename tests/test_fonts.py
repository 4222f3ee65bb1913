"""The bundled fonts (assets/fonts/: Noto Sans CJK SC subsets) and studio.fonts' choice of face."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio import fonts

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
REGULAR = FONTS / "NotoSansSC-Regular.otf"
BOLD = FONTS / "NotoSansSC-Bold.otf"
PRODUCT_WORDS = "限时秒杀 到手价 库存 包邮 正品 保障 起订量 交期 认证"
LATIN = "The quick brown fox jumps over the lazy dog THE QUICK BROWN FOX Łódź ąćęłńóśźż"
DIGITS = "0123456789"
SYMBOLS = "¥ ￥ $ € £ × ✓ ★ ① % ~ — …"
MORE_SYMBOLS = "₹ ₽ ₩ ÷ ± ≈ ≤ ≥ ～ ✔ ✗ ☆ ● ○ ■ □ ◆ ⑳ 【 】 《 》 ℃ ㎡"
UNASSIGNED = "\u0378"  # never assigned in Unicode: every font draws its .notdef box for it


@pytest.fixture
def only_the_checkout(monkeypatch: pytest.MonkeyPatch):
    """find_font_face() answers afresh and sees only the checkout's assets/ (not a bundle's)."""
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    fonts.find_font_face.cache_clear()
    yield
    fonts.find_font_face.cache_clear()


def ink(path: Path, text: str, size: int = 72) -> np.ndarray:
    font = ImageFont.truetype(str(path), size)
    _, _, right, bottom = font.getbbox(text)
    image = Image.new("L", (right + 20, bottom + 20), 0)
    ImageDraw.Draw(image).text((10, 10), text, font=font, fill=255)
    return np.asarray(image)


def is_real_glyph(font: ImageFont.FreeTypeFont, char: str) -> bool:
    glyph, box = font.getmask(char), font.getmask(UNASSIGNED)
    if glyph.getbbox() is None:
        return False
    return glyph.size != box.size or bytes(glyph) != bytes(box)


@pytest.mark.parametrize(("path", "style"), [(REGULAR, "Regular"), (BOLD, "Bold")])
def test_the_bundled_faces_exist_and_load_with_pillow(path: Path, style: str) -> None:
    assert path.is_file() and path.stat().st_size < 4 * 1024 * 1024
    font = ImageFont.truetype(str(path), 48)
    assert font.getname() == ("Noto Sans CJK SC", style)
    assert path in fonts.bundled_fonts()
    assert fonts.is_bold(fonts.FontFace(path)) == (style == "Bold")


@pytest.mark.parametrize("path", [REGULAR, BOLD])
@pytest.mark.parametrize("text", [PRODUCT_WORDS, LATIN, DIGITS, SYMBOLS, MORE_SYMBOLS])
def test_the_bundled_faces_cover_chinese_latin_digits_and_symbols(path: Path, text: str) -> None:
    face = fonts.FontFace(path)
    assert fonts.covers(face, text)
    font = ImageFont.truetype(str(path), 48, layout_engine=ImageFont.Layout.BASIC)
    drawn_as_box = [c for c in text if not c.isspace() and not is_real_glyph(font, c)]
    assert not drawn_as_box, f"drawn as the missing-glyph box: {drawn_as_box}"


@pytest.mark.parametrize("path", [REGULAR, BOLD])
def test_a_rendered_zhong_is_not_tofu(path: Path) -> None:
    face = fonts.FontFace(path)
    assert fonts.covers_chinese(face)
    zhong, box = ink(path, "中"), ink(path, UNASSIGNED)
    assert (zhong > 128).sum() > 300, "中 has hardly any ink"
    assert zhong.shape != box.shape or not np.array_equal(zhong, box)
    # 中 has a long vertical stroke through its middle: a box (.notdef) has none.
    middle = zhong[:, zhong.shape[1] // 2 - 3 : zhong.shape[1] // 2 + 4]
    assert (middle.max(axis=1) > 128).sum() > 0.5 * (zhong.max(axis=1) > 128).sum()


def test_bold_has_visibly_more_ink_than_regular() -> None:
    text = f"{PRODUCT_WORDS} ¥99"
    regular, bold = ink(REGULAR, text), ink(BOLD, text)
    assert bold.astype(np.int64).sum() > 1.3 * regular.astype(np.int64).sum()


def test_find_font_face_prefers_the_bundled_regular_then_bold(only_the_checkout: None) -> None:
    # Bold sorts first by name; the regular face must still be the plain choice.
    assert fonts.bundled_fonts().index(BOLD) < fonts.bundled_fonts().index(REGULAR)
    assert fonts.find_font_face() == fonts.FontFace(REGULAR)
    assert fonts.find_font_face(bold=False) == fonts.FontFace(REGULAR)
    assert fonts.find_font_face(bold=True) == fonts.FontFace(BOLD)
    assert fonts.find_font() == REGULAR
    assert fonts.find_font_face() is fonts.find_font_face()  # cached


def test_bold_falls_back_to_the_regular_choice_without_a_bundled_bold(
    only_the_checkout: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "bundled_fonts", lambda: [REGULAR])
    assert fonts.find_font_face(bold=True) == fonts.FontFace(REGULAR)


def test_with_only_a_bold_face_bundled_it_is_used_for_regular_too(
    only_the_checkout: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "bundled_fonts", lambda: [BOLD])
    assert fonts.find_font_face() == fonts.FontFace(BOLD)
    assert fonts.find_font_face(bold=True) == fonts.FontFace(BOLD)


def test_covers_tells_missing_characters() -> None:
    face = fonts.FontFace(REGULAR)
    assert not fonts.covers(face, "我們")  # 們: traditional, outside the subset
    assert not fonts.covers(face, "中\U0001f600")  # emoji: not in the font
    assert not fonts.covers(face, UNASSIGNED)
    # Nothing to draw needs no glyph: spaces, line breaks, zero-width joiner, variation selector.
    assert fonts.covers(face, "")
    assert fonts.covers(face, " \n\t\u3000")
    assert fonts.covers(face, "✔\ufe0f 好\u200d的")
    # An unreadable font, a file that is not a font, a face a collection lacks: cover nothing.
    assert not fonts.covers(fonts.FontFace(Path("/no/such/font.otf")), "a")
    assert not fonts.covers(fonts.FontFace(Path(__file__)), "a")
    assert not fonts.covers(fonts.FontFace(REGULAR, 3), "a")


def test_the_licence_and_readme_ship_with_the_fonts() -> None:
    ofl = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in ofl
    assert "© 2014-2021 Adobe (http://www.adobe.com/)." in ofl
    assert "Copyright 2015 Google LLC." in ofl  # Noto Sans, the donor of ₹ ą etc.
    assert "TERMINATION" in ofl and "DISCLAIMER" in ofl
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for path in (REGULAR, BOLD):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert re.search(rf"`{path.name}`.*`{digest}`", readme), f"README's sha256 of {path.name}"
