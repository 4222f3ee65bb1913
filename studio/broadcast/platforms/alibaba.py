"""Alibaba.com (阿里巴巴国际站) B2B live: a push URL per session, landscape factory tours."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Alibaba.com publishes no safe-area figures we
# could find, and no phone was at hand to measure. Portrait: estimates from public descriptions
# of its app's live room, laid out like Taobao Live's (same group): top bar, badges on the
# right, comments and the product being shown at the bottom left, the inquiry / cart bar at
# the bottom. Landscape (this preset's canvas): B2B buyers mostly watch on the desktop site,
# whose player keeps the product list and chat beside the video, not over it: no zones.
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("right_buttons", 0.80, 0.12, 0.20, 0.16),
    zone("comments", 0.0, 0.58, 0.70, 0.30),
    zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
)
LANDSCAPE = ()

# Alibaba.com publishes no ingest figures we could verify. Tours run from factory floors on weak,
# changing uplinks, so 720p and a low cap are the conservative choice.
PRESET = PlatformPreset(
    id="alibaba",
    name_en="Alibaba.com Live",
    name_zh="阿里巴巴国际站直播",
    default_server="",
    needs_rtmps=False,
    canvas=(1280, 720),
    max_bitrate_kbps=4000,
    recommended_bitrate_kbps=2500,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Alibaba.com seller back-end, Live: create a live for streaming software, "
    "copy its push URL.",
    key_help_zh="国际站卖家后台 → 直播：创建直播并选择推流软件，复制推流地址。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
