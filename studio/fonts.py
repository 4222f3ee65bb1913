"""Finding a font that can draw Chinese, for text drawn by the studio itself (text sources).

Order: the fonts shipped in assets/fonts/ (same look on every machine), then the system's own CJK
font. Every candidate is checked with Pillow for a real glyph for 中, because fontconfig always
answers with *some* font, and a Latin font draws Chinese as empty boxes (tofu).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
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
    return dirs


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


def _fontconfig_face() -> FontFace | None:
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", "sans-serif:lang=zh-cn"],
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


def _system_candidates() -> list[FontFace]:
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [FontFace(fonts / name) for name in _WINDOWS_FONTS]
    candidates = []
    if sys.platform == "darwin":
        candidates += [FontFace(Path(p)) for p in _MAC_FONTS]
    face = _fontconfig_face()  # Linux; also macOS with Homebrew's fontconfig
    if face is not None:
        candidates.append(face)
    return candidates


@functools.cache
def find_font_face() -> FontFace | None:
    """The first bundled, then system, face that draws Chinese; None when there is none."""
    candidates = [FontFace(p) for p in bundled_fonts()] + _system_candidates()
    for face in candidates:
        if face.path.is_file() and covers_chinese(face):
            return face
    return None


def find_font() -> Path | None:
    """The file of `find_font_face()` (cached); None when no font here covers Chinese."""
    face = find_font_face()
    return face.path if face else None
