"""The first-run set-up (issue 17): cameras by name, the slate and silence with no camera, the
set-up from first launch to live in at most six clicks against a real nginx-rtmp, skipping it,
reopening it from the menu, and "Go live" with nowhere to go opening it at the push URL step.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from keyrings import MemoryKeyring, memory_keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from servers import RtmpServer
from windows import WindowHarness

from studio.capture.devices import Camera, probed_cameras, sysfs_cameras
from studio.capture.microphone import list_microphones
from studio.clock import MediaClock
from studio.demo import (
    SLATE_LAYERS,
    SLATE_SHOP,
    SLATE_SOON,
    WELCOME,
    choose_camera,
    first_run_profile,
)
from studio.profile import CanvasSettings, EncoderSettings, Profile
from studio.session import StudioSession
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow
from studio.ui.setup_wizard import SetupWizard

SHOTS = os.environ.get("STUDIO_SCREENSHOTS")  # a folder: screenshots of each step land there


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


# --- camera names -------------------------------------------------------------------------------
def _node(root: Path, node: str, name: str | None, index: str | None) -> None:
    folder = root / node
    folder.mkdir(parents=True)
    if name is not None:
        (folder / "name").write_text(name + "\n")
    if index is not None:
        (folder / "index").write_text(index + "\n")


def test_cameras_are_named_from_sysfs_without_their_metadata_nodes(tmp_path: Path) -> None:
    """A webcam makes a picture node (index 0) and a metadata node (index 1): only the first is
    a camera. Two of one model are told apart; a node with no name is kept, unnamed."""
    root = tmp_path / "video4linux"
    _node(root, "video0", "HD Pro Webcam C920", "0")
    _node(root, "video1", "HD Pro Webcam C920", "1")  # its metadata
    _node(root, "video2", "Integrated Camera: Integrated C", "0")
    _node(root, "video3", "Integrated Camera: Integrated C", "1")
    _node(root, "video10", "HD Pro Webcam C920", None)  # an old kernel: no index file
    _node(root, "video12", None, "0")
    _node(root, "vbi0", "a teletext node", "0")  # not a videoN node
    assert sysfs_cameras(root) == [
        Camera(0, "HD Pro Webcam C920"),
        Camera(2, "Integrated Camera: Integrated C"),
        Camera(10, "HD Pro Webcam C920 (2)"),
        Camera(12, ""),
    ]
    assert [c.spec for c in sysfs_cameras(root)] == [
        "camera:0",
        "camera:2",
        "camera:10",
        "camera:12",
    ]
    assert sysfs_cameras(tmp_path / "absent") == []


def test_a_hanging_camera_probe_is_given_up_in_bounded_time(monkeypatch) -> None:
    """Off Linux cameras are found by opening them: a driver that hangs on open costs the
    probe's bound, not the window."""
    import cv2

    class Hanging:
        def __init__(self, index: int) -> None:
            time.sleep(5)

        def isOpened(self) -> bool:
            return True

        def release(self) -> None:
            pass

    monkeypatch.setattr(cv2, "VideoCapture", Hanging)
    started = time.monotonic()
    assert probed_cameras(timeout=0.3) == []
    assert time.monotonic() - started < 3  # about 0.3 s; well short of the 5 s hang on a busy CPU


# --- no camera: a slate and silence -------------------------------------------------------------
@pytest.mark.parametrize("chinese", [True, False])
def test_with_no_camera_the_first_run_shows_a_slate_with_silence(
    chinese: bool, monkeypatch
) -> None:
    """No test pattern (colour bars and a 1 kHz tone) anywhere: the shop's name and "Starting
    soon" on the main scene, and the microphone's sound, silence when there is none."""
    monkeypatch.setattr("studio.demo.list_cameras", lambda: [])
    profile = first_run_profile(chinese)
    sources = [layer.source for scene in profile.scenes for layer in scene.layers]
    assert "synthetic" not in sources and not any(s.startswith("camera") for s in sources)
    main = profile.scenes[0]
    assert all(layer.name in SLATE_LAYERS for layer in main.layers)
    texts = [layer.options["text"] for layer in main.layers]
    assert texts == (
        ["欢迎来到直播间", "马上开始"] if chinese else ["Welcome to the live room", "Starting soon"]
    )
    assert profile.audio_sources == ["mic"]
    if list_microphones():
        pytest.skip("this machine has a microphone: its sound is not silence")

    profile.canvas.width, profile.canvas.height = 360, 640
    session = StudioSession(profile, clock=MediaClock())
    problems = session.open()
    try:
        assert problems == []
        engine = session.engine
        deadline = time.monotonic() + 5
        while engine.preview_seq < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(s.kind == "synthetic" for s in engine.sources)
        assert [ch.source.kind for ch in engine.mixer.channels] == ["mic"]
        block = engine.mixer.mix(4800)  # 0.1 s of what viewers hear
        assert block.shape == (4800, 2) and not np.any(block)
        time.sleep(0.2)
        assert engine.mixer.channels[0].peak_dbfs == float("-inf")
    finally:
        session.close()


