"""The saved set-up: defaults, validation messages, atomic saves and recovery."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from keyrings import MemoryKeyring, memory_keyring

from studio.profile import (
    PROFILE_VERSION,
    CanvasSettings,
    DestinationSettings,
    LayerSettings,
    Profile,
    ProfileError,
    SceneSettings,
    backup_path,
    default_profile,
    default_profile_path,
    profile_from_dict,
    profile_to_dict,
)
from studio.profile_store import load_or_recover, load_profile, save_profile
from studio.urls import mask_url

SIGNED = "rtmp://push.example.com/live/stream-id?sign=a%2Fb%3D&expire=123&x=%E4%B8%AD"


@pytest.fixture(autouse=True)
def keys() -> Iterator[MemoryKeyring]:
    """Saving moves secret URLs to the keyring: an in-memory one, never the machine's."""
    with memory_keyring() as backend:
        yield backend


def full_profile() -> Profile:
    p = default_profile()
    p.canvas = CanvasSettings(1280, 720, 60)
    p.encoder.bitrate_kbps = 4500
    p.encoder.keyframe_seconds = 1.5
    p.scenes.append(
        SceneSettings(
            "Products",
            [
                LayerSettings("Camera", "camera:0", fit="letterbox"),
                LayerSettings(
                    "Card",
                    "image:/tmp/card.png",
                    x=-10,
                    y=40,
                    width=400,
                    height=300,
                    z=2,
                    opacity=0.5,
                    visible=False,
                    fit="stretch",
                    locked=True,
                ),
            ],
        )
    )
    p.current_scene = "Products"
    p.audio_sources = ["mic", "mic:USB"]
    p.destinations = [
        # As saved: the signed URL masked, the whole of it under server_ref (see
        # tests/test_secrets_at_rest.py for how it gets there).
        DestinationSettings(
            "Douyin", "douyin", mask_url(SIGNED), "dest:douyin", server_ref="url:douyin"
        ),
        DestinationSettings("YouTube", "youtube", "", "dest:yt", enabled=False),
    ]
    p.recording.format = "mp4"
    p.recording.folder = "/tmp/rec"
    return p


def errors_of(d: dict) -> list[str]:
    with pytest.raises(ProfileError) as info:
        profile_from_dict(d)
    return info.value.errors or [info.value.message]


def with_change(path: str, value) -> dict:
    """The default profile as a dict, with one setting changed (dotted path, [n] for lists)."""
    d = profile_to_dict(default_profile())
    d["destinations"] = [{"name": "Out", "platform": "custom", "server": "rtmp://h/live"}]
    target = d
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return d


# --- defaults and round trip --------------------------------------------------------------------


def test_default_profile():
    p = default_profile()
    assert p.version == PROFILE_VERSION == 4
    assert (p.canvas.width, p.canvas.height, p.canvas.fps) == (1080, 1920, 30)
    assert p.encoder.video_encoder == "auto" and p.encoder.preset == "veryfast"
    assert p.encoder.bitrate_kbps == 2500 and p.encoder.audio_bitrate_kbps == 128
    assert p.encoder.keyframe_seconds == 2.0
    assert [s.name for s in p.scenes] == ["Main"] and p.current_scene == "Main"
    (layer,) = p.scenes[0].layers
    assert layer.source == "synthetic" and layer.width is None and layer.height is None
    assert (layer.x, layer.y, layer.opacity, layer.fit) == (0, 0, 1.0, "crop")
    assert p.audio_sources == ["mic"] and p.destinations == []
    assert p.recording.enabled and p.recording.format == "mkv"
    assert Path(p.recording.folder) == Path(platformdirs.user_videos_dir()) / "Shopcast Studio"
    assert default_profile() == p and default_profile() is not p


def test_default_profile_path():
    path = default_profile_path()
    assert path.name == "profile.json"
    assert path.parent == Path(platformdirs.user_config_dir("Shopcast Studio", appauthor=False))


