"""Taobao Live (淘宝直播): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Taobao Live publishes no safe-area figures we could
# find, and no phone was at hand to measure: estimates from public descriptions of its live
# room: a taller top bar (host, follow, viewers, close, and a row of shop / coupon badges),
# red-packet and event badges on the right, "X joined" / order banners above the comment scroll
# at the bottom left, and the product bag / input / like / share bar along the bottom.
# Landscape: a band on an upright phone, top and bottom bars when turned (estimate).
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.13),
    zone("right_buttons", 0.80, 0.13, 0.20, 0.17),
    zone("gifts", 0.0, 0.50, 0.70, 0.08),
    zone("comments", 0.0, 0.58, 0.70, 0.30),
    zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
)
LANDSCAPE = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
)

# No published cap we could verify: conservative values, as for Douyin.
PRESET = PlatformPreset(
    id="taobao",
    name_en="Taobao Live",
    name_zh="淘宝直播",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Taobao Live console: create a live session and copy its whole push URL.",
    key_help_zh="淘宝直播中控台：创建直播后复制完整推流地址。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
