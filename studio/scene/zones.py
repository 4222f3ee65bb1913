"""The platforms' own screen: where a viewer app draws its UI over the stream.

Each platform preset lists its zones (as fractions of the canvas, portrait and landscape, with
their source written beside them in studio/broadcast/platforms/). An overlay inside a zone is
hidden from the buyers it was made for, so placement keeps new overlays out of them and the
window draws them as a guide. Labels are English; the window translates them (context
"PlatformZones"). The zones of the platforms in use, in pixels: studio.broadcast.platforms.screens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from studio.capture.settings import QT_TRANSLATE_NOOP
from studio.scene.rects import Rect, overlaps, scaled

# One label per kind of zone, so every platform's "top bar" reads (and translates) the same.
LABELS: dict[str, str] = {
    "top_bar": QT_TRANSLATE_NOOP("PlatformZones", "Top bar: host, follow, viewers"),
    "comments": QT_TRANSLATE_NOOP("PlatformZones", "Comments and the pinned product"),
    "bottom_bar": QT_TRANSLATE_NOOP("PlatformZones", "Bottom bar: comment box, cart, gifts"),
    "right_buttons": QT_TRANSLATE_NOOP("PlatformZones", "Side buttons and event badges"),
    "gifts": QT_TRANSLATE_NOOP("PlatformZones", "Gift and entrance animations"),
    "side_margin": QT_TRANSLATE_NOOP("PlatformZones", "Side margin cut on some phones"),
    # measured from a phone screenshot of the live room (studio.scene.zone_measure)
    "measured": QT_TRANSLATE_NOOP("PlatformZones", "Drawn over by the app (measured)"),
    "cut_off": QT_TRANSLATE_NOOP("PlatformZones", "Not on the phone's screen (measured)"),
}
# Zones measured for a platform and orientation (True: portrait); they replace the preset's.
Measured = Mapping[tuple[str, bool], tuple["Zone", ...]]
NOTHING_MEASURED: Measured = MappingProxyType({})


@dataclass(frozen=True)
class Zone:
    name: str  # a key of LABELS
    label: str  # English, translated by the window in context "PlatformZones"
    fraction: tuple[float, float, float, float]  # x, y, w, h of the canvas, each 0..1

    def rect(self, width: int, height: int) -> Rect:
        return scaled(self.fraction, width, height)


def zone(name: str, x: float, y: float, w: float, h: float) -> Zone:
    """A zone of a known kind, labelled by that kind (for the platform presets' data)."""
    if name not in LABELS:
        raise ValueError(f"unknown zone {name!r}; known zones: {', '.join(LABELS)}")
    fraction = (x, y, w, h)
    if not all(0.0 <= f <= 1.0 for f in fraction) or x + w > 1.0 + 1e-9 or y + h > 1.0 + 1e-9:
        raise ValueError(f"zone {name!r} {fraction} is not inside the canvas")
    return Zone(name, LABELS[name], fraction)


def measured_zones(screens: Iterable[Any]) -> dict[tuple[str, bool], tuple[Zone, ...]]:
    """The profile's measured screens (ui.measured_screens: platform, orientation, zones as
    [kind, x, y, w, h]) as zones_for takes them; a zone that is not on the canvas is skipped."""
    out: dict[tuple[str, bool], tuple[Zone, ...]] = {}
    for screen in screens:
        zones = []
        for kind, *fraction in screen.zones:
            try:
                zones.append(zone(kind, *fraction))
            except (TypeError, ValueError):
                continue
        out[screen.platform, screen.orientation == "portrait"] = tuple(zones)
    return out


def zone_hits(rect: Rect, zones: list[tuple[Zone, Rect]]) -> list[Zone]:
    """The zones a layer's rect overlaps (each once, in the order given)."""
    return list(dict.fromkeys(z for z, r in zones if overlaps(rect, r)))


def safe_area(zones: list[tuple[Zone, Rect]], width: int, height: int) -> Rect:
    """The largest axis-aligned rect of the canvas clear of every zone (all of it with none).

    A largest empty rect has each edge on the canvas's edge or a zone's, so the search runs on
    the grid those edges make: O(columns² x rows) cells, a few thousand for a dozen zones.
    """
    rects = [r for _, r in zones if r[2] > 0 and r[3] > 0]
    if not rects:
        return (0, 0, width, height)
    xs = sorted({0, width, *(min(max(0, v), width) for r in rects for v in (r[0], r[0] + r[2]))})
    ys = sorted({0, height, *(min(max(0, v), height) for r in rects for v in (r[1], r[1] + r[3]))})
    cols, rows = len(xs) - 1, len(ys) - 1
    blocked = [
        [
            any(overlaps((xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j]), r) for r in rects)
            for j in range(rows)
        ]
        for i in range(cols)
    ]
    best: Rect = (0, 0, 0, 0)
    for i0 in range(cols):
        free = [True] * rows  # row j is free in every column i0..i1
        for i1 in range(i0, cols):
            free = [f and not b for f, b in zip(free, blocked[i1], strict=True)]
            if not any(free):
                break
            w = xs[i1 + 1] - xs[i0]
            j = 0
            while j < rows:
                if not free[j]:
                    j += 1
                    continue
                start = j
                while j < rows and free[j]:
                    j += 1
                h = ys[j] - ys[start]
                if w * h > best[2] * best[3]:
                    best = (xs[i0], ys[start], w, h)
    return best
