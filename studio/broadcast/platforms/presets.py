"""Every platform preset in one table: what a selling platform asks of an RTMP(S) push, and
where its viewer app draws over the picture. Adding a platform is one entry in `PRESETS` (the
order is the platform picker's order).

The fields (studio.broadcast.platforms.base.PlatformPreset), and who reads them:
- id, name_en, name_zh: the profile's `destinations[].platform`, the pickers' names.
- default_server: '' when the platform hands out a whole push URL per live session (the Chinese
  platforms); else the server a stream key is appended to. needs_rtmps: the destination dialog
  warns about an rtmp:// server. key_help_en/_zh: where the merchant finds the key or push URL.
- canvas: the size the platform recommends; its orientation picks the set-up's canvas.
- recommended_bitrate_kbps: shown beside the cap in the destination dialog.
- Encoder fields, applied to the one encode that feeds every destination (`limits.
  within_platforms`): the strictest of the enabled destinations wins. max_bitrate_kbps caps the
  video bitrate (the lowest cap wins); keyframe_seconds is the longest keyframe interval the
  platform takes (the shortest wins); h264_profile "main" makes the whole encode Main.
- min_bitrate_kbps: adaptive bitrate never goes below it on that destination's weak link.
- ui_zones_portrait / ui_zones_landscape: where the viewer app draws its own UI over the stream
  (studio.scene.zones), each with the source of its figures written beside it.
"""

from studio.broadcast.platforms.base import PlatformPreset
from studio.scene.zones import zone
from studio.settings_schema import VIDEO_BITRATE

