"""A newer or broken profile is never lost (issue 15): hand-edited NaN, huge numbers and wrong
types fall back to the last good copy (or the defaults) with the bad file kept aside; a newer
version's file is opened read-only and never touched; a NaN opacity never blacks the picture out.
Through the loader, the compositor, the real window (pytest-qt, offscreen) and the real command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from dialogs import answer_dialogs
from keyrings import memory_keyring
from profiles import small_profile
from pytestqt.qtbot import QtBot
from stills import Still

from studio.profile import (
    DestinationSettings,
    Profile,
    ProfileError,
    backup_path,
    default_profile,
    profile_to_dict,
)
from studio.profile_open import open_profile
from studio.profile_store import load_profile, save_profile
from studio.read_only_session import ReadOnlySession
from studio.scene.compositor import Compositor, Layer
from studio.session import StudioError


def good_dict(tmp_path: Path) -> dict:
    """A small profile as saved, with a text layer over the test pattern and one product."""
    d = profile_to_dict(small_profile(tmp_path))
    d["scenes"][0]["layers"] = [
        {"name": "Pattern", "source": "synthetic"},
        {"name": "Title", "source": "text", "x": 10, "y": 20, "width": 200, "height": 40},
    ]
    d["catalog"] = [{"id": "p1", "name": "Mug", "price": "19.90"}]
    return d


def edited(d: dict, path: str, value: object) -> dict:
    """`d` with one setting replaced (dotted path, numbers index lists)."""
    target = d
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    target[int(last) if isinstance(target, list) else last] = value
    return d


def write_raw(path: Path, d: dict) -> bytes:
    """As a hand edit leaves it: Python's json writes NaN / Infinity tokens as Notepad would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(d, indent=1).encode()
    path.write_bytes(raw)
    return raw


# --- the loader ---------------------------------------------------------------------------------

HAND_EDITS = [
    ("scenes.0.layers.0.opacity", float("nan"), "scenes[0].layers[0].opacity is NaN"),
    ("scenes.0.layers.0.opacity", 10**400, "scenes[0].layers[0].opacity is too large"),
    ("scenes.0.layers.1.x", 10**400, "scenes[0].layers[1].x is too large"),
    ("scenes.0.layers.1.width", 10**6, "scenes[0].layers[1].width must be at most 16384"),
    ("scenes.0.layers.1.z", -(10**9), "scenes[0].layers[1].z must be between"),
    ("encoder.keyframe_seconds", float("inf"), "encoder.keyframe_seconds is infinite"),
    ("mixer", [{"source": "mic", "gain_db": float("nan")}], "mixer[0].gain_db is NaN"),
    ("canvas.fps", 1e308, "canvas.fps is too large"),
    ("canvas.width", "wide", "canvas.width must be a whole number"),
    ("canvas", [1080, 1920], "canvas must be an object"),
    ("scenes.0", ["not", "a", "scene"], "scenes[0] must be an object"),
    ("catalog.0.price", "NaN", "catalog[0]: price must be a number"),
]


@pytest.mark.parametrize(("where", "value", "message"), HAND_EDITS)
def test_a_hand_edit_is_a_clear_problem_not_a_crash(tmp_path, where, value, message):
    path = tmp_path / "profile.json"
    write_raw(path, edited(good_dict(tmp_path), where, value))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.reason == "invalid"
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"version": 1, "canvas": {"width": 1' + b"0" * 5000 + b"}}", "4300 digits"),
        (b'{"version": 1, "scenes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "too deeply"),
    ],
    ids=["5000-digit number", "nested 100000 deep"],
)
def test_numbers_and_nesting_past_the_parser_limits(tmp_path, content, message):
    path = tmp_path / "profile.json"
    path.write_bytes(content)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.reason == "json"
    assert message in str(info.value)


def test_a_file_too_large_to_be_a_profile_is_not_read_whole(tmp_path):
    path = tmp_path / "profile.json"
    with path.open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: 65 MB of nothing
    with pytest.raises(ProfileError, match="larger than 64 MB"):
        load_profile(path)


