"""Kuaishou (快手): a signed push URL per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset

# No published cap we could verify: conservative values, as for Douyin. Kuaishou closes a room
# after 1-2 minutes of broken push, which the relay's retry policy handles, not this preset.
PRESET = PlatformPreset(
    id="kuaishou",
    name_en="Kuaishou",
    name_zh="快手",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=6000,
    recommended_bitrate_kbps=3000,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Kuaishou PC live, push mode: copy the whole push URL; it expires with the room.",
    key_help_zh="快手电脑开播（推流模式）：复制完整推流地址，关播后失效。",
)
