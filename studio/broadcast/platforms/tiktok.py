"""TikTok (TikTok Shop LIVE): server URL and stream key per session, portrait."""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone

# Where the viewer app draws over the stream. TikTok's published safe zones are for feed videos
# and ads (TikTok Creative Center, as summarised by ad-spec guides such as adfuseai.com's
# "TikTok ad sizes": keep clear the top 150 px, the bottom 440 px and the right 150 px of
# 1080x1920), not for LIVE rooms; no phone was at hand to measure. The LIVE room's zones below
# are estimates from public descriptions of the viewer's screen (shoplivex.com's "TikTok LIVE:
# UI and functions of viewers": host and follow at the top, the comment section and the cart
# at the bottom left, the promoted product's card above them, gifts): the top bar (host,
# viewers, close, ranking row), badges on the right, gift banners above the comments, and the
# comment box / cart / gift / share bar along the bottom. Landscape: TikTok shows a landscape
# stream as a band on an upright phone with the room's bars above and below it; turned
# sideways, a thin top and bottom bar (estimate).
PORTRAIT = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("right_buttons", 0.84, 0.12, 0.16, 0.16),
    zone("gifts", 0.0, 0.48, 0.75, 0.10),
    zone("comments", 0.0, 0.58, 0.75, 0.31),
    zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
)
LANDSCAPE = (
    zone("top_bar", 0.0, 0.0, 1.0, 0.12),
    zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
)

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
    ui_zones_portrait=PORTRAIT,
    ui_zones_landscape=LANDSCAPE,
)