def test_saving_over_a_file_too_large_to_be_a_profile_keeps_it_aside(tmp_path):
    path = tmp_path / "profile.json"
    with path.open("wb") as f:
        f.truncate(65 * 1024 * 1024)
    save_profile(default_profile(), path)
    assert load_profile(path) == default_profile()
    [kept] = kept_files(path)
    assert kept.stat().st_size == 65 * 1024 * 1024


def test_good_profiles_still_load(tmp_path):
    path = tmp_path / "profile.json"
    write_raw(path, good_dict(tmp_path))
    profile = load_profile(path)
    assert profile.scenes[0].layers[1].width == 200
    assert str(profile.catalog[0]["price"]) == "19.90"


# --- opening for the window ---------------------------------------------------------------------


def saved_twice(tmp_path: Path) -> tuple[Path, Profile]:
    """A profile saved twice, so `.bak` holds a good copy (returned) differing from the file."""
    path = tmp_path / "config" / "profile.json"
    good = small_profile(tmp_path)
    good.scenes[0].name = "From the backup"
    good.current_scene = "From the backup"
    save_profile(good, path)
    save_profile(small_profile(tmp_path), path)
    return path, good


def kept_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".unreadable-*"))


def test_a_broken_file_falls_back_to_the_backup_and_is_kept_aside(tmp_path):
    path, good = saved_twice(tmp_path)
    bak_bytes = backup_path(path).read_bytes()
    broken = write_raw(path, edited(good_dict(tmp_path), "scenes.0.layers.0.opacity", float("nan")))
    opened = open_profile(path)
    assert opened.used == "backup" and opened.profile == good
    assert not opened.read_only and not opened.newer
    assert "opacity is NaN" in opened.problem
    assert kept_files(path) == [opened.kept_as]
    assert opened.kept_as.read_bytes() == broken  # nothing lost
    assert not path.exists()  # the window saves a good file in its place
    assert backup_path(path).read_bytes() == bak_bytes


def test_a_broken_file_without_a_backup_falls_back_to_the_defaults(tmp_path):
    path = tmp_path / "profile.json"
    broken = write_raw(path, edited(good_dict(tmp_path), "canvas", [1080, 1920]))
    opened = open_profile(path)
    assert opened.used == "defaults" and opened.profile == default_profile()
    assert opened.kept_as is not None and opened.kept_as.read_bytes() == broken
    save_profile(opened.profile, path)  # the window's first save
    assert load_profile(path) == default_profile()
    assert opened.kept_as.read_bytes() == broken


def test_two_broken_files_in_one_second_are_both_kept(tmp_path):
    path = tmp_path / "profile.json"
    path.write_bytes(b"first")
    first = open_profile(path).kept_as
    path.write_bytes(b"second")
    second = open_profile(path).kept_as
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")


def test_a_newer_file_opens_read_only_and_nothing_is_touched(tmp_path):
    path, good = saved_twice(tmp_path)
    newer = write_raw(path, {"version": 99, "sparkles": {"on": True}})
    before = {f.name: f.read_bytes() for f in path.parent.iterdir()}
    opened = open_profile(path)
    assert opened.newer and opened.read_only
    assert opened.used == "backup" and opened.profile == good
    assert opened.kept_as is None
    assert {f.name: f.read_bytes() for f in path.parent.iterdir()} == before
    assert path.read_bytes() == newer


def test_a_newer_file_with_a_huge_number_is_still_only_newer(tmp_path):
    """A newer version may write numbers this one refuses; it is left alone all the same."""
    path = tmp_path / "profile.json"
    raw = write_raw(path, {"version": 99, "stamp_ns": 2**62})
    opened = open_profile(path)
    assert opened.newer and opened.used == "defaults" and path.read_bytes() == raw


