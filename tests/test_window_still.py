"""A window that stays still (issue 17): a failed destination reconnects on its own while the
others stay live; the buttons the merchant clicks do not move when destinations come and go or
when going live; the docks keep their width whatever their texts say; the destination dialog's
fields hold still while typing; comments hold still under the pointer and while one is selected;
Pin and Answer are in sight at 1280x800; a destination named after its platform is listed once.

Real windows on the real engine (tests/test_ui_window.py's Studio), real nginx-rtmp servers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from keyrings import MemoryKeyring
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from servers import RtmpServer
from test_ui_window import Studio, destination_state, push_server
from test_ui_window import keys as keys  # the fixtures the studio fixture uses
from test_ui_window import studio_harness as studio_harness  # its windows: Studio

from studio.broadcast.destination import DestinationStats
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.profile import DestinationSettings
from studio.ui.destination_dialog import DestinationDialog, destination_text
from studio.ui.main_window import MainWindow
from studio.ui.outputs_panel import OutputsPanel
from studio.ui.settings_dialog import SettingsDialog

SIZES = [(1280, 800), (1920, 1080)]
NOW = time.time()


def on_screen(widget: QWidget) -> QRect:
    """Where the widget is on the screen: what the merchant's pointer aims at."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def sized(studio: Studio, qtbot: QtBot, size: tuple[int, int], language: str, **kw) -> MainWindow:
    window = studio.open(**kw)
    window.set_language(language)
    window.resize(*size)
    qtbot.wait(150)  # the LanguageChange and resize events are handled
    assert (window.width(), window.height()) == size
    return window


def add_destination(window: MainWindow, dest: DestinationSettings, key: str) -> None:
    """What the settings dialog does when the merchant adds one (saved at once, rows redrawn)."""
    window.session.save_destination(dest, key=key)
    window._refresh_destinations()


# --- reconnect a failed destination -------------------------------------------------------------
@pytest.fixture
def spare_server(tmp_path: Path) -> Iterator[RtmpServer]:
    """A second nginx-rtmp whose ports are known but which is down until a test starts it."""
    server = RtmpServer(keys=["second"], directory=tmp_path / "spare")
    server.start()
    server.stop()
    try:
        yield server
    finally:
        server.stop()


def test_a_failed_destination_reconnects_while_the_other_stays_live(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer, spare_server: RtmpServer
) -> None:
    good = DestinationSettings("Shop A", "custom", push_server(rtmp_server.url("testkey")))
    down = DestinationSettings("Shop B", "custom", push_server(spare_server.url("second")))
    window = studio.open(destinations=[(good, "testkey"), (down, "second")])
    outputs = window.outputs
    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: destination_state(window, "Shop A").startswith("Live"), timeout=10000)
    qtbot.waitUntil(lambda: destination_state(window, "Shop B") == "Failed", timeout=10000)
    reconnect_b = outputs.rows["Shop B"][2]
    assert reconnect_b.isEnabled(), "a failed destination's Reconnect now must be clickable"

    spare_server.start()  # the merchant fixed the server (same address)
    qtbot.mouseClick(reconnect_b, Qt.MouseButton.LeftButton)
    spare_server.wait_published("second", timeout=10)
    qtbot.waitUntil(lambda: destination_state(window, "Shop B").startswith("Live"), timeout=10000)
    assert destination_state(window, "Shop A").startswith("Live")
    stats = {d.name: d for d in window.session.stats().destinations}
    assert stats["Shop A"].reconnects == 0 and stats["Shop A"].state == "live"
    assert rtmp_server.published_keys().count("testkey") == 1  # A was never interrupted
    assert window.session.engine.streaming
    window.ask = lambda _title, _text: True
    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outputs.stream_button.text() == "Go live", timeout=10000)
    spare_server.wait_publish_done("second", timeout=5)


