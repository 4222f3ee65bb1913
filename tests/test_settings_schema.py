"""One settings schema (studio.settings_schema) read by the profile loader, the settings dialog,
the command line and the encoder, and the platforms' encoder fields laid on the one encode."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from keyrings import memory_keyring
from media import keyframe_times, video_info
from profiles import small_profile
from pytestqt.qtbot import QtBot
from servers import RtmpServer
from streaming import studio

from studio.broadcast.encoder import Encoder, EncoderConfig, EncoderError
from studio.broadcast.platforms.limits import within_platforms
from studio.broadcast.platforms.registry import PLATFORMS
from studio.cli import build_parser
from studio.profile import (
    CanvasSettings,
    DestinationSettings,
    EncoderSettings,
    LayerSettings,
    Profile,
    ProfileError,
    RecordingSettings,
    default_profile,
    profile_from_dict,
    profile_to_dict,
)
from studio.scene.canvas import DEFAULT_CANVAS, FPS_CHOICES, MAX_SIDE, MIN_SIDE
from studio.session import StudioSession
from studio.settings_schema import (
    AUDIO_BITRATE,
    CANVAS_FPS,
    CANVAS_WIDTH,
    KEYFRAME_SECONDS,
    SCHEMA,
    VIDEO_BITRATE,
    X264_PRESET,
    setting,
)
from studio.ui.settings_dialog import SettingsDialog

# The numeric settings the loader, the dialog and the encoder all bound.
NUMBERS = [VIDEO_BITRATE, AUDIO_BITRATE, KEYFRAME_SECONDS]


def _errors(section: str, name: str, value: object) -> list[str]:
    d = profile_to_dict(default_profile())
    d[section][name] = value
    with pytest.raises(ProfileError) as info:
        profile_from_dict(d)
    return info.value.errors


def _loads(section: str, name: str, value: object) -> object:
    d = profile_to_dict(default_profile())
    d[section][name] = value
    return getattr(getattr(profile_from_dict(d), section), name)


# --- the schema is the profile's defaults ---------------------------------------------------------


def test_every_profile_field_of_the_three_sections_is_in_the_schema_with_its_default():
    for section, cls in (
        ("canvas", CanvasSettings),
        ("encoder", EncoderSettings),
        ("recording", RecordingSettings),
    ):
        names = [s.name for s in SCHEMA[section]]
        assert names == [f.name for f in fields(cls)], section
        made = cls()
        for s in SCHEMA[section]:
            assert getattr(made, s.name) == s.default_value(), s.key
    assert DEFAULT_CANVAS.size == (CANVAS_WIDTH.default, setting("canvas.height").default)
    assert (CANVAS_WIDTH.minimum, CANVAS_WIDTH.maximum) == (MIN_SIDE, MAX_SIDE)
    assert CANVAS_FPS.choices == FPS_CHOICES


def test_encoder_config_defaults_are_the_schema_defaults():
    cfg = EncoderConfig(640, 360)
    enc = EncoderSettings()
    assert (cfg.fps, cfg.bitrate_kbps, cfg.audio_bitrate_kbps) == (
        CANVAS_FPS.default,
        enc.bitrate_kbps,
        enc.audio_bitrate_kbps,
    )
    assert (cfg.keyframe_seconds, cfg.preset, cfg.video_encoder) == (
        enc.keyframe_seconds,
        enc.preset,
        enc.video_encoder,
    )


def test_an_unknown_key_is_refused():
    with pytest.raises(KeyError, match=r"encoder\.nope"):
        setting("encoder.nope")


# --- the same bounds in the loader, the encoder, the dialog and the command line ----------------


@pytest.mark.parametrize("s", NUMBERS, ids=lambda s: s.key)
def test_the_loader_takes_the_bounds_and_refuses_beyond_them_naming_them(s):
    assert _loads(s.section, s.name, s.minimum) == s.minimum
    assert _loads(s.section, s.name, s.maximum) == s.maximum
    below = s.minimum - (0.1 if s.kind is float else 1)
    for value in (below, s.maximum + 1):
        errors = _errors(s.section, s.name, value)
        assert any(
            e.startswith(f"{s.key} must be") and f"{s.minimum:g}" in e and f"{s.maximum:g}" in e
            for e in errors
        ), errors


def test_a_keyframe_interval_of_a_tenth_of_a_second_is_refused_by_all_four():
    """The disagreement the issue names: the loader took anything above 0, the dialog 0.5 s."""
    assert any("at least 0.5" in e for e in _errors("encoder", "keyframe_seconds", 0.1))
    with pytest.raises(EncoderError, match=r"keyframe interval 0\.1 s must be from 0\.5 to 10 s"):
        Encoder(EncoderConfig(320, 240, keyframe_seconds=0.1))
    parser = build_parser()
    assert parser.parse_args(["stream", "--keyframe", "0.5"]).keyframe == 0.5
    run = studio("stream", "--keyframe", "0.1", "--record", "x.mkv", timeout=30)
    assert run.returncode == 2
    assert "--keyframe: 0.1 is out of range: give a number from 0.5 to 10 s" in run.stderr


@pytest.mark.parametrize("s", NUMBERS, ids=lambda s: s.key)
def test_the_encoder_refuses_what_the_schema_refuses(s):
    Encoder(replace(EncoderConfig(320, 240, preset="ultrafast"), **{s.name: s.maximum})).close()
    with pytest.raises(EncoderError, match=f"from {s.minimum:g} to {s.maximum:g} {s.unit}"):
        Encoder(replace(EncoderConfig(320, 240), **{s.name: s.maximum * 2}))


def test_the_encoder_refuses_a_frame_rate_the_schema_lacks():
    with pytest.raises(EncoderError, match="frame rate 24 fps must be one of 25, 30, 60"):
        Encoder(EncoderConfig(320, 240, fps=24))


def test_the_command_line_uses_the_schema_bounds_and_choices():
    parser = build_parser()
    low, high = int(VIDEO_BITRATE.minimum), int(VIDEO_BITRATE.maximum)
    assert parser.parse_args(["stream", "--bitrate", str(high)]).bitrate == high
    assert parser.parse_args(["bench", "--bitrate", str(low)]).bitrate == low
    assert parser.parse_args(["stream", "--preset", "medium"]).preset == "medium"
    for fps in CANVAS_FPS.choices:
        assert parser.parse_args(["stream", "--fps", str(fps)]).fps == fps
    for args, expected in (
        (["--bitrate", str(high + 1)], f"from {low} to {high}"),
        (["--keyframe", "10.5"], "a number from 0.5 to 10 s"),
        (["--keyframe", "nan"], "'nan' is not a number"),
        (["--preset", "quick"], "invalid choice: 'quick'"),
        (["--fps", "24"], "give 25, 30 or 60"),
    ):
        run = studio("stream", *args, "--record", "x.mkv", timeout=30)
        assert run.returncode == 2 and expected in run.stderr, (args, run.stderr)
    assert set(X264_PRESET.choices) >= {"ultrafast", "veryfast", "veryslow"}


@pytest.fixture
def profile_with_extremes() -> Profile:
    profile = Profile()
    profile.encoder.bitrate_kbps = 10**6  # a hand-edited file the loader would refuse
    profile.encoder.keyframe_seconds = 0.1
    profile.encoder.audio_bitrate_kbps = 8
    return profile


def test_the_dialog_holds_each_value_to_the_schema_bounds(
    qtbot: QtBot, profile_with_extremes: Profile
) -> None:
    dialog = SettingsDialog(profile_with_extremes, encoders=["libx264"], microphones=[])
    qtbot.addWidget(dialog)
    spins = {
        VIDEO_BITRATE: dialog.bitrate_spin,
        AUDIO_BITRATE: dialog.audio_bitrate_spin,
        KEYFRAME_SECONDS: dialog.keyframe_spin,
        CANVAS_WIDTH: dialog.width_spin,
    }
    for s, spin in spins.items():
        assert (spin.minimum(), spin.maximum(), spin.singleStep()) == (
            s.minimum,
            s.maximum,
            s.step,
        ), s.key
    # Shown clamped, and saved clamped: what the loader would take.
    assert dialog.bitrate_spin.value() == VIDEO_BITRATE.maximum
    assert dialog.keyframe_spin.value() == KEYFRAME_SECONDS.minimum
    assert dialog.audio_bitrate_spin.value() == AUDIO_BITRATE.minimum
    dialog.keyframe_spin.setValue(25)
    assert dialog.keyframe_spin.value() == KEYFRAME_SECONDS.maximum
    assert [dialog.fps_combo.itemData(i) for i in range(dialog.fps_combo.count())] == list(
        CANVAS_FPS.choices
    )
    assert dialog.keyframe_spin.accessibleName() == "Keyframe interval"
    dialog.ok_button.click()
    result = dialog.result_profile()
    assert result is not None
    enc = result.encoder
    assert (enc.bitrate_kbps, enc.keyframe_seconds, enc.audio_bitrate_kbps) == (50000, 10.0, 32)
    assert profile_from_dict(profile_to_dict(result)).encoder == enc


# --- the platforms' encoder fields: the strictest destination wins --------------------------------


def test_two_destinations_give_the_strictest_of_their_fields():
    cfg = EncoderConfig(1280, 720, bitrate_kbps=9000, keyframe_seconds=3.0)
    twitch, alibaba = PLATFORMS["twitch"], PLATFORMS["alibaba"]
    merged = within_platforms(cfg, [twitch, alibaba])
    assert merged.h264_profile == "main"  # Twitch asks for Main
    assert merged.bitrate_kbps == 4000  # Alibaba's cap is the lower one
    assert merged.keyframe_seconds == 2.0  # neither takes 3 s
    assert (merged.width, merged.height, merged.fps, merged.preset) == (1280, 720, 30, "veryfast")
    # Order does not matter; settings already within every limit stay as set.
    assert within_platforms(cfg, [alibaba, twitch]) == merged
    modest = replace(cfg, bitrate_kbps=2000, keyframe_seconds=1.0)
    assert within_platforms(modest, [twitch, alibaba]) == replace(modest, h264_profile="main")
    assert within_platforms(cfg, []) == cfg
    youtube, douyin = PLATFORMS["youtube"], PLATFORMS["douyin"]
    both = within_platforms(replace(cfg, keyframe_seconds=4.0), [youtube, douyin])
    assert (both.h264_profile, both.bitrate_kbps, both.keyframe_seconds) == ("high", 6000, 2.0)
    assert within_platforms(replace(cfg, keyframe_seconds=4.0), [youtube]).keyframe_seconds == 4.0


def test_every_preset_field_is_read_and_within_the_schema():
    for preset in PLATFORMS.values():
        assert VIDEO_BITRATE.problem(preset.max_bitrate_kbps) is None, preset.id
        assert VIDEO_BITRATE.problem(preset.recommended_bitrate_kbps) is None, preset.id
        assert KEYFRAME_SECONDS.problem(preset.keyframe_seconds) is None, preset.id
    # A custom server has no platform cap: the encoder's own maximum.
    assert PLATFORMS["custom"].max_bitrate_kbps == VIDEO_BITRATE.maximum


@pytest.fixture
def keys() -> Iterator[None]:
    with memory_keyring():
        yield


def _recording_profile(tmp_path: Path) -> Profile:
    profile = small_profile(tmp_path)
    profile.scenes[0].layers = [LayerSettings("Pattern", "synthetic")]
    profile.encoder.bitrate_kbps = 9000
    # x264 signals the least profile the stream's tools need: ultrafast's would be Constrained
    # Baseline whatever the profile asked; veryfast's are High's unless Main is asked for.
    profile.encoder.preset = "veryfast"
    return profile


def _record(session: StudioSession, seconds: float = 1.5) -> Path:
    path = session.start_recording()
    time.sleep(seconds)
    session.stop_recording()
    return path


def test_session_applies_the_destinations_enabled_when_the_encode_starts(tmp_path: Path, keys):
    """Twitch's Main reaches x264: added while the preview runs, it sets the next recording's
    H.264 profile, read back from the file (the one before is High)."""
    profile = _recording_profile(tmp_path)
    session = StudioSession(profile, profile_path=tmp_path / "p.json")
    assert session.encoder_config().h264_profile == "high"
    session.open()
    try:
        before = _record(session)
        profile.destinations.append(
            DestinationSettings("Twitch", "twitch", server="rtmp://127.0.0.1:9/app")
        )
        assert session.encoder_config().h264_profile == "main"
        assert session.encoder_config().bitrate_kbps == 6000
        after = _record(session)
    finally:
        session.close()
    assert (video_info(before)["profile"], video_info(after)["profile"]) == ("High", "Main")


def test_a_stream_to_two_platforms_is_main_with_their_keyframes(
    rtmp_server: RtmpServer, tmp_path: Path
):
    """`studio stream --profile`: Twitch and Alibaba destinations (both on the test server):
    what each server receives is H.264 Main with a keyframe every 2 s, though the profile asks
    for High's default and 3 s keyframes."""
    profile = profile_to_dict(_recording_profile(tmp_path))
    profile["encoder"]["keyframe_seconds"] = 3.0
    profile["destinations"] = [
        {"name": "Twitch", "platform": "twitch", "server": rtmp_server.url("testkey")},
        {"name": "Alibaba", "platform": "alibaba", "server": rtmp_server.url("second")},
    ]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    run = studio("stream", "--profile", str(path), "--duration", "5", "--quiet")
    assert run.returncode == 0, run.output
    for key in ("testkey", "second"):
        received = rtmp_server.recorded(key)
        assert video_info(received)["profile"] == "Main", key
        steps = {round(b - a, 1) for a, b in itertools.pairwise(keyframe_times(received))}
        assert steps == {2.0}, (key, steps)
