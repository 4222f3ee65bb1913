"""TikTok (TikTok Shop LIVE): server URL and stream key per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset

# TikTok gives out the server with the key (LIVE Producer), so there is no fixed default.
# No published cap we could verify: conservative values, as for Douyin.
PRESET = PlatformPreset(
    id="tiktok",
    name_en="TikTok LIVE",
    name_zh="TikTok 直播",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="TikTok LIVE Producer: copy the Server URL and Stream Key (needs LIVE access).",
    key_help_zh="TikTok LIVE Producer：复制服务器地址和串流密钥（需开通直播权限）。",
)
