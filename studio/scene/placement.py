"""Where a new overlay goes: the free slot its kind belongs in (a product card low in the middle,
a countdown under the top bar on the right...), outside the platform's own screen (its zones)
and clear of the layers already there (a comment also off the host's face), at a size a phone
can still read.

Headless: the window, `studio render` and the tests all place through `place_new`, so one
scene looks the same everywhere. Pixels in, a Rect (x, y, w, h) out.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from studio.scene.rects import Rect, area, scaled

KINDS = (
    "product_card",
    "spec_sheet",
    "countdown",
    "lower_third",
    "comment",  # the pinned comment and the answer card: one shared slot
    "logo",
    "text",
    "picture",
)

# The least width, as a share of the canvas's width (portrait, landscape), at which the kind is
# still read on a phone held upright (a landscape stream is shown smaller, so shares are lower).
_READABLE = {
    "product_card": (0.40, 0.22),
    "spec_sheet": (0.40, 0.25),
    "countdown": (0.26, 0.15),
    "lower_third": (0.55, 0.35),
    "comment": (0.45, 0.25),
    "logo": (0.10, 0.06),
    "text": (0.20, 0.12),
    "picture": (0.15, 0.10),
}
# Text's letters stay at least ~2.2 % of the canvas's height: a one-line text box (letters plus
# line spacing and padding) is then at least ~3.5 % of it.
_TEXT_MIN_HEIGHT = 0.035

# Where the host's face usually is (x, y, w, h of the canvas): the upper-middle of a portrait
# picture, the middle of a landscape one. Comments (viewers' words beside the host) never go
# there; the other kinds keep off it through their slots (low, at the sides, the top band).
_FACE = {True: (0.30, 0.14, 0.40, 0.28), False: (0.36, 0.08, 0.28, 0.42)}
# Never over the face: comments (a viewer's words over the host). Kept off it while any clear
# place is left: the boxes that would hide the host (cards, sheets, pictures, the countdown).
# Titles and logos belong in the top band above the face, so the band does not move them.
FACE_SHY = frozenset({"product_card", "spec_sheet", "countdown", "lower_third", "picture"})


def keeps_off_face(kind: str) -> bool:
    """Whether an overlay of `kind` keeps off the host's face band (comments too)."""
    return kind in FACE_SHY or kind == "comment"


@dataclass(frozen=True)
class Slot:
    """A place on the canvas: the point (fx, fy as shares of the canvas inside its margins) the
    overlay's own point (ax, ay as shares of its size) is brought to. (1, 1, 1, 1): the
    overlay's lower right corner at the canvas's lower right."""

    fx: float
    fy: float
    ax: float
    ay: float


def _s(fx: float, fy: float, ax: float | None = None, ay: float | None = None) -> Slot:
    return Slot(fx, fy, fx if ax is None else ax, fy if ay is None else ay)


# Each kind's slots, preferred first (portrait, landscape).
_SLOTS: dict[str, tuple[tuple[Slot, ...], tuple[Slot, ...]]] = {
    "product_card": (
        (_s(0.5, 1), _s(1, 1), _s(0, 1)),  # lower middle, above the bottom bar
        (_s(1, 1), _s(0, 1), _s(0.5, 1)),  # lower right
    ),
    "spec_sheet": (
        (_s(1, 0.5), _s(1, 1), _s(0, 0.5)),
        (_s(1, 0.5), _s(1, 1), _s(0, 0.5)),
    ),
    "countdown": (
        (_s(1, 0), _s(0, 0), _s(1, 0.5)),  # upper right, under the top bar
        (_s(1, 0), _s(0, 0), _s(1, 0.5)),
    ),
    "lower_third": (
        (_s(0.5, 1), _s(0, 1), _s(0.5, 0.75)),  # bottom band, above the bottom bar
        (_s(0, 1), _s(0.5, 1), _s(1, 1)),
    ),
    "comment": (
        (_s(0, 0.5), _s(1, 0.5), _s(0, 0.7), _s(1, 0.7)),  # beside the face, left or right
        (_s(0, 0.5), _s(1, 0.5), _s(0, 0.75), _s(1, 0.75)),
    ),
    "logo": (
        (_s(0, 0), _s(1, 0)),  # a top corner
        (_s(0, 0), _s(1, 0)),
    ),
    "text": (
        (_s(0.5, 0), _s(0, 0), _s(1, 0)),  # the top band, under the top bar
        (_s(0.5, 0), _s(0, 0), _s(1, 0)),
    ),
    "picture": (
        (_s(1, 0), _s(1, 0.5), _s(0, 0.5)),
        (_s(1, 0), _s(1, 0.5), _s(0, 0.5)),
    ),
}
_SLOT_RADIUS = 0.22  # of the canvas's longer side: how far from its slot a place still counts
_SHRINK = 0.88  # each step down in size, keeping the aspect
# Bounds on the work (a hostile profile may hold thousands of layers): only the largest layers
# and zones count as obstacles, and candidates are checked a chunk at a time.
_MAX_OCCUPIED = 40
_MAX_ZONES = 24
_CHUNK = 4096


