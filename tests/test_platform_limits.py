"""The encode `studio stream` and the window start: the settings schema's defaults where no
profile says otherwise, within the limits of every enabled destination's platform (one step,
`limits.within_destinations`, used by both)."""

from __future__ import annotations

from pathlib import Path

from profiles import small_profile

from studio.broadcast.encoder import EncoderConfig
from studio.broadcast.platforms.limits import within_destinations
from studio.cli import build_parser
from studio.commands.stream import build_config
from studio.profile import DestinationSettings
from studio.profile_store import save_profile
from studio.session import StudioSession
from studio.settings_schema import (
    AUDIO_BITRATE,
    CANVAS_FPS,
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    KEYFRAME_SECONDS,
    VIDEO_BITRATE,
    VIDEO_ENCODER,
    X264_PRESET,
)


def test_only_enabled_destinations_bound_the_encode() -> None:
    cfg = EncoderConfig(1280, 720, bitrate_kbps=9000)
    twitch = DestinationSettings("Twitch", "twitch", "rtmp://127.0.0.1/app")
    alibaba = DestinationSettings("Alibaba", "alibaba", "rtmp://127.0.0.1/app", enabled=False)
    bound = within_destinations(cfg, [twitch, alibaba])
    assert (bound.h264_profile, bound.bitrate_kbps) == ("main", 6000)  # Twitch's; not Alibaba's
    alibaba.enabled, twitch.enabled = True, False
    bound = within_destinations(cfg, [twitch, alibaba])
    assert (bound.h264_profile, bound.bitrate_kbps) == ("high", 4000)
    assert within_destinations(cfg, []) == cfg


def test_stream_without_a_profile_takes_the_schemas_defaults(tmp_path: Path) -> None:
    args = build_parser().parse_args(["stream", "--record", str(tmp_path / "a.mkv")])
    enc = build_config(args).encoder
    assert (enc.width, enc.height, enc.fps) == (
        CANVAS_WIDTH.default,
        CANVAS_HEIGHT.default,
        CANVAS_FPS.default,
    )
    assert (enc.bitrate_kbps, enc.audio_bitrate_kbps, enc.keyframe_seconds) == (
        VIDEO_BITRATE.default,
        AUDIO_BITRATE.default,
        KEYFRAME_SECONDS.default,
    )
    assert (enc.preset, enc.video_encoder) == (X264_PRESET.default, VIDEO_ENCODER.default)


def test_stream_and_the_window_start_the_same_encode_from_a_profile(tmp_path: Path) -> None:
    profile = small_profile(tmp_path)
    profile.encoder.bitrate_kbps = 9000
    profile.destinations = [
        DestinationSettings("Twitch", "twitch", "rtmp://127.0.0.1:1/app"),
        DestinationSettings("Alibaba", "alibaba", "rtmp://127.0.0.1:1/app", enabled=False),
    ]
    path = tmp_path / "profile.json"
    save_profile(profile, path)
    args = build_parser().parse_args(["stream", "--profile", str(path)])
    enc = build_config(args).encoder
    assert (enc.width, enc.height, enc.preset) == (360, 640, "ultrafast")
    assert (enc.h264_profile, enc.bitrate_kbps) == ("main", 6000)
    session_enc = StudioSession(profile, path).encoder_config()
    assert session_enc == enc
    # Asked on the command line: over the profile's, still within the platforms' limits.
    args = build_parser().parse_args(
        ["stream", "--profile", str(path), "--bitrate", "3000", "--canvas", "720x1280"]
    )
    enc = build_config(args).encoder
    assert (enc.width, enc.height, enc.bitrate_kbps, enc.h264_profile) == (720, 1280, 3000, "main")
