"""Facebook Live: RTMPS only."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Portrait: Meta's Reels safe zone (Meta Business
# Help Center, as quoted by houseofmarketers.com and primores.org): keep clear the top 14 %,
# the bottom 35 % and 6 % at each side of a 9:16 frame. We split the bottom 35 % into the
# comments over the video and the comment box / reactions bar below them (the split is our
# estimate; the total is Meta's). Landscape: on the desktop, comments sit beside the player
# and its controls show only on hover: no zones.
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.14),
    zone("side_margin", 0.0, 0.14, 0.06, 0.51),
    zone("side_margin", 0.94, 0.14, 0.06, 0.51),
    zone("comments", 0.0, 0.65, 1.0, 0.23),
    zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
)
LANDSCAPE = ()

# Facebook requires RTMPS. 1080p30 takes 3000-6000 kbps (720p30: 1500-4000).
PRESET = PlatformPreset(
    id="facebook",
    name_en="Facebook Live",
    name_zh="Facebook 直播",
    default_server="rtmps://live-api-s.facebook.com:443/rtmp/",
    needs_rtmps=True,
    canvas=(1920, 1080),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=4500,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Facebook Live Producer → Streaming software: copy the stream key.",
    key_help_zh="Facebook 直播制作工具 → 直播软件：复制串流密钥。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