def test_round_trip_through_dict_and_json():
    p = full_profile()
    d = profile_to_dict(p)
    assert d["version"] == PROFILE_VERSION == 4
    assert profile_from_dict(json.loads(json.dumps(d))) == p


def test_round_trip_through_file_keeps_signed_url_byte_for_byte(tmp_path, keys):
    from studio.profile_secrets import push_server

    path = tmp_path / "profile.json"
    save_profile(full_profile(), path)
    assert load_profile(path) == full_profile()
    p = full_profile()
    p.destinations[0].server, p.destinations[0].server_ref = SIGNED, ""
    save_profile(p, path)
    loaded = load_profile(path)
    assert SIGNED.encode() not in path.read_bytes()
    assert push_server(loaded.destinations[0]) == SIGNED  # the keyring's copy, byte for byte


def test_missing_optional_settings_take_defaults():
    p = profile_from_dict({"version": PROFILE_VERSION})
    assert p == default_profile()
    p = profile_from_dict(
        {"version": PROFILE_VERSION, "canvas": {"fps": 60}, "scenes": [{"name": "A"}]}
    )
    assert p.canvas.width == 1080 and p.canvas.fps == 60
    assert p.current_scene == "A" and p.scenes[0].layers == []


def test_integral_floats_are_accepted_as_whole_numbers():
    p = profile_from_dict(with_change("canvas.fps", 30.0))
    assert p.canvas.fps == 30 and isinstance(p.canvas.fps, int)


# --- validation messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("canvas.fps", 24, "canvas.fps must be one of 25, 30, 60"),
        ("canvas.fps", True, "canvas.fps must be one of 25, 30, 60"),
        ("canvas.width", "1080", "canvas.width must be a whole number"),
        ("canvas.width", 1081, "canvas.width/height: canvas 1081x1920 is not supported"),
        ("canvas.height", 5000, "each side must be between 320 and 3840"),
        ("canvas", [], "canvas must be an object"),
        ("canvas.fsp", 30, "canvas.fsp is not a known setting"),
        ("encoder.preset", "quick", "encoder.preset must be one of ultrafast, superfast"),
        ("encoder.video_encoder", "Lib X264", "encoder.video_encoder must be 'auto' or an FFmpeg"),
        ("encoder.bitrate_kbps", 10, "encoder.bitrate_kbps must be between 200 and 50000"),
        ("encoder.bitrate_kbps", 2500.5, "encoder.bitrate_kbps must be a whole number"),
        ("encoder.audio_bitrate_kbps", 1000, "encoder.audio_bitrate_kbps must be between 32"),
        ("encoder.keyframe_seconds", 0, "encoder.keyframe_seconds must be at least 0.5 and"),
        ("encoder.keyframe_seconds", "2", "encoder.keyframe_seconds must be a number"),
        ("scenes", [], "scenes must hold at least one scene"),
        ("scenes", {}, "scenes must be a list"),
        ("scenes.0.name", "", "scenes[0].name must not be empty"),
        ("scenes.0.name", 5, "scenes[0].name must be text"),
        ("scenes.0.layers.0.source", "", "scenes[0].layers[0].source must not be empty"),
        ("scenes.0.layers.0.opacity", 1.5, "scenes[0].layers[0].opacity must be at least 0"),
        ("scenes.0.layers.0.fit", "zoom", "scenes[0].layers[0].fit must be one of crop, letterbox"),
        ("scenes.0.layers.0.width", 0, "scenes[0].layers[0].width must be at least 1"),
        ("scenes.0.layers.0.visible", "yes", "scenes[0].layers[0].visible must be true or false"),
        ("scenes.0.layers.0.x", None, "scenes[0].layers[0].x must be a whole number"),
        ("scenes.0.layers.0", "camera", "scenes[0].layers[0] must be an object"),
        ("current_scene", "Nope", "current_scene 'Nope' is not the name of one of the scenes"),
        ("audio_sources", ["mic", ""], "audio_sources must be a list of source specs"),
        ("audio_sources", "mic", "audio_sources must be a list"),
        ("destinations.0.platform", "myspace", "destinations[0].platform 'myspace' is not a known"),
        ("destinations.0.server", "http://h/live", "destinations[0].server: The push URL must"),
        ("destinations.0.server", "rtmp://h/live/k ey", "destinations[0].server: The push URL"),
        ("destinations.0.name", "", "destinations[0].name must not be empty"),
        ("destinations.0.enabled", 1, "destinations[0].enabled must be true or false"),
        ("recording.format", "avi", "recording.format must be one of mkv, mp4"),
        ("recording.folder", "", "recording.folder must not be empty"),
        ("theme", "dark", "theme is not a known setting"),
    ],
)
def test_each_validation_message(path, value, message):
    errors = errors_of(with_change(path, value))
    assert any(message in e for e in errors), errors


