"""Rectangles on the canvas, in pixels: what layout, placement, the platform zones and
`studio render` all measure with. A rect is (x, y, width, height)."""

from __future__ import annotations

Rect = tuple[int, int, int, int]


def right(r: Rect) -> int:
    return r[0] + r[2]


def bottom(r: Rect) -> int:
    return r[1] + r[3]


def area(r: Rect) -> int:
    return max(0, r[2]) * max(0, r[3])


def intersection(a: Rect, b: Rect) -> Rect | None:
    """The shared part of two rects, or None when they do not overlap (touching edges do not)."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(right(a), right(b)), min(bottom(a), bottom(b))
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1 - x0, y1 - y0)


def overlaps(a: Rect, b: Rect) -> bool:
    return intersection(a, b) is not None


def grown(r: Rect, by: int) -> Rect:
    """The rect with `by` pixels more on every side (fewer for a negative `by`)."""
    return (r[0] - by, r[1] - by, r[2] + 2 * by, r[3] + 2 * by)


def bounding(a: Rect, b: Rect) -> Rect:
    """The smallest rect holding both."""
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    return (x0, y0, max(right(a), right(b)) - x0, max(bottom(a), bottom(b)) - y0)


def inside(r: Rect, width: int, height: int) -> bool:
    """Wholly on a canvas of this size."""
    return r[0] >= 0 and r[1] >= 0 and right(r) <= width and bottom(r) <= height


def clamp_inside(r: Rect, width: int, height: int) -> Rect:
    """Moved (and, when larger than the canvas, shrunk) so it lies wholly on the canvas."""
    w, h = min(r[2], width), min(r[3], height)
    x = min(max(0, r[0]), width - w)
    y = min(max(0, r[1]), height - h)
    return (x, y, w, h)


def scaled(fraction: tuple[float, float, float, float], width: int, height: int) -> Rect:
    """A rect given as fractions of the canvas (x, y, w, h in 0..1), in pixels."""
    fx, fy, fw, fh = fraction
    x0, y0 = round(fx * width), round(fy * height)
    x1, y1 = round((fx + fw) * width), round((fy + fh) * height)
    return (x0, y0, x1 - x0, y1 - y0)
