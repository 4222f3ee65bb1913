"""Platform presets, push URLs, canvas sizes and the keyring wrapper."""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyrings import LockedKeyring, MemoryKeyring

from studio import secrets
from studio.broadcast.platforms.registry import (
    PLATFORMS,
    PlatformPreset,
    get_platform,
    mask_url,
    validate_push_url,
)
from studio.scene.canvas import (
    CANVAS_PRESETS,
    DEFAULT_CANVAS,
    FPS_CHOICES,
    orientation,
    parse_canvas,
)

SIGNED = "rtmp://push.example.com/live/stream-id?sign=abc%2F%3D&expire=123&txSecret=a%20b"

# --- canvas -------------------------------------------------------------------------------------


def test_canvas_presets_and_default():
    sizes = {(p.width, p.height): p.orientation for p in CANVAS_PRESETS}
    assert sizes == {
        (720, 1280): "portrait",
        (1080, 1920): "portrait",
        (1280, 720): "landscape",
        (1920, 1080): "landscape",
    }
    assert DEFAULT_CANVAS.size == (1080, 1920)
    assert FPS_CHOICES == (25, 30, 60)
    assert all(p.label_en and p.label_zh for p in CANVAS_PRESETS)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("720x1280", (720, 1280)),
        (" 1920X1080 ", (1920, 1080)),
        ("1080×1920", (1080, 1920)),
        ("320x320", (320, 320)),
        ("3840x2160", (3840, 2160)),
        ("portrait-1080", (1080, 1920)),
    ],
)
def test_parse_canvas_accepts(text, size):
    assert parse_canvas(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a canvas size"),
        ("1080", "not a canvas size"),
        ("1080x", "not a canvas size"),
        ("axb", "not a canvas size"),
        ("-720x1280", "not a canvas size"),
        ("721x1280", "must be even"),
        ("720x1281", "must be even"),
        ("318x640", "between 320 and 3840"),
        ("4096x2160", "between 320 and 3840"),
    ],
)
def test_parse_canvas_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_canvas(text)


def test_orientation():
    assert orientation(1080, 1920) == "portrait"
    assert orientation(1920, 1080) == "landscape"
    assert orientation(720, 720) == "landscape"


# --- presets and push URLs ----------------------------------------------------------------------


def test_registry_holds_every_platform():
    assert set(PLATFORMS) == {
        "douyin",
        "taobao",
        "kuaishou",
        "tiktok",
        "alibaba",
        "youtube",
        "twitch",
        "facebook",
        "custom",
    }
    for pid, preset in PLATFORMS.items():
        assert isinstance(preset, PlatformPreset)
        assert preset.id == pid
        assert preset.name_en and preset.name_zh and preset.key_help_en and preset.key_help_zh
        assert 0 < preset.recommended_bitrate_kbps <= preset.max_bitrate_kbps
        assert 0 < preset.keyframe_seconds <= 4
        assert preset.h264_profile in ("high", "main")
        w, h = preset.canvas
        parse_canvas(f"{w}x{h}")  # every recommended canvas is one we can encode
        if preset.default_server:
            assert validate_push_url(preset.default_server) is None
            assert preset.default_server.startswith("rtmps://" if preset.needs_rtmps else "rtmp")


def test_published_ingest_facts():
    yt, tw, fb = get_platform("youtube"), get_platform("twitch"), get_platform("facebook")
    assert yt.default_server == "rtmps://a.rtmps.youtube.com:443/live2" and yt.needs_rtmps
    assert yt.canvas == (1920, 1080) and 3000 <= yt.recommended_bitrate_kbps <= 8000
    assert yt.max_bitrate_kbps <= 8000
    assert tw.default_server == "rtmp://live.twitch.tv/app"
    assert tw.max_bitrate_kbps == 6000 and tw.h264_profile == "main" and not tw.portrait
    assert fb.needs_rtmps and fb.default_server == "rtmps://live-api-s.facebook.com:443/rtmp/"
    assert fb.max_bitrate_kbps <= 6000 and not fb.portrait
    for pid in ("douyin", "kuaishou", "tiktok", "taobao"):
        p = get_platform(pid)
        assert p.canvas == (1080, 1920) and p.portrait
        assert p.default_server == ""  # these hand out a push URL per session