def test_reconnect_now_is_offered_only_while_streaming(qtbot: QtBot) -> None:
    """After the stream stopped, a destination's row keeps its last state ("Failed"), but
    its Reconnect now would do nothing (the destination is stopped): it is not clickable.
    While stopping, a language switch keeps the buttons saying so."""
    panel = OutputsPanel()
    qtbot.addWidget(panel)
    panel.set_destinations(["Shop B"])
    failed = DestinationStats("Shop B", "failed", None, "refused", 0.0, 0.0, 0, 0, 0)
    button = panel.rows["Shop B"][2]
    panel.set_streaming(True)
    panel.show_stats([failed])
    assert button.isEnabled()
    panel.set_streaming(True, busy=True)  # stopping
    assert not button.isEnabled()
    panel.set_recording(True, busy=True)
    panel.retranslate()  # a language switch while stopping says so still
    assert not panel.stream_button.isEnabled() and panel.stream_button.text() == "Stopping…"
    assert panel.record_button.text() == "Finishing the recording…"
    assert not panel.record_button.isEnabled()
    panel.set_streaming(False)
    panel.show_stats([failed])  # the stopped stream's last figures
    assert panel.rows["Shop B"][1].text() == "Failed" and not button.isEnabled()


# --- buttons that do not move -------------------------------------------------------------------
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_go_live_stays_put_as_destinations_come_and_go_and_when_live(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer, language: str
) -> None:
    window = sized(studio, qtbot, SIZES[0], language)
    outputs = window.outputs
    buttons = (outputs.stream_button, outputs.record_button, outputs.settings_button)
    before = [on_screen(b) for b in buttons]
    preview = window.preview.size()
    url = push_server(rtmp_server.url("testkey"))
    for name in ["抖音", "Shop two", "A third shop with a very long name"]:
        add_destination(window, DestinationSettings(name, "custom", url), "testkey")
        qtbot.wait(50)
        assert [on_screen(b) for b in buttons] == before, f"moved after adding {name}"
    window.session.remove_destination("Shop two")
    window.session.remove_destination("A third shop with a very long name")
    window._refresh_destinations()
    qtbot.wait(50)
    assert [on_screen(b) for b in buttons] == before
    assert window.preview.size() == preview

    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.session.stats().destinations[0].state != "connecting", timeout=10000
    )
    # The stats timer wrote the state and bitrate into the row (a fixed wait would pass
    # unchecked on a busy machine).
    qtbot.waitUntil(lambda: "kbps" in destination_state(window, "抖音"), timeout=10000)
    assert [on_screen(b) for b in buttons] == before
    assert window.preview.size() == preview
    window.ask = lambda _title, _text: True
    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.session.engine.streaming, timeout=10000)


@pytest.mark.parametrize("size", SIZES)
def test_going_live_in_english_keeps_the_docks_and_the_preview(
    studio: Studio, qtbot: QtBot, rtmp_server: RtmpServer, size: tuple[int, int]
) -> None:
    dest = DestinationSettings("Test server", "custom", push_server(rtmp_server.url("testkey")))
    window = sized(studio, qtbot, size, "en", destinations=[(dest, "testkey")])
    docks = [window.outputs_dock, window.mixer_dock, window.scenes_dock, window.effects_dock]
    widths = [d.width() for d in docks]
    preview = window.preview.size()
    outputs = window.outputs
    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "kbps" in destination_state(window, "Test server"), timeout=10000)
    # The longest texts the panel shows while live, whatever the network does.
    outputs.rows["Test server"][1].setText(
        "Live  1039 kbps  ↓ 800 kbps (slow network)  detail 75 %"
    )
    outputs.set_recording(True, busy=True)  # "Finishing the recording…"
    qtbot.wait(100)
    assert outputs.stream_button.text() == "Stop streaming"
    assert [d.width() for d in docks] == widths
    assert window.preview.size() == preview
    outputs.set_recording(False)
    window.set_language("zh_CN")
    qtbot.wait(100)
    assert [d.width() for d in docks] == widths, "the language set a dock's width"
    window.set_language("en")
    qtbot.wait(100)
    assert [d.width() for d in docks] == widths
    window.ask = lambda _title, _text: True
    qtbot.mouseClick(outputs.stream_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.session.engine.streaming, timeout=10000)


def test_a_window_opened_in_chinese_keeps_its_docks_in_english(
    studio: Studio, qtbot: QtBot, qapp
) -> None:
    studio.translations.apply(qapp, "zh_CN")  # the language the studio starts in
    window = sized(studio, qtbot, SIZES[0], "zh_CN")
    docks = [window.scenes_dock, window.effects_dock, window.outputs_dock, window.mixer_dock]
    widths = [d.width() for d in docks]
    preview = window.preview.size().width()
    window.set_language("en")  # longer button texts ("Duplicate", "Rename"...)
    qtbot.wait(100)
    assert [d.width() for d in docks] == widths
    assert window.preview.size().width() == preview


