"""Layers anchored to the canvas: where each one is measured from, and where every layer goes
when the canvas changes size or orientation.

A layer's saved geometry stays in pixels at the canvas it was made for; its anchor (a corner, an
edge or the centre) says which point of the canvas its offset is measured from. On a change of
canvas the offset from that point and the size follow the canvas, the result stays wholly on the
new canvas, and a layer that would now cover another (or a platform's UI zone) is moved to the
nearest free spot, shrunk a little when nothing else fits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.scene.placement import margin
from studio.scene.rects import Rect, area, clamp_inside, grown, overlaps

ANCHORS = (
    "top_left",
    "top",
    "top_right",
    "left",
    "center",
    "right",
    "bottom_left",
    "bottom",
    "bottom_right",
)
# An anchor's horizontal and vertical sides: "start" (left/top), "middle" or "end" (right/bottom).
_SIDES: dict[str, tuple[str, str]] = {
    "top_left": ("start", "start"),
    "top": ("middle", "start"),
    "top_right": ("end", "start"),
    "left": ("start", "middle"),
    "center": ("middle", "middle"),
    "right": ("end", "middle"),
    "bottom_left": ("start", "end"),
    "bottom": ("middle", "end"),
    "bottom_right": ("end", "end"),
}
_ANCHOR_OF = {sides: name for name, sides in _SIDES.items()}
# When nothing free is found at full size, try these fractions of it before giving up on
# keeping apart (a card at half size is still readable; smaller is not worth it).
_SHRINK_STEPS = (0.9, 0.8, 0.7, 0.6, 0.5)
# Bounds for a hostile profile of hundreds of layers: the spots tried for one layer (times the
# layers in the way) and the layers kept apart at all; the rest only follow the canvas.
_SPOT_BUDGET = 200_000
MAX_ARRANGED = 48


@dataclass
class LayoutItem:
    name: str
    rect: Rect
    anchor: str
    kind: str  # "full" for full-canvas camera/video layers, else the overlay kind, if any
    keep_aspect: bool = True
    # Rects of the new canvas this layer keeps off where room allows, as it does the zones
    # (a pinned comment: the host's face, studio.scene.placement.face_band).
    keep_off: tuple[Rect, ...] = ()


def _side(start_gap: float, middle_gap: float, end_gap: float) -> str:
    # Ties go to the middle (a full-width banner is centred), then the start.
    best = min(middle_gap, start_gap, end_gap)
    if middle_gap == best:
        return "middle"
    return "start" if start_gap == best else "end"


def infer_anchor(rect: Rect, width: int, height: int) -> str:
    """The corner, edge or centre of the canvas this rect sits nearest to."""
    x, y, w, h = rect
    horizontal = _side(x, abs(x + w / 2 - width / 2), width - (x + w))
    vertical = _side(y, abs(y + h / 2 - height / 2), height - (y + h))
    return _ANCHOR_OF[(horizontal, vertical)]


def _place_axis(
    side: str, pos: int, size: int, old_canvas: int, new_size: int, new_canvas: int
) -> float:
    """One axis of the new position: the gap to the anchor's side follows the canvas."""
    ratio = new_canvas / old_canvas
    if side == "start":
        return pos * ratio
    if side == "end":
        return new_canvas - (old_canvas - (pos + size)) * ratio - new_size
    centre_offset = (pos + size / 2 - old_canvas / 2) * ratio
    return new_canvas / 2 + centre_offset - new_size / 2


def _scaled_size(item: LayoutItem, old: tuple[int, int], new: tuple[int, int]) -> tuple[int, int]:
    ow, oh = old
    nw, nh = new
    w, h = item.rect[2], item.rect[3]
    if item.keep_aspect:
        # Sized by the canvas's short side, which is what a phone shows at full width in
        # portrait and full height in landscape: text stays as readable as it was.
        s = min(nw, nh) / min(ow, oh)
        fw, fh = w * s, h * s
        fit = min(1.0, nw / fw if fw > 0 else 1.0, nh / fh if fh > 0 else 1.0)
        fw, fh = fw * fit, fh * fit
    else:
        fw, fh = min(w * nw / ow, nw), min(h * nh / oh, nh)
    return max(1, round(fw)), max(1, round(fh))


def _anchor_of(item: LayoutItem, old: tuple[int, int]) -> str:
    """The item's own anchor, else the one it sits nearest to."""
    return item.anchor if item.anchor in _SIDES else infer_anchor(item.rect, *old)


