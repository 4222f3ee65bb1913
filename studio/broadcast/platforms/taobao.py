"""Taobao Live (淘宝直播): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset

# No published cap we could verify: conservative values, as for Douyin.
PRESET = PlatformPreset(
    id="taobao",
    name_en="Taobao Live",
    name_zh="淘宝直播",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Taobao Live console: create a live session and copy its whole push URL.",
    key_help_zh="淘宝直播中控台：创建直播后复制完整推流地址。",
)
