"""No secret in a profile file, ever: signed push URLs, server URLs with the key in their path and
camera passwords live in the keyring (or, with no keyring, in a 0600 file beside the profile);
the profile, its .bak and its .unreadable-* copies hold only masked forms and references. Old
profiles are migrated on load, and the secrets still work: a real stream, a real camera.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings import LockedKeyring, MemoryKeyring, memory_keyring, no_keyring
from mjpeg_camera import MjpegServer
from profiles import small_profile
from servers import RtmpServer
from streaming import studio

from studio import secrets
from studio.capture.camera import CameraSource
from studio.capture.registry import choice_for, make_source, spec_and_options, values_for
from studio.clock import MediaClock
from studio.profile import PROFILE_VERSION, DestinationSettings, LayerSettings, backup_path
from studio.profile_secrets import SecretsNotSaved, push_server
from studio.profile_store import load_profile, save_profile
from studio.secrets import SERVICE, SecretStoreError
from studio.session import StudioSession

SIGN = "8f3aQ%2Fb9-SIGNVALUE"
SIGNED = f"rtmp://push.example.com/live/room-77?sign={SIGN}&expire=1767225600&txSecret=x-y_z"
PATH_KEY = "KEYINPATH-0123"
KEYED = f"rtmp://203.0.113.7:1935/live/{PATH_KEY}"
CAM_PASS = "CAMPASS-456"
CAMERA = f"rtsp://admin:{CAM_PASS}@192.168.1.20:554/stream1"
STREAM_KEY = "sk-live-STREAMKEY-789"
OLD_SIGN = "OLDSIGN-0000"
OLD_SIGNED = f"rtmp://push.example.com/live/room-1?sign={OLD_SIGN}&expire=1700000000"
LOST_SIGN = "LOSTSIGN-1111"
SECRETS = (SIGN, PATH_KEY, CAM_PASS, STREAM_KEY, OLD_SIGN, LOST_SIGN)


@pytest.fixture(autouse=True)
def _fallback_file_restored() -> Iterator[None]:
    """Sessions and saves name the secrets file beside their profile: undo it after each test."""
    before = secrets.secrets_file()
    yield
    secrets.use_secrets_file(before)


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def leaks(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Which secrets occur in the raw bytes of which file of `folder` (secrets.json skipped
    only when asked)."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in skip:
            raw = path.read_bytes()
            hits = [s for s in SECRETS if s.encode() in raw]
            if hits:
                found[path.name] = hits
    return found


def old_profile(signed: str = SIGNED, camera: str = CAMERA) -> dict:
    """A profile as version 1 wrote it: the push URLs and the camera password in the clear."""
    return {
        "version": 1,
        "canvas": {"width": 360, "height": 640, "fps": 30},
        "scenes": [
            {"name": "Main", "layers": [{"name": "Cam", "source": f"camera:{camera}"}]},
            {"name": "Copy", "layers": [{"name": "Cam", "source": f"camera:{camera}"}]},
        ],
        "current_scene": "Main",
        "audio_sources": [],
        "destinations": [
            {"name": "Douyin", "platform": "douyin", "server": signed},
            {"name": "Own", "platform": "custom", "server": KEYED},
        ],
    }


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def write_old_streaming_profile(path: Path, rtmp_server: RtmpServer) -> str:
    """A version 1 profile at `path` streaming a pattern to one destination, `rtmp_server`,
    through a signed push URL in the clear; that URL."""
    signed = rtmp_server.url("testkey") + f"?sign={SIGN}&expire=1767225600"
    data = old_profile(signed=signed)
    data["scenes"] = [{"name": "Main", "layers": [{"name": "Pattern", "source": "synthetic"}]}]
    data["destinations"] = data["destinations"][:1]
    write_json(path, data)
    return signed


def camera_target(layer: LayerSettings) -> str | int:
    source = make_source(layer.source, MediaClock(), options=layer.options or None)
    assert isinstance(source, CameraSource)
    return source.target


# --- saving ------------------------------------------------------------------------------------


def test_a_saved_profile_holds_none_of_the_secrets(tmp_path: Path, keys: MemoryKeyring) -> None:
    path = tmp_path / "profile.json"
    session = StudioSession(small_profile(tmp_path), profile_path=path)
    session.save_destination(DestinationSettings("Douyin", "douyin", SIGNED))
    session.save_destination(DestinationSettings("Own", "custom", KEYED))
    session.save_destination(
        DestinationSettings("Tube", "youtube", "rtmp://a.rtmp.youtube.com/live2"), STREAM_KEY
    )
    session.add_layer(f"camera:{CAMERA}", name="Phone")
    session.save()
    session.profile.encoder.bitrate_kbps = 3000
    session.save()  # the first save goes to .bak
    assert backup_path(path).exists()
    # A file a newer version (or a hand edit) broke, holding a secret the old way: the next save
    # keeps it as .unreadable-*, without the secret.
    path.write_bytes(b'{"version": 1, "destinations": [{"server": "' + SIGNED.encode() + b'"')
    session.save()
    (unreadable,) = tmp_path.glob("profile.json.unreadable-*")

    assert leaks(tmp_path) == {}
    saved = json.loads(path.read_text("utf-8"))
    assert saved["version"] == PROFILE_VERSION == 4
    douyin, own, tube = saved["destinations"]
    assert (
        douyin["server"] == "rtmp://push.example.com/live/****?sign=****&expire=****&txSecret=****"
    )
    assert own["server"] == "rtmp://203.0.113.7:1935/live/****"
    assert douyin["server_ref"] and own["server_ref"] and not tube["server_ref"]
    layer = saved["scenes"][0]["layers"][-1]
    assert layer["source"] == "camera:rtsp://admin:****@192.168.1.20:554/stream1"
    # What is kept is what was given, byte for byte, under the references the profile names.
    assert keys.data[(SERVICE, douyin["server_ref"])] == SIGNED
    assert keys.data[(SERVICE, own["server_ref"])] == KEYED
    assert keys.data[(SERVICE, layer["options"]["url_ref"])] == CAMERA
    # The broken copy names where its URL is kept (the same entry: it is the same URL).
    assert f"[secret kept as {douyin['server_ref']}]".encode() in unreadable.read_bytes()

    # And it all works from the saved file.
    loaded = StudioSession(load_profile(path), profile_path=path)
    urls = {spec.name: spec.url for spec in loaded._push_urls()}
    assert urls == {
        "Douyin": SIGNED,
        "Own": KEYED,
        "Tube": f"rtmp://a.rtmp.youtube.com/live2/{STREAM_KEY}",
    }
    assert camera_target(loaded.profile.scenes[0].layers[-1]) == CAMERA


def test_a_new_url_replaces_the_kept_one_and_removing_forgets_it(
    tmp_path: Path, keys: MemoryKeyring
) -> None:
    session = StudioSession(small_profile(tmp_path), profile_path=tmp_path / "profile.json")
    session.save_destination(DestinationSettings("Douyin", "douyin", OLD_SIGNED))
    (old_ref,) = [ref for _, ref in keys.data]
    session.save_destination(DestinationSettings("Douyin", "douyin", SIGNED), replacing="Douyin")
    dest = session.profile.destinations[0]
    assert list(keys.data) == [(SERVICE, dest.server_ref)] and dest.server_ref != old_ref
    # Editing other settings with the masked URL left as shown keeps the kept URL.
    kept = DestinationSettings("Evening", "douyin", dest.server, server_ref=dest.server_ref)
    session.save_destination(kept, replacing="Douyin")
    assert [s.url for s in session._push_urls()] == [SIGNED]
    session.remove_destination("Evening")
    assert keys.data == {}


# --- migrating old profiles --------------------------------------------------------------------


def test_an_old_profile_is_migrated_on_load_with_its_copies(
    tmp_path: Path, keys: MemoryKeyring
) -> None:
    path = tmp_path / "profile.json"
    write_json(path, old_profile())
    write_json(backup_path(path), old_profile(signed=OLD_SIGNED))
    lost = tmp_path / "profile.json.unreadable-20260101-120000"
    lost.write_bytes(
        b'{"version": 1, "destinations": [{"server": "rtmp://h/live/x?sign=LOSTSIGN-1111"'
    )
    assert set(leaks(tmp_path)) == {path.name, backup_path(path).name, lost.name}

    profile = load_profile(path)

    assert leaks(tmp_path) == {}
    assert json.loads(path.read_text("utf-8"))["version"] == PROFILE_VERSION
    assert json.loads(backup_path(path).read_text("utf-8"))["version"] == PROFILE_VERSION
    # The secrets still work: the destination and the camera get their whole URLs back.
    assert [push_server(d) for d in profile.destinations] == [SIGNED, KEYED]
    assert camera_target(profile.scenes[0].layers[0]) == CAMERA
    assert camera_target(profile.scenes[1].layers[0]) == CAMERA  # one secret, two scenes
    assert push_server(load_profile(backup_path(path)).destinations[0]) == OLD_SIGNED
    ref = lost.read_text("utf-8").split("secret kept as ")[1].split("]")[0]
    assert keys.data[(SERVICE, ref)] == "rtmp://h/live/x?sign=LOSTSIGN-1111"
    # Loading again changes nothing more.
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert load_profile(path) == profile
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    # The .bak written afterwards (the migrated file) holds none either.
    profile.encoder.bitrate_kbps = 3100
    save_profile(profile, path)
    assert backup_path(path).read_bytes() == before[path.name]
    assert leaks(tmp_path) == {}


def test_a_locked_keyring_leaves_old_files_alone_and_writes_no_secret(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    write_json(path, old_profile())
    before = path.read_bytes()
    with memory_keyring(LockedKeyring()):
        profile = load_profile(path)  # usable: the secrets stay in memory for now
        assert path.read_bytes() == before
        profile.encoder.bitrate_kbps = 3000
        with pytest.raises(SecretsNotSaved) as info:
            save_profile(profile, path)
    assert isinstance(info.value, OSError) and "keyring" in info.value.strerror
    assert not any(s in str(info.value) for s in SECRETS)
    assert path.read_bytes() == before  # not rewritten with the secrets in it
    with memory_keyring():
        save_profile(profile, path)  # unlocked: the save goes through, without them
    assert leaks(tmp_path) == {}


def test_a_migrated_signed_url_still_streams(rtmp_server: RtmpServer, tmp_path: Path) -> None:
    """`studio stream --profile` on a version 1 profile, on a machine with no keyring: the file
    is rewritten without the signature, which goes to a 0600 secrets.json, and the server gets
    the whole signed URL (it accepts the key only with the query string intact)."""
    path = tmp_path / "profile.json"
    signed = write_old_streaming_profile(path, rtmp_server)
    run = studio(
        "stream", "--profile", str(path), "--duration", "3",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert SIGN not in run.output
    assert rtmp_server.recorded("testkey").stat().st_size > 10_000
    secrets_json = tmp_path / "secrets.json"
    assert stat.S_IMODE(secrets_json.stat().st_mode) == 0o600
    assert signed in json.loads(secrets_json.read_text("utf-8"))["secrets"].values()
    assert leaks(tmp_path, skip=("secrets.json",)) == {}
    assert json.loads(path.read_text("utf-8"))["version"] == PROFILE_VERSION


def test_stream_beside_an_open_window_leaves_an_old_profile_to_the_window(
    rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    """The window holds the profile's lock: `studio stream --profile` streams from it as it is
    and writes nothing (the window migrates it and owns the file meanwhile)."""
    from studio.profile_lock import ProfileLock

    path = tmp_path / "profile.json"
    write_old_streaming_profile(path, rtmp_server)
    before = path.read_bytes()
    lock = ProfileLock.acquire(path)  # as the open window holds it
    assert lock is not None
    try:
        run = studio(
            "stream", "--profile", str(path), "--duration", "3",
            env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        )  # fmt: skip
    finally:
        lock.release()
    assert run.returncode == 0, run.output
    assert SIGN not in run.output
    assert rtmp_server.recorded("testkey").stat().st_size > 10_000
    assert path.read_bytes() == before
    assert not (tmp_path / "secrets.json").exists()


def test_a_migrated_camera_password_still_opens_the_camera(
    tmp_path: Path, keys: MemoryKeyring
) -> None:
    import time

    camera = MjpegServer(auth=("admin", CAM_PASS))
    try:
        address = f"http://admin:{CAM_PASS}@127.0.0.1:{camera.port}/video.mjpg"
        path = tmp_path / "profile.json"
        write_json(path, old_profile(camera=address))
        layer = load_profile(path).scenes[0].layers[0]
        assert CAM_PASS not in layer.source and CAM_PASS.encode() not in path.read_bytes()
        source = make_source(layer.source, MediaClock(), options=layer.options)
        source.start()
        try:
            deadline = time.monotonic() + 10
            while source.state != "live" and time.monotonic() < deadline:
                time.sleep(0.05)
            assert source.state == "live", source.notice
            assert CAM_PASS not in source.label
        finally:
            source.stop()
    finally:
        camera.close()


def test_a_lost_camera_password_is_said_plainly(tmp_path: Path, keys: MemoryKeyring) -> None:
    path = tmp_path / "profile.json"
    write_json(path, old_profile())
    layer = load_profile(path).scenes[0].layers[0]
    keys.data.clear()  # the keyring was wiped
    with pytest.raises(Exception) as info:
        make_source(layer.source, MediaClock(), options=layer.options)
    assert "no longer kept" in str(info.value) and CAM_PASS not in str(info.value)
    assert getattr(info.value, "code", "") == "secret_missing"


def test_editing_an_ip_camera_keeps_its_kept_address(tmp_path: Path, keys: MemoryKeyring) -> None:
    """The properties dialog shows the masked address; left as it is, the layer keeps its
    reference; a new address typed over it is used as typed (and kept at the next save)."""
    session = StudioSession(small_profile(tmp_path), profile_path=tmp_path / "profile.json")
    layer = session.add_layer(f"camera:{CAMERA}", name="Phone")
    choice = choice_for(layer.source)
    assert choice is not None and choice.id == "ip_camera"
    values = values_for(choice, layer.source, layer.options)
    assert values["arg"] == "rtsp://admin:****@192.168.1.20:554/stream1"
    assert spec_and_options(choice, values) == (layer.source, layer.options)  # nothing changed
    new = "rtsp://admin:NEWPASS-1@192.168.1.21/stream2"
    spec, options = spec_and_options(choice, {**values, "arg": new})
    session.set_layer_source(0, spec, options)
    assert camera_target(layer) == new and "NEWPASS-1" not in layer.source
    session.save()
    assert b"NEWPASS-1" not in (tmp_path / "profile.json").read_bytes()


# --- no keyring: a private file beside the profile ---------------------------------------------


def test_without_a_keyring_secrets_go_to_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "profile.json"
    secrets_json = tmp_path / "secrets.json"
    modes: list[int] = []
    real_replace = os.replace

    def replace(src, dst):  # the file's mode at the moment it appears under its name
        if Path(dst) == secrets_json:
            modes.append(stat.S_IMODE(os.stat(src).st_mode))
        real_replace(src, dst)

    old_umask = os.umask(0)  # even a umask that lets everyone read
    try:
        with no_keyring():
            monkeypatch.setattr(os, "replace", replace)
            session = StudioSession(small_profile(tmp_path), profile_path=path)
            assert secrets.storage() == secrets.Storage("file", secrets_json)
            session.save_destination(DestinationSettings("Douyin", "douyin", SIGNED))
            session.save_destination(
                DestinationSettings("Tube", "youtube", "rtmp://a.rtmp.youtube.com/live2"),
                STREAM_KEY,
            )
            session.save()
            monkeypatch.undo()
            assert [s.url for s in session._push_urls()] == [
                SIGNED,
                f"rtmp://a.rtmp.youtube.com/live2/{STREAM_KEY}",
            ]
    finally:
        os.umask(old_umask)
    assert modes and set(modes) == {0o600}
    assert stat.S_IMODE(secrets_json.stat().st_mode) == 0o600
    assert leaks(tmp_path, skip=("secrets.json",)) == {}
    assert set(leaks(tmp_path)) == {"secrets.json"}


def test_the_secrets_file_is_kept_private_and_never_overwritten_when_damaged(
    tmp_path: Path,
) -> None:
    secrets_json = tmp_path / "secrets.json"
    with no_keyring(secrets_json):
        secrets.store_secret("destination-url:a", SIGNED)
        secrets_json.chmod(0o644)  # someone made it readable
        assert secrets.load_secret("destination-url:a") == SIGNED
        assert stat.S_IMODE(secrets_json.stat().st_mode) == 0o600
        secrets_json.write_bytes(b"{not json")
        with pytest.raises(SecretStoreError, match="damaged") as info:
            secrets.store_secret("destination-url:b", "x")
        assert secrets_json.read_bytes() == b"{not json"  # the other secrets are not lost
        assert SIGNED not in str(info.value)
    with no_keyring(None), pytest.raises(SecretStoreError, match="no system keyring"):
        secrets.store_secret("destination-url:c", "x")  # nowhere to keep it: refused


def test_a_keyring_appearing_later_still_finds_the_file_secrets(tmp_path: Path) -> None:
    secrets_json = tmp_path / "secrets.json"
    with no_keyring(secrets_json):
        secrets.store_secret("destination-url:a", SIGNED)
    secrets.use_secrets_file(secrets_json)
    with memory_keyring() as backend:
        assert secrets.load_secret("destination-url:a") == SIGNED
        secrets.store_secret("destination-url:a", SIGNED)  # now to the keyring, out of the file
        assert backend.data == {(SERVICE, "destination-url:a"): SIGNED}
    assert SIGNED not in secrets_json.read_text("utf-8")
