"""Setting text in the studio's font (Chinese included) with Pillow: a font at one pixel size, and
lines cut or wrapped to a width (Chinese breaks between characters, Latin between words).

The on-screen selling layers (studio.commerce.overlays) and the camera's "connecting" card
(studio.capture.camera) both draw their words with it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from PIL import ImageFont, features

from studio.fonts import FontFace, covers, find_font_face
from studio.text_runs import ready, runs

# libraqm shapes Arabic and orders right-to-left text; without it Pillow draws letters as stored
_RAQM = features.check("raqm")
# (text, font, direction) in the order drawn left to right; direction None: the font's own
Part = tuple[str, ImageFont.FreeTypeFont, str | None]


def _face(bold: bool) -> FontFace | None:
    return find_font_face(bold=bold)


@dataclass(frozen=True)
class Type:
    """A font at one pixel size; `stroke` fakes bold when no bold face was found."""

    font: ImageFont.FreeTypeFont
    size: int
    stroke: int = 0
    face: FontFace | None = None  # the font's face: what a text it lacks falls back from

    def length(self, text: str) -> float:
        parts = self.parts(text)
        if len(parts) == 1 and parts[0][1] is self.font:
            return self.font.getlength(text) + 2 * self.stroke
        return sum(part_length(part) for part in parts) + 2 * self.stroke

    def parts(self, text: str) -> list[Part]:
        """`text` as drawn: one part in this font, or, when the font lacks some of it (Arabic,
        Hebrew), parts in fonts that have them, in visual order (see studio.text_runs)."""
        # the studio's face has nearly every text: answered before the cache, which a line
        # being wrapped (a new prefix measured each time) would only fill
        if self.face is None or text.isascii() or not ready() or covers(self.face, text):
            return [(text, self.font, None)]
        return _parts(text, self.face, self.size)

    def baseline(self, top: float, line_height: float) -> float:
        """The baseline that centres a line's ink (CJK em box, Latin caps) in its line box."""
        return top + line_height / 2 + 0.38 * self.size


@functools.lru_cache(maxsize=256)
def _font(face: FontFace | None, size: int) -> ImageFont.FreeTypeFont:
    if face is None:
        return ImageFont.load_default(size)  # type: ignore[return-value]  # Latin only
    try:
        return ImageFont.truetype(str(face.path), size, index=face.index)
    except OSError:
        return ImageFont.load_default(size)  # type: ignore[return-value]


@functools.lru_cache(maxsize=2048)
def _parts(text: str, face: FontFace, size: int) -> list[Part]:
    """`text`, which the studio's face lacks some of, in runs of faces that have it."""
    found = runs(text, face)
    font = _font(face, size)
    if len(found) == 1:  # one other face has it all: raqm orders it by itself
        return [(text, _font(found[0].face, size), None)]
    return [
        (
            run.text,
            font if run.face is None else _font(run.face, size),
            ("rtl" if run.rtl else "ltr") if _RAQM else None,
        )
        for run in found
    ]


def part_length(part: Part) -> float:
    text, font, direction = part
    return font.getlength(text, direction=direction) if direction else font.getlength(text)


def typeface(size: float, bold: bool = False) -> Type:
    """The studio's font (bold for prices and titles) at `size` pixels (rounded, at least 6)."""
    px = max(6, round(size))
    regular = _face(False)
    face = _face(True) if bold else regular
    stroke = 0
    if bold and (face is None or face == regular):  # no real bold: stroke the outline
        stroke = round(px / 30)  # none below 15 px: a 1 px stroke clogs small Chinese
    return Type(_font(face, px), px, stroke, face)


# --- text layout ---------------------------------------------------------------------------------

_WIDE = (
    "\u1100-\u11ff\u2e80-\u303f\u3040-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
# A wide (CJK) character alone, a Latin word with its trailing spaces, or spaces.
_TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+\s*|\s+")
# Never start a line with these: they hang on the end of the previous one.
_NO_LINE_START = set("，。、；：！？）》」』】〉”’…,.;:!?)]}%")
ELLIPSIS = "…"


def ellipsize(text: str, typ: Type, max_width: float) -> str:
    """`text` cut to fit `max_width`, ending in … when cut."""
    text = " ".join(text.split())
    if typ.length(text) <= max_width:
        return text
    return _with_ellipsis(text, typ, max_width)


def wrap(text: str, typ: Type, max_width: float, max_lines: int) -> list[str]:
    """Lines of `text` at most `max_width` wide: Chinese breaks between characters, Latin
    between words (a word longer than a line is broken too); the last allowed line ends in …
    when text is left over. Line breaks and runs of spaces in `text` count as one space."""
    tokens = _TOKENS.findall(" ".join(text.split()))
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(tokens) and max_lines > 0:
        token = tokens[i]
        if not line and token.isspace():
            i += 1
            continue
        candidate = line + token
        hangs = bool(line) and token[0] in _NO_LINE_START
        if hangs or typ.length(candidate.rstrip()) <= max_width:
            line, i = candidate, i + 1
            continue
        if not line:  # one word wider than the line: break it between characters
            cut = 1
            while cut < len(token) and typ.length(token[: cut + 1].rstrip()) <= max_width:
                cut += 1
            line, tokens[i] = token[:cut], token[cut:]
            if not tokens[i]:
                i += 1
                continue
        if len(lines) + 1 == max_lines:  # text left over: this last line ends in …
            lines.append(_with_ellipsis(line, typ, max_width))
            return lines
        lines.append(line.rstrip())
        line = ""
    if line.strip() and max_lines > 0:
        lines.append(line.rstrip())
    return lines


def _with_ellipsis(text: str, typ: Type, max_width: float) -> str:
    text = text.rstrip()
    while text and typ.length(text + ELLIPSIS) > max_width:
        text = text[:-1].rstrip()
    return text + ELLIPSIS