@pytest.mark.parametrize("chinese", [True, False])
def test_no_camera_after_a_camera_shows_the_slate_without_the_cameras_welcome(
    chinese: bool,
) -> None:
    """The welcome title goes over a camera; the slate says the welcome itself, so choosing no
    camera takes that title away with the camera (it was left twice on screen). A title the
    merchant rewrote stays."""
    profile = first_run_profile(chinese, camera="camera:0")
    session = StudioSession(profile, clock=MediaClock())  # not opened: layers only
    assert [x.source for x in session.scenes[0].layers] == ["camera:0", "text"]
    choose_camera(session, "", chinese)
    assert [x.name for x in session.scenes[0].layers] == [SLATE_SHOP[chinese], SLATE_SOON[chinese]]
    choose_camera(session, "camera:0", chinese)
    layers = session.scenes[0].layers
    assert [x.source for x in layers] == ["camera:0", "text"]
    layers[1].options["text"] = "Spring sale"
    choose_camera(session, "", chinese)
    texts = [x.options.get("text") for x in session.scenes[0].layers]
    assert texts == ["Spring sale", WELCOME[chinese], SLATE_SOON[chinese]]


# --- the window ---------------------------------------------------------------------------------
def _small(window: MainWindow) -> None:
    """A phone-sized canvas and the fastest encoder, so a 2-core machine keeps up."""
    session = window.session
    encoder = EncoderSettings(preset="ultrafast", bitrate_kbps=800)
    session.apply_settings(CanvasSettings(360, 640, 30), encoder)


