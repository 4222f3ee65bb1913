"""Text the studio's CJK font lacks (issue 18: answers in Arabic on the stream): drawn with a
system font that has its letters, Arabic joined and right to left, never as boxes."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.chat.layer import render_bubble
from studio.commerce.overlays import Painter
from studio.fonts import covers, find_font_face
from studio.text_runs import fallback_faces, right_to_left, runs, warm_up
from studio.typesetting import typeface

ARABIC = "نعم، متوفر أسود؛ متوفر 40 قطعة"
PRIMARY = find_font_face()
warm_up(wait=True)  # the fonts are looked up in the background; here, before the first test
pytestmark = pytest.mark.skipif(
    PRIMARY is None or not any(covers(f, ARABIC) for f in fallback_faces()),
    reason="needs the CJK font and a font with Arabic (installer/debian-deps.sh installs both)",
)


def test_every_run_is_drawn_with_a_face_that_has_its_letters():
    for text in (
        ARABIC,
        "نعم: 100%桑蚕丝 (حرير)",
        "Да: 100%桑蚕丝 (шёлк)",
        "价格 ¥99",
        "שלום 你好",
    ):
        for run in runs(text, PRIMARY):
            assert covers(run.face or PRIMARY, run.text), (text, run)


def test_text_the_studio_font_has_is_one_run_in_it():
    assert runs("真丝连衣裙 ¥899", PRIMARY) == [runs("真丝连衣裙 ¥899", PRIMARY)[0]]
    assert runs("真丝连衣裙 ¥899", PRIMARY)[0].face is None


def test_arabic_alone_is_one_run_in_one_face_ordered_by_the_shaper():
    (run,) = runs(ARABIC, PRIMARY)
    assert run.face is not None and run.text == ARABIC


def test_arabic_beside_chinese_is_laid_out_from_the_right():
    found = runs("نعم: 100%桑蚕丝 (حرير)", PRIMARY)
    assert len(found) == 3
    # seen left to right: the last Arabic words first, the first ones at the right end
    assert "حرير" in found[0].text and found[0].rtl
    assert "桑蚕丝" in found[1].text and not found[1].rtl and found[1].face is None
    assert found[2].text.startswith("نعم") and found[2].rtl
    assert right_to_left("100% نعم") and not right_to_left("100% yes نعم")


def test_the_painter_draws_arabic_as_the_fallback_font_does():
    typ = typeface(40)
    painter = Painter(600, 600)
    painter.text((20, 60), ARABIC, typ, (255, 255, 255, 255))
    got = painter.finish(90)
    ((text, font, _),) = typ.parts(ARABIC)
    assert font is not typ.font  # not the CJK font, which has no Arabic
    expected = Image.new("RGBA", (600, 90), (0, 0, 0, 0))
    ImageDraw.Draw(expected).text((20, 60), text, font=font, fill=(255, 255, 255, 255), anchor="ls")
    want = cv2.cvtColor(np.asarray(expected), cv2.COLOR_RGBA2BGRA)
    assert np.array_equal(got, want)
    assert got[..., 3].any()


def _ink_columns(bubble: np.ndarray) -> np.ndarray:
    """The columns holding bright text (the panel behind it is dark)."""
    return np.flatnonzero((bubble[..., :3].max(axis=2) > 200).any(axis=0))


def test_an_arabic_bubble_reads_from_the_right_a_latin_one_from_the_left():
    arabic = _ink_columns(render_bubble("أحمد", "هل يوجد باللون الأسود؟", width=600, answer=ARABIC))
    latin = _ink_columns(render_bubble("Marta", "¿hay en negro?", width=600, answer="Sí"))
    assert arabic.size and latin.size
    assert arabic.max() > 540 and arabic.min() > 100  # right aligned, short lines
    assert latin.min() < 60 and latin.max() < 400