# --- the destination dialog ---------------------------------------------------------------------
def _positions(dialog: DestinationDialog) -> tuple[int, ...]:
    """Where the key field and the OK button are on the screen."""
    return on_screen(dialog.key_edit).getRect() + on_screen(dialog.buttons.buttons()[0]).getRect()


def _typed_positions(qtbot: QtBot, dialog: DestinationDialog, text: str) -> set[tuple[int, ...]]:
    """The positions after each character typed into the server field; every message shown
    fits the room kept for it (none is cut off)."""
    seen = set()
    for char in text:
        qtbot.keyClicks(dialog.server_edit, char)
        seen.add(_positions(dialog))
        for label in (dialog.name_message, dialog.server_message, dialog.key_message):
            needed = label.heightForWidth(label.width()) if label.text() else 0
            assert needed <= label.height(), (label.text(), needed, label.height())
    return seen


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("platform", ["douyin", "custom", "youtube"])
def test_the_destination_dialogs_fields_hold_still_while_typing(
    qtbot: QtBot, qapp, translations, keys: MemoryKeyring, platform: str, language: str
) -> None:
    translations.apply(qapp, language)
    dialog = DestinationDialog()
    qtbot.addWidget(dialog)
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData(platform))
    dialog.show()
    qtbot.waitExposed(dialog)
    start = _positions(dialog)
    # empty -> "enter the URL" hint, a bad URL -> an error, a good one -> no message, rtmps:// ->
    # the certificate row (custom) or a warning; then cleared again.
    seen = _typed_positions(qtbot, dialog, "rtmps://push.example.com/live?sign=x")
    dialog.server_edit.clear()
    seen |= _typed_positions(qtbot, dialog, "rtmp://1.2.3.4/app")
    dialog.name_edit.clear()  # "Enter a name." appears
    seen.add(_positions(dialog))
    assert seen == {start}


def test_a_destination_named_after_its_platform_is_listed_once(
    qtbot: QtBot, translations, keys: MemoryKeyring
) -> None:
    assert destination_text("抖音", "douyin") == "抖音"
    assert destination_text("Douyin", "douyin") == "Douyin"
    assert destination_text("Custom", "custom").count("Custom") == 1
    assert destination_text("My shop", "douyin") == "My shop  —  Douyin"
    from studio.demo import first_run_profile

    profile = first_run_profile(False, camera=False)
    profile.destinations = [DestinationSettings("抖音", "douyin", "", enabled=True)]
    dialog = SettingsDialog(profile, microphones=[], encoders=["libx264"])
    qtbot.addWidget(dialog)
    texts = [dialog.destination_list.item(i).text() for i in range(dialog.destination_list.count())]
    assert texts and texts[0].startswith("抖音") and texts[0].count("抖音") == 1, texts


# --- comments -----------------------------------------------------------------------------------
def _comment(i: int) -> ChatEvent:
    return ChatEvent(
        "comment", "demo", f"viewer{i}", f"comment {i} 有红色吗?", NOW + i, f"still-{i}"
    )


def _feed(window: MainWindow, qtbot: QtBot, first: int, count: int) -> None:
    panel = window.chat_panel
    before = panel.model.taken
    window.session.chat.sink([_comment(i) for i in range(first, first + count)])
    qtbot.waitUntil(lambda: panel.model.taken >= before + count, timeout=5000)