def margin(width: int, height: int) -> int:
    """The gap kept from the canvas's edges and between overlays."""
    return max(4, round(0.025 * min(width, height)))


def face_band(width: int, height: int) -> Rect:
    """Where the host's face usually is on a canvas of this size."""
    return scaled(_FACE[height >= width], width, height)


def readable_width(kind: str, width: int, height: int) -> int:
    """The least width at which an overlay of this kind reads on a phone, for this canvas."""
    portrait, landscape = _READABLE.get(kind, _READABLE["picture"])
    return max(1, round(width * (portrait if height >= width else landscape)))


def _scales(kind: str, size: tuple[int, int], width: int, height: int, gap: int) -> list[float]:
    """The sizes to try, largest first, as scales of `size`: from what fits the canvas down to
    the readable minimum (never below, never above the size asked for)."""
    w, h = size
    fit = min(1.0, (width - 2 * gap) / w, (height - 2 * gap) / h)
    fit = max(fit, min(1.0, width / w, height / h))  # a canvas too small for margins: no margins
    least = readable_width(kind, width, height) / w
    if kind == "text":
        least = max(least, _TEXT_MIN_HEIGHT * height / h)
    least = min(least, fit)
    scales, s = [], fit
    while s > least:
        scales.append(s)
        s *= _SHRINK
    scales.append(least)
    return scales


