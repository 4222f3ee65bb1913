"""Facebook Live: RTMPS only."""

from studio.broadcast.platforms.base import PlatformPreset

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
)
