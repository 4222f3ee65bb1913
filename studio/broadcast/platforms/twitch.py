"""Twitch: auto-selected ingest, strict CBR capped at 6000 kbps."""

from studio.broadcast.platforms.base import PlatformPreset

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
)