def _candidates(
    w: int, h: int, width: int, height: int, gap: int, obstacles: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every top-left corner worth trying for a w x h overlay: against the canvas's edges (at
    the margin or half of it), centred, and just beside each obstacle (`gap` apart). Never
    nearer the canvas's edge than `gap` while the overlay fits so: phones round their corners
    and some crop the sides."""
    edges = (margin(width, height), gap)
    xs = [(width - w) // 2, *edges, *(width - w - e for e in edges)]
    ys = [(height - h) // 2, *edges, *(height - h - e for e in edges)]
    if len(obstacles):
        x0, y0, x1, y1 = obstacles.T
        xs += list(x1 + gap) + list(x0 - gap - w) + list(x1) + list(x0 - w)
        ys += list(y1 + gap) + list(y0 - gap - h) + list(y1) + list(y0 - h)
    lx = gap if w + 2 * gap <= width else 0
    ly = gap if h + 2 * gap <= height else 0
    ax = np.unique(np.clip(np.array(xs, dtype=np.int64), lx, max(0, width - w - lx)))
    ay = np.unique(np.clip(np.array(ys, dtype=np.int64), ly, max(0, height - h - ly)))
    gx, gy = np.meshgrid(ax, ay)
    return gx.ravel(), gy.ravel()


def _overlap_area(
    x: np.ndarray, y: np.ndarray, w: int, h: int, obstacles: np.ndarray
) -> np.ndarray:
    """For each candidate corner, the area it shares with the obstacles (summed). Worked
    through in chunks, so memory stays a few MB however many candidates there are."""
    out = np.zeros(len(x), dtype=np.int64)
    if not len(obstacles):
        return out
    x0, y0, x1, y1 = (obstacles[:, i][None, :] for i in range(4))
    for start in range(0, len(x), _CHUNK):
        cx, cy = x[start : start + _CHUNK, None], y[start : start + _CHUNK, None]
        ow = np.clip(np.minimum(cx + w, x1) - np.maximum(cx, x0), 0, None)
        oh = np.clip(np.minimum(cy + h, y1) - np.maximum(cy, y0), 0, None)
        out[start : start + _CHUNK] = (ow * oh).sum(axis=1)
    return out


def _largest(rects: Iterable[Rect], most: int) -> list[Rect]:
    """The `most` largest rects (all of them when there are no more)."""
    rects = list(rects)
    return rects if len(rects) <= most else heapq.nlargest(most, rects, key=area)


def _corners(rects: list[Rect], grow: int = 0) -> np.ndarray:
    """Rects as rows of (x0, y0, x1, y1), grown by `grow` on every side."""
    rows = [(r[0] - grow, r[1] - grow, r[0] + r[2] + grow, r[1] + r[3] + grow) for r in rects]
    return np.array(rows, dtype=np.int64).reshape(-1, 4)


def _distance(
    x: np.ndarray, y: np.ndarray, w: int, h: int, slot: Slot, width: int, height: int, gap: int
) -> np.ndarray:
    px = gap + slot.fx * (width - 2 * gap)
    py = gap + slot.fy * (height - 2 * gap)
    return np.hypot(x + slot.ax * w - px, y + slot.ay * h - py)


def place_new(
    kind: str,
    size: tuple[int, int],
    width: int,
    height: int,
    occupied: list[Rect],
    zones: list[Rect],
) -> Rect:
    """The rect for a new overlay of `kind` whose natural size is `size`, on a width x height
    canvas where `occupied` are the other overlays' rects and `zones` the platforms' screen.

    In order: its own slots (preferred first), at its size or smaller down to readable, clear of
    the host's face for the kinds that keep off it; then the free place nearest its slot; then
    (boxes only, never a comment) a place clear of the zones and the others that hides the least
    of the face; and when nothing is free at all, the readable size where it covers the least."""
    if width <= 0 or height <= 0:
        raise ValueError(f"a canvas of {width}x{height} has no room")
    w0, h0 = max(1, int(size[0])), max(1, int(size[1]))
    kind = kind if kind in _SLOTS else "picture"
    portrait = height >= width
    slots = _SLOTS[kind][0 if portrait else 1]
    gap = margin(width, height)
    half = gap // 2
    others = _corners(_largest(occupied, _MAX_OCCUPIED), half)  # a little air between overlays
    walls = _corners(_largest(zones, _MAX_ZONES), 0)
    face = _corners([face_band(width, height)] if keeps_off_face(kind) else [])
    scales = _scales(kind, (w0, h0), width, height, gap)
    radius = _SLOT_RADIUS * max(width, height)

    def sized(s: float) -> tuple[int, int]:
        return max(1, min(width, round(w0 * s))), max(1, min(height, round(h0 * s)))

    spots: dict[tuple[float, bool], tuple[int, int, np.ndarray, np.ndarray]] = {}

    def free_spots(s: float, shy: bool) -> tuple[int, int, np.ndarray, np.ndarray]:
        """At scale s: the size and the candidate corners clear of the others and the zones
        (and of the face when `shy`), worked out once per scale."""
        if (s, shy) not in spots:
            w, h = sized(s)
            clear = np.concatenate([others, walls, face] if shy else [others, walls])
            x, y = _candidates(w, h, width, height, half, np.concatenate([others, walls, face]))
            ok = _overlap_area(x, y, w, h, clear) == 0
            spots[s, shy] = (w, h, x[ok], y[ok])
        return spots[s, shy]

    def free(slot: Slot, near: bool) -> Rect | None:
        for s in scales:
            w, h, x, y = free_spots(s, shy=True)
            if not len(x):
                continue
            d = _distance(x, y, w, h, slot, width, height, gap)
            best = int(np.argmin(d))
            if near and d[best] > radius:
                continue
            return (int(x[best]), int(y[best]), w, h)
        return None

    for slot in slots:
        if (rect := free(slot, near=True)) is not None:
            return rect
    if (rect := free(slots[0], near=False)) is not None:
        return rect
    if kind in FACE_SHY:
        # Nowhere clear of the face too (Douyin's portrait screen leaves little else): clear of
        # the platform and the others, hiding as little of the face as any size allows.
        best_key, best_rect = None, None
        for rank, s in enumerate(scales):
            w, h, x, y = free_spots(s, shy=False)
            if not len(x):
                continue
            hidden = _overlap_area(x, y, w, h, face)
            d = _distance(x, y, w, h, slots[0], width, height, gap)
            i = int(np.lexsort((d, hidden))[0])
            key = (int(hidden[i]), rank, float(d[i]))
            if best_key is None or key < best_key:
                best_key, best_rect = key, (int(x[i]), int(y[i]), w, h)
        if best_rect is not None:
            return best_rect
    # Nothing is free: the smallest readable size where it hides the least. Covering another
    # overlay counts three times (text over text: neither reads), the platform's screen twice
    # (its comments scroll over part of the zone at a time), the face four times.
    w, h = sized(scales[-1])
    x, y = _candidates(w, h, width, height, half, np.concatenate([others, walls, face]))
    cost = (
        3 * _overlap_area(x, y, w, h, others)
        + 2 * _overlap_area(x, y, w, h, walls)
        + 4 * _overlap_area(x, y, w, h, face)
    )
    d = _distance(x, y, w, h, slots[0], width, height, gap)
    order = np.lexsort((d, cost))
    best = int(order[0])
    return (int(x[best]), int(y[best]), w, h)


# A product layer's "show" option -> its kind here.
_PRODUCT_KINDS = {"card": "product_card", "spec": "spec_sheet", "countdown": "countdown"}


def overlay_kind(
    source: str,
    options: dict | None = None,
    size: tuple[int, int] | None = None,
    canvas: tuple[int, int] | None = None,
) -> str | None:
    """The kind of overlay a layer's source spec and options make, or None for what is not
    placed as an overlay (cameras, videos, the test pattern, sound). A picture no larger than
    a quarter of the canvas each way is taken for a logo."""
    source_kind = source.partition(":")[0].strip().lower()
    if source_kind == "product":
        return _PRODUCT_KINDS.get(str((options or {}).get("show", "card")), "product_card")
    if source_kind == "image":
        small = size is not None and canvas is not None
        small = small and size[0] * 4 <= canvas[0] and size[1] * 4 <= canvas[1]
        return "logo" if small else "picture"
    return {"lower_third": "lower_third", "comment": "comment", "text": "text"}.get(source_kind)


__all__ = [
    "FACE_SHY",
    "KINDS",
    "face_band",
    "keeps_off_face",
    "margin",
    "overlay_kind",
    "place_new",
    "readable_width",
]
