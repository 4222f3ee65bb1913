"""Canvas sizes and frame rates: the presets offered to users and parsing of "WxH" sizes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from studio.settings_schema import CANVAS_FPS, CANVAS_HEIGHT, CANVAS_WIDTH

Orientation = Literal["portrait", "landscape"]

# Bounds and defaults: studio.settings_schema (both sides share the bounds).
MIN_SIDE = int(CANVAS_WIDTH.minimum)
MAX_SIDE = int(CANVAS_WIDTH.maximum)
FPS_CHOICES: tuple[int, ...] = CANVAS_FPS.choices


@dataclass(frozen=True, slots=True)
class CanvasPreset:
    id: str
    width: int
    height: int
    orientation: Orientation
    label_en: str
    label_zh: str

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


CANVAS_PRESETS: tuple[CanvasPreset, ...] = (
    CanvasPreset(
        "portrait-720",
        720,
        1280,
        "portrait",
        "Portrait 720×1280 (light)",
        "竖屏 720×1280（省流量）",
    ),
    CanvasPreset(
        "portrait-1080",
        1080,
        1920,
        "portrait",
        "Portrait 1080×1920 (Douyin, Kuaishou, TikTok, Taobao)",
        "竖屏 1080×1920（抖音、快手、TikTok、淘宝）",
    ),
    CanvasPreset("landscape-720", 1280, 720, "landscape", "Landscape 1280×720", "横屏 1280×720"),
    CanvasPreset(
        "landscape-1080",
        1920,
        1080,
        "landscape",
        "Landscape 1920×1080 (YouTube, Twitch, Facebook)",
        "横屏 1920×1080（YouTube、Twitch、Facebook）",
    ),
)
# Selling platforms are watched on phones: portrait full HD is what they ask for.
DEFAULT_CANVAS: CanvasPreset = next(
    p for p in CANVAS_PRESETS if p.size == (CANVAS_WIDTH.default, CANVAS_HEIGHT.default)
)

_SIZE_RE = re.compile(r"^\s*(\d+)\s*[xX×*]\s*(\d+)\s*$")


def orientation(width: int, height: int) -> Orientation:
    """'portrait' when taller than wide; square counts as landscape."""
    return "portrait" if height > width else "landscape"


def find_preset(width: int, height: int) -> CanvasPreset | None:
    return next((p for p in CANVAS_PRESETS if p.size == (width, height)), None)


def check_size(width: int, height: int) -> None:
    """Raise ValueError (user-facing text) unless the size is one the encoder can take."""
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValueError(
            f"canvas {width}x{height} is not supported: each side must be "
            f"between {MIN_SIDE} and {MAX_SIDE} pixels"
        )
    if width % 2 or height % 2:
        # x264 encodes 4:2:0, which halves both dimensions for the colour planes.
        raise ValueError(
            f"canvas {width}x{height} is not supported: width and height must be even numbers"
        )


def parse_canvas(text: str) -> tuple[int, int]:
    """'720x1280' (or a preset id such as 'portrait-1080') -> (720, 1280).

    Raises ValueError with a message fit for the user when malformed or unsupported.
    """
    for preset in CANVAS_PRESETS:
        if text.strip().lower() == preset.id:
            return preset.size
    match = _SIZE_RE.match(text)
    if match is None:
        presets = ", ".join(f"{p.width}x{p.height}" for p in CANVAS_PRESETS)
        raise ValueError(
            f"{text!r} is not a canvas size: write WIDTHxHEIGHT, e.g. 1080x1920 "
            f"(presets: {presets})"
        )
    width, height = int(match[1]), int(match[2])
    check_size(width, height)
    return width, height
