"""Text drawn by the studio (`text`, the words in `options`): a title, a price, a shop slogan.

Rendered once with Pillow (FreeType: antialiased, any script the font covers, Chinese included)
into a BGRA picture sized to the text; `latest_video` always returns that same frame.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.capture.base import SourceError, VideoFrame
from studio.capture.overlay import OverlaySource
from studio.capture.settings import (
    QT_TRANSLATE_NOOP,
    Setting,
    parse_colour,
)
from studio.clock import MediaClock
from studio.fonts import FontFace, find_font_face

MAX_SIDE = 8192  # a picture beyond this is a typo (pasted novel, size 400): refuse, do not eat RAM
NO_CJK_FONT = (
    "No font with Chinese characters was found: Chinese text may not show. "
    "Install a Chinese font (e.g. Noto Sans CJK) or put one in assets/fonts."
)
ALIGNS = (
    QT_TRANSLATE_NOOP("SourceSettings", "left"),
    QT_TRANSLATE_NOOP("SourceSettings", "center"),
    QT_TRANSLATE_NOOP("SourceSettings", "right"),
)


class TextSource(OverlaySource):
    """A still picture of text; BGRA, transparent where the background colour is."""

    kind = "text"
    WHAT = "text source"
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "text", QT_TRANSLATE_NOOP("SourceSettings", "Text"), "multiline", "Shopcast Studio"
        ),
        Setting("font_size", QT_TRANSLATE_NOOP("SourceSettings", "Font size"), "int", 64, 8, 400),
        Setting("bold", QT_TRANSLATE_NOOP("SourceSettings", "Bold"), "bool", False),
        Setting("color", QT_TRANSLATE_NOOP("SourceSettings", "Colour"), "color", "#ffffff"),
        Setting(
            "background", QT_TRANSLATE_NOOP("SourceSettings", "Background"), "color", "#00000000"
        ),
        Setting(
            "align",
            QT_TRANSLATE_NOOP("SourceSettings", "Alignment"),
            "choice",
            "center",
            choices=ALIGNS,
        ),
        Setting("padding", QT_TRANSLATE_NOOP("SourceSettings", "Padding"), "int", 16, 0, 200),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(spec, clock, options)
        face = find_font_face()
        if face is None:
            self.notice = NO_CJK_FONT
        image = render_text(
            self.options["text"],
            font=_load_font(face, int(self.options["font_size"])),
            color=parse_colour(self.options["color"]),
            background=parse_colour(self.options["background"]),
            align=self.options["align"],
            padding=int(self.options["padding"]),
            bold=bool(self.options["bold"]),
        )
        self._frame = self.frame(image)

    @property
    def label(self) -> str:
        first = self.options["text"].strip().splitlines()[:1]
        line = first[0] if first else ""
        return (line[:30] + "…") if len(line) > 30 else (line or "Text")

    def latest_video(self) -> VideoFrame:
        return self._frame


def _load_font(face: FontFace | None, size: int) -> ImageFont.FreeTypeFont:
    if face is None:
        # Pillow's own scalable font (Latin only); FreeType is in every Pillow wheel.
        return ImageFont.load_default(size)  # type: ignore[return-value]
    try:
        return ImageFont.truetype(str(face.path), size, index=face.index)
    except OSError as exc:
        raise SourceError(f"cannot load font {face.path}: {exc}") from None


def render_text(
    text: str,
    font: ImageFont.FreeTypeFont,
    color: tuple[int, int, int, int],
    background: tuple[int, int, int, int],
    align: str = "center",
    padding: int = 16,
    bold: bool = False,
) -> np.ndarray:
    """BGRA uint8 (straight alpha, as the compositor blends) of `text` over `background`."""
    # Line gap grows with the size; Pillow's fixed 4 px looks cramped at 64 px and up.
    spacing = round(font.size * 0.25)
    # Faux bold by stroking the outline in the text colour: works with any face, costs nothing.
    stroke = max(1, round(font.size / 28)) if bold else 0
    kw: dict[str, Any] = {"font": font, "align": align, "spacing": spacing, "stroke_width": stroke}
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    left, top, right, bottom = probe.multiline_textbbox((0, 0), text or " ", **kw)
    if not text or right <= left or bottom <= top:  # nothing to show: a small clear frame
        side = max(1, 2 * padding)
        return np.zeros((side, side, 4), np.uint8)
    # The box may be fractional (subpixel layout): round outwards so no ink is cut off.
    left, top = math.floor(left), math.floor(top)
    w = math.ceil(right) - left + 2 * padding
    h = math.ceil(bottom) - top + 2 * padding
    if w > MAX_SIDE or h > MAX_SIDE:
        raise SourceError(
            f"text source: the text would be {w}x{h} pixels (at most {MAX_SIDE} a side); "
            "use a smaller font size or less text"
        )
    # Draw coverage only, then blend in numpy: Pillow drawing onto RGBA would copy the alpha of
    # antialiased edges into the colour too and give dark fringes over a transparent background.
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).multiline_text(
        (padding - left, padding - top), text, fill=255, stroke_fill=255, **kw
    )
    fg_a = np.asarray(mask, np.float32)[:, :, None] * (color[3] / 255.0**2)
    bg_a = background[3] / 255.0
    out_a = fg_a + bg_a * (1.0 - fg_a)
    fg = np.array(color[2::-1], np.float32)  # RGB -> BGR
    bg = np.array(background[2::-1], np.float32)
    rgb = (fg * fg_a + bg * (bg_a * (1.0 - fg_a))) / np.maximum(out_a, 1e-6)
    out = np.empty((h, w, 4), np.uint8)
    out[:, :, :3] = np.clip(rgb + 0.5, 0, 255)
    out[:, :, 3:] = np.clip(out_a * 255.0 + 0.5, 0, 255)
    return out
