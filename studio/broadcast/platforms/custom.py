"""Any RTMP(S) server: the user supplies URL and key."""

from studio.broadcast.platforms.base import PlatformPreset

# Any server: which app its viewers watch in is unknown, so no zones.
PORTRAIT = ()
LANDSCAPE = ()

# No platform cap: the server's operator decides. 20 Mbps only bounds typos; the recommended
# figure is the studio's default encoder bitrate.
PRESET = PlatformPreset(
    id="custom",
    name_en="Custom RTMP(S) server",
    name_zh="自定义服务器",
    default_server="",
    needs_rtmps=False,
    canvas=(1080, 1920),
    max_bitrate_kbps=20000,
    recommended_bitrate_kbps=2500,
    keyframe_seconds=2.0,
    h264_profile="high",
    key_help_en="Ask the server's operator for the URL (rtmp://host/app) and the stream key.",
    key_help_zh="向服务器管理员索取推流地址（rtmp://主机/应用）和串流密钥。",
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
