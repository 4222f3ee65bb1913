"""YouTube Live over RTMPS."""

from studio.broadcast.platforms.base import PlatformPreset

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
)
