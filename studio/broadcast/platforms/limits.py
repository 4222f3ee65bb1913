"""The platforms' encoder fields laid on the one encode that feeds every destination.

One encode serves every destination, so it must suit the strictest of them: the lowest
`max_bitrate_kbps` caps the video bitrate, the shortest `keyframe_seconds` bounds the keyframe
interval, and one platform asking for H.264 Main makes the whole encode Main (a High stream is
what Twitch's ingest would have to take otherwise). The profile's own settings stand where they
are already within every platform's limits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Protocol

from studio.broadcast.encoder import EncoderConfig
from studio.broadcast.platforms.base import PlatformPreset
from studio.broadcast.platforms.registry import get_platform

# From the most to the least widely decodable: the first one any side asks for wins.
_PROFILE_ORDER = ("main", "high")


class PlatformChoice(Protocol):
    """What a destination says about its platform (the profile's DestinationSettings)."""

    platform: str
    enabled: bool


def within_platforms(cfg: EncoderConfig, presets: Iterable[PlatformPreset]) -> EncoderConfig:
    """`cfg` with each encoder field brought within every preset's limit (no presets: `cfg`)."""
    presets = list(presets)
    if not presets:
        return cfg
    profiles = [cfg.h264_profile, *(p.h264_profile for p in presets)]
    return dataclasses.replace(
        cfg,
        bitrate_kbps=min(cfg.bitrate_kbps, *(p.max_bitrate_kbps for p in presets)),
        keyframe_seconds=min(cfg.keyframe_seconds, *(p.keyframe_seconds for p in presets)),
        h264_profile=min(profiles, key=_PROFILE_ORDER.index),
    )


def within_destinations(
    cfg: EncoderConfig, destinations: Iterable[PlatformChoice]
) -> EncoderConfig:
    """`cfg` within the limits of the platform of every enabled destination: what one encode
    feeding all of them must be (the window's session and `studio stream` both start it so)."""
    return within_platforms(cfg, (get_platform(d.platform) for d in destinations if d.enabled))