def test_required_names_are_reported_missing():
    d = profile_to_dict(default_profile())
    del d["scenes"][0]["layers"][0]["name"]
    d["destinations"] = [{"platform": "custom"}]
    errors = errors_of(d)
    assert "scenes[0].layers[0].name is missing" in errors
    assert "destinations[0].name is missing" in errors


def test_duplicate_names_are_reported():
    d = profile_to_dict(full_profile())
    d["scenes"][1]["layers"][1]["name"] = "Camera"
    d["scenes"][1]["name"] = "Main"
    d["destinations"][1]["name"] = "Douyin"
    errors = errors_of(d)
    assert "scenes[1].layers: two layers are named 'Camera'; names must differ" in errors
    assert "scenes: two scenes are named 'Main'; names must differ" in errors
    assert "destinations: two destinations are named 'Douyin'; names must differ" in errors


def test_all_problems_are_collected_at_once():
    d = with_change("canvas.fps", 24)
    d["encoder"]["preset"] = "quick"
    d["recording"]["format"] = "avi"
    assert len(errors_of(d)) == 3


@pytest.mark.parametrize("field", ["key", "stream_key", "token"])
def test_a_stream_key_is_never_accepted_in_the_profile(field):
    d = with_change(f"destinations.0.{field}", "live_123_SECRET")
    errors = errors_of(d)
    where = f"destinations[0].{field}"
    assert any("kept in the system keyring" in e and where in e for e in errors)
    assert not any("SECRET" in e for e in errors)


def test_no_key_field_in_saved_destinations(tmp_path):
    path = tmp_path / "p.json"
    save_profile(full_profile(), path)
    dest = json.loads(path.read_text("utf-8"))["destinations"][0]
    assert set(dest) == {
        "name",
        "platform",
        "server",
        "key_ref",
        "server_ref",
        "ca_file",
        "enabled",
        "adaptive",
    }


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (5, "made by a newer Shopcast Studio (version 5); this version reads up to 4"),
        (0, "version must be 4"),
        ("1", "version must be a whole number"),
        (None, "version must be a whole number"),
    ],
)
def test_version_checks(version, message):
    d = profile_to_dict(default_profile())
    d["version"] = version
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        profile_from_dict(d)


def test_version_is_required():
    with pytest.raises(ProfileError, match="version is missing"):
        profile_from_dict({"canvas": {}})


def test_not_an_object():
    with pytest.raises(ProfileError, match="must be a JSON object"):
        profile_from_dict([1, 2])


def test_profile_to_dict_refuses_an_invalid_profile(tmp_path):
    p = default_profile()
    p.canvas.fps = 24
    with pytest.raises(ProfileError, match=r"canvas\.fps must be one of 25, 30, 60"):
        profile_to_dict(p)
    with pytest.raises(ProfileError):
        save_profile(p, tmp_path / "p.json")
    assert not (tmp_path / "p.json").exists()


# --- files --------------------------------------------------------------------------------------


def test_load_missing_file(tmp_path):
    with pytest.raises(ProfileError, match="No profile at") as info:
        load_profile(tmp_path / "nope.json")
    assert info.value.reason == "missing"


