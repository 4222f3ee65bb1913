"""Kuaishou (快手): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Kuaishou publishes no safe-area figures for live
# rooms that we could find, and no phone was at hand to measure: estimates from public
# descriptions of its live room, which follows Douyin's: the top bar (host, follow, viewers,
# close), badges under it on the right, gift banners above the comment scroll at the bottom
# left, the input / cart / gift bar along the bottom. Landscape: as for Douyin (estimate).
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("right_buttons", 0.80, 0.12, 0.20, 0.16),
    zone("gifts", 0.0, 0.46, 0.72, 0.10),
    zone("comments", 0.0, 0.56, 0.72, 0.33),
    zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
)
LANDSCAPE = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
)

# No published cap we could verify: conservative values, as for Douyin. Kuaishou closes a room
# after 1-2 minutes of broken push, which the relay's retry policy handles, not this preset.
PRESET = PlatformPreset(
    id="kuaishou",
    name_en="Kuaishou",
    name_zh="快手",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Kuaishou PC live, push mode: copy the whole push URL; it expires with the room.",
    key_help_zh="快手电脑开播（推流模式）：复制完整推流地址，关播后失效。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
