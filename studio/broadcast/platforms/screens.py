"""What each platform's viewer app covers of the stream, for the destinations in use: the zones
its preset declares (or those measured on the merchant's phone), in pixels of a canvas. What a
zone is (its kinds, labels and place on the canvas) is studio.scene.zones; placement, the guide
and `studio render` read the zones from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from studio.broadcast.platforms.registry import PLATFORMS
from studio.scene.rects import Rect, area
from studio.scene.zones import NOTHING_MEASURED, Measured, Zone


def platform_zones(
    platform_id: str, portrait: bool, measured: Measured = NOTHING_MEASURED
) -> tuple[Zone, ...]:
    """The zones a platform's viewer app covers: those measured on the merchant's phone when
    there are any, else the preset's; () for an unknown or zone-less platform."""
    if (platform_id, portrait) in measured:
        return measured[platform_id, portrait]
    preset = PLATFORMS.get(platform_id)
    if preset is None:
        return ()
    return preset.ui_zones_portrait if portrait else preset.ui_zones_landscape


def zones_for(
    platform_ids: Iterable[str], width: int, height: int, measured: Measured = NOTHING_MEASURED
) -> list[tuple[Zone, Rect]]:
    """The union of the zones of the destinations in use, in pixels of this canvas."""
    portrait = height > width
    entries = (
        (z, z.rect(width, height))
        for platform_id in platform_ids
        for z in platform_zones(platform_id, portrait, measured)
    )
    return [entry for entry in dict.fromkeys(entries) if area(entry[1]) > 0]
