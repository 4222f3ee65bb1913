"""Text the studio's own font cannot draw alone: an Arabic answer, a Cyrillic name beside Chinese.

The studio draws its words with one face (Noto Sans CJK, for Chinese). A comment or an answer in
Arabic, or one mixing Arabic with a Chinese product name, has characters that face lacks, and
Pillow draws those as boxes (tofu). `runs()` cuts such a text into runs, each with a face that
has its characters (a system font: DejaVu Sans, Segoe UI, Geeza Pro...), in the order they are
seen left to right. With Pillow's complex layout (libraqm) one face for the whole text is shaped
and ordered by raqm itself (Arabic joined, right to left); across faces the order of the runs is
worked out here, at the level of runs: a paragraph that starts right to left (its first strong
letter is Arabic or Hebrew) lays its runs from the right, and a run of right-to-left letters is
drawn right to left. Digits and Latin words inside Arabic stay left to right, as readers expect.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from dataclasses import dataclass

from studio.fonts import FontFace, covers, find_font_face, system_candidates

# One letter of each script a comment may hold that a CJK face lacks: what fontconfig is asked
# to cover.
_PROBES = ("\u0627", "\u05d0", "\u0e01", "\u0905", "\u0416", "\u03b1", "\u00e9")
_WINDOWS_FONTS = ("segoeui.ttf", "arial.ttf", "tahoma.ttf", "Nirmala.ttf", "seguisym.ttf")
_MAC_FONTS = (
    "/System/Library/Fonts/GeezaPro.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
)


@dataclass(frozen=True)
class Run:
    """Part of a text drawn with one face (None: the studio's own) in one direction."""

    text: str
    face: FontFace | None
    rtl: bool = False


@functools.cache
def fallback_faces() -> tuple[FontFace, ...]:
    """The system's faces to draw what the studio's face lacks, best first (cached)."""
    patterns = [f"sans-serif:charset={ord(probe):x}" for probe in _PROBES]
    candidates = system_candidates(_WINDOWS_FONTS, _MAC_FONTS, patterns)
    return tuple(dict.fromkeys(face for face in candidates if face.path.is_file()))


# Finding the fallback faces asks fontconfig (a process each) and reading a face's character map
# takes ~50 ms of Python holding the GIL: never on the thread that draws a live frame. Until the
# warm-up is done, text is drawn in the studio's face alone (as before fallbacks existed).
_warmed = threading.Event()
_warm_lock = threading.Lock()
_warming = False


def warm_up(wait: bool = False) -> None:
    """Find the fallback faces and read their character maps in the background (once); `wait`
    blocks until done (tests, commands that draw once)."""
    global _warming
    with _warm_lock:
        if not _warming:
            _warming = True
            threading.Thread(target=_warm, name="font-fallbacks", daemon=True).start()
    if wait:
        _warmed.wait()


def ready() -> bool:
    """Whether `runs` may cut text across faces yet (see `warm_up`)."""
    if not _warmed.is_set():
        warm_up()
        return False
    return True


def _warm() -> None:
    try:
        primary = find_font_face()
        for face in (primary, *fallback_faces()):
            if face is not None:
                covers(face, "a")  # reads and caches the face's character map
    finally:
        _warmed.set()


def _rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _strong(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("L", "R", "AL")


def right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong letter is Arabic or Hebrew."""
    return next((_rtl(c) for c in text if _strong(c)), False)


def _face_for(char: str, primary: FontFace | None) -> FontFace | None:
    if primary is not None and covers(primary, char):
        return primary
    return next((face for face in fallback_faces() if covers(face, char)), primary)


def runs(text: str, primary: FontFace | None) -> list[Run]:
    """`text` as runs in visual order, left to right. One run (face None) when the studio's
    face has every character (raqm orders it alone), and until the warm-up is done."""
    if primary is None or not ready() or covers(primary, text):
        return [Run(text, None)]
    whole = next((face for face in fallback_faces() if covers(face, text)), None)
    if whole is not None:  # one face has it all: raqm shapes and orders it
        return [Run(text, whole)]
    # Logical runs by face; a character that needs no particular face (space, punctuation,
    # digit the current face has) stays in the run it is in.
    logical: list[tuple[str, FontFace | None]] = []
    for char in text:
        if logical and covers(logical[-1][1] or primary, char) and not _strong(char):
            logical[-1] = (logical[-1][0] + char, logical[-1][1])
            continue
        face = _face_for(char, primary)
        if logical and logical[-1][1] == face:
            logical[-1] = (logical[-1][0] + char, face)
        else:
            logical.append((char, face))
    paragraph_rtl = right_to_left(text)
    directions = [any(_rtl(c) for c in part) for part, _ in logical]
    # runs with no strong letter take their neighbours' direction when both agree
    for i, (part, _) in enumerate(logical):
        if not any(_strong(c) for c in part):
            before = directions[i - 1] if i > 0 else paragraph_rtl
            after = directions[i + 1] if i + 1 < len(logical) else paragraph_rtl
            directions[i] = before if before == after else paragraph_rtl
    # level groups: consecutive runs of one direction; right-to-left ones read backwards
    groups: list[list[Run]] = []
    for (part, face), rtl in zip(logical, directions, strict=True):
        run = Run(part, None if face == primary else face, rtl)
        if groups and groups[-1][0].rtl == rtl:
            groups[-1].append(run)
        else:
            groups.append([run])
    ordered = [list(reversed(g)) if g[0].rtl else g for g in groups]
    if paragraph_rtl:
        ordered.reverse()
    return [run for group in ordered for run in group]
