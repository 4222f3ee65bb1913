"""The live room without Qt: the sink numbers what arrives and the reader pulls batches, the
filter's blocked words and mutes take comments off the screen, suggestions are cached, and
connectors start, stop, report and reconnect."""

from __future__ import annotations

import threading
from decimal import Decimal

from waiting import wait_for

from studio.chat.answers import DEFAULT_RULES, ShopTerms
from studio.chat.board import ChatBoard
from studio.chat.connector import ConnectorSettings
from studio.chat.events import ChatEvent
from studio.chat.moderation import ChatFilter
from studio.chat.room import ChatRoom
from studio.commerce.product import Product
from studio.commerce.shop import Shop

CUP = Product("P1", "保温杯", Decimal("89"), Decimal("59"), stock=100)


def _event(n: int, text: str = "hi", user: str = "阿杰") -> ChatEvent:
    return ChatEvent("comment", "test", user, text, 1000.0 + n, f"test:{n}", user_id=user)


def _room(**kw) -> ChatRoom:
    shop = Shop([CUP])
    shop.explain("P1")
    return ChatRoom(shop, ChatBoard(), **kw)


def test_events_since_gives_each_new_event_once_in_batches():
    room = _room()
    room.sink([_event(1), _event(2)])
    room.sink([_event(2), _event(3)])  # a redelivery is dropped
    events, seq = room.events_since(0)
    assert [e.id for e in events] == ["test:1", "test:2", "test:3"] and seq == 3
    assert room.events_since(seq) == ([], 3)
    room.sink([_event(4)])
    assert [e.id for e in room.events_since(seq)[0]] == ["test:4"]


def test_a_reader_far_behind_gets_the_newest_kept():
    room = _room(keep=100)
    room.sink([_event(i) for i in range(250)])
    events, seq = room.events_since(0)
    assert seq == 250 and len(events) == 100 and events[0].id == "test:150"
    events, _ = room.events_since(200)
    assert [e.id for e in events] == [f"test:{i}" for i in range(200, 250)]


def test_threads_flooding_lose_nothing():
    room = _room()
    got: list[ChatEvent] = []
    seq = 0

    def flood(base: int) -> None:
        for i in range(0, 2000, 20):
            room.sink([_event(base + i + j) for j in range(20)])

    threads = [threading.Thread(target=flood, args=(k * 10_000,)) for k in range(3)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads) or seq < 6000:
        events, seq = room.events_since(seq)
        got.extend(events)
    assert len(got) == 6000 == room.received and len({e.id for e in got}) == 6000


def test_blocking_and_muting_take_comments_off_the_screen():
    room = _room()
    spam, question = _event(1, "加 微 信 便宜"), _event(2, "多少钱", user="糖糖")
    assert room.pin(spam) and room.show_answer(question, "¥59")
    room.set_blocked_words(["微信", " ", "微信"])
    assert room.filter.blocked_words == ("微信",)
    assert room.board.pinned is None and room.board.answer is not None
    assert not room.pin(spam)  # a blocked comment cannot be pinned again
    room.mute(question)
    assert room.board.answer is None and room.hidden(_event(3, "hi", user="糖糖"))
    assert list(room.muted_names.values()) == ["糖糖"]
    room.unmute(next(iter(room.muted_names)))
    assert not room.hidden(_event(3, "hi", user="糖糖")) and room.muted_names == {}


def test_suggestions_are_cached_and_follow_the_rules_and_products():
    room = _room(chat_filter=ChatFilter(questions_only=True))
    question = _event(1, "这个多少钱呀")
    first = room.suggestion(question)
    assert first is not None and "59" in first.text
    assert room.suggestion(question) is first
    assert room.suggestion(_event(2, "主播好美")) is None
    room.shop.update("P1", sale_price=Decimal("49"))
    assert "49" in room.suggestion(question).text
    room.set_rules([r.with_changes(enabled=False) for r in DEFAULT_RULES])
    assert room.suggestion(question) is None
    room.set_rules(DEFAULT_RULES)
    room.set_terms(ShopTerms(shipping_zh="顺丰包邮"))
    assert "顺丰包邮" in room.suggestion(_event(3, "包邮吗")).text


def test_connectors_start_report_reconnect_and_stop():
    tokens = {"chat:x": "oauth:t"}
    asked: list[str] = []

    def token_for(ref: str) -> str | None:
        asked.append(ref)
        return tokens.get(ref)

    room = _room(
        connectors=[
            ConnectorSettings("demo", options=(("rate", "100"), ("seed", "1"), ("count", "20"))),
            ConnectorSettings(
                "irc", server="127.0.0.1:1", channel="#x", nick="host", token_ref="chat:x"
            ),
            ConnectorSettings("nope"),
            ConnectorSettings("demo", enabled=False),
        ],
        token_for=token_for,
    )
    assert [s.status.state for s in room.statuses()] == ["idle"] * 4
    room.start()
    try:
        assert asked == ["chat:x"]
        wait_for(lambda: room.received >= 20, 5.0)
        states = [s.status for s in room.statuses()]
        assert states[0].state == "connected"
        wait_for(lambda: room.statuses()[1].status.state == "reconnecting", 5.0)
        assert states[2].state == "failed" and states[2].code == "config"
        assert states[3].state == "idle"
        room.reconnect_now(1)
        room.start_demo(rate="50", seed="2", count="5")
        assert room.demo_running and room.statuses()[-1].index == -1
        room.set_connectors([ConnectorSettings("demo", options=(("seed", "3"), ("count", "3")))])
        assert room.demo_running and len(room.statuses()) == 2
    finally:
        room.stop()
    assert not room.demo_running
    assert [s.status.state for s in room.statuses()] == ["idle"]
