"""One pane for several rooms: streaming to Douyin and Bilibili at once, the Comments dock merges
both rooms in time order, each row with its platform's badge, and filters by platform. A platform
named by a hostile sender is shown short and safe, and a flood of made-up platforms costs bounded
memory. With STUDIO_SCREENSHOTS=DIR the merged pane in Chinese is saved there (chat_merged.png,
chat_merged_bilibili.png)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_ui_chat import Studio
from test_ui_chat import studio_harness as studio_harness  # its windows: Studio

from studio.chat.events import ChatEvent, viewers_event
from studio.chat.room import MAX_NEWS_PLATFORMS
from studio.ui.chat_badges import MAX_PLATFORMS, NAME_CHARS, OTHER, badge_name
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow

SHOTS = os.environ.get("STUDIO_SCREENSHOTS")  # a folder for the screenshots, else the test's


def _event(n: int, platform: str, text: str, user: str = "小鱼儿", **more) -> ChatEvent:
    return ChatEvent(
        kind=more.pop("kind", "comment"),
        platform=platform,
        user=user,
        text=text,
        time=time.time() + n / 100,
        id=f"{platform}:{n}",
        user_id=user,
        **more,
    )


def _feed(window: MainWindow, events: list[ChatEvent], qtbot: QtBot) -> None:
    before = window.chat_panel.model.taken
    window.session.chat.sink(events)
    qtbot.waitUntil(lambda: window.chat_panel.model.taken >= before + len(events), timeout=5000)


def _shown(window: MainWindow) -> list[tuple[str, str]]:
    return [(e.platform, e.text) for e in window.chat_panel.model.events()]


def _badge(window: MainWindow, row: int) -> object:
    model = window.chat_panel.model
    return model.data(model.index(row), Qt.ItemDataRole.DecorationRole)


def test_two_rooms_merge_with_a_badge_per_row_and_a_filter(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.chat_panel
    _feed(window, [_event(1, "douyin", "有红色吗"), _event(2, "douyin", "主播好美")], qtbot)
    # One room: no badges, no platform filter (nothing to tell apart).
    assert _badge(window, 0) is None
    assert not panel.platform_box.isVisible()

    _feed(
        window,
        [
            _event(3, "bilibili", "保温杯多少钱"),
            _event(4, "douyin", "", kind="gift", gift="小心心", amount=3),
            _event(5, "bilibili", "up主好", user="阿伟"),
        ],
        qtbot,
    )
    assert _shown(window) == [
        ("douyin", "有红色吗"),
        ("douyin", "主播好美"),
        ("bilibili", "保温杯多少钱"),
        ("douyin", ""),
        ("bilibili", "up主好"),
    ]  # merged in time order
    badges = [_badge(window, row) for row in range(5)]
    assert all(isinstance(b, QPixmap) and not b.isNull() for b in badges)  # the old rows too
    assert badges[0].cacheKey() == badges[1].cacheKey() == badges[3].cacheKey()  # one picture
    assert badges[2].cacheKey() == badges[4].cacheKey() != badges[0].cacheKey()
    model = panel.model
    tip = model.data(model.index(2), Qt.ItemDataRole.ToolTipRole)
    assert "Bilibili" in tip and "保温杯多少钱" in tip
    # the filter: every platform, then each that spoke, in order
    assert panel.platform_box.isVisible()
    box = panel.platform_box
    assert [box.itemData(i) for i in range(box.count())] == [None, "douyin", "bilibili"]
    assert box.itemText(0) == "All platforms"
    box.activated.emit(2)
    assert _shown(window) == [("bilibili", "保温杯多少钱"), ("bilibili", "up主好")]
    # a comment selected stays selected while the filter narrows
    assert panel.select_event(model.events()[0])
    assert "59" in panel.answer_edit.toPlainText()  # the answer works on a filtered row
    _feed(window, [_event(6, "douyin", "发货快吗"), _event(7, "bilibili", "好看")], qtbot)
    assert _shown(window)[-1] == ("bilibili", "好看")
    assert ("douyin", "发货快吗") not in _shown(window)
    panel.set_platform("douyin")
    assert box.currentData() == "douyin"
    assert {p for p, _t in _shown(window)} == {"douyin"}
    assert panel.current_event() is None or panel.current_event().platform == "douyin"
    panel.set_platform(None)
    assert len(_shown(window)) == 7
    # room news (viewers) is no row and no new platform
    _feed(window, [], qtbot)
    window.session.chat.sink([viewers_event("douyin", time.time(), 1234)])
    qtbot.wait(250)
    assert len(_shown(window)) == 7 and box.count() == 3


def test_a_hostile_platform_name_is_shown_short_and_safe_and_bounded(
    studio: Studio, qtbot: QtBot
) -> None:
    window = studio.open()
    panel = window.chat_panel
    hostile = "<b>加vx</b>\u202e" + "淘" * 10_000
    _feed(window, [_event(1, "douyin", "hi"), _event(2, hostile, "hello")], qtbot)
    name = badge_name(hostile)
    assert "\u202e" not in name and len(name) <= NAME_CHARS + 1
    assert name == "<b>加vx</b…"  # plain text, cut short: drawn, never taken as markup
    tip = panel.model.data(panel.model.index(1), Qt.ItemDataRole.ToolTipRole)
    assert "<b>加vx" not in tip and "&lt;b&gt;加vx" in tip
    # a sender making up platforms: the pane tells apart MAX_PLATFORMS, the rest are "other"
    made_up = [_event(10 + i, f"room{i}", f"spam {i}") for i in range(200)]
    _feed(window, made_up, qtbot)
    seen = panel.model.platforms.seen
    assert len(seen) == MAX_PLATFORMS + 1 and seen[-1] == OTHER
    assert panel.platform_box.count() == MAX_PLATFORMS + 2
    panel.set_platform(OTHER)
    shown = _shown(window)
    assert len(shown) == 200 - (MAX_PLATFORMS - 2)
    assert all(p not in seen for p, _t in shown)
    assert badge_name(OTHER) == "Other"
    # ... and the room keeps the viewer counts of a bounded number of platforms
    room = window.session.chat
    room.sink([viewers_event("douyin", time.time(), 10)])
    room.sink([viewers_event(f"room{i}", time.time(), i) for i in range(500)])
    room.sink([viewers_event("douyin", time.time(), 11)])
    news = room.room_news()
    assert len(news) == 2 * MAX_NEWS_PLATFORMS
    assert news[("douyin", "viewers")].amount == 11  # a room already known still updates


def test_the_merged_pane_in_chinese(
    studio: Studio,
    qtbot: QtBot,
    translations: Translations,
    dark: QApplication,
    tmp_path: Path,
) -> None:
    shots = Path(SHOTS) if SHOTS else tmp_path
    translations.apply(QApplication.instance(), "zh_CN")
    window = studio.open()
    panel = window.chat_panel
    rows = [
        ("douyin", "这个保温杯多少钱呀？", "爱吃橙子"),
        ("bilibili", "up主这个杯子能装开水吗", "阿伟"),
        ("douyin", "已下单，什么时候发货", "小鱼儿"),
        ("bilibili", "保温杯有红色吗？", "路过的猫"),
        ("douyin", "主播声音好好听", "晴天"),
        ("bilibili", "弹幕护体！！", "二次元"),
    ]
    events = [_event(i, p, t, u) for i, (p, t, u) in enumerate(rows)]
    events.insert(3, _event(2.5, "douyin", "", "大橙子", kind="gift", gift="小心心", amount=5))
    events.insert(5, _event(3.5, "bilibili", "", "阿伟", kind="gift", gift="辣条", amount=10))
    _feed(window, events, qtbot)
    window.session.chat.sink(
        [viewers_event("douyin", time.time(), 1280), viewers_event("bilibili", time.time(), 356)]
    )
    box = panel.platform_box
    assert box.itemText(0) == "全部平台"
    assert badge_name("douyin") == "抖音" and badge_name("bilibili") == "B站"
    assert panel.select_event(panel.model.events()[0])
    assert "59" in panel.answer_edit.toPlainText()
    panel.view.setCurrentIndex(QModelIndex())
    assert panel.select_event(panel.model.events()[0])
    qtbot.waitUntil(lambda: "1636" in window.status.viewers.text(), timeout=5000)
    qtbot.wait(300)
    assert window.grab().save(str(shots / "chat_merged.png"))
    assert (shots / "chat_merged.png").stat().st_size > 10_000
    window.resize(1920, 1080)  # a common merchant screen: more of the merged list in sight
    qtbot.wait(300)
    assert window.grab().save(str(shots / "chat_merged_1080.png"))
    panel.set_platform("bilibili")
    qtbot.wait(200)
    assert window.chat_dock.grab().save(str(shots / "chat_merged_bilibili.png"))
    assert {e.platform for e in panel.model.events()} == {"bilibili"}
