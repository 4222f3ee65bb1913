"""All platform presets by id. Adding a platform is one entry in `presets.PRESETS`."""

from __future__ import annotations

from studio.broadcast.platforms.base import PlatformPreset
from studio.broadcast.platforms.presets import PRESETS
from studio.urls import mask_url, validate_push_url

__all__ = [
    "PLATFORMS",
    "PlatformPreset",
    "UnknownPlatformError",
    "get_platform",
    "mask_url",
    "validate_push_url",
]

PLATFORMS: dict[str, PlatformPreset] = {p.id: p for p in PRESETS}  # in the picker's order


class UnknownPlatformError(KeyError):
    """A KeyError whose text reads as a sentence (KeyError alone would print its repr)."""

    def __str__(self) -> str:
        return str(self.args[0])


def get_platform(platform_id: str) -> PlatformPreset:
    try:
        return PLATFORMS[platform_id]
    except KeyError:
        known = ", ".join(PLATFORMS)
        raise UnknownPlatformError(
            f"unknown platform {platform_id!r}; known platforms: {known}"
        ) from None