def test_load_broken_json_names_the_line(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text('{\n  "version": 1,\n  "canvas": {,\n}\n', "utf-8")
    with pytest.raises(ProfileError, match="not valid JSON at line 3") as info:
        load_profile(path)
    assert info.value.reason == "json"


def test_load_accepts_a_utf8_bom(tmp_path):
    path = tmp_path / "profile.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(profile_to_dict(full_profile())).encode())
    assert load_profile(path) == full_profile()


def test_load_not_utf8(tmp_path):
    path = tmp_path / "profile.json"
    path.write_bytes(b'{"version": 1, "x": "\xff"}')
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(path)


def test_load_field_errors_list_each_problem(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(with_change("canvas.fps", 24)), "utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.reason == "invalid"
    assert "cannot use:\n- canvas.fps must be one of 25, 30, 60" in str(info.value)


def test_load_newer_version(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"version": 5, "sparkles": True}), "utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.reason == "newer"
    assert "made by a newer Shopcast Studio (version 5); this version reads up to 4" in str(
        info.value
    )


def test_save_is_utf8_json_with_version(tmp_path):
    path = tmp_path / "deep" / "er" / "profile.json"
    p = full_profile()
    p.scenes[0].name = "主场景"
    p.current_scene = "主场景"
    save_profile(p, path)
    text = path.read_text("utf-8")
    assert '"主场景"' in text and json.loads(text)["version"] == 4
    assert not backup_path(path).exists()  # nothing to back up on the first save
    assert [f.name for f in path.parent.iterdir()] == ["profile.json"]  # no temp files left


def test_save_keeps_previous_good_file_as_bak(tmp_path):
    path = tmp_path / "profile.json"
    first, second, third = default_profile(), full_profile(), full_profile()
    third.encoder.bitrate_kbps = 3000
    save_profile(first, path)
    save_profile(second, path)
    assert load_profile(backup_path(path)) == first
    assert load_profile(path) == second
    save_profile(second, path)  # an identical save keeps the older backup
    assert load_profile(backup_path(path)) == first
    save_profile(third, path)
    assert load_profile(backup_path(path)) == second
    assert load_profile(path) == third
    assert backup_path(path).name == "profile.json.bak"


def test_save_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "profile.json"
    save_profile(default_profile(), path)
    before = path.read_bytes()
    real_replace = os.replace

    def replace_failing_on_profile(src, dst):
        if Path(dst) == path:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_failing_on_profile)
    with pytest.raises(OSError, match="disk full"):
        save_profile(full_profile(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before  # the old file is whole, not half-written
    assert backup_path(path).read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["profile.json", "profile.json.bak"]


def test_save_never_overwrites_an_unreadable_file(tmp_path):
    path = tmp_path / "profile.json"
    save_profile(default_profile(), path)
    save_profile(full_profile(), path)
    broken = b'{"version": 7, "from": "the future"}'
    path.write_bytes(broken)
    save_profile(default_profile(), path)
    kept = [f for f in tmp_path.iterdir() if f.name.startswith("profile.json.unreadable-")]
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    assert load_profile(path) == default_profile()
    assert load_profile(backup_path(path)) == default_profile()  # the .bak stays a good file


# --- recovery -----------------------------------------------------------------------------------


def test_recover_missing_file_is_a_first_run(tmp_path):
    path = tmp_path / "profile.json"
    assert load_or_recover(path) == (default_profile(), None)
    assert not path.exists()


def test_recover_good_file(tmp_path):
    path = tmp_path / "profile.json"
    save_profile(full_profile(), path)
    assert load_or_recover(path) == (full_profile(), None)


def test_broken_json_keeps_the_file_and_recovers_the_bak(tmp_path):
    path = tmp_path / "profile.json"
    good = full_profile()
    save_profile(good, path)
    save_profile(default_profile(), path)  # .bak now holds `good`
    broken = b'{"version": 1, "canvas": {"fps": 30,,}'
    path.write_bytes(broken)
    files_before = sorted(f.name for f in tmp_path.iterdir())
    profile, warning = load_or_recover(path)
    assert profile == good
    assert warning is not None
    assert "not valid JSON at line 1" in warning and "profile.json.bak" in warning
    assert "left untouched" in warning
    assert path.read_bytes() == broken
    assert sorted(f.name for f in tmp_path.iterdir()) == files_before


def test_invalid_file_without_bak_falls_back_to_defaults(tmp_path):
    path = tmp_path / "profile.json"
    content = json.dumps(with_change("recording.format", "avi"))
    path.write_text(content, "utf-8")
    profile, warning = load_or_recover(path)
    assert profile == default_profile()
    assert "recording.format must be one of mkv, mp4" in warning
    assert "default set-up" in warning
    assert path.read_text("utf-8") == content


def test_newer_file_is_left_alone_and_bak_used(tmp_path):
    path = tmp_path / "profile.json"
    save_profile(full_profile(), path)
    save_profile(default_profile(), path)
    newer = json.dumps({"version": 5, "effects": ["sparkles"]})
    path.write_text(newer, "utf-8")
    profile, warning = load_or_recover(path)
    assert profile == full_profile()
    assert "made by a newer Shopcast Studio (version 5); this version reads up to 4" in warning
    assert path.read_text("utf-8") == newer


def test_broken_bak_too_falls_back_to_defaults(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text("not json", "utf-8")
    backup_path(path).write_text('{"version": 1, "canvas": {"fps": 24}}', "utf-8")
    profile, warning = load_or_recover(path)
    assert profile == default_profile()
    assert "default set-up" in warning
    assert path.read_text("utf-8") == "not json"
    assert backup_path(path).read_text("utf-8") == '{"version": 1, "canvas": {"fps": 24}}'


def test_profiles_do_not_share_mutable_defaults():
    a, b = default_profile(), default_profile()
    a.scenes[0].layers.append(LayerSettings("Logo", "image:/x.png"))
    a.audio_sources.append("mic:2")
    assert len(b.scenes[0].layers) == 1 and b.audio_sources == ["mic"]
    assert copy.deepcopy(a) == a


# --- chat settings ---------------------------------------------------------------------------
def test_chat_settings_round_trip_and_refuse_tokens(tmp_path):
    from studio.chat.answers import DEFAULT_RULES, ShopTerms, rules_to_list
    from studio.chat.connector import ConnectorSettings
    from studio.profile import ChatSettings

    p = default_profile()
    rules = rules_to_list(DEFAULT_RULES)
    rules[0]["enabled"] = False
    p.chat = ChatSettings(
        connectors=[
            ConnectorSettings(
                "irc", "irc.chat.twitch.tv:6697", True, "#shop", "host", "chat:abc", {"joins": "1"}
            ),
            ConnectorSettings("demo", options={"rate": "5"}, enabled=False),
        ],
        rules=rules,
        terms=ShopTerms(shipping_zh="顺丰包邮").to_dict(),
        blocked_words=["加微信", "vx"],
        questions_only=True,
        show_activity=False,
    )
    save_profile(p, tmp_path / "p.json")
    again = load_profile(tmp_path / "p.json")
    assert again.chat == p.chat
    assert profile_from_dict(profile_to_dict(p)).chat == p.chat

    d = profile_to_dict(p)
    d["chat"]["connectors"][0]["token"] = "oauth:secret"
    d["chat"]["connectors"][1]["options"]["password"] = "x"
    d["chat"]["rules"] = [{"id": "x", "topic": "nope"}]
    d["chat"]["terms"] = {"shipping_zh": 3}
    d["chat"]["blocked_words"] = [1]
    with pytest.raises(ProfileError) as info:
        profile_from_dict(d)
    text = "; ".join(info.value.errors)
    for fragment in ("keyring", "options.password", "chat.rules", "chat.terms", "blocked_words"):
        assert fragment in text, (fragment, text)
