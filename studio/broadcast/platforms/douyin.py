"""Douyin (抖音): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Douyin publishes no safe-area figures for live
# rooms that we could find, and no phone was at hand to measure: these are estimates from
# public descriptions of the live room on a 9:16 phone: the top bar (host, follow, viewers,
# close, hourly-rank row), event badges under it on the right, gift and entrance banners above
# the comment scroll at the bottom left (where the product being explained also pops up), and
# the input / cart / gift bar along the bottom. A landscape stream is shown as a band between
# the top bar and the comments on an upright phone; turned sideways, the app keeps the host /
# viewers row at the top and a gift / cart bar at the bottom (estimate, same sources).
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("right_buttons", 0.78, 0.12, 0.22, 0.18),
    zone("gifts", 0.0, 0.46, 0.72, 0.10),
    zone("comments", 0.0, 0.56, 0.72, 0.33),
    zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
)
LANDSCAPE = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
)

# Douyin publishes no bitrate cap we could verify: 6000 kbps matches the caps the western
# platforms publish, and 3000 kbps leaves headroom on a small shop's upload.
PRESET = PlatformPreset(
    id="douyin",
    name_en="Douyin",
    name_zh="抖音",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Douyin PC live, third-party push: copy the whole push URL (new each session).",
    key_help_zh="抖音电脑开播 → 第三方推流：复制完整推流地址（每场都会变）。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
