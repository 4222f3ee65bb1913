"""Twitch: auto-selected ingest, strict CBR capped at 6000 kbps."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. Landscape: Twitch's player keeps the chat beside
# the video (or below it on a phone held upright) and shows its controls only on hover or tap:
# no zones. Portrait: Twitch publishes no figures for vertical streams and no phone was at hand
# to measure; estimate: a channel / viewers bar at the top and chat over the lower part with
# its input at the bottom, as other full-screen vertical players do.
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.10),
    zone("comments", 0.0, 0.62, 1.0, 0.28),
    zone("bottom_bar", 0.0, 0.90, 1.0, 0.10),
)
LANDSCAPE = ()

# Twitch caps ingest at 6000 kbps and prefers the Main profile; 4500 kbps is its 1080p30 figure.
PRESET = PlatformPreset(
    id="twitch",
    name_en="Twitch",
    name_zh="Twitch",
    default_server="rtmp://live.twitch.tv/app",
    needs_rtmps=False,
    canvas=(1920, 1080),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=4500,
    keyframe_seconds=2.0,
    h264_profile="main",
    key_help_en="Twitch Creator Dashboard → Settings → Stream: copy the Primary Stream key.",
    key_help_zh="Twitch 创作者仪表板 → 设置 → 直播：复制主串流密钥。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
