"""What a selling platform asks of an RTMP(S) push, and how its push URL is put together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from studio.broadcast.adaptive import DEFAULT_MIN_KBPS
from studio.scene.zones import Zone


@dataclass(frozen=True, slots=True)
class PlatformPreset:
    """One row of `presets.PRESETS` (that module says what each field is for and who reads it)."""

    id: str
    name_en: str
    name_zh: str
    # '' when the platform hands out a whole push URL per live session (Chinese platforms).
    default_server: str
    needs_rtmps: bool
    canvas: tuple[int, int]  # recommended (width, height)
    # The encoder fields: with several destinations the strictest wins (limits.within_platforms).
    max_bitrate_kbps: int  # caps the encode's video bitrate
    recommended_bitrate_kbps: int
    keyframe_seconds: float  # the longest keyframe interval the platform takes
    h264_profile: Literal["high", "main"]  # "main": the encode is H.264 Main
    key_help_en: str  # one line: where the user finds the key / push URL
    key_help_zh: str
    # Adaptive bitrate never goes below this on a weak link (kbps of video).
    min_bitrate_kbps: int = DEFAULT_MIN_KBPS
    # Where the platform's viewer app draws its own UI over the stream (studio.scene.zones),
    # with the source of the figures written beside them in the platform's module.
    ui_zones_portrait: tuple[Zone, ...] = ()
    ui_zones_landscape: tuple[Zone, ...] = ()

    @property
    def portrait(self) -> bool:
        return self.canvas[1] > self.canvas[0]

    @property
    def whole_push_url(self) -> bool:
        """Chinese platforms hand out one signed push URL per session instead of server + key."""
        return not self.default_server and self.id != "custom"

    def push_url(self, server: str, key: str) -> str:
        """The URL to publish to.

        With no key the server string is the whole push URL and comes back byte for byte:
        signed URLs (`...?sign=...&expire=...`) break if re-encoded or normalised. An empty
        server falls back to `default_server`. Otherwise server and key are joined by one '/'.
        """
        server = server or self.default_server
        if not key:
            return server
        if not server:
            raise ValueError(f"{self.name_en} needs a server URL before the stream key")
        return server.rstrip("/") + "/" + key.lstrip("/")
