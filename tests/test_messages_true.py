"""Every message true, every state current (issue 17): a banner goes when its condition ends,
going live says it records too and stopping stops both, the status bar never says live to no
one, what the merchant is told is in the log in their language, and quitting mid-show keeps
the show's timeline beside the recording.

Real windows on a real engine; the live tests push to the real nginx-rtmp of tests/servers.py.
"""

from __future__ import annotations

import copy
import json
import logging
import shutil
import socket
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import media
import numpy as np
import pytest
from dialogs import answer_dialogs
from keyrings import MemoryKeyring, memory_keyring
from profiles import small_profile
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from servers import RtmpServer
from windows import WindowHarness

from studio import redact
from studio.broadcast.destination import DestinationStats
from studio.commerce.product import Product
from studio.commerce.run_of_show import ShowItem
from studio.commerce.shop import Shop
from studio.engine import EngineStats
from studio.profile import DestinationSettings, LayerSettings, Profile
from studio.session import StudioError, StudioSession
from studio.ui.app import _report_unexpected_errors
from studio.ui.banner import Banner
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.status import StudioStatusBar

PRODUCTS = [Product("P1", "Wool scarf", stock=12), Product("P2", "Silk pyjamas", stock=5)]


class Studio(WindowHarness):
    def profile(self, recording: bool = False) -> Profile:
        profile = small_profile(self.tmp_path)
        profile.recording.enabled = recording
        profile.catalog = [p.to_dict() for p in PRODUCTS]
        # Something on the canvas, as a merchant's scene has.
        profile.scenes[0].layers.append(LayerSettings("Title", "text:Shop"))
        return profile

    def open(
        self,
        profile: Profile | None = None,
        destinations: Sequence[tuple[DestinationSettings, str]] = (),
    ) -> MainWindow:
        session = StudioSession(profile or self.profile(), self.profile_path)
        for dest, key in destinations:
            session.save_destination(dest, key=key)
        return self.show(session)

    def open_live(self, server: RtmpServer, profile: Profile) -> MainWindow:
        """A window with one destination: the nginx-rtmp server, key "testkey"."""
        push = server.url("testkey").rsplit("/", 1)[0]
        return self.open(profile, [(DestinationSettings("Test server", "custom", push), "testkey")])


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


@pytest.fixture
def studio_harness(keys: MemoryKeyring) -> type[Studio]:
    """Windows whose stream keys are kept in memory, not in the machine's keyring."""
    return Studio


def wait_live(qtbot: QtBot, window: MainWindow, server: RtmpServer) -> None:
    def live() -> None:
        stats = window.session.stats()
        assert "testkey" in server.published_keys(), stats.destinations

    qtbot.waitUntil(live, timeout=10000)


def nesting(text: str) -> int:
    """How deep brackets nest in `text` (1: brackets, none inside them)."""
    depth = deepest = 0
    for c in text:
        depth += c in "(（"
        deepest = max(deepest, depth)
        depth -= c in ")）"
    return deepest


def write_picture(path: Path) -> None:
    assert cv2.imwrite(str(path), np.full((40, 60, 3), 200, np.uint8))