def _first_launch(
    qtbot: QtBot, tmp_path: Path, translations: Translations
) -> tuple[MainWindow, float]:
    """The window as `studio` opens it on a machine that never ran it: no profile file."""
    from studio.ui.app import open_window

    started = time.monotonic()
    path = tmp_path / "config" / "profile.json"
    window, opened = open_window(path, translations, QApplication.instance())
    assert opened.first_run
    qtbot.addWidget(window)
    window.session.profile.recording.folder = str(tmp_path / "recordings")
    window.session.profile.recording.enabled = False  # what Go live does with it: issue 17, B
    _small(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    window.start()
    qtbot.waitUntil(lambda: window.setup_wizard is not None, timeout=5000)
    wizard = window.setup_wizard
    qtbot.waitUntil(wizard.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: wizard.camera_combo.isEnabled(), timeout=5000)
    qtbot.waitUntil(lambda: wizard.mic_combo.isEnabled(), timeout=5000)
    return window, started


def _close(qtbot: QtBot, window: MainWindow) -> None:
    window.ask = lambda _title, _text: True
    window.close()
    qtbot.waitUntil(lambda: window.session.engine is None, timeout=15000)


class Clicks:
    """The merchant's mouse: every click is counted."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def __call__(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget.text()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.count += 1


def test_from_first_launch_to_live_in_six_clicks_at_most(
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
    rtmp_server: RtmpServer,
) -> None:
    """A merchant holding Douyin's push URL: a platform, paste, Next, Next, Next, Go live."""
    window, started = _first_launch(qtbot, tmp_path, translations)
    wizard = window.setup_wizard
    click = Clicks(qtbot)
    assert wizard.step == "platform"
    shot(wizard, "setup-1-platform")

    click(wizard.platform_buttons["douyin"])
    assert wizard.step == "destination"
    assert "Douyin" in wizard.where_label.text() and wizard.server_edit.hasFocus()
    url = rtmp_server.url("testkey")
    wizard.server_edit.setText(url)  # pasted: the keyboard, no click
    shot(wizard, "setup-2-destination")
    click(wizard.next_button)
    assert wizard.step == "camera"
    [dest] = window.session.profile.destinations
    assert (dest.name, dest.platform) == ("Douyin", "douyin")
    assert url not in json.dumps(json.loads((tmp_path / "config" / "profile.json").read_text()))
    assert url in keys.data.values()  # the whole signed URL is kept in the keyring
    assert list(window.outputs.rows) == ["Douyin"]  # the window shows it already
    qtbot.waitUntil(
        lambda: wizard.thumbnail.pixmap() is not None and not wizard.thumbnail.pixmap().isNull(),
        timeout=3000,
    )
    shot(wizard, "setup-3-camera")

    click(wizard.next_button)
    assert wizard.step == "microphone"
    shot(wizard, "setup-4-microphone")
    click(wizard.next_button)
    assert wizard.step == "picture" and wizard.portrait_button.isChecked()  # Douyin: portrait
    assert "Douyin" in wizard.ready_label.text()
    shot(wizard, "setup-5-picture")
    click(wizard.live_button)

    assert not wizard.isVisible()
    qtbot.waitUntil(lambda: "testkey" in rtmp_server.published_keys(), timeout=15000)
    elapsed = time.monotonic() - started
    assert window.session.engine.streaming
    assert window.outputs.stream_button.isChecked()
    assert click.count <= 6, click.count
    assert elapsed < 60, elapsed
    print(f"first launch to live: {click.count} clicks, {elapsed:.1f} s")
    shot(window, "setup-6-live")
    _close(qtbot, window)


def test_the_set_up_can_be_skipped_and_reopened_from_the_menu(
    qtbot: QtBot, tmp_path: Path, keys: MemoryKeyring, translations: Translations
) -> None:
    window, _ = _first_launch(qtbot, tmp_path, translations)
    wizard = window.setup_wizard
    before = json.dumps(window.session.profile.destinations, default=str)
    qtbot.mouseClick(wizard.skip_button, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    assert json.dumps(window.session.profile.destinations, default=str) == before == "[]"
    assert window.session.engine is not None  # the studio goes on, nothing half-done

    assert window.setup_action in window.file_menu.actions()
    assert window.setup_action.text().replace("&", "") == "Set-up assistant…"
    window.setup_action.trigger()
    qtbot.waitUntil(lambda: window.setup_wizard is not None and window.setup_wizard.isVisible())
    assert window.setup_wizard is not wizard and window.setup_wizard.step == "platform"
    window.setup_wizard.skip()
    _close(qtbot, window)

    # The profile is there now: the next launch does not ask again.
    from studio.ui.app import open_window

    again, opened = open_window(
        tmp_path / "config" / "profile.json", translations, QApplication.instance()
    )
    qtbot.addWidget(again)
    assert not opened.first_run
    again.start()
    qtbot.wait(100)
    assert again.setup_wizard is None
    _close(qtbot, again)


def _window(studio: WindowHarness, profile: Profile) -> MainWindow:
    return studio.show(StudioSession(profile, studio.tmp_path / "profile.json"))


def _no_camera_profile(tmp_path: Path) -> Profile:
    profile = first_run_profile(False, camera=False)
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.audio_sources = []
    profile.recording.folder = str(tmp_path / "recordings")
    return profile


def _wizard_at(
    qtbot: QtBot,
    window: MainWindow,
    step: str,
    cameras: list[Camera] | None = None,
    mics: list[dict] | None = None,
) -> SetupWizard:
    """The set-up opened at `step` with these devices found (none by default), its changes
    applied to the window as the menu's set-up does, once its device search is done."""
    wizard = SetupWizard(
        window.session,
        window,
        start_at=step,
        cameras=lambda: list(cameras or []),
        microphones=lambda: list(mics or []),
    )
    wizard.applied.connect(window._setup_applied)
    qtbot.addWidget(wizard)
    wizard.show()
    combo = wizard.mic_combo if step == "microphone" else wizard.camera_combo
    qtbot.waitUntil(combo.isEnabled, timeout=5000)
    return wizard


def test_go_live_with_no_destination_opens_the_set_up_at_the_push_url_step(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    assert window.setup_wizard is None  # not a first launch: not shown by itself
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    wizard = window.setup_wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.step == "destination"
    assert "stream" not in window.banner.messages  # no red line: the question itself
    assert not window.session.engine.streaming and not window.outputs.stream_button.isChecked()

    # A wrong URL says why and goes no further; YouTube's key goes to the keyring only.
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.platform_buttons["youtube"], Qt.MouseButton.LeftButton)
    wizard.server_edit.setText("http://example.com/live")
    assert not wizard.next_button.isEnabled()
    assert "rtmp://" in wizard.url_message.text()
    wizard.server_edit.clear()
    assert wizard.key_edit.isVisible()
    wizard.key_edit.setText("abcd-efgh-secret")
    assert wizard.next_button.isEnabled()
    qtbot.keyClick(wizard.key_edit, Qt.Key.Key_Return)  # Enter is Next, once
    assert wizard.step == "camera"
    [dest] = window.session.profile.destinations
    assert dest.platform == "youtube" and dest.key_ref
    assert "abcd-efgh-secret" not in (tmp_path / "profile.json").read_text()
    assert "abcd-efgh-secret" in keys.data.values()
    # A second Go live while the set-up is open brings it forward at the same step.
    wizard.go_to(0)
    window.open_setup("destination")
    assert window.setup_wizard is wizard and wizard.step == "destination"
    wizard.skip()
    studio.close(window)


def test_with_no_camera_found_the_set_up_says_so_and_keeps_the_slate(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    wizard = _wizard_at(qtbot, window, "camera")
    combo = wizard.camera_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "No camera: show a “Starting soon” slate"
    ]
    message = wizard.camera_message.text()
    assert wizard.camera_message.isVisible() and message.startswith("No camera found.")
    for what in ("plugged in", "other app", "allows this app"):
        assert what in message
    names = [layer.name for layer in window.session.layers]
    assert names == ["Shop name", "Starting soon"]
    qtbot.waitUntil(
        lambda: wizard.thumbnail.pixmap() is not None and not wizard.thumbnail.pixmap().isNull(),
        timeout=3000,
    )
    shot(wizard, "setup-no-camera")

    # The shop's name goes on the slate; a camera found later replaces the slate in place.
    wizard.shop_edit.setText("Lily's Tea House")
    wizard.go_to(4)
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    texts = [layer.options.get("text") for layer in window.session.layers]
    assert texts == ["Lily's Tea House", "Starting soon"]
    shot(window, "setup-slate-window")

    wizard = _wizard_at(qtbot, window, "camera", cameras=[Camera(4, "USB Camera")])
    assert wizard.camera_combo.itemText(0) == "USB Camera"
    assert not wizard.camera_message.isVisible()
    assert [(x.name, x.source) for x in window.session.layers] == [
        ("Camera", "camera:4"),
        ("Title", "text"),
    ]
    wizard.skip()
    studio.close(window)


def test_portrait_or_landscape_is_the_last_step(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    window.open_setup()
    wizard = window.setup_wizard
    wizard.go_to(4)
    assert wizard.portrait_button.isChecked() and not wizard.live_button.isEnabled()
    assert "No push URL yet" in wizard.ready_label.text()
    qtbot.mouseClick(wizard.landscape_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    canvas = window.session.profile.canvas
    assert (canvas.width, canvas.height) == (640, 360)
    assert window.session.engine is not None
    qtbot.waitUntil(lambda: window.session.engine.preview is not None, timeout=5000)
    assert window.session.engine.preview.shape[:2] == (360, 640)
    studio.close(window)


def test_the_microphone_step_lists_them_by_name_and_meters_the_chosen_one(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    mics = [{"index": 3, "name": "USB PnP Audio", "default": True}, {"index": 5, "name": "Webcam"}]
    wizard = _wizard_at(qtbot, window, "microphone", mics=mics)
    combo = wizard.mic_combo
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == [
        ("Default microphone (USB PnP Audio)", "mic"),
        ("USB PnP Audio", "mic:USB PnP Audio"),
        ("Webcam", "mic:Webcam"),
        ("No microphone: a silent sound track", ""),
    ]
    assert not wizard.mic_message.isVisible()
    combo.setCurrentIndex(3)
    combo.activated.emit(3)
    assert window.session.profile.audio_sources == [] and not wizard.mic_hint.isVisible()

    # The meter follows the chosen source: the line-up tone (-20 dBFS) stands in for a voice.
    combo.addItem("Line-up tone", "synthetic")
    combo.setCurrentIndex(combo.count() - 1)
    combo.activated.emit(combo.count() - 1)
    assert window.session.profile.audio_sources == ["synthetic"]
    qtbot.waitUntil(lambda: -21.0 < wizard.meter.level_dbfs < -19.0, timeout=3000)
    wizard.skip()
    studio.close(window)


def test_the_set_up_follows_a_change_of_language(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    window.open_setup("destination")
    wizard = window.setup_wizard
    assert wizard.platform_buttons["douyin"].text() == "Douyin"
    assert "Douyin" in wizard.title.text()
    qtbot.waitUntil(lambda: wizard.camera_combo.isEnabled() and wizard.mic_combo.isEnabled())
    translations.apply(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: wizard.platform_buttons["douyin"].text() == "抖音", timeout=2000)
    assert "抖音" in wizard.title.text() and wizard.step == "destination"
    assert "抖音电脑开播" in wizard.where_label.text()  # where to find it, in Chinese
    # The device lists' own lines follow too.
    cameras, mics = wizard.camera_combo, wizard.mic_combo
    assert cameras.itemText(cameras.count() - 1) == "不用摄像头：显示“马上开始”画面"
    assert mics.itemText(mics.count() - 1) == "不用麦克风：无声音轨"
    shot(wizard, "setup-zh-destination")
    translations.apply(QApplication.instance(), "en")
    wizard.skip()
    studio.close(window)


def test_the_camera_thumbnail_is_live(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    window = _window(studio, _no_camera_profile(tmp_path))
    wizard = _wizard_at(qtbot, window, "camera")
    combo = wizard.camera_combo
    # The moving test pattern stands in for a camera (there is none here).
    combo.insertItem(0, "Test camera", "synthetic")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert [x.source for x in window.session.layers] == ["synthetic", "text"]

    def picture():
        pixmap = wizard.thumbnail.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()

    qtbot.waitUntil(lambda: picture() is not None, timeout=3000)
    first = picture()
    qtbot.waitUntil(lambda: picture() != first, timeout=3000)  # it moves: a live picture
    wizard.skip()
    studio.close(window)


def test_a_new_push_url_replaces_the_old_one_and_leaves_no_stale_key(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """Douyin's push URL changes every session: the set-up again replaces it, and a key kept
    from before is forgotten (it would be appended to the whole URL)."""
    from studio.profile import DestinationSettings

    window = _window(studio, _no_camera_profile(tmp_path))
    old = DestinationSettings("Douyin", "douyin", "rtmp://push.example.com/live/old?sign=1")
    window.session.save_destination(old, key="oldkey")
    assert "oldkey" in keys.data.values()
    window.open_setup("destination")
    wizard = window.setup_wizard
    assert wizard.step == "destination" and "Douyin" in wizard.title.text()
    new_url = "rtmp://push.example.com/live/new?sign=2&expire=99"
    wizard.server_edit.setText(new_url)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    [dest] = window.session.profile.destinations
    assert dest.name == "Douyin" and dest.key_ref == ""
    assert "oldkey" not in keys.data.values() and new_url in keys.data.values()
    assert [d.url for d in window.session._push_urls()] == [new_url]
    wizard.skip()
    studio.close(window)


def test_settings_open_on_the_destinations_while_there_is_none(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    from studio.profile import DestinationSettings

    window = _window(studio, _no_camera_profile(tmp_path))
    shown = []

    def note(dialog) -> int:
        shown.append(dialog.tabs.tabText(dialog.tabs.currentIndex()))
        return 0  # cancelled

    window.exec_dialog = note
    qtbot.mouseClick(window.outputs.settings_button, Qt.MouseButton.LeftButton)
    window.session.save_destination(DestinationSettings("Mine", "custom", "rtmp://h/app"))
    qtbot.mouseClick(window.outputs.settings_button, Qt.MouseButton.LeftButton)
    assert shown == ["Destinations", "General"]
    studio.close(window)


def test_go_live_with_every_destination_switched_off_opens_them_in_settings(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    # Not the set-up's push URL step (a second copy of the same destination would follow):
    # the destinations, where the merchant ticks the one switched off.
    from studio.profile import DestinationSettings

    window = _window(studio, _no_camera_profile(tmp_path))
    window.session.save_destination(DestinationSettings("Mine", "custom", "rtmp://h/app"))
    window.session.profile.destinations[0].enabled = False
    shown = []

    def note(dialog) -> int:
        shown.append(dialog.tabs.tabText(dialog.tabs.currentIndex()))
        return 0  # cancelled

    window.exec_dialog = note
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert shown == ["Destinations"]
    assert window.setup_wizard is None or not window.setup_wizard.isVisible()
    assert not window.session.engine.streaming
    studio.close(window)


def test_back_from_a_wrong_push_url_leaves_next_usable(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """Next is held back only on the push URL step while its text is wrong: Back from there
    to the platform step does not leave it disabled."""
    window = _window(studio, _no_camera_profile(tmp_path))
    window.open_setup("destination")
    wizard = window.setup_wizard
    wizard.server_edit.setText("http://example.com/live")
    assert not wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.step == "platform" and wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == "destination" and not wizard.next_button.isEnabled()
    wizard.skip()
    studio.close(window)


def test_a_camera_or_microphone_not_found_now_stays_the_choice(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """Opening the set-up while the camera in use is unplugged (or busy where cameras are found
    by opening them) leaves the scene as it is: the camera's layer reconnects by itself, and the
    slate is the merchant's choice, never the set-up's. The microphone in use stays too."""
    profile = first_run_profile(False, camera="camera:3")
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.audio_sources = ["mic:USB PnP Audio"]
    profile.recording.folder = str(tmp_path / "recordings")
    window = _window(studio, profile)
    wizard = _wizard_at(qtbot, window, "camera", cameras=[Camera(0, "Integrated Camera")])
    qtbot.waitUntil(wizard.mic_combo.isEnabled, timeout=5000)
    combo = wizard.camera_combo
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == [
        ("Integrated Camera", "camera:0"),
        ("The camera in use (not found now)", "camera:3"),
        ("No camera: show a “Starting soon” slate", ""),
    ]
    assert combo.currentData() == "camera:3"
    assert [(x.name, x.source) for x in window.session.layers] == [
        ("Camera", "camera:3"),
        ("Title", "text"),
    ]
    assert wizard.camera_message.text().startswith("The camera in use is not found now.")
    mics = wizard.mic_combo
    assert mics.currentData() == "mic:USB PnP Audio"
    assert mics.currentText() == "USB PnP Audio (not found now)"
    assert window.session.profile.audio_sources == ["mic:USB PnP Audio"]
    wizard.skip()
    studio.close(window)


def test_the_set_up_replaces_its_destination_named_in_the_other_language(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """A Douyin push URL saved while the studio spoke Chinese (抖音) is the one a new push URL
    replaces in English too, not a second Douyin going live with the expired URL; what the
    set-up does not ask (adaptive bitrate) stays as the merchant set it."""
    from studio.profile import DestinationSettings

    window = _window(studio, _no_camera_profile(tmp_path))
    old = DestinationSettings("抖音", "douyin", "rtmp://push.example.com/live/old?sign=1")
    old.adaptive = False
    window.session.save_destination(old)
    window.open_setup("destination")
    wizard = window.setup_wizard
    new_url = "rtmp://push.example.com/live/new?sign=2"
    wizard.server_edit.setText(new_url)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == "camera"
    [dest] = window.session.profile.destinations
    assert (dest.name, dest.platform, dest.adaptive) == ("Douyin", "douyin", False)
    assert [d.url for d in window.session._push_urls()] == [new_url]
    assert "rtmp://push.example.com/live/old?sign=1" not in keys.data.values()
    wizard.skip()
    studio.close(window)


def test_a_key_typed_for_another_platform_is_not_added_to_a_whole_push_url(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """YouTube's key typed, then Back and Douyin chosen: its hidden key field keeps the text,
    but Douyin's whole push URL carries its own key; nothing is appended to it."""
    window = _window(studio, _no_camera_profile(tmp_path))
    window.open_setup("platform")
    wizard = window.setup_wizard
    qtbot.mouseClick(wizard.platform_buttons["youtube"], Qt.MouseButton.LeftButton)
    wizard.key_edit.setText("youtube-key")
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.platform_buttons["douyin"], Qt.MouseButton.LeftButton)
    assert not wizard.key_edit.isVisible()
    url = "rtmp://push.example.com/live/stream?sign=3"
    wizard.server_edit.setText(url)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    [dest] = window.session.profile.destinations
    assert (dest.platform, dest.key_ref) == ("douyin", "")
    assert [d.url for d in window.session._push_urls()] == [url]
    assert "youtube-key" not in keys.data.values()
    wizard.skip()
    studio.close(window)


def test_a_server_of_ones_own_asks_for_its_address_not_the_key(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """A custom RTMP(S) server has no address to fall back on: with only a key typed the line asks
    for the address (not for the key already there), and Next waits for it."""
    window = _window(studio, _no_camera_profile(tmp_path))
    window.open_setup("platform")
    wizard = window.setup_wizard
    qtbot.mouseClick(wizard.platform_buttons["custom"], Qt.MouseButton.LeftButton)
    wizard.key_edit.setText("my-key")
    assert not wizard.next_button.isEnabled()
    assert wizard.url_message.text().startswith("Type the server's address (rtmp://…)")
    wizard.server_edit.setText("rtmp://192.168.1.20/live")
    assert wizard.next_button.isEnabled()
    wizard.skip()
    studio.close(window)


def test_the_set_up_reopened_while_live_does_not_stop_the_stream(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
    rtmp_server: RtmpServer,
) -> None:
    """The window's Go live toggles: the set-up's own "Go live" during a show would have asked
    to stop it. Live, the last step offers Finish only, and says the stream goes on."""
    from studio.profile import DestinationSettings

    profile = _no_camera_profile(tmp_path)
    profile.recording.enabled = False
    window = _window(studio, profile)
    _small(window)
    window.session.save_destination(DestinationSettings("Mine", "custom", rtmp_server.url("k")))
    window.toggle_streaming()
    assert window.session.engine.streaming
    asked: list[str] = []
    window.ask = lambda title, _text: asked.append(title) or True
    window.open_setup("picture")
    wizard = window.setup_wizard
    assert not wizard.live_button.isEnabled()
    assert wizard.ready_label.text().startswith("You are live already")
    wizard.finish(go_live=True)
    assert window.session.engine.streaming and not asked
    studio.close(window)


def test_a_change_of_language_keeps_the_slate_chosen_over_a_camera(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """The device lists are written again in the new language, and what the merchant chose
    stays: "No camera" over a camera found does not become the camera."""
    window = _window(studio, _no_camera_profile(tmp_path))
    wizard = _wizard_at(qtbot, window, "camera", cameras=[Camera(0, "USB Camera")])
    combo = wizard.camera_combo
    assert combo.currentData() == "camera:0"  # found: the first one is taken up
    combo.setCurrentIndex(combo.findData(""))
    combo.activated.emit(combo.currentIndex())
    assert [x.name for x in window.session.layers] == ["Shop name", "Starting soon"]
    translations.apply(QApplication.instance(), "zh_CN")
    try:
        qtbot.waitUntil(lambda: combo.itemText(combo.count() - 1).startswith("不用摄像头"))
        assert combo.currentData() == ""
        assert [x.name for x in window.session.layers] == ["Shop name", "Starting soon"]
    finally:
        translations.apply(QApplication.instance(), "en")
    wizard.skip()
    studio.close(window)


def test_a_devices_problem_line_goes_once_another_choice_works(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    """A source that failed says so under its list; choosing one that works takes the line
    away (it stayed, about a device no longer chosen)."""
    window = _window(studio, _no_camera_profile(tmp_path))
    mics = [{"index": 3, "name": "USB PnP Audio", "default": True}]
    wizard = _wizard_at(qtbot, window, "microphone", mics=mics)
    combo = wizard.mic_combo
    combo.addItem("A lost recording", f"file:{tmp_path / 'absent.wav'}")  # fails to open
    combo.setCurrentIndex(combo.count() - 1)
    combo.activated.emit(combo.count() - 1)
    assert wizard.mic_message.text()
    combo.setCurrentIndex(combo.findData(""))
    combo.activated.emit(combo.currentIndex())
    assert window.session.profile.audio_sources == []
    assert wizard.mic_message.text() == ""
    wizard.skip()
    studio.close(window)


def test_cameras_without_a_name_are_numbered_as_add_source_numbers_them(
    studio: WindowHarness,
    qtbot: QtBot,
    tmp_path: Path,
    keys: MemoryKeyring,
    translations: Translations,
) -> None:
    # Off Linux no camera has a name; a probe that failed for camera 1 leaves 0 and 2. Each
    # is called by its own number, as Add source → Camera calls it, not by its place here.
    window = _window(studio, _no_camera_profile(tmp_path))
    wizard = _wizard_at(qtbot, window, "camera", cameras=[Camera(0, ""), Camera(2, "")])
    combo = wizard.camera_combo
    assert [combo.itemText(i) for i in range(2)] == ["Camera 1", "Camera 3"]
    wizard.skip()
    studio.close(window)