def test_comments_hold_still_under_the_pointer_and_while_one_is_selected(
    studio: Studio, qtbot: QtBot
) -> None:
    window = sized(studio, qtbot, SIZES[0], "en")
    window.chat_dock.raise_()
    panel = window.chat_panel
    bar = panel.view.verticalScrollBar()
    _feed(window, qtbot, 0, 60)
    assert panel.following and bar.value() == bar.maximum()

    # The pointer over the list: what is under it stays under it.
    qtbot.mouseMove(panel.view.viewport(), QPoint(20, 20))
    qtbot.waitUntil(lambda: panel.paused, timeout=2000)
    top = panel.view.indexAt(QPoint(5, 5)).row()
    _feed(window, qtbot, 60, 1)
    assert panel.new_button.isVisible() and panel.new_button.text() == "1 new comment ↓"
    _feed(window, qtbot, 61, 11)
    assert panel.view.indexAt(QPoint(5, 5)).row() == top
    assert panel.new_button.isVisible() and panel.new_button.text() == "12 new comments ↓"
    qtbot.mouseMove(window.preview, QPoint(20, 20))  # gone again: the list catches up
    qtbot.waitUntil(lambda: not panel.paused, timeout=2000)
    assert bar.value() == bar.maximum() and not panel.new_button.isVisible()

    # A comment selected (clicked): it stays where it was clicked, the pointer gone or not.
    row = panel.view.indexAt(QPoint(5, 5)).row()
    rect = panel.view.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseMove(window.preview, QPoint(20, 20))
    qtbot.wait(50)
    clicked = panel.current_event()
    assert clicked is panel.model.event_at(row)
    _feed(window, qtbot, 72, 30)
    assert panel.view.visualRect(panel.model.index(row)) == rect
    assert panel.current_event() is clicked
    # The jump button floats over the list's foot: it moves none of the host's buttons.
    assert panel.new_button.parentWidget() is panel.view
    assert panel.view.rect().contains(panel.new_button.geometry())
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.following and bar.value() == bar.maximum()
    assert not panel.new_button.isVisible()
    _feed(window, qtbot, 102, 5)
    assert bar.value() == bar.maximum()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_pin_and_answer_are_in_sight_without_scrolling(
    studio: Studio, qtbot: QtBot, language: str, size: tuple[int, int]
) -> None:
    window = sized(studio, qtbot, size, language)
    window.chat_dock.raise_()
    qtbot.wait(50)
    panel = window.chat_panel
    scroll = window.chat_dock.widget()
    viewport = on_screen(scroll.viewport())
    for button in (
        panel.pin_button,
        panel.answer_button,
        panel.unpin_button,
        panel.take_off_button,
        panel.copy_button,
        panel.mute_button,
    ):
        assert button.isVisible()
        assert viewport.contains(on_screen(button)), (button.text(), on_screen(button), viewport)
    assert not scroll.verticalScrollBar().isVisible()
    # The list still shows a good handful of comments.
    rows = panel.view.viewport().height() // max(1, panel.view.sizeHintForRow(0))
    assert rows >= 6, rows


def test_a_filter_change_keeps_following_when_no_comment_was_selected(
    studio: Studio, qtbot: QtBot
) -> None:
    """The detail shows the newest answerable question unselected; a search or the Questions
    filter must not select it (a selection holds the list still) but go on following."""
    profile = studio.profile()
    profile.catalog = [Product("P1", "保温杯", Decimal("89"), Decimal("59"), stock=100).to_dict()]
    window = studio.open(profile=profile)
    window.session.shop.explain("P1")
    window.chat_dock.raise_()
    panel = window.chat_panel
    bar = panel.view.verticalScrollBar()
    asked = [
        ChatEvent("comment", "demo", f"viewer{i}", f"comment {i} 多少钱?", NOW + i, f"price-{i}")
        for i in range(60)
    ]
    window.session.chat.sink(asked)  # questions the product on screen answers
    qtbot.mouseMove(window.preview, QPoint(20, 20))
    qtbot.waitUntil(lambda: panel.current_event() is not None, timeout=5000)
    assert panel.current_event() == asked[-1]  # the newest question, shown unselected
    assert not panel.view.currentIndex().isValid() and panel.following

    panel.set_questions_only(True)
    assert not panel.view.currentIndex().isValid(), "the filter selected a comment"
    assert panel.following
    panel.search_edit.setText("comment")
    panel._apply_search()
    assert not panel.view.currentIndex().isValid() and panel.following
    _feed(window, qtbot, 60, 30)
    assert bar.value() == bar.maximum() and not panel.new_button.isVisible()

    # A comment the host selected stays selected through a filter change.
    assert panel.select_event(asked[10])
    panel.set_questions_only(False)
    assert panel.view.currentIndex().isValid() and panel.current_event() == asked[10]