# --- a banner goes when its condition ends ------------------------------------------------------
def test_add_a_destination_first_goes_once_one_is_added(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    # What Go live says with no destination (through _error, as toggle_streaming reports it).
    window._error(StudioError("no_destinations", "add a destination first"), "stream")
    assert window.banner.messages["stream"][1].startswith("Add a destination first")

    def add_one(_dialog: QDialog) -> bool:  # the merchant adds one in Settings, then closes
        dest = DestinationSettings("Shop", "custom", "rtmp://127.0.0.1/live")
        window.session.save_destination(dest, key="abc123")
        return False

    answer_dialogs(window, add_one)
    window.open_settings()
    assert "stream" not in window.banner.messages


def test_go_live_destination_message_follows_the_fix(studio: Studio, qtbot: QtBot) -> None:
    """A destination with no server: Go live says so; fixing it clears the line."""
    window = studio.open(destinations=[(DestinationSettings("Shop", "custom", ""), "abc123")])
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert not window.session.engine.streaming
    assert "enter the server address" in window.banner.messages["stream"][1]

    def fix(_dialog: QDialog) -> bool:
        dest = DestinationSettings("Shop", "custom", "rtmp://127.0.0.1:1/live")
        window.session.save_destination(dest, key="abc123", replacing="Shop")
        return False

    answer_dialogs(window, fix)
    window.open_settings()
    assert "stream" not in window.banner.messages


def test_run_of_show_empty_hint_goes_when_items_are_added(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.products_panel
    panel.next_product()  # the show is empty: the hint says what to do
    assert panel.show_hint.text().startswith("The run-of-show is empty")
    panel.select_product("P1")
    panel.add_to_show()
    qtbot.waitUntil(lambda: not panel.show_hint.isVisibleTo(panel), timeout=2000)
    assert panel.show_hint.text() == ""


def test_missing_picture_banner_goes_when_the_file_is_back(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    picture = tmp_path / "logo.png"
    profile = studio.profile()
    profile.scenes[0].layers.append(LayerSettings("Logo", f"image:{picture}", x=10, y=10))
    window = studio.open(profile)
    text = window.banner.messages["sources"][1]
    assert text == (
        f"“Logo” cannot be shown: the file {picture.name} is not there (moved or deleted?). "
        "Open its properties."
    )
    assert nesting(text) == 1, text  # no brackets inside brackets
    assert "Logo" not in {layer.name for layer in window.session.engine.layers}

    write_picture(picture)  # the merchant copies the file back
    # Looked for once a second (the status timer): a few seconds' room on a busy machine.
    qtbot.waitUntil(lambda: "sources" not in window.banner.messages, timeout=10000)
    assert "Logo" in {layer.name for layer in window.session.engine.layers}


def test_several_missing_sources_in_one_line_without_nested_brackets(
    studio: Studio, tmp_path: Path
) -> None:
    profile = studio.profile()
    for name in ("Logo", "Badge"):
        profile.scenes[0].layers.append(LayerSettings(name, f"image:{tmp_path / name}.png"))
    window = studio.open(profile)
    text = window.banner.messages["sources"][1]
    assert text.startswith("2 sources cannot be shown: “Logo”: the file Logo.png is not there")
    assert nesting(text) == 1, text


def test_a_failed_action_line_goes_once_the_next_change_goes_through(studio: Studio) -> None:
    window = studio.open()
    window.rename_scene("Main", "  ")
    assert window.banner.messages["action"][1] == "A name must not be empty."
    assert window.session.profile.current_scene == "Main"
    window._rename_layer(0, "")  # a failed layer rename says so too
    assert window.banner.messages["action"][1] == "A name must not be empty."
    window.rename_scene("Main", "Stage")
    assert "action" not in window.banner.messages
    assert window.session.profile.current_scene == "Stage"


def test_a_failed_add_line_goes_when_the_add_dialog_is_cancelled(
    studio: Studio, tmp_path: Path
) -> None:
    window = studio.open()

    def run(dialog: QDialog) -> int:
        dialog.editors["arg"].edit.setText(str(tmp_path / "not there.png"))
        dialog.accept()  # OK: the picture is not there, said in the dialog and the banner
        assert "add_source" in window.banner.messages
        dialog.reject()  # the merchant gives up
        return dialog.result()

    window.exec_dialog = run  # type: ignore[method-assign]
    window.add_source("image")
    assert "add_source" not in window.banner.messages


def test_no_product_card_hint_goes_once_a_card_is_added(studio: Studio, qtbot: QtBot) -> None:
    profile = studio.profile()
    profile.run_of_show = [ShowItem("P1").to_dict()]
    window = studio.open(profile)
    panel = window.products_panel
    window.ask = lambda _title, _text: False  # "add a product card?" not now
    panel.select_product("P1")
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    assert panel.show_hint.isVisibleTo(panel) and "product card" in panel.show_hint.text()
    panel.add_product_layer("card")  # the merchant adds one after all
    qtbot.waitUntil(lambda: not panel.show_hint.isVisibleTo(panel), timeout=2000)


def test_cannot_record_line_goes_with_the_folder_it_named(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    window = studio.open()
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    window.session.profile.recording.folder = str(blocker / "videos")
    qtbot.mouseClick(window.outputs.record_button, Qt.MouseButton.LeftButton)
    assert window.banner.messages["record"][1].startswith("Cannot record:")
    edited = copy.deepcopy(window.session.profile)
    edited.recording.folder = str(tmp_path / "videos")  # chosen again in Settings → Recording
    window.apply_profile(edited)
    assert "record" not in window.banner.messages
    qtbot.mouseClick(window.outputs.record_button, Qt.MouseButton.LeftButton)
    assert window.session.engine.recording and "record" not in window.banner.messages


def test_a_failed_destination_line_goes_when_the_stream_stops(studio: Studio, qtbot: QtBot) -> None:
    with socket.socket() as probe:  # a port nothing listens on: the server refuses
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dest = DestinationSettings("Nowhere", "custom", f"rtmp://127.0.0.1:{port}/live")
    window = studio.open(destinations=[(dest, "testkey")])
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "dest:Nowhere" in window.banner.messages, timeout=10000)
    window.ask = lambda _title, _text: True
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.outputs.stream_button.text() == "Go live", timeout=10000)
    window.update_status()
    assert "dest:Nowhere" not in window.banner.messages
    assert window.status.live.text() == "Not live"


def test_saving_again_clears_the_could_not_save_line(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = studio.open()
    real_save = window.session.save
    monkeypatch.setattr(window.session, "save", lambda: (_ for _ in ()).throw(OSError(28, "x")))
    window.save()
    assert "save" in window.banner.messages
    monkeypatch.setattr(window.session, "save", real_save)
    window.save()
    assert "save" not in window.banner.messages


# --- going live records too: said, and stopped together -----------------------------------------
def test_going_live_says_it_records_and_stopping_stops_both(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    window = studio.open_live(rtmp_server, studio.profile(recording=True))
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    engine = window.session.engine
    assert engine.streaming and engine.recording
    path = window.session.recording_path
    severity, text = window.banner.messages["autorecord"]
    assert severity == "info"
    assert text == (
        f"Recording too, to {path}. It stops with the stream (Settings → Recording to keep it "
        "going)."
    )
    assert window.status.currentMessage() == text  # seen even behind an error in the banner
    wait_live(qtbot, window, rtmp_server)
    # A second of it written, however busy the machine (the file's length is checked below).
    qtbot.waitUntil(lambda: engine.stats().recording_seconds >= 1.0, timeout=10000)

    questions: list[str] = []
    window.ask = lambda _title, text: questions.append(text) or True
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert questions == ["You are live. Stop the stream for every destination, and the recording?"]
    qtbot.waitUntil(lambda: window.outputs.stream_button.text() == "Go live", timeout=10000)
    qtbot.waitUntil(lambda: not window.session.engine.recording, timeout=10000)
    qtbot.waitUntil(lambda: window.outputs.record_button.text() == "Start recording", timeout=5000)
    assert "autorecord" not in window.banner.messages
    assert window.status.currentMessage() == f"Recording saved: {path}"
    assert media.duration(path) > 0.5


def test_keep_recording_after_the_stream_when_chosen(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    profile = studio.profile(recording=True)
    profile.recording.keep_after_stream = True
    window = studio.open_live(rtmp_server, profile)
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert "It goes on after the stream stops" in window.banner.messages["autorecord"][1]
    wait_live(qtbot, window, rtmp_server)
    questions: list[str] = []
    window.ask = lambda _title, text: questions.append(text) or True
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert questions == ["You are live. Stop the stream for every destination?"]
    assert window._stopping == {"stream"}  # the recording's stop is not chained after it
    qtbot.waitUntil(lambda: window.outputs.stream_button.text() == "Go live", timeout=10000)
    assert window.session.engine.recording  # the merchant chose to keep it going
    assert "autorecord" in window.banner.messages


def test_a_stopped_recording_says_streaming_goes_on_only_while_it_does(
    studio: Studio, qtbot: QtBot
) -> None:
    window = studio.open()
    qtbot.mouseClick(window.outputs.record_button, Qt.MouseButton.LeftButton)
    folder = window.session.recording_path.parent
    qtbot.waitUntil(lambda: window.session.stats().recording_seconds > 0.5, timeout=5000)
    shutil.rmtree(folder)  # the USB stick pulled out, not live
    qtbot.waitUntil(lambda: "recording" in window.banner.messages, timeout=8000)
    text = window.banner.messages["recording"][1]
    assert text.startswith("The recording folder is gone"), text
    assert "Streaming goes on" not in text  # there is no stream
    # Not recording any more, and the button says so.
    qtbot.waitUntil(lambda: window.outputs.record_button.text() == "Start recording", timeout=5000)
    assert not window.status.recording.text()  # no "REC" either
    folder.mkdir()  # the stick is back: Start recording records again
    qtbot.mouseClick(window.outputs.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.outputs.record_button.text() == "Stop recording", timeout=5000)
    qtbot.waitUntil(lambda: window.session.stats().recording_state == "recording", timeout=5000)
    assert "recording" not in window.banner.messages  # recording again: the line goes
    assert window.status.currentMessage() == ""  # no "Recording saved" for the lost one


def test_a_recording_lost_while_live_goes_with_the_stream(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    window = studio.open_live(rtmp_server, studio.profile(recording=True))
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    wait_live(qtbot, window, rtmp_server)
    shutil.rmtree(window.session.recording_path.parent)
    qtbot.waitUntil(lambda: "recording" in window.banner.messages, timeout=8000)
    assert window.banner.messages["recording"][1].endswith("Streaming goes on.")
    qtbot.waitUntil(lambda: window.outputs.record_button.text() == "Start recording", timeout=5000)
    assert "autorecord" not in window.banner.messages  # "Recording too" is no longer true
    questions: list[str] = []
    window.ask = lambda _title, text: questions.append(text) or True
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert questions == ["You are live. Stop the stream for every destination?"]
    qtbot.waitUntil(lambda: window.outputs.stream_button.text() == "Go live", timeout=10000)
    qtbot.waitUntil(lambda: not window.session.engine.recording, timeout=5000)  # taken off too
    assert "Streaming goes on" not in window.banner.messages["recording"][1]


def test_the_set_ups_go_live_never_stops_a_stream(studio: Studio, qtbot: QtBot) -> None:
    """File → Set-up assistant opened while live still ends with "Go live": it keeps the
    stream going instead of asking to stop it."""
    with socket.socket() as probe:  # a port nothing listens on: live, but to no one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dest = DestinationSettings("Nowhere", "custom", f"rtmp://127.0.0.1:{port}/live")
    window = studio.open(destinations=[(dest, "testkey")])
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert window.session.engine.streaming
    questions: list[str] = []
    window.ask = lambda _title, text: questions.append(text) or True
    window.open_setup()
    window.setup_wizard.go_live_requested.emit()  # its last step's "Go live"
    assert questions == [] and not window._stopping
    assert window.session.engine.streaming
    window.setup_wizard.skip()


def test_the_set_up_opens_again_from_the_menu_after_it_closed(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    window.open_setup()
    first = window.setup_wizard
    first.skip()  # closed: deleted with it (WA_DeleteOnClose)
    assert not first.isVisible()
    QApplication.sendPostedEvents(None, 0)  # its deleteLater done, as the event loop would
    window.setup_action.trigger()  # File → Set-up assistant…
    assert window.setup_wizard.isVisible() and window.setup_wizard.step == "platform"
    window.setup_wizard.skip()


def test_keep_recording_is_a_setting(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open(studio.profile(recording=True))
    dialog = SettingsDialog(window.session.profile, window)
    qtbot.addWidget(dialog)
    keep = dialog.keep_recording_check
    assert keep.text() == "Keep recording after the stream stops"
    assert not keep.isChecked() and keep.isEnabled()  # off by default
    dialog.recording_check.setChecked(False)  # no recording with the stream: nothing to keep
    assert not keep.isEnabled()
    dialog.recording_check.setChecked(True)
    keep.setChecked(True)
    dialog.accept()
    assert dialog.result_profile().recording.keep_after_stream


def test_a_recording_started_by_hand_stops_by_hand(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    window = studio.open_live(rtmp_server, studio.profile(recording=True))
    qtbot.mouseClick(window.outputs.record_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert "autorecord" not in window.banner.messages  # nothing started unseen
    wait_live(qtbot, window, rtmp_server)
    window.ask = lambda _title, _text: True
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert window._stopping == {"stream"}  # the recording's stop is not chained after it
    qtbot.waitUntil(lambda: window.outputs.stream_button.text() == "Go live", timeout=10000)
    assert window.session.engine.recording


# --- the status bar says what is true -----------------------------------------------------------
def _stats(*states: str) -> EngineStats:
    destinations = [
        DestinationStats(f"D{i}", state, None, None, 0.0, 0.0, 0, 0, 0)
        for i, state in enumerate(states)
    ]
    return EngineStats(
        elapsed=70.0,
        fps=30.0,
        frames=2100,
        frames_repeated=0,
        stages_ms={},
        destinations=destinations,
        recording_state=None,
        recording_error=None,
        recording_bytes=0,
        notices=[],
        streaming_seconds=65.0,
    )


def test_status_bar_live_text_follows_the_destinations(qtbot: QtBot) -> None:
    bar = StudioStatusBar()
    qtbot.addWidget(bar)
    cases = {
        ("live", "live"): "LIVE 00:01:05",
        ("live", "failed"): "LIVE 00:01:05 (1 of 2 destinations)",
        ("connecting", "failed"): "Connecting… 00:01:05",
        ("failed", "failed"): "Not live: every destination failed",
    }
    for states, text in cases.items():
        bar.show_stats(_stats(*states), 10.0, 0.0, 0.0)
        assert bar.live.text() == text, states


def test_status_bar_is_not_live_when_every_destination_failed(studio: Studio, qtbot: QtBot) -> None:
    with socket.socket() as probe:  # a port nothing listens on: the server refuses
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dest = DestinationSettings("Nowhere", "custom", f"rtmp://127.0.0.1:{port}/live")
    window = studio.open(destinations=[(dest, "testkey")])
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.stats().destinations[0].state == "failed", timeout=10000)
    window.update_status()
    assert window.status.live.text() == "Not live: every destination failed"
    assert "LIVE" not in window.status.live.text()


# --- what the merchant is told is in the log ----------------------------------------------------
def test_banners_and_notices_are_logged_in_the_window_language(
    studio: Studio, caplog: pytest.LogCaptureFixture
) -> None:
    window = studio.open()
    caplog.set_level(logging.INFO)
    window.set_language("zh_CN")
    window._error(StudioError("no_destinations", "add a destination first"), "stream")
    window.status.notice(window.tr("Recording saved: %1").replace("%1", "show.mkv"))
    window.banner.clear_message("stream")
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("studio.ui.")]
    assert any(line.startswith("banner [stream]: 请先添加推流目标") for line in lines), lines
    assert "notice: 录像已保存：show.mkv" in lines, lines
    assert "banner [stream] cleared" in lines


def test_a_question_and_its_answer_are_logged(
    studio: Studio, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    window = studio.open()
    caplog.set_level(logging.INFO)

    def answer_yes() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not up yet on a busy machine: look again
            QTimer.singleShot(20, answer_yes)
            return
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer_yes)
    assert window._ask_user("Delete scene", "Delete the scene “Main” and its sources?")
    lines = [r.getMessage() for r in caplog.records]
    assert "asked: Delete scene: Delete the scene “Main” and its sources?: yes" in lines


def test_lines_up_are_said_again_in_the_new_language(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    window = studio.open_live(rtmp_server, studio.profile(recording=True))
    window.rename_scene("Main", "")  # a refused action, still up
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    assert {"action", "autorecord"} <= set(window.banner.messages)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() != "&File", timeout=2000)
    assert window.banner.messages["action"][1] == "名称不能为空。"
    assert "autorecord" in window.banner.messages  # still recording with the stream


def test_a_dismissed_line_stays_dismissed_in_the_new_language(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    window.rename_scene("Main", "")  # a refused action's line...
    assert window.banner.isVisibleTo(window)
    window.banner.dismiss()  # ...closed by the merchant
    assert not window.banner.isVisibleTo(window)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() != "&File", timeout=2000)
    assert window.banner.messages["action"][1] == "名称不能为空。"  # said again, in Chinese
    assert not window.banner.isVisibleTo(window)  # and still closed


def test_a_banner_that_quotes_a_key_is_logged_masked(
    caplog: pytest.LogCaptureFixture, qtbot: QtBot
) -> None:
    redact.install()
    redact.remember("sk-live-8f3a9c2d")
    banner = Banner()
    qtbot.addWidget(banner)
    caplog.set_level(logging.INFO)
    banner.show_message("dest:Shop", "error", "Destination Shop: key sk-live-8f3a9c2d refused")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "banner [dest:Shop]" in logged and "sk-live-8f3a9c2d" not in logged


def test_moving_figures_are_logged_once_a_minute(
    caplog: pytest.LogCaptureFixture, qtbot: QtBot
) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    caplog.set_level(logging.INFO)
    for pct in (91, 92, 93):
        banner.show_message("health:cpu", "warning", f"CPU overloaded: {pct}% of frames lagged.")
    banner.show_message("health:cpu", "warning", "Another sentence altogether.")
    logged = [r.getMessage() for r in caplog.records]
    assert logged == [
        "banner [health:cpu]: CPU overloaded: 91% of frames lagged.",
        "banner [health:cpu]: Another sentence altogether.",
    ]


def test_an_unexpected_error_with_no_log_file_promises_no_details_there(studio: Studio) -> None:
    window = studio.open()
    previous = sys.excepthook
    try:
        _report_unexpected_errors(window, None)  # the log file could not be opened
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    text = "Something went wrong (ZeroDivisionError)."  # not "details are in the log"
    assert window.banner.messages["internal"] == ("error", text)


# --- quitting mid-show keeps the timeline -------------------------------------------------------
def test_quitting_while_live_and_presenting_writes_the_timeline(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer
) -> None:
    profile = studio.profile(recording=True)
    profile.run_of_show = [ShowItem("P1").to_dict(), ShowItem("P2").to_dict()]
    window = studio.open_live(rtmp_server, profile)
    qtbot.mouseClick(window.outputs.stream_button, Qt.MouseButton.LeftButton)
    path = window.session.recording_path
    wait_live(qtbot, window, rtmp_server)
    window.ask = lambda _title, _text: False  # no product card asked for here
    panel = window.products_panel
    panel.next_product()  # presenting the show's first product
    assert window.session.shop.explaining.id == "P1"
    qtbot.wait(1200)
    panel.select_product("P2")  # then one put on screen by hand ("Show on stream")
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    assert window.session.shop.explaining.id == "P2"
    qtbot.wait(800)

    window.ask = lambda _title, _text: True  # "quit while live?" yes
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert window.session.engine is None
    assert media.duration(path) > 0.5
    timeline = path.with_name(path.stem + ".timeline.json")
    assert path.with_name(path.stem + ".timeline.csv").is_file()
    saved = json.loads(timeline.read_text(encoding="utf-8"))
    assert saved["recording"] == path.name
    rows = saved["entries"]
    assert [(row["product"], row["name"], row["role"]) for row in rows] == [
        ("P1", "Wool scarf", "regular"),
        ("P2", "Silk pyjamas", "regular"),  # in the show: its role, though shown by hand
    ]
    assert rows[0]["spent_s"] >= 1.0 and rows[1]["start_s"] >= rows[0]["end_s"]
    assert rows[1]["spent_s"] >= 0.6  # closed when the window closed


def test_a_product_shown_by_hand_is_on_the_timeline() -> None:
    shop = Shop(PRODUCTS, [ShowItem("P1", "traffic", 60)])
    shop.go(0, 10.0)
    shop.explain("P2", 25.0)  # not in the show: no role, no target
    shop.explain("P2", 30.0)  # pressed again: the same product stays one entry
    shop.explain(None, 40.0)  # the card taken off
    assert [(e.product_id, e.role, e.target_s, e.start_s, e.end_s) for e in shop.show.timeline] == [
        ("P1", "traffic", 60, 10.0, 25.0),
        ("P2", "", 0, 25.0, 40.0),
    ]
    shop.explain("P1")  # without a time (a render, a bench): nothing is recorded
    assert len(shop.show.timeline) == 2