def test_get_platform_unknown_lists_known_ids():
    with pytest.raises(KeyError) as info:
        get_platform("myspace")
    text = str(info.value)
    assert "myspace" in text and "douyin" in text and "custom" in text
    assert not text.startswith('"')  # reads as a sentence, not a repr


@pytest.mark.parametrize("pid", sorted(PLATFORMS))
def test_signed_url_comes_back_byte_for_byte(pid):
    preset = get_platform(pid)
    for url in (
        SIGNED,
        "rtmp://h/live/s?a=1&&b=%zz&c=%E4%B8%AD&d=中文/ ",
        "rtmp://H.Example.COM:1935//live/./x/../s?sign=AbC+/=",
    ):
        out = preset.push_url(url, "")
        assert out == url and out.encode() == url.encode()


@pytest.mark.parametrize(
    ("pid", "server", "key", "url"),
    [
        ("youtube", "", "abcd-1234", "rtmps://a.rtmps.youtube.com:443/live2/abcd-1234"),
        ("twitch", "", "live_1_x", "rtmp://live.twitch.tv/app/live_1_x"),
        ("facebook", "", "FB-1-k", "rtmps://live-api-s.facebook.com:443/rtmp/FB-1-k"),
        ("twitch", "rtmp://fra.contribute.live-video.net/app", "k", None),
        ("tiktok", "rtmp://push-rtmp.tiktokv.com/game/", "stream-9?expire=1", None),
        ("douyin", "rtmp://push.douyin.example/stage/", "/k", None),
        ("kuaishou", "rtmp://push.ks.example/live", "k", None),
        ("taobao", "rtmp://push.tb.example/app", "k", None),
        ("alibaba", "rtmp://push.ali.example/live//", "k", None),
        ("custom", "rtmp://127.0.0.1:1935/live", "test", "rtmp://127.0.0.1:1935/live/test"),
    ],
)
def test_push_url_joins_with_one_slash(pid, server, key, url):
    out = get_platform(pid).push_url(server, key)
    if url is not None:
        assert out == url
    base = server or get_platform(pid).default_server
    assert out == base.rstrip("/") + "/" + key.lstrip("/")
    assert "//" not in out.split("://", 1)[1]


def test_push_url_key_without_server_is_an_error():
    with pytest.raises(ValueError, match="needs a server URL"):
        get_platform("douyin").push_url("", "key")


def test_push_url_server_only_uses_default_when_empty():
    assert get_platform("youtube").push_url("", "") == "rtmps://a.rtmps.youtube.com:443/live2"
    assert get_platform("custom").push_url("", "") == ""


