"""YouTube Live over RTMPS."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Landscape: live chat shows to the right of the
# player, not over it (YouTube Help, "Live chat basics", support.google.com/youtube/answer/
# 2524549); the player's controls appear only on hover or tap: no zones. Portrait: YouTube's
# vertical live feed fills the screen "with comments overlaid on top" (YouTube Help, answer
# 13822251, and YouTube's announcement of vertical live); no figures are published for it and
# no phone was at hand to measure, so these are estimates modelled on the Shorts screen (about
# the lower quarter for title, channel and chat; a column of buttons on the right).
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.10),
    zone("right_buttons", 0.84, 0.40, 0.16, 0.50),
    zone("comments", 0.0, 0.62, 0.80, 0.28),
    zone("bottom_bar", 0.0, 0.90, 1.0, 0.10),
)
LANDSCAPE = ()

# YouTube: 1080p30 at 3-8 Mbps, keyframes at most every 4 s (2 s is what everyone else wants).
PRESET = PlatformPreset(
    id="youtube",
    name_en="YouTube",
    name_zh="YouTube",
    default_server="rtmps://a.rtmps.youtube.com:443/live2",
    needs_rtmps=True,
    canvas=(1920, 1080),
    max_bitrate_kbps=8000,
    recommended_bitrate_kbps=4500,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="YouTube Studio → Create → Go live → Stream: copy the stream key.",
    key_help_zh="YouTube 工作室 → 创建 → 开始直播 → 直播：复制串流密钥。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