def _wanted(item: LayoutItem, old: tuple[int, int], new: tuple[int, int]) -> Rect:
    """Where the layer goes on the new canvas before anything is kept apart."""
    w, h = _scaled_size(item, old, new)
    anchor = _anchor_of(item, old)
    hs, vs = _SIDES[anchor]
    x = _place_axis(hs, item.rect[0], item.rect[2], old[0], w, new[0])
    y = _place_axis(vs, item.rect[1], item.rect[3], old[1], h, new[1])
    return clamp_inside((round(x), round(y), w, h), *new)


def _is_full(item: LayoutItem, old: tuple[int, int]) -> bool:
    return item.kind == "full" or item.rect == (0, 0, old[0], old[1])


def _spots(
    want: Rect, obstacles: Sequence[Rect], width: int, height: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions worth trying for a rect of want's size: flush against an obstacle's side or
    the canvas's edges, on either axis, where it lies wholly on the canvas. Their x and y, and
    how much of the rect each obstacle covers there (candidates x obstacles)."""
    x0, y0, w, h = want
    obs = np.asarray(obstacles, dtype=np.int64).reshape(-1, 4)
    ox, oy, ow, oh = obs[:, 0], obs[:, 1], obs[:, 2], obs[:, 3]
    xs = np.unique(np.concatenate(([x0, 0, width - w], ox + ow, ox - w)))
    ys = np.unique(np.concatenate(([y0, 0, height - h], oy + oh, oy - h)))
    xs = xs[(xs >= 0) & (xs <= width - w)]
    ys = ys[(ys >= 0) & (ys <= height - h)]
    per_axis = max(16, math.isqrt(_SPOT_BUDGET // (len(obs) + 1)))
    xs = xs[np.argsort(np.abs(xs - x0), kind="stable")[:per_axis]]  # the nearest ones
    ys = ys[np.argsort(np.abs(ys - y0), kind="stable")[:per_axis]]
    gx, gy = (g.ravel()[:, None] for g in np.meshgrid(xs, ys))
    cover_w = np.clip(np.minimum(gx + w, ox + ow) - np.maximum(gx, ox), 0, None)
    cover_h = np.clip(np.minimum(gy + h, oy + oh) - np.maximum(gy, oy), 0, None)
    return gx[:, 0], gy[:, 0], cover_w * cover_h


def _centre_distance(a: Rect, b: Rect) -> float:
    return math.hypot(a[0] + a[2] / 2 - b[0] - b[2] / 2, a[1] + a[3] / 2 - b[1] - b[3] / 2)


def _nearest_free(r: Rect, obstacles: Sequence[Rect], width: int, height: int) -> Rect | None:
    """The spot for a rect of r's size nearest to r and clear of every obstacle, if any."""
    if not any(overlaps(r, o) for o in obstacles):
        return r
    gx, gy, cover = _spots(r, obstacles, width, height)
    distance = np.where(cover.any(axis=1), np.inf, np.hypot(gx - r[0], gy - r[1]))
    if distance.size == 0 or not np.isfinite(distance.min()):
        return None
    k = int(distance.argmin())
    return (int(gx[k]), int(gy[k]), r[2], r[3])


def _settle(
    want: Rect, hard: Sequence[Rect], soft: Sequence[Rect], width: int, height: int
) -> Rect:
    """Where a layer that wants `want` goes: the free spot clear of `hard` and `soft` (other
    layers, platform zones), else of `hard` alone, that costs least, a move costing its
    distance and a shrink the same share of the canvas's short side (so a logo shrinks by a
    tenth to stay in its corner rather than crossing the screen); else half size, where the
    least of it is covered."""
    penalty = min(width, height)
    for obstacles in ((*hard, *soft), hard) if soft else (hard,):
        best, best_cost = None, math.inf
        for factor in (1.0, *_SHRINK_STEPS):
            if (1.0 - factor) * penalty >= best_cost:
                break
            r = want if factor == 1.0 else _shrunk(want, factor, width, height)
            spot = _nearest_free(r, obstacles, width, height)
            if spot is not None:
                cost = _centre_distance(spot, want) + (1.0 - factor) * penalty
                if cost < best_cost:
                    best, best_cost = spot, cost
        if best is not None:
            return best
    return _least_covered(_shrunk(want, _SHRINK_STEPS[-1], width, height), hard, width, height)


def _least_covered(want: Rect, obstacles: Sequence[Rect], width: int, height: int) -> Rect:
    """No free spot at all: the one where the least of it is covered (nearest on a tie)."""
    gx, gy, cover = _spots(want, obstacles, width, height)
    if gx.size == 0:
        return want
    k = int(np.lexsort((np.hypot(gx - want[0], gy - want[1]), cover.sum(axis=1)))[0])
    return (int(gx[k]), int(gy[k]), want[2], want[3])


def _shrunk(want: Rect, factor: float, width: int, height: int) -> Rect:
    x, y, w, h = want
    nw, nh = max(1, round(w * factor)), max(1, round(h * factor))
    # shrink about the centre so the layer stays where it was meant to be
    return clamp_inside((x + (w - nw) // 2, y + (h - nh) // 2, nw, nh), width, height)


def _zones_to_avoid(
    rect: Rect, zones: Sequence[Rect], old: tuple[int, int], new: tuple[int, int]
) -> list[Rect]:
    """The zones a layer is to keep out of. In the same orientation the platform's zones are
    the same share of the canvas, so a layer the merchant already put in one (knowingly: the
    window draws them) stays there; after a turn the viewer's screen is another one, and every
    zone counts."""
    if (old[1] > old[0]) != (new[1] > new[0]):
        return list(zones)
    sx, sy = old[0] / new[0], old[1] / new[1]
    # Each zone where it was on the old canvas, a pixel of rounding (at either size) inside.
    mx, my = math.ceil(sx) + 1, math.ceil(sy) + 1
    back = [
        (
            round(z[0] * sx) + mx,
            round(z[1] * sy) + my,
            round(z[2] * sx) - 2 * mx,
            round(z[3] * sy) - 2 * my,
        )
        for z in zones
    ]
    return [z for z, was in zip(zones, back, strict=True) if not overlaps(rect, was)]


def relayout(
    items: list[LayoutItem],
    old: tuple[int, int],
    new: tuple[int, int],
    zones: Iterable[Rect] = (),
) -> list[Rect]:
    """Each item's rect on the new canvas, in the items' order.

    Full-canvas layers fill the new canvas. Every other layer keeps its offset from its anchor
    and its size in proportion to the canvas, lies wholly on the new canvas, and is kept clear
    of the layers it did not already overlap and of the zones (platform UI) where room allows:
    moved to the nearest free spot, else shrunk (down to half size) and moved, else put at half
    size where the least of it is covered. Layers at an edge or corner settle before those in
    the middle, larger before smaller; past MAX_ARRANGED layers the rest only follow the canvas.
    """
    ow, oh = max(1, old[0]), max(1, old[1])
    nw, nh = max(1, new[0]), max(1, new[1])
    zone_rects = [z for z in zones if z[2] > 0 and z[3] > 0]
    result: list[Rect | None] = [None] * len(items)
    overlays: list[int] = []
    for i, item in enumerate(items):
        if _is_full(item, (ow, oh)):
            result[i] = (0, 0, nw, nh)
        else:
            overlays.append(i)
    wanted = {i: _wanted(items[i], (ow, oh), (nw, nh)) for i in overlays}
    anchors = {i: _anchor_of(items[i], (ow, oh)) for i in overlays}
    # Layers at an edge or corner settle before those in the middle (a title at the top stays
    # above the card it now meets), larger before smaller; of two that now meet, the later one
    # moves, and a layer under a zone moves out of it.
    order = sorted(overlays, key=lambda i: (anchors[i] == "center", -area(wanted[i])))
    arranged = order[:MAX_ARRANGED]
    for i in order[MAX_ARRANGED:]:
        result[i] = wanted[i]
    placed: list[int] = []
    air = margin(nw, nh) // 2  # between two overlays that now meet, as placement leaves
    old_air = margin(ow, oh) // 2
    for i in arranged:
        # Overlaps the merchant made on purpose (a logo on a card) are kept, not pulled apart;
        # two put closer than the air on purpose (a badge beside a title) stay that close.
        hard: list[Rect] = []
        for j in placed:
            if overlaps(items[i].rect, items[j].rect):
                continue
            close = overlaps(grown(items[i].rect, old_air), items[j].rect)
            hard.append(result[j] if close else grown(result[j], air))  # type: ignore[arg-type]
        avoid = _zones_to_avoid(
            items[i].rect, [*zone_rects, *items[i].keep_off], (ow, oh), (nw, nh)
        )
        result[i] = _settle(wanted[i], hard, avoid, nw, nh)
        placed.append(i)
    return [r for r in result if r is not None]