@pytest.mark.parametrize(
    "url",
    [
        SIGNED,
        "rtmp://live.twitch.tv/app",
        "rtmps://a.rtmps.youtube.com:443/live2/abcd",
        "rtmps://live-api-s.facebook.com:443/rtmp/",
        "RTMP://Host.Example/live/key",
        "rtmp://[::1]:1935/live/k",
        "rtmp://10.0.0.5/live/k?sign=a%2Fb&expire=1700000000",
    ],
)
def test_validate_push_url_accepts(url):
    assert validate_push_url(url) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("http://example.com/live/k", "rtmp:// or rtmps://, not http://"),
        ("srt://example.com:9000/live", "rtmp:// or rtmps://"),
        ("example.com/live/key", "must start with rtmp:// or rtmps://"),
        ("rtmp://", "no server name"),
        ("rtmp:///live/key", "no server name"),
        ("rtmp://example.com", "no application path"),
        ("rtmp://example.com/", "no application path"),
        ("rtmp://example.com/?sign=x", "no application path"),
        ("rtmp://example.com:port/live", "invalid port"),
        ("rtmp://example.com:99999/live", "invalid port"),
        ("rtmp://example.com/live/my key", "spaces or line breaks"),
        ("rtmp://example.com/live/key\n", "spaces or line breaks"),
        (" rtmp://example.com/live/key", "spaces or line breaks"),
        ("rtmp://example.com/live/k\tx", "spaces or line breaks"),
    ],
)
def test_validate_push_url_rejects(url, message):
    problem = validate_push_url(url)
    assert problem is not None and message in problem
    assert "example.com" not in problem  # never echoes the URL: it may carry a key


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "rtmp://push.example.com/live/stream-id?sign=abc&expire=123",
            "rtmp://push.example.com/live/****?sign=****&expire=****",
        ),
        (
            "rtmps://a.rtmps.youtube.com:443/live2/abcd-1234",
            "rtmps://a.rtmps.youtube.com:443/live2/****",
        ),
        ("rtmp://host/live/****", "rtmp://host/live/****"),
        ("rtmp://live.twitch.tv/app", "rtmp://live.twitch.tv/app"),  # a server alone has no key
        ("rtmp://u:pw@host/app/k", "rtmp://****@host/app/****"),
        ("rtmp://host/app/k?token#frag", "rtmp://host/app/****?****#****"),
        ("host/app/key", "host/app/****"),
        ("", ""),
    ],
)
def test_mask_url(url, masked):
    assert mask_url(url) == masked


def test_mask_url_hides_every_secret_of_a_signed_url():
    out = mask_url(SIGNED)
    for secret in ("stream-id", "abc", "%2F", "123", "a%20b"):
        assert secret not in out
    assert out.startswith("rtmp://push.example.com/live/")
    assert "sign=" in out and "expire=" in out and "txSecret=" in out


# --- secrets ------------------------------------------------------------------------------------


@pytest.fixture
def use_keyring():
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    # No fallback file left behind by a test that opened a profile: these tests mean the
    # keyring alone.
    with secrets.secrets_file_for(None):
        yield use
    keyring.set_keyring(previous)


def test_secrets_round_trip(use_keyring, caplog):
    backend = use_keyring(MemoryKeyring())
    caplog.set_level(logging.DEBUG)
    assert secrets.load_secret("dest:youtube") is None
    secrets.store_secret("dest:youtube", "sk-very-secret")
    assert backend.data == {("shopcast-studio", "dest:youtube"): "sk-very-secret"}
    assert secrets.load_secret("dest:youtube") == "sk-very-secret"
    secrets.store_secret("dest:youtube", "sk-new")
    assert secrets.load_secret("dest:youtube") == "sk-new"
    secrets.delete_secret("dest:youtube")
    assert secrets.load_secret("dest:youtube") is None
    secrets.delete_secret("dest:youtube")  # deleting twice is fine
    assert "sk-very-secret" not in caplog.text and "sk-new" not in caplog.text


def test_secrets_refuse_empty_ref(use_keyring):
    use_keyring(MemoryKeyring())
    with pytest.raises(ValueError):
        secrets.store_secret("", "x")


@pytest.mark.parametrize(
    "call",
    [
        lambda: secrets.store_secret("dest:tw", "hunter2"),
        lambda: secrets.load_secret("dest:tw"),
        lambda: secrets.delete_secret("dest:tw"),
    ],
)
def test_secrets_without_keyring(use_keyring, call):
    use_keyring(fail.Keyring())
    with pytest.raises(secrets.SecretStoreError, match="no system keyring") as info:
        call()
    assert "dest:tw" in str(info.value) and "hunter2" not in str(info.value)


def test_secrets_locked_keyring(use_keyring):
    use_keyring(LockedKeyring())
    with pytest.raises(secrets.SecretStoreError, match="KeyringLocked") as info:
        secrets.store_secret("dest:tw", "hunter2")
    assert "hunter2" not in str(info.value)
