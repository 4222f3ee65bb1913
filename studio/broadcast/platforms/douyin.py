"""Douyin (抖音): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset

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
)