PRESETS: tuple[PlatformPreset, ...] = (
    # Douyin (抖音): a signed push URL per session, portrait.
    # Encoder: Douyin publishes no bitrate cap we could verify: 6000 kbps matches the caps the
    # western platforms publish, and 3000 kbps leaves headroom on a small shop's upload.
    # Zones: Douyin publishes no safe-area figures for live rooms that we could find, and no phone
    # was at hand to measure: these are estimates from public descriptions of the live room on a
    # 9:16 phone: the top bar (host, follow, viewers, close, hourly-rank row), event badges under it
    # on the right, gift and entrance banners above the comment scroll at the bottom left (where the
    # product being explained also pops up), and the input / cart / gift bar along the bottom. A
    # landscape stream is shown as a band between the top bar and the comments on an upright phone;
    # turned sideways, the app keeps the host / viewers row at the top and a gift / cart bar at the
    # bottom (estimate, same sources).
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("right_buttons", 0.78, 0.12, 0.22, 0.18),
            zone("gifts", 0.0, 0.46, 0.72, 0.10),
            zone("comments", 0.0, 0.56, 0.72, 0.33),
            zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
        ),
        ui_zones_landscape=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
        ),
    ),
    # Taobao Live (淘宝直播): a signed push URL per session, portrait.
    # Encoder: no published cap we could verify: conservative values, as for Douyin.
    # Zones: Taobao Live publishes no safe-area figures we could find, and no phone was at hand to
    # measure: estimates from public descriptions of its live room: a taller top bar (host, follow,
    # viewers, close, and a row of shop / coupon badges), red-packet and event badges on the right,
    # "X joined" / order banners above the comment scroll at the bottom left, and the product bag /
    # input / like / share bar along the bottom. Landscape: a band on an upright phone, top and
    # bottom bars when turned (estimate).
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.13),
            zone("right_buttons", 0.80, 0.13, 0.20, 0.17),
            zone("gifts", 0.0, 0.50, 0.70, 0.08),
            zone("comments", 0.0, 0.58, 0.70, 0.30),
            zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
        ),
        ui_zones_landscape=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
        ),
    ),
    # Kuaishou (快手): a signed push URL per session, portrait.
    # Encoder: no published cap we could verify: conservative values, as for Douyin. Kuaishou closes
    # a room after 1-2 minutes of broken push, which the relay's retry policy handles, not this
    # preset.
    # Zones: Kuaishou publishes no safe-area figures for live rooms that we could find, and no phone
    # was at hand to measure: estimates from public descriptions of its live room, which follows
    # Douyin's: the top bar (host, follow, viewers, close), badges under it on the right, gift
    # banners above the comment scroll at the bottom left, the input / cart / gift bar along the
    # bottom. Landscape: as for Douyin (estimate).
    PlatformPreset(
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
        key_help_en="Kuaishou PC live, push mode: copy the whole push URL; "
        "it expires with the room.",
        key_help_zh="快手电脑开播（推流模式）：复制完整推流地址，关播后失效。",
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("right_buttons", 0.80, 0.12, 0.20, 0.16),
            zone("gifts", 0.0, 0.46, 0.72, 0.10),
            zone("comments", 0.0, 0.56, 0.72, 0.33),
            zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
        ),
        ui_zones_landscape=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
        ),
    ),
    # TikTok (TikTok Shop LIVE): server URL and stream key per session, portrait.
    # Encoder: TikTok gives out the server with the key (LIVE Producer), so there is no fixed
    # default. No published cap we could verify: conservative values, as for Douyin.
    # Zones: TikTok's published safe zones are for feed videos and ads (TikTok Creative Center, as
    # summarised by ad-spec guides such as adfuseai.com's "TikTok ad sizes": keep clear the top 150
    # px, the bottom 440 px and the right 150 px of 1080x1920), not for LIVE rooms; no phone was at
    # hand to measure. The LIVE room's zones below are estimates from public descriptions of the
    # viewer's screen (shoplivex.com's "TikTok LIVE: UI and functions of viewers": host and follow
    # at the top, the comment section and the cart at the bottom left, the promoted product's card
    # above them, gifts): the top bar (host, viewers, close, ranking row), badges on the right, gift
    # banners above the comments, and the comment box / cart / gift / share bar along the bottom.
    # Landscape: TikTok shows a landscape stream as a band on an upright phone with the room's bars
    # above and below it; turned sideways, a thin top and bottom bar (estimate).
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("right_buttons", 0.84, 0.12, 0.16, 0.16),
            zone("gifts", 0.0, 0.48, 0.75, 0.10),
            zone("comments", 0.0, 0.58, 0.75, 0.31),
            zone("bottom_bar", 0.0, 0.89, 1.0, 0.11),
        ),
        ui_zones_landscape=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("bottom_bar", 0.0, 0.86, 1.0, 0.14),
        ),
    ),
    # Alibaba.com (阿里巴巴国际站) B2B live: a push URL per session, landscape factory tours.
    # Encoder: Alibaba.com publishes no ingest figures we could verify. Tours run from factory
    # floors on weak, changing uplinks, so 720p and a low cap are the conservative choice.
    # Zones: Alibaba.com publishes no safe-area figures we could find, and no phone was at hand to
    # measure. Portrait: estimates from public descriptions of its app's live room, laid out like
    # Taobao Live's (same group): top bar, badges on the right, comments and the product being shown
    # at the bottom left, the inquiry / cart bar at the bottom. Landscape (this preset's canvas):
    # B2B buyers mostly watch on the desktop site, whose player keeps the product list and chat
    # beside the video, not over it: no zones.
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.12),
            zone("right_buttons", 0.80, 0.12, 0.20, 0.16),
            zone("comments", 0.0, 0.58, 0.70, 0.30),
            zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
        ),
        ui_zones_landscape=(),
    ),
    # YouTube Live over RTMPS.
    # Encoder: YouTube: 1080p30 at 3-8 Mbps, keyframes at most every 4 s (2 s, the profile's
    # default, is what everyone else wants).
    # Zones: Landscape: live chat shows to the right of the player, not over it (YouTube Help, "Live
    # chat basics", support.google.com/youtube/answer/2524549); the player's controls appear only on
    # hover or tap: no zones. Portrait: YouTube's vertical live feed fills the screen "with comments
    # overlaid on top" (YouTube Help, answer 13822251, and YouTube's announcement of vertical live);
    # no figures are published for it and no phone was at hand to measure, so these are estimates
    # modelled on the Shorts screen (about the lower quarter for title, channel and chat; a column
    # of buttons on the right).
    PlatformPreset(
        id="youtube",
        name_en="YouTube",
        name_zh="YouTube",
        default_server="rtmps://a.rtmps.youtube.com:443/live2",
        needs_rtmps=True,
        canvas=(1920, 1080),
        max_bitrate_kbps=8000,
        recommended_bitrate_kbps=4500,
        keyframe_seconds=4.0,
        h264_profile="high",
        key_help_en="YouTube Studio → Create → Go live → Stream: copy the stream key.",
        key_help_zh="YouTube 工作室 → 创建 → 开始直播 → 直播：复制串流密钥。",
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.10),
            zone("right_buttons", 0.84, 0.40, 0.16, 0.50),
            zone("comments", 0.0, 0.62, 0.80, 0.28),
            zone("bottom_bar", 0.0, 0.90, 1.0, 0.10),
        ),
        ui_zones_landscape=(),
    ),
    # Twitch: auto-selected ingest, strict CBR capped at 6000 kbps.
    # Encoder: Twitch caps ingest at 6000 kbps and prefers the Main profile; 4500 kbps is its
    # 1080p30 figure.
    # Zones: Landscape: Twitch's player keeps the chat beside the video (or below it on a phone held
    # upright) and shows its controls only on hover or tap: no zones. Portrait: Twitch publishes no
    # figures for vertical streams and no phone was at hand to measure; estimate: a channel /
    # viewers bar at the top and chat over the lower part with its input at the bottom, as other
    # full-screen vertical players do.
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.10),
            zone("comments", 0.0, 0.62, 1.0, 0.28),
            zone("bottom_bar", 0.0, 0.90, 1.0, 0.10),
        ),
        ui_zones_landscape=(),
    ),
    # Facebook Live: RTMPS only.
    # Encoder: Facebook requires RTMPS. 1080p30 takes 3000-6000 kbps (720p30: 1500-4000).
    # Zones: Portrait: Meta's Reels safe zone (Meta Business Help Center, as quoted by
    # houseofmarketers.com and primores.org): keep clear the top 14 %, the bottom 35 % and 6 % at
    # each side of a 9:16 frame. We split the bottom 35 % into the comments over the video and the
    # comment box / reactions bar below them (the split is our estimate; the total is Meta's).
    # Landscape: on the desktop, comments sit beside the player and its controls show only on hover:
    # no zones.
    PlatformPreset(
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
        ui_zones_portrait=(
            zone("top_bar", 0.0, 0.0, 1.0, 0.14),
            zone("side_margin", 0.0, 0.14, 0.06, 0.51),
            zone("side_margin", 0.94, 0.14, 0.06, 0.51),
            zone("comments", 0.0, 0.65, 1.0, 0.23),
            zone("bottom_bar", 0.0, 0.88, 1.0, 0.12),
        ),
        ui_zones_landscape=(),
    ),
    # Any RTMP(S) server: the user supplies URL and key.
    # Encoder: no platform cap: the server's operator decides, so the cap is the encoder's own
    # maximum; the recommended figure is the studio's default encoder bitrate.
    # Zones: Any server: which app its viewers watch in is unknown, so no zones.
    PlatformPreset(
        id="custom",
        name_en="Custom RTMP(S) server",
        name_zh="自定义服务器",
        default_server="",
        needs_rtmps=False,
        canvas=(1080, 1920),
        max_bitrate_kbps=int(VIDEO_BITRATE.maximum),
        recommended_bitrate_kbps=2500,
        keyframe_seconds=2.0,
        h264_profile="high",
        key_help_en="Ask the server's operator for the URL (rtmp://host/app) and the stream key.",
        key_help_zh="向服务器管理员索取推流地址（rtmp://主机/应用）和串流密钥。",
        ui_zones_portrait=(),
        ui_zones_landscape=(),
    ),
)