def test_the_read_only_session_writes_neither_profile_nor_keyring(tmp_path):
    path = tmp_path / "profile.json"
    raw = write_raw(path, {"version": 99})
    with memory_keyring() as keyring:
        keyring.set_password("shopcast-studio", "destination:Douyin", "newer-version-key")
        before = dict(keyring.data)
        profile = small_profile(tmp_path)
        profile.destinations = [DestinationSettings("Douyin", "douyin", "", "destination:Douyin")]
        session = ReadOnlySession(profile)
        profile.scenes[0].name = "Changed"
        session.save()
        with pytest.raises(StudioError) as info:
            session.save_destination(DestinationSettings("Douyin", "douyin", ""), key="mine")
        assert info.value.code == "read_only" and "read-only" in info.value.text
        with pytest.raises(StudioError):
            session.remove_destination("Douyin")
        with pytest.raises(StudioError):
            session.set_chat_connectors([], {})
        assert keyring.data == before
    assert path.read_bytes() == raw


# --- the compositor -----------------------------------------------------------------------------


@pytest.mark.parametrize("opacity", [float("nan"), float("inf"), 7.0])
def test_a_non_finite_or_too_high_opacity_never_blacks_the_picture_out(opacity):
    camera = np.full((64, 32, 3), (10, 200, 30), np.uint8)
    card = np.full((8, 8, 4), (0, 0, 255, 255), np.uint8)
    compositor = Compositor(32, 64)
    alone = compositor.compose([Layer("cam", Still(camera), opacity=opacity)])
    assert tuple(alone[32, 16]) == (10, 200, 30)
    stacked = compositor.compose(
        [
            Layer("cam", Still(camera), opacity=opacity),
            Layer("card", Still(card), x=4, y=4, width=8, height=8, z=1, opacity=opacity),
            Layer("half", Still(camera), x=20, y=40, width=8, height=8, z=2, opacity=opacity),
        ]
    )
    assert tuple(stacked[32, 16]) == (10, 200, 30)  # the camera
    assert tuple(stacked[8, 8]) == (0, 0, 255)  # the card, opaque
    assert tuple(stacked[44, 24]) == (10, 200, 30)


def test_a_negative_opacity_hides_the_layer():
    camera = np.full((64, 32, 3), (10, 200, 30), np.uint8)
    out = Compositor(32, 64).compose([Layer("cam", Still(camera), opacity=-1.0)])
    assert not out.any()


# --- the real window ----------------------------------------------------------------------------


@pytest.fixture
def windows(qtbot: QtBot):
    opened = []
    yield opened
    for window in opened:
        window.ask = lambda _title, _text: True
        window.close()
        qtbot.waitUntil(lambda w=window: w.session.engine is None, timeout=15000)


def show(qtbot: QtBot, windows: list, path: Path, translations, qapp):
    from studio.ui.app import open_window

    window, opened = open_window(path, translations, qapp)
    window.ask = lambda title, text: pytest.fail(f"unexpected question: {title}: {text}")
    windows.append(window)
    with qtbot.waitExposed(window):
        window.show()
    window.start()
    qtbot.waitUntil(lambda: window.session.engine.preview_seq > 0, timeout=5000)
    return window, opened


def test_the_window_on_a_hand_edited_profile_uses_the_backup_and_says_so(
    qtbot, windows, tmp_path, translations, qapp
):
    path, _good = saved_twice(tmp_path)
    broken = write_raw(path, edited(good_dict(tmp_path), "scenes.0.layers.0.opacity", 10**400))
    window, opened = show(qtbot, windows, path, translations, qapp)
    assert [s.name for s in window.session.profile.scenes] == ["From the backup"]
    severity, text = window.banner.messages["profile"]
    assert severity == "warning"
    assert "scenes[0].layers[0].opacity is too large" in text
    assert "last good copy is loaded" in text and str(opened.kept_as) in text
    assert window.banner.isVisible()
    window.set_language("zh_CN")  # the window works as usual: a change is saved
    window.close()
    qtbot.waitUntil(lambda: window.session.engine is None, timeout=15000)
    assert load_profile(path).ui.language == "zh_CN"
    assert opened.kept_as.read_bytes() == broken


