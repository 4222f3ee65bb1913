"""Alibaba.com (阿里巴巴国际站) B2B live: a push URL per session, landscape factory tours."""

from studio.broadcast.platforms.base import PlatformPreset

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
)
