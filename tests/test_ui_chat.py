"""The Comments dock on a real window and a real engine: the demo room's comments in order, a
flood of 5,000 with none lost while the event loop stays responsive, auto-scroll that pauses while
the host reads back, the filters (questions, keyword, blocked words, mute), a pinned comment and
an answer card on the stream, hostile texts shown as plain text within the dock, the chat
settings kept in the profile and the token in the keyring. A screenshot of the pane in Chinese is
kept in /tmp/chat_pane.png for a person to look at.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from keyrings import MemoryKeyring, memory_keyring
from profiles import small_profile
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.chat.answers import DEFAULT_RULES, ShopTerms
from studio.chat.connector import ConnectorSettings
from studio.chat.events import ChatEvent
from studio.commerce.product import Product
from studio.profile_store import load_profile
from studio.session import StudioSession
from studio.ui.answer_rules_dialog import RulesDialog
from studio.ui.chat_dialogs import ConnectorsDialog
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_dark_theme

SCREENSHOT = Path("/tmp/chat_pane.png")
CUP = Product(
    "P1", "保温杯", Decimal("89"), Decimal("59"), stock=100, selling_points=("12小时保温",)
)


def _event(n: int, text: str, user: str = "小鱼儿", kind: str = "comment", **more) -> ChatEvent:
    return ChatEvent(
        kind=kind,  # type: ignore[arg-type]
        platform="test",
        user=user,
        text=text,
        time=1000.0 + n,
        id=f"test:{n}",
        user_id=user,
        **more,
    )


class Studio(WindowHarness):
    def open(self) -> MainWindow:
        profile = small_profile(self.tmp_path)
        profile.catalog = [CUP.to_dict()]
        session = StudioSession(profile, self.profile_path)
        session.shop.explain("P1")
        window = self.show(session)
        window.chat_dock.raise_()
        return window


@pytest.fixture
def studio_harness() -> type[Studio]:
    return Studio


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def _feed(window: MainWindow, events: list[ChatEvent], qtbot: QtBot) -> None:
    before = window.chat_panel.model.taken
    window.session.chat.sink(events)
    qtbot.waitUntil(lambda: window.chat_panel.model.taken >= before + len(events), timeout=5000)


def _rows(window: MainWindow) -> list[str]:
    model = window.chat_panel.model
    return [
        model.data(model.index(r), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())
    ]


# --- the demo room, in order ---------------------------------------------------------------------
def test_the_demo_rooms_comments_appear_in_order(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel, room = window.chat_panel, window.session.chat
    assert "No chat" in panel.status_label.text()
    room.start_demo(rate="200", seed="7", count="60", lang="zh")
    qtbot.waitUntil(
        lambda: sum(e.kind == "comment" for e in panel.model.events()) >= 60, timeout=5000
    )
    assert panel.model.events() == room.log.events()
    times = [e.time for e in panel.model.events()]
    assert times == sorted(times)
    panel.refresh_status()
    assert "Demo room: connected" in panel.status_label.text()
    panel.toggle_demo()
    assert not room.demo_running


# --- a flood -----------------------------------------------------------------------------------
def test_a_flood_of_5000_arrives_whole_and_the_window_stays_responsive(
    studio: Studio, qtbot: QtBot
) -> None:
    window = studio.open()
    panel, room = window.chat_panel, window.session.chat
    events = [_event(i, f"第{i}条 有红色吗" if i % 3 == 0 else f"hello {i}") for i in range(5000)]
    late: list[float] = []
    last = [time.monotonic()]
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)

    def tick() -> None:
        now = time.monotonic()
        late.append((now - last[0]) * 1000 - 10)
        last[0] = now

    probe.timeout.connect(tick)
    probe.start(10)

    def deliver() -> None:  # 5,000 a second, in batches as connectors hand them over
        for i in range(0, len(events), 50):
            room.sink(events[i : i + 50])
            time.sleep(0.01)

    thread = threading.Thread(target=deliver)
    thread.start()
    qtbot.waitUntil(lambda: panel.model.taken == 5000, timeout=15000)
    thread.join()
    probe.stop()
    assert room.received == panel.model.taken == panel.model.appended == 5000
    assert panel.model.rowCount() == 5000
    assert panel.model.events() == events
    p95 = float(np.percentile(late, 95))
    assert p95 < 200, f"event loop p95 lateness {p95:.0f} ms"
    assert panel.following
    bar = panel.view.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_the_model_keeps_the_newest(qtbot: QtBot) -> None:
    from studio.chat.board import ChatBoard
    from studio.chat.room import ChatRoom
    from studio.commerce.shop import Shop
    from studio.ui.chat_panel import ChatModel

    model = ChatModel(ChatRoom(Shop([]), ChatBoard()), keep=100)
    model.add([_event(i, f"c{i}") for i in range(90)])
    assert model.rowCount() == 90
    model.add([_event(90 + i, "x") for i in range(26)])
    assert model.rowCount() == 100 and model.events()[0].id == "test:16"
    assert (model.taken, model.appended, model.removed) == (116, 116, 16)


def test_rows_are_in_time_order_even_for_late_deliveries(qtbot: QtBot) -> None:
    from studio.chat.board import ChatBoard
    from studio.chat.room import ChatRoom
    from studio.commerce.shop import Shop
    from studio.ui.chat_panel import ChatModel

    model = ChatModel(ChatRoom(Shop([]), ChatBoard()))
    events = {i: _event(i, f"c{i}") for i in range(10)}
    model.add([events[i] for i in (0, 2, 1, 3)])  # out of order within a batch
    model.add([events[i] for i in (6, 7)])
    model.add([events[4], events[8], events[5]])  # 4 and 5 arrive late
    times = [e.time for e in model.events()]
    assert times == sorted(times) and model.rowCount() == 9
    assert [e.id for e in model.events()] == [events[i].id for i in (0, 1, 2, 3, 4, 5, 6, 7, 8)]
    model.refilter()  # a filter change keeps the order too
    assert [e.id for e in model.events()] == [events[i].id for i in (0, 1, 2, 3, 4, 5, 6, 7, 8)]


# --- auto-scroll -------------------------------------------------------------------------------
def test_auto_scroll_pauses_while_reading_back_and_resumes(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.chat_panel
    bar = panel.view.verticalScrollBar()
    _feed(window, [_event(i, f"comment {i}") for i in range(300)], qtbot)
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    bar.setValue(0)  # the host scrolls up to read
    assert not panel.following
    _feed(window, [_event(300 + i, f"later {i}") for i in range(50)], qtbot)
    assert bar.value() == 0
    assert panel.new_button.isVisible() and panel.new_button.text().startswith("50 new")
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.following and not panel.new_button.isVisible()
    assert bar.value() == bar.maximum()
    _feed(window, [_event(400 + i, f"more {i}") for i in range(20)], qtbot)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    assert _rows(window)[-1] == "小鱼儿: more 19"


# --- filters -----------------------------------------------------------------------------------
def test_questions_keyword_blocked_words_and_mute(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel, board = window.chat_panel, window.session.board
    _feed(
        window,
        [
            _event(1, "有红色吗", "阿杰"),
            _event(2, "主播好美", "糖糖"),
            _event(3, "加微信 123 便宜", "广告"),
            _event(4, "how much?", "Lily"),
            _event(5, "", "糖糖", kind="gift", gift="玫瑰", amount=3),
            _event(6, "蓝色有货吗", "糖糖"),
        ],
        qtbot,
    )
    assert len(_rows(window)) == 6
    assert "糖糖 sent 玫瑰 ×3" in _rows(window)
    panel.questions_button.click()
    assert _rows(window) == ["阿杰: 有红色吗", "Lily: how much?", "糖糖: 蓝色有货吗"]
    panel.questions_button.click()
    panel.activity_button.click()  # gifts off
    assert not any("玫瑰" in r for r in _rows(window))
    panel.search_edit.setText("红")
    qtbot.waitUntil(lambda: _rows(window) == ["阿杰: 有红色吗"])
    panel.search_edit.clear()
    qtbot.waitUntil(lambda: len(_rows(window)) == 5)

    # A pinned spam comment leaves the screen when its word is blocked.
    assert panel.select_event(_event(3, "加微信 123 便宜", "广告"))
    panel.pin_button.click()
    assert board.pinned is not None and board.pinned.id == "test:3"
    panel.set_blocked_words(["微 信"])
    assert board.pinned is None
    assert not any("微信" in r for r in _rows(window))
    assert window.session.profile.chat.blocked_words == ["微 信"]

    # Muting a viewer hides every comment of theirs, and takes their answer card off.
    assert panel.select_event(_event(6, "蓝色有货吗", "糖糖"))
    panel.answer_button.click()
    assert board.answer is not None
    panel.mute_button.click()
    assert board.answer is None
    assert not any(r.startswith("糖糖") for r in _rows(window))
    _feed(window, [_event(7, "还有货吗", "糖糖")], qtbot)
    assert not any(r.startswith("糖糖") for r in _rows(window))
    key = next(iter(window.session.chat.muted_names))
    panel.unmute(key)
    assert sum(r.startswith("糖糖") for r in _rows(window)) == 3


# --- on the stream -----------------------------------------------------------------------------
def _layer_area(window: MainWindow, show: str) -> tuple[slice, slice]:
    layer = next(
        x for x in window.session.layers if x.source == "comment" and x.options["show"] == show
    )
    return slice(layer.y, layer.y + layer.height), slice(layer.x, layer.x + layer.width)


def test_pin_and_answer_on_screen_reach_the_stream(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel, engine, board = window.chat_panel, window.session.engine, window.session.board
    _feed(window, [_event(1, "主播好美", "糖糖"), _event(2, "这个多少钱呀", "阿杰")], qtbot)
    assert panel.select_event(_event(1, "主播好美", "糖糖"))
    assert panel.answer_edit.toPlainText() == ""  # chit-chat: nothing to suggest
    panel.pin_button.click()
    assert [x.name for x in window.session.layers] == ["Pinned comment"]
    area = _layer_area(window, "pinned")
    seq = engine.preview_seq
    qtbot.waitUntil(lambda: engine.preview_seq >= seq + 2)
    pinned = engine.preview[area].copy()
    panel.unpin_button.click()
    assert board.pinned is None
    seq = engine.preview_seq
    qtbot.waitUntil(lambda: engine.preview_seq >= seq + 2)
    assert np.abs(engine.preview[area].astype(int) - pinned).max() > 100

    # The question's suggested answer explains the product on sale, editable before showing.
    assert panel.select_event(_event(2, "这个多少钱呀", "阿杰"))
    suggested = panel.answer_edit.toPlainText()
    assert "59" in suggested, suggested
    panel.answer_edit.setPlainText(suggested + " 今晚下单送杯套")
    area = (slice(0, 640), slice(0, 360))
    seq = engine.preview_seq
    qtbot.waitUntil(lambda: engine.preview_seq >= seq + 2)
    before = engine.preview[area].copy()
    panel.answer_button.click()
    assert board.answer is not None and board.answer.answer.endswith("今晚下单送杯套")
    assert any(x.options.get("show") == "answer" for x in window.session.layers)
    seq = engine.preview_seq
    qtbot.waitUntil(lambda: engine.preview_seq >= seq + 2)
    assert np.abs(engine.preview[area].astype(int) - before).max() > 100
    panel.take_off_button.click()
    assert board.answer is None


# --- hostile texts -----------------------------------------------------------------------------
HOSTILE = [
    "<b>bold</b> <a href='https://evil.example'>click</a> <img src=x>",
    "\u202eevil reversed\u202c and \u2066isolate\u2069",
    "v\u200bx\u200d zero\ufeffwidth",
    "مرحبا بالعالم hello עברית",
    "🔥🔥🔥 👍🏽 🇨🇳",
    "长" * 10_000,
    "line1\nline2\r\n\tline3",
]


def test_hostile_texts_are_plain_and_keep_the_layout(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.chat_panel
    dock_width = window.chat_dock.width()
    _feed(
        window, [_event(i, text, user="<i>名字</i>\u202e") for i, text in enumerate(HOSTILE)], qtbot
    )
    rows = _rows(window)
    assert (
        rows[0] == "<i>名字</i>: <b>bold</b> <a href='https://evil.example'>click</a> <img src=x>"
    )
    for row in rows:
        assert not any(c in row for c in "\u202e\u202c\u2066\u2069\u200b\u200d\ufeff\n\r\t")
        assert len(row) <= 300
    tip = panel.model.tooltip(panel.model.event_at(0))
    assert "<b>bold</b>" not in tip and "&lt;b&gt;bold&lt;/b&gt;" in tip
    panel.select_event(panel.model.event_at(5))
    qtbot.wait(200)
    assert window.chat_dock.width() == dock_width
    assert panel.view.horizontalScrollBar().maximum() == 0
    assert panel.detail_text.textFormat() == Qt.TextFormat.PlainText
    assert panel.detail_text.height() <= panel.fontMetrics().lineSpacing() * 3 + 4


# --- settings ----------------------------------------------------------------------------------
def test_chat_settings_round_trip_and_the_token_stays_in_the_keyring(
    studio: Studio, qtbot: QtBot, keys: MemoryKeyring
) -> None:
    window = studio.open()
    panel, session = window.chat_panel, window.session
    token = "oauth:s3cr3t-t0ken-Xy"
    seen = []

    def fill(dialog) -> int:
        seen.append(dialog)
        dialog.add()
        dialog.kind.setCurrentIndex(dialog.kind.findData("irc"))
        dialog.channel.setText("#shopcast")
        dialog.server.setText("127.0.0.1:1")  # nobody listens: it keeps reconnecting
        dialog.tls.setChecked(False)
        assert dialog.token.echoMode() == QLineEdit.EchoMode.Password
        dialog.token.setText(token)
        dialog.token.setModified(True)
        dialog.accept()
        return dialog.result()

    panel.exec_dialog = fill
    panel.edit_connectors()
    assert isinstance(seen[0], ConnectorsDialog)
    saved = session.profile.chat.connectors
    assert len(saved) == 1 and saved[0].token_ref.startswith("chat:")
    assert keys.data[("shopcast-studio", saved[0].token_ref)] == token
    qtbot.waitUntil(lambda: "#shopcast" in panel.status_label.text(), timeout=3000)
    panel.set_questions_only(True)
    panel.set_blocked_words(["加微信", "vx"])
    text = studio.profile_path.read_text("utf-8")
    assert token not in text and "#shopcast" in text
    again = load_profile(studio.profile_path)
    assert again.chat == session.profile.chat
    assert again.chat.questions_only and again.chat.blocked_words == ["加微信", "vx"]
    fresh = StudioSession(again, None)
    assert fresh.chat.filter.questions_only and fresh.chat.connectors[0].channel == "#shopcast"
    assert fresh.chat.token_for(saved[0].token_ref) == token
    # Removing the connection forgets its token.
    session.set_chat_connectors([], {})
    assert ("shopcast-studio", saved[0].token_ref) not in keys.data


def test_the_dialog_refuses_bad_options(qtbot: QtBot) -> None:
    dialog = ConnectorsDialog([ConnectorSettings("demo")], lambda _c: False)
    qtbot.addWidget(dialog)
    rate = dialog.option_form.fields["rate"]
    assert rate.placeholderText() == "2"  # the declared default
    rate.setText("fast")
    dialog.accept()
    assert (
        dialog.result() == 0 and dialog.problem_label.text() == "Comments a second: write a number."
    )
    rate.setText("5000")
    dialog.accept()
    assert (
        dialog.result() == 0 and dialog.problem_label.text() == "Comments a second: from 0 to 1000."
    )
    rate.setText("5")
    dialog.accept()
    connectors, tokens = dialog.result_connectors()
    assert connectors[0].options == {"rate": "5"} and tokens == {}


def test_rules_can_be_added_edited_and_deleted(qtbot: QtBot) -> None:
    dialog = RulesDialog(DEFAULT_RULES, ShopTerms())
    qtbot.addWidget(dialog)
    count = len(DEFAULT_RULES)
    added = dialog.add_rule("price")  # a second price rule, from the built-in one's words
    assert added.id == "price-2" and dialog.list.count() == count + 1
    assert dialog.list.currentItem().text() == "Price (price-2)"
    dialog.patterns_zh.setPlainText("价位\n啥价")
    dialog.template_zh.setPlainText("这款 {price}")
    dialog.list.setCurrentRow(0)  # moving away keeps the edit
    rules = dialog.result_rules()
    assert next(r for r in rules if r.id == "price-2").patterns_zh == ("价位", "啥价")
    dialog.list.setCurrentRow(0)
    dialog.delete_rule()
    assert [r.id for r in dialog.result_rules()][:1] != [DEFAULT_RULES[0].id]
    assert len(dialog.result_rules()) == count
    dialog.template_zh.setPlainText("{no_such_field}")  # a typo keeps the dialog open
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem_label.text()


def test_every_topic_has_a_name_in_the_rules_dialog(qtbot: QtBot) -> None:
    # A rule is listed by its topic's name, never by the code's ("material", "feature").
    from studio.chat.answers import TOPICS

    dialog = RulesDialog(DEFAULT_RULES, ShopTerms())
    qtbot.addWidget(dialog)
    assert set(dialog.topic_names) == set(TOPICS)
    assert dialog.topic_names["material"] == "Material"
    assert dialog.topic_names["feature"] == "Selling points"
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert not any(text.startswith(("material", "feature")) for text in texts), texts


# --- a screenshot in Chinese -------------------------------------------------------------------
def test_screenshot_in_chinese(studio: Studio, qtbot: QtBot, translations: Translations) -> None:
    apply_dark_theme(QApplication.instance())
    translations.apply(QApplication.instance(), "zh_CN")
    window = studio.open()
    panel = window.chat_panel
    window.session.chat.start_demo(rate="100", seed="11", count="40", lang="zh")
    qtbot.waitUntil(lambda: panel.model.taken >= 40, timeout=5000)
    window.session.chat.stop_demo()
    _feed(
        window,
        [
            # After the demo's comments (stamped with the clock): rows are in time order.
            replace(_event(10_000, "这个保温杯多少钱呀？", "爱吃橙子"), time=time.time() + 1),
            replace(_event(10_001, "<b>加vx</b>\u202e看看", "刷屏"), time=time.time() + 2),
        ],
        qtbot,
    )
    panel.select_event(panel.model.events()[-2])
    assert "59" in panel.answer_edit.toPlainText()
    panel.view.setCurrentIndex(QModelIndex())
    assert panel.select_event(panel.model.events()[-2])
    panel.refresh_status()
    qtbot.wait(300)
    window.grab().save(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    assert window.chat_dock.windowTitle() == "评论"


# --- what the suggestion rests on -----------------------------------------------------------------
def test_the_evidence_line_under_the_suggested_answer(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.chat_panel
    _feed(window, [_event(1, "主播好美"), _event(2, "保温杯多少钱"), _event(3, "包邮吗")], qtbot)
    assert panel.select_event(_event(2, "保温杯多少钱"))
    line = panel.evidence_label.full_text()
    assert line == "Based on: product “保温杯” (named) · sale price ¥59 · price ¥89", line
    assert panel.evidence_label.isVisible() and panel.answer_button.isVisible()
    assert panel.select_event(_event(3, "包邮吗"))
    assert panel.evidence_label.full_text() == (
        "Based on: the shop's shipping terms · buyer at home (by language)"
    )
    assert panel.select_event(_event(1, "主播好美"))  # chit-chat: no answer, no evidence
    assert panel.evidence_label.full_text() == ""
    evidence = (
        ("product", "M1"), ("name", "Steel mug"), ("found", "link 2"), ("field", "stock: 35"),
        ("variant", "none of: Red, Blue"), ("field", "selling point: 304 steel"),
    )  # fmt: skip
    assert panel.evidence_text(evidence) == (
        "Based on: product “Steel mug” (link 2) · stock 35 · not among Red, Blue"
        " · selling point “304 steel”"
    )