def test_the_window_on_a_newer_profile_is_read_only_and_saves_nothing(
    qtbot, windows, tmp_path, translations, qapp
):
    path, _good = saved_twice(tmp_path)
    newer = write_raw(path, {"version": 99, "scenes": [{"name": "Future", "layers": []}]})
    before = {f.name: f.read_bytes() for f in path.parent.iterdir()}
    with memory_keyring() as keyring:
        window, _opened = show(qtbot, windows, path, translations, qapp)
        assert window.windowTitle() == "Shopcast Studio (read-only)"
        _severity, text = window.banner.messages["profile"]
        assert (
            "written by a newer Shopcast Studio; opened read-only, changes will not be saved"
            in text
        )
        assert [s.name for s in window.session.profile.scenes] == ["From the backup"]
        # Change things the way the merchant does; every save path runs.
        window.set_language("zh_CN")
        window.save()
        # Adding a destination (its key would go to the keyring) is refused in the dialog.
        refused = []

        def add_destination(dialog) -> bool:
            dest = DestinationSettings("Out", "custom", "rtmp://127.0.0.1/live")
            refused.append(dialog.apply_destination(dest, key="k"))
            refused.append(dialog.destination_message.text())
            return False

        answer_dialogs(window, add_destination)
        window.open_settings()
        assert refused[0] is False
        # in the window's language, switched to Chinese above
        assert "以只读方式打开：无法在此更改推流目标" in refused[1]
        assert window.session.profile.destinations == []
        window.close()
        qtbot.waitUntil(lambda: window.session.engine is None, timeout=15000)
        assert keyring.data == {}
    assert path.read_bytes() == newer
    after = {f.name: f.read_bytes() for f in path.parent.iterdir() if f.name != "window.ini"}
    assert after == {k: v for k, v in before.items() if k != "window.ini"}


def test_the_studio_command_no_longer_exits_on_a_huge_opacity(tmp_path):
    """Before: OverflowError, a traceback and exit status 1."""
    path = tmp_path / "config" / "profile.json"
    broken = write_raw(path, edited(good_dict(tmp_path), "scenes.0.layers.0.opacity", 10**400))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANGUAGE="", LANG="en_US.UTF-8")
    run = subprocess.run(
        [sys.executable, "-m", "studio", "--profile", str(path), "--exit-after", "0.5"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    [kept] = kept_files(path)
    assert kept.read_bytes() == broken
    assert load_profile(path).scenes[0].layers[0].opacity == 1.0  # the defaults, saved


def test_a_value_no_check_foresaw_is_a_broken_file_not_a_traceback(tmp_path, monkeypatch):
    """The safety net: whatever a future validator trips on, the window still opens."""
    import studio.profile_store

    path, good = saved_twice(tmp_path)
    raw = path.read_bytes()

    def trips(_data):
        raise TypeError("a check nobody wrote yet")

    monkeypatch.setattr(studio.profile_store, "profile_from_dict", trips)
    opened = open_profile(path)
    monkeypatch.undo()
    assert opened.used == "defaults"  # the .bak trips the same check
    assert "could not be read (TypeError)" in opened.problem
    assert opened.kept_as is not None and opened.kept_as.read_bytes() == raw
    assert load_profile(backup_path(path)) == good  # the last good copy is still there


def test_a_vouched_product_changed_afterwards_is_checked_again(tmp_path: Path) -> None:
    """Saving skips re-checking the product dicts the session made from its shop, but only
    while they are unchanged: one edited by hand afterwards is checked like any other."""
    from decimal import Decimal

    from studio.commerce.product import Product
    from studio.profile import default_profile, vouch_for_catalog
    from studio.profile_store import save_profile

    profile = default_profile()
    profile.catalog = [Product(id=f"P{i}", name=f"item {i}", price=Decimal("9.90")).to_dict()
                       for i in range(3)]  # fmt: skip
    vouch_for_catalog(profile.catalog)
    save_profile(profile, tmp_path / "profile.json")  # vouched: saved as they are
    profile.catalog[1]["price"] = "NaN"
    with pytest.raises(ProfileError, match="catalog"):
        save_profile(profile, tmp_path / "profile.json")
