"""Finding a font that can draw Chinese, for text drawn by the studio itself (text sources).

Order: the fonts shipped in assets/fonts/ (same look on every machine: Noto Sans CJK SC subsets,
Regular and Bold), then the system's own CJK font. Every candidate is checked with Pillow for a
real glyph for 中, because fontconfig always answers with *some* font, and a Latin font draws
Chinese as empty boxes (tofu). `covers()` tells whether a face has every character of a text
(the bundled faces hold GB2312 and common symbols, not every Hanzi).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
PROBE_CHAR = "中"
UNASSIGNED_CHAR = "\u0378"  # never assigned in Unicode: every font draws its .notdef (tofu) for it

_WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc")
_MAC_FONTS = (
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
_FC_TIMEOUT_S = 5  # fc-match builds its cache on a first run; never hang the app on it
_BOLD_STYLES = ("bold", "black", "heavy")  # words in a style name (Bold, SemiBold, Black...)


@dataclass(frozen=True)
class FontFace:
    """A font file and the face inside it (.ttc collections hold several, e.g. SC/TC/JP)."""

    path: Path
    index: int = 0


def assets_dirs() -> list[Path]:
    """Where assets/ may be: beside the package in a checkout, inside the PyInstaller bundle."""
    dirs = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "assets")
    dirs.append(Path(__file__).resolve().parent.parent / "assets")
    return list(dict.fromkeys(dirs))  # in the bundle both name the same folder


def bundled_fonts() -> list[Path]:
    """Font files in assets/fonts/, sorted so the choice is stable."""
    found: list[Path] = []
    for base in assets_dirs():
        folder = base / "fonts"
        if folder.is_dir():
            found += sorted(
                p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file()
            )
    return found


def covers_chinese(face: FontFace) -> bool:
    """True when the face has a real glyph for 中 (ink that differs from its tofu)."""
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(
            str(face.path), 32, index=face.index, layout_engine=ImageFont.Layout.BASIC
        )
        glyph = font.getmask(PROBE_CHAR)
        tofu = font.getmask(UNASSIGNED_CHAR)
    except (OSError, ValueError):  # unreadable file, bad face index
        return False
    if glyph.getbbox() is None:  # empty: no glyph and an empty .notdef
        return False
    return glyph.size != tofu.size or bytes(glyph) != bytes(tofu)


def fontconfig_face(pattern: str = "sans-serif:lang=zh-cn") -> FontFace | None:
    """The face fontconfig matches to `pattern`; None without fontconfig or an answer."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT_S,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):  # no fontconfig tools, or it hung
        return None
    file, _, index = out.strip().rpartition("|")
    if not file:
        return None
    return FontFace(Path(file), int(index) if index.isdigit() else 0)


def system_candidates(
    windows: Sequence[str] = _WINDOWS_FONTS,
    mac: Sequence[str] = _MAC_FONTS,
    patterns: Sequence[str] = ("sans-serif:lang=zh-cn",),
) -> list[FontFace]:
    """The system's faces to try: `windows` (file names in its Fonts folder) on Windows, else
    `mac` (paths) on macOS and what fontconfig matches to each pattern (Linux; macOS with
    Homebrew's fontconfig). Not checked to exist."""
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [FontFace(fonts / name) for name in windows]
    candidates = [FontFace(Path(p)) for p in mac] if sys.platform == "darwin" else []
    candidates += [face for pattern in patterns if (face := fontconfig_face(pattern)) is not None]
    return candidates


def is_bold(face: FontFace) -> bool:
    """True when the face's style name says bold (Bold, SemiBold, Black...); False if unreadable."""
    from PIL import ImageFont

    try:
        _, style = ImageFont.truetype(str(face.path), 16, index=face.index).getname()
    except (OSError, ValueError):
        return False
    return any(word in (style or "").lower() for word in _BOLD_STYLES)


@functools.cache
def find_font_face(bold: bool = False) -> FontFace | None:
    """The face to draw text with: the first that draws Chinese; None when there is none.

    Regular (bold=False): the bundled regular faces, then the bundled bold ones, then the
    system's. bold=True: the first bundled bold face, else the same face as for regular (the
    caller can embolden it). Each answer is cached; `find_font_face.cache_clear()` forgets them.
    """
    bundled = [FontFace(p) for p in bundled_fonts()]
    heavy = [face for face in bundled if is_bold(face)]
    if bold:
        return next((face for face in heavy if covers_chinese(face)), None) or find_font_face()
    light = [face for face in bundled if face not in heavy]
    for face in light + heavy + system_candidates():
        if face.path.is_file() and covers_chinese(face):
            return face
    return None


def find_font() -> Path | None:
    """The file of `find_font_face()` (cached); None when no font here covers Chinese."""
    face = find_font_face()
    return face.path if face else None


def covers(face: FontFace, text: str) -> bool:
    """True when the face has a glyph for every character of `text` that needs one.

    Read from the font's character map (cached per face), so it is fast enough to ask before
    every render; spaces, line breaks, control and format characters (zero-width joiners) and
    variation selectors need no glyph. An unreadable font covers nothing.
    """
    if _characters(face).issuperset(text):  # the usual answer, at C speed (text is measured
        return True  # prefix by prefix while it is wrapped)
    mapped = _code_points(face)
    return all(ord(char) in mapped for char in text if _needs_glyph(char))


def _needs_glyph(char: str) -> bool:
    code = ord(char)
    if char.isspace() or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf")


@functools.cache
def _characters(face: FontFace) -> frozenset[str]:
    return frozenset(map(chr, _code_points(face)))


@functools.cache
def _code_points(face: FontFace) -> frozenset[int]:
    """Every code point the face's Unicode character map gives a glyph (fontTools reads only the
    cmap table, lazily: about 50 ms for a CJK collection, once per face)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with face.path.open("rb") as f:
            collection = f.read(4) == b"ttcf"
        if face.index != 0 and not collection:
            return frozenset()  # a single font has no other face (fontTools would ignore it)
        with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, ValueError, KeyError, AssertionError):  # not a (whole) font
        return frozenset()
    return frozenset(code for code, glyph in cmap.items() if glyph != ".notdef")
