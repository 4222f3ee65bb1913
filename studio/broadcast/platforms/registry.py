"""All platform presets by id. Adding a platform is a new module plus one name in _MODULES."""

from __future__ import annotations

import importlib

from studio.broadcast.platforms.base import PlatformPreset
from studio.broadcast.platforms.urls import mask_url, validate_push_url

__all__ = [
    "PLATFORMS",
    "PlatformPreset",
    "UnknownPlatformError",
    "get_platform",
    "mask_url",
    "validate_push_url",
]

# Modules under studio/broadcast/platforms/, each defining PRESET. Order is the picker's order.
_MODULES = (
    "douyin",
    "taobao",
    "kuaishou",
    "tiktok",
    "alibaba",
    "youtube",
    "twitch",
    "facebook",
    "custom",
)


def _load() -> dict[str, PlatformPreset]:
    presets = (importlib.import_module(f"{__package__}.{m}").PRESET for m in _MODULES)
    return {p.id: p for p in presets}


PLATFORMS: dict[str, PlatformPreset] = _load()


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
