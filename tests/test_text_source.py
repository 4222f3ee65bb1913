"""Text sources rendered for real with Pillow and the machine's CJK font (fonts-noto-cjk here)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import ImageFont

from studio import fonts
from studio.capture.base import SourceError
from studio.capture.registry import make_source
from studio.capture.text import NO_CJK_FONT, TextSource
from studio.clock import MediaClock


@pytest.fixture
def clock() -> MediaClock:
    return MediaClock()


def render(clock: MediaClock, **options: object) -> np.ndarray:
    return TextSource("text", clock, options=dict(options)).latest_video().image


@pytest.fixture
def fresh_font_cache():
    fonts.find_font_face.cache_clear()
    yield
    fonts.find_font_face.cache_clear()


def test_a_chinese_font_is_found_on_this_machine() -> None:
    if not sys.platform.startswith("linux") or not shutil.which("fc-match"):
        pytest.skip("the CJK font guarantee is for the Linux test machines")
    path = fonts.find_font()
    assert path is not None and path.is_file()
    face = fonts.find_font_face()
    assert face is not None and fonts.covers_chinese(face)


def test_text_is_drawn_in_its_colour_on_a_clear_background(clock: MediaClock) -> None:
    image = render(clock, text="Sale 50%", color="#ff8000", font_size=40, padding=10)
    assert image.dtype == np.uint8 and image.shape[2] == 4
    alpha = image[:, :, 3]
    solid = alpha == 255
    assert solid.sum() > 100, "no opaque ink"
    assert (image[solid][:, :3] == (0, 128, 255)).all()  # BGR of #ff8000
    # Antialiased edges are partly transparent but keep the text colour (no dark fringe).
    edge = (alpha > 0) & (alpha < 255)
    assert edge.sum() > 20
    assert np.abs(image[edge][:, :3].astype(int) - (0, 128, 255)).max() <= 1
    # Padding stays clear: the default background is transparent.
    assert (alpha[:10] == 0).all() and (alpha[:, :10] == 0).all()


def test_background_colour_fills_the_box(clock: MediaClock) -> None:
    image = render(clock, text="A", background="#10203080", padding=20)
    assert tuple(image[0, 0]) == (0x30, 0x20, 0x10, 0x80)
    assert tuple(image[-1, -1]) == (0x30, 0x20, 0x10, 0x80)


def test_different_texts_give_different_pictures(clock: MediaClock) -> None:
    a, b = render(clock, text="MOQ 100"), render(clock, text="MOQ 500")
    assert a.shape != b.shape or not np.array_equal(a, b)
    assert render(clock, text="iii").shape[1] < render(clock, text="WWWWWW").shape[1]


def test_chinese_renders_real_glyphs_not_tofu(clock: MediaClock) -> None:
    face = fonts.find_font_face()
    if face is None:
        pytest.skip("no CJK font on this machine")
    font = ImageFont.truetype(str(face.path), 48, index=face.index)
    glyph, tofu = font.getmask("中"), font.getmask("\u0378")  # U+0378: never assigned
    assert glyph.getbbox() is not None, "中 has no ink"
    assert glyph.size != tofu.size or bytes(glyph) != bytes(tofu)
    hello = render(clock, text="你好世界")
    boxes = render(clock, text="\u0378\u0379\u0380\u0381")  # four unassigned: four tofu boxes
    assert (hello[:, :, 3] == 255).sum() > 200
    assert hello.shape != boxes.shape or not np.array_equal(hello, boxes)
    assert TextSource("text", clock, options={"text": "你好"}).notice is None


def test_more_lines_make_a_taller_picture(clock: MediaClock) -> None:
    one = render(clock, text="Flash sale")
    three = render(clock, text="Flash sale\nToday only\n¥99")
    assert three.shape[0] > 2 * one.shape[0] - 40


def test_alignment_and_bold_change_the_picture(clock: MediaClock) -> None:
    text = "Wide line here\nx"
    left, right = render(clock, text=text, align="left"), render(clock, text=text, align="right")
    assert left.shape == right.shape and not np.array_equal(left, right)
    # The short second line sits on the side it is aligned to.
    low = slice(left.shape[0] // 2, None)
    assert np.argmax(left[low, :, 3].max(axis=0) > 0) < np.argmax(right[low, :, 3].max(axis=0) > 0)
    plain, bold = render(clock, text="Bold"), render(clock, text="Bold", bold=True)
    assert (bold[:, :, 3] > 0).sum() > (plain[:, :, 3] > 0).sum()


def test_empty_text_is_a_small_clear_frame(clock: MediaClock) -> None:
    image = render(clock, text="", background="#ff0000")
    assert image.shape[0] <= 64 and image.shape[1] <= 64 and image.shape[2] == 4
    assert not image[:, :, 3].any()


def test_the_same_frame_every_time(clock: MediaClock) -> None:
    source = make_source("text", clock, options={"text": "Hi"})
    assert source.kind == "text" and source.has_video and not source.has_audio
    first = source.latest_video()
    assert source.latest_video() is first and not first.image.flags.writeable
    assert source.label == "Hi"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"color": "red"}, "color must be a colour"),
        ({"background": "#12345"}, "background must be a colour"),
        ({"font_size": 2}, "font_size must be at least 8"),
        ({"font_size": "big"}, "font_size must be a number"),
        ({"align": "middle"}, "align must be one of left, center, right"),
        ({"text": 5}, "text must be text"),
        ({"colour": "#ffffff"}, "unknown setting 'colour'"),
    ],
)
def test_bad_options_are_readable_errors(
    clock: MediaClock, options: dict[str, object], words: str
) -> None:
    with pytest.raises(SourceError, match=words):
        TextSource("text", clock, options=options)


def test_too_big_a_picture_is_refused(clock: MediaClock) -> None:
    with pytest.raises(SourceError, match="smaller font size"):
        render(clock, text="W" * 200, font_size=400)


def test_without_a_chinese_font_it_falls_back_and_says_so(
    clock: MediaClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studio.capture.text.find_font_face", lambda: None)
    source = TextSource("text", clock, options={"text": "Hello"})
    assert source.notice == NO_CJK_FONT and "Chinese" in source.notice
    assert (source.latest_video().image[:, :, 3] == 255).any()


def test_a_bundled_font_comes_first_even_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_font_cache: None
) -> None:
    system = fonts.find_font_face()
    if system is None:
        pytest.skip("no CJK font on this machine to bundle")
    folder = tmp_path / "assets" / "fonts"
    folder.mkdir(parents=True)
    bundled = folder / f"Bundled{system.path.suffix}"
    bundled.symlink_to(system.path)
    (folder / "README.txt").write_text("not a font")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    fonts.find_font_face.cache_clear()
    assert fonts.find_font() == bundled


def test_a_latin_font_does_not_count_as_chinese() -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.is_file():
        pytest.skip("DejaVu Sans is not installed")
    assert not fonts.covers_chinese(fonts.FontFace(latin))
    assert not fonts.covers_chinese(fonts.FontFace(Path("/no/such/font.ttf")))
