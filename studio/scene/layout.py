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

from studio.scene.rects import Rect, clamp_inside, overlaps

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


@dataclass
class LayoutItem:
    name: str
    rect: Rect
    anchor: str
    kind: str  # "full" for full-canvas camera/video layers, else the overlay kind
    keep_aspect: bool = True


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


def _place_axis(side: str, pos: int, size: int, old_canvas: int, new_size: int, new_canvas: int):
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


def _wanted(item: LayoutItem, old: tuple[int, int], new: tuple[int, int]) -> Rect:
    """Where the layer goes on the new canvas before anything is kept apart."""
    w, h = _scaled_size(item, old, new)
    anchor = item.anchor if item.anchor in _SIDES else infer_anchor(item.rect, *old)
    hs, vs = _SIDES[anchor]
    x = _place_axis(hs, item.rect[0], item.rect[2], old[0], w, new[0])
    y = _place_axis(vs, item.rect[1], item.rect[3], old[1], h, new[1])
    return clamp_inside((round(x), round(y), w, h), *new)


def _is_full(item: LayoutItem, old: tuple[int, int]) -> bool:
    return item.kind == "full" or item.rect == (0, 0, old[0], old[1])


def _free(r: Rect, obstacles: Sequence[Rect]) -> bool:
    return not any(overlaps(r, o) for o in obstacles)


def _candidates(want: Rect, obstacles: Sequence[Rect], width: int, height: int) -> list[Rect]:
    """Positions worth trying for a rect of want's size, nearest to where it wants to be first:
    flush against an obstacle's side or the canvas's edges, on either axis."""
    x0, y0, w, h = want
    xs = {x0, 0, width - w}
    ys = {y0, 0, height - h}
    for ox, oy, ow, oh in obstacles:
        xs.update((ox + ow, ox - w))
        ys.update((oy + oh, oy - h))
    xs = {x for x in xs if 0 <= x <= width - w}
    ys = {y for y in ys if 0 <= y <= height - h}
    spots = [(x, y, w, h) for x in xs for y in ys]
    spots.sort(key=lambda r: math.hypot(r[0] - x0, r[1] - y0))
    return spots


def _nearest_free(
    want: Rect, hard: Sequence[Rect], soft: Sequence[Rect], width: int, height: int
) -> Rect | None:
    """The nearest spot clear of `hard` and `soft` (other layers, zones), else clear of `hard`
    alone; None when even that does not exist at this size."""
    for obstacles in (list(hard) + list(soft), hard) if soft else (hard,):
        if _free(want, obstacles):
            return want
        for spot in _candidates(want, obstacles, width, height):
            if _free(spot, obstacles):
                return spot
    return None


def _shrunk(want: Rect, factor: float, width: int, height: int) -> Rect:
    x, y, w, h = want
    nw, nh = max(1, round(w * factor)), max(1, round(h * factor))
    # shrink about the centre so the layer stays where it was meant to be
    return clamp_inside((x + (w - nw) // 2, y + (h - nh) // 2, nw, nh), width, height)


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
    moved to the nearest free spot, then shrunk down to half size, else left where it wanted to
    be. Larger layers are settled first, since they are the hardest to fit.
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
    # Overlaps the merchant made on purpose (a logo on a card) are kept, not pulled apart.
    meant = {
        (a, b)
        for a in overlays
        for b in overlays
        if a != b and overlaps(items[a].rect, items[b].rect)
    }
    order = sorted(overlays, key=lambda i: -(items[i].rect[2] * items[i].rect[3]))
    placed: list[int] = []
    for i in order:
        want = _wanted(items[i], (ow, oh), (nw, nh))
        hard = [result[j] for j in placed if (i, j) not in meant]
        spot = _nearest_free(want, hard, zone_rects, nw, nh)  # type: ignore[arg-type]
        for factor in _SHRINK_STEPS if spot is None else ():
            smaller = _shrunk(want, factor, nw, nh)
            spot = _nearest_free(smaller, hard, zone_rects, nw, nh)  # type: ignore[arg-type]
            if spot is not None:
                break
        result[i] = spot if spot is not None else want
        placed.append(i)
    return [r for r in result if r is not None]
