"""The Douyin connector against a local comment relay speaking its packs byte for byte: a
WebSocket server sending `{"Type": n, "ProcessName": ..., "Data": "<JSON text>"}` text frames."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import free_port
from waiting import wait_for
from websockets.sync.server import Server, ServerConnection, serve

from studio.chat.connector import ConnectorConfig
from studio.chat.douyin import MAX_DATA_CHARS, DouyinConnector, GiftCombos, parse_pack
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.feed import FeedStats
from studio.chat.registry import connector_kinds, make_connector, missing

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    "<b>bold</b><script>alert(1)</script> &amp; {{7*7}} %s",
    "\u202eevil\u202c مرحبا שלום \u200f",
    "👩‍👩‍👧🔥❤️ e\u0301",
    "字" * 10_000,
    "line\nbreak\ttab",
]


def frame(kind: int, data: dict[str, Any] | str) -> str:
    """One relay frame as the relay writes it: Data is JSON text inside the JSON pack."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return json.dumps({"Type": kind, "ProcessName": "直播伴侣.exe", "Data": text})


def user(n: int) -> dict[str, Any]:
    return {"Id": 9_007_199_254_740_993 + n, "ShortId": n, "Nickname": f"买家{n}号", "Level": 3}


def comment(n: int, text: str) -> str:
    return frame(1, {"MsgId": 7_400_000_000_000_000_000 + n, "User": user(n), "Content": text,
                     "RoomId": 7_399_000_000_000_000_001, "WebRoomId": 123456})  # fmt: skip


# fmt: off
ALL_NINE = [
    comment(1, "这个多少钱"),
    frame(2, {"MsgId": 2, "User": user(2), "Count": 15, "Total": 3021, "Content": "点赞了"}),
    frame(3, {"MsgId": 3, "User": user(3), "Content": "买家3号 来了", "CurrentCount": 88}),
    frame(4, {"MsgId": 4, "User": user(4), "Content": "买家4号 关注了主播"}),
    frame(5, {"MsgId": 5, "User": user(5), "GiftId": 463, "GiftName": "玫瑰", "GiftCount": 1,
              "RepeatCount": 1, "DiamondCount": 1, "Content": "买家5号 送出了 玫瑰 x1"}),
    frame(6, {"MsgId": 6, "OnlineUserCount": 1234, "TotalUserCount": 56789}),
    frame(7, {"MsgId": 7, "User": user(7), "Type": 2, "Level": 1, "Content": "加入了粉丝团"}),
    frame(8, {"MsgId": 8, "User": user(8), "ShareType": 1, "Content": "分享了直播间"}),
    frame(9, {"MsgId": 9, "Content": "直播已结束"}),
]
# fmt: on


def test_every_type_of_pack_as_an_event_with_exact_texts_and_stable_ids() -> None:
    stats = FeedStats()
    combos = GiftCombos()
    events = [e for f in ALL_NINE for e in parse_pack(f, stats, combos, now=1_765_000_000.0)]
    assert [e.kind for e in events] == [
        "comment", "like", "join", "follow", "gift", "viewers", "follow", "share", "end",
    ]  # fmt: skip
    assert stats.accepted == 9 and stats.skipped == 0
    chat, like, join, follow, gift, viewers, fans, share, end = events
    assert chat.id == "douyin:7400000000000000001" and chat.text == "这个多少钱"
    assert chat.user == "买家1号" and chat.user_id == "9007199254740994"  # past 2**53, exact
    assert chat.platform == "douyin"
    assert (like.amount, like.extra["total"], like.text) == (15, 3021, "")
    assert join.kind == "join" and join.user == "买家3号" and join.text == ""
    assert follow.text == "买家4号 关注了主播"
    assert (gift.gift, gift.amount, gift.extra) == ("玫瑰", 1, {"combo": 1, "diamonds": 1})
    assert viewers.to_dict() | {"time": 0} == {
        "type": "event", "kind": "viewers", "id": "douyin:6", "platform": "douyin", "user": "",
        "text": "", "time": 0, "viewers": 1234, "total": 56789,
    }  # fmt: skip
    assert fans.extra == {"fans_club": True} and fans.text == "加入了粉丝团"
    assert share.kind == "share" and share.user == "买家8号"
    assert end.kind == "end" and end.text == "直播已结束"
    # The same pack again has the same id: a relay's replay is a duplicate, not a new comment.
    again = parse_pack(ALL_NINE[0], stats, combos, now=1_765_000_099.0)
    assert again[0].id == chat.id


def test_hostile_texts_come_through_exactly() -> None:
    stats = FeedStats()
    events = [parse_pack(comment(n, t), stats, GiftCombos())[0] for n, t in enumerate(HOSTILE)]
    assert [e.text for e in events] == HOSTILE
    # Escaped as \uXXXX by the relay (ensure_ascii): the same text.
    escaped = json.dumps({"Type": 1, "Data": json.dumps({"MsgId": 1, "Content": HOSTILE[2]})})
    assert parse_pack(escaped, stats, GiftCombos())[0].text == HOSTILE[2]


def gift_pack(msg: int, repeat: int | None, count: int = 1, viewer: int = 5, **more: Any) -> str:
    data: dict[str, Any] = {
        "MsgId": msg, "User": user(viewer), "GiftId": 463, "GiftName": "玫瑰",
        "GiftCount": count, "DiamondCount": 1, **more,
    }  # fmt: skip
    if repeat is not None:
        data["RepeatCount"] = repeat
    return frame(5, data)


def test_a_gift_combo_is_counted_once() -> None:
    stats = FeedStats()
    combos = GiftCombos()

    def sent(*packs: str, at: float = 100.0) -> list[int]:
        return [e.amount for p in packs for e in parse_pack(p, stats, combos, now=at)]

    # Clicks 1, 2, 3 of a combo, then its end repeated: 3 roses, not 1 + 2 + 3 (nor 9).
    assert sent(gift_pack(1, 1), gift_pack(2, 2), gift_pack(3, 3), gift_pack(4, 3)) == [1, 1, 1]
    assert stats.reasons == {"combo_repeat": 1}
    # A pack lost on the way: the next one brings what was missed.
    assert sent(gift_pack(5, 5), gift_pack(6, 8)) == [2, 3]
    # A new combo (counted from 1 again), and one of 10-rose clicks from another viewer.
    assert sent(gift_pack(7, 1), gift_pack(8, 2)) == [1, 1]
    assert sent(gift_pack(9, 1, 10, viewer=6), gift_pack(10, 2, 10, viewer=6)) == [10, 10]
    # Long after the last click the same count is a new combo; without RepeatCount, a lone gift.
    assert sent(gift_pack(11, 2), at=500.0) == [2]
    assert sent(gift_pack(12, None, 3), gift_pack(13, None, 3)) == [3, 3]
    # A combo the relay names (GroupId) is its own even with the same counts.
    assert sent(gift_pack(14, 1, GroupId=77), gift_pack(15, 1, GroupId=78), at=500.0) == [1, 1]


def test_malformed_packs_are_skipped_and_counted_never_raised() -> None:
    stats = FeedStats()
    combos = GiftCombos()
    bad = [
        "not json {",
        "[1, 2]",
        json.dumps({"Type": 42, "Data": "{}"}),
        json.dumps({"Type": "1", "Data": "{}"}),
        json.dumps({"Type": True, "Data": "{}"}),
        json.dumps({"Type": 1, "Data": "{not json"}),
        json.dumps({"Type": 1, "Data": "[1]"}),
        json.dumps({"Type": 1}),
        json.dumps({"Type": 1, "Data": json.dumps({"MsgId": 1})}),  # a comment with no Content
        json.dumps({"Type": 1, "Data": json.dumps({"Content": "x" * (MAX_DATA_CHARS + 1)})}),
        "[" * 100_000,
        b"\xff\xfe",
    ]
    for item in bad:
        assert parse_pack(item, stats, combos) == []
    assert stats.skipped == len(bad) and stats.accepted == 0
    assert stats.reasons == {
        "invalid": 3, "not_object": 1, "unknown_type": 3, "invalid_data": 3, "incomplete": 1,
        "too_big": 1,
    }  # fmt: skip
    # Numbers out of bounds are taken within them.
    huge = frame(2, {"MsgId": 1, "Count": 10**40, "Total": -5})
    (like,) = parse_pack(huge, stats, combos)
    assert like.amount == 1_000_000_000 and like.extra["total"] == 0


# --- against a running relay -----------------------------------------------------------------


class Relay:
    """A local comment relay: sends each connection what is put in `outbox`, as text frames."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[str] = queue.Queue()
        self.connections = 0
        self.server: Server | None = None
        self.port = 0

    def start(self, port: int = 0) -> None:
        def handler(conn: ServerConnection) -> None:
            self.connections += 1
            server = self.server
            while conn.state.name == "OPEN" and self.server is server:
                try:
                    item = self.outbox.get(timeout=0.02)
                except queue.Empty:
                    continue
                try:
                    conn.send(item)
                except Exception:
                    return

        self.server = serve(handler, "127.0.0.1", port)
        self.port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()


@pytest.fixture
def relay() -> Iterator[Relay]:
    server = Relay()
    yield server
    server.stop()


class Collected:
    def __init__(self) -> None:
        self.log = ChatLog(keep=100_000)
        self.lock = threading.Lock()

    def __call__(self, events: list[ChatEvent]) -> None:
        with self.lock:
            self.log.add(events)

    def events(self) -> list[ChatEvent]:
        return self.log.events()


def test_declared_and_registered() -> None:
    assert "douyin" in connector_kinds()
    assert missing(ConnectorConfig("douyin")) == []  # the relay's own address by default
    connector = make_connector(ConnectorConfig("douyin"), lambda _e: None)
    assert isinstance(connector, DouyinConnector)
    assert connector.config.server == "ws://127.0.0.1:8888"


def test_a_relay_not_running_is_named_then_read_once_it_starts(relay: Relay) -> None:
    port = free_port()
    sink = Collected()
    connector = make_connector(ConnectorConfig("douyin", server=f"ws://127.0.0.1:{port}"), sink)
    statuses: list[Any] = []
    connector.on_status = statuses.append
    connector.start()
    try:
        wait_for(lambda: any(s.code == "no_relay" for s in statuses), what="no relay")
        said = next(s for s in statuses if s.code == "no_relay")
        assert said.state == "reconnecting" and said.retry_in_s is not None
        assert "start the comment relay" in said.detail and str(port) in said.detail
        relay.start(port)
        wait_for(lambda: connector.status.state == "connected", what="connected")
        for f in ALL_NINE:
            relay.outbox.put(f)
        for n, text in enumerate(HOSTILE, start=100):
            relay.outbox.put(comment(n, text))
        relay.outbox.put(ALL_NINE[0])  # the relay replays a pack: dropped as a duplicate
        wait_for(lambda: len(sink.events()) == 9 + len(HOSTILE), what="all events")
        events = sink.events()
        assert [e.text for e in events if e.kind == "comment"] == ["这个多少钱", *HOSTILE]
        assert {e.kind for e in events} >= {"viewers", "end", "share", "gift", "like"}
        assert sink.log.dropped_duplicates >= 1

        # Malformed packs and an oversized one are skipped; the feed goes on.
        assert isinstance(connector, DouyinConnector)
        relay.outbox.put("{oops")
        relay.outbox.put(json.dumps({"Type": 1, "Data": "x" * (MAX_DATA_CHARS + 10)}))
        relay.outbox.put(comment(200, "after the bad ones"))
        wait_for(lambda: events_with(sink, "after the bad ones"), what="the feed going on")
        assert connector.stats.reasons["invalid"] == 1
        assert connector.stats.reasons["too_big"] == 1
        # A frame over 1 MB closes the connection; the connector connects again and goes on.
        relay.outbox.put(json.dumps({"Type": 1, "Data": "y" * (2**20 + 1)}))
        wait_for(lambda: relay.connections == 2, what="a reconnect after the big frame")
        wait_for(lambda: connector.status.state == "connected", what="connected again")
        relay.outbox.put(comment(201, "after the reconnect"))
        wait_for(lambda: events_with(sink, "after the reconnect"), what="the feed after it")
    finally:
        connector.stop()
    assert connector.status.state == "stopped"


def events_with(sink: Collected, text: str) -> bool:
    return any(e.text == text for e in sink.events())


def test_chat_listen_prints_json_lines_with_answers(relay: Relay, tmp_path: Path) -> None:
    catalog = tmp_path / "goods.csv"
    catalog.write_text("商品编号,商品名称,原价,到手价,库存\r\nA01,玫瑰面霜,199,129,120\r\n")
    relay.start()
    for f in ALL_NINE:
        relay.outbox.put(f)
    relay.outbox.put(comment(50, "<b>多少钱</b>\u202e 🔥"))
    done = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "douyin",
         "--server", f"ws://127.0.0.1:{relay.port}", "--json", "--duration", "4",
         "--catalog", str(catalog)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    events = [r for r in lines if r["type"] == "event"]
    assert [e["kind"] for e in events] == [
        "comment", "like", "join", "follow", "gift", "viewers", "follow", "share", "end",
        "comment",
    ]  # fmt: skip
    viewers = events[5]
    assert (viewers["viewers"], viewers["total"], viewers["id"]) == (1234, 56789, "douyin:6")
    assert events[-1]["text"] == "<b>多少钱</b>\u202e 🔥"
    answers = [r for r in lines if r["type"] == "answer"]
    assert {a["answers"] for a in answers} == {events[0]["id"], events[-1]["id"]}
    assert all("129" in a["text"] for a in answers)


def test_the_room_keeps_viewer_counts_and_the_end_as_news_not_rows() -> None:
    from studio.chat.board import ChatBoard
    from studio.chat.room import ChatRoom
    from studio.commerce.shop import Shop

    room = ChatRoom(Shop(), ChatBoard())
    stats = FeedStats()
    room.sink([e for f in ALL_NINE for e in parse_pack(f, stats, GiftCombos())])
    rows, _seq = room.events_since(0)
    assert [e.kind for e in rows] == [
        "comment",
        "like",
        "join",
        "follow",
        "gift",
        "follow",
        "share",
    ]
    news = room.room_news()
    assert news[("douyin", "viewers")].amount == 1234
    assert news[("douyin", "end")].text == "直播已结束"


def test_the_pane_words_a_share_and_shows_every_text_as_given(qapp) -> None:
    from studio.chat.board import ChatBoard
    from studio.chat.room import ChatRoom
    from studio.commerce.shop import Shop
    from studio.ui.chat_panel import ChatModel

    room = ChatRoom(Shop(), ChatBoard())
    stats = FeedStats()
    room.sink([e for f in ALL_NINE for e in parse_pack(f, stats, GiftCombos())])
    model = ChatModel(room)
    model.add(room.events_since(0)[0])
    lines = [model.line(e) for e in model.events()]
    assert lines[0] == "买家1号: 这个多少钱"
    assert lines[-1] == "买家8号 shared the live room"
    assert model.rowCount() == 7  # the viewer count and the end are not rows


def test_the_status_bar_shows_the_viewers(qtbot) -> None:
    from studio.chat.bilibili_packets import PLATFORM as BILIBILI
    from studio.chat.events import viewers_event
    from studio.ui.status import StudioStatusBar

    bar = StudioStatusBar()
    qtbot.addWidget(bar)
    bar.show_viewers({})
    assert bar.viewers.text() == ""
    stats = FeedStats()
    (douyin,) = parse_pack(ALL_NINE[5], stats, GiftCombos())
    watched = viewers_event(BILIBILI, 1.0, None, 12345)
    bar.show_viewers({("douyin", "viewers"): douyin, (BILIBILI, "viewers"): watched})
    assert bar.viewers.text() == "Viewers 1234"
    assert bar.viewers.toolTip().splitlines() == [
        "bilibili: – watching, 12345 so far",
        "douyin: 1234 watching, 56789 so far",
    ]


def test_the_session_log_writes_the_rooms_figures(tmp_path: Path) -> None:
    from studio.chat.bilibili_packets import PLATFORM as BILIBILI
    from studio.chat.board import ChatBoard
    from studio.chat.events import viewers_event
    from studio.chat.room import ChatRoom
    from studio.commerce.shop import Shop
    from studio.engine import EngineStats
    from studio.session_log import SessionLog

    room = ChatRoom(Shop(), ChatBoard())
    stats = FeedStats()
    combos = GiftCombos()
    packs = [*ALL_NINE, *(comment(n, t) for n, t in enumerate(HOSTILE, 10))]
    room.sink([e for f in packs for e in parse_pack(f, stats, combos)])
    # Bilibili says watching now and who watched so far in turn: the room keeps both.
    room.sink([viewers_event(BILIBILI, 1.0, 456)])
    room.sink([viewers_event(BILIBILI, 2.0, None, 12345)])
    path = tmp_path / "show.log.jsonl"
    log = SessionLog(path, lambda: None, interval=0, chat=room.figures)
    log.start()
    log.sample(EngineStats(2.0, 30.0, 60, 1, {}, [], None, None, 0, []))
    log.stop()
    (line,) = [json.loads(s) for s in path.read_text().splitlines() if '"stats"' in s]
    said = 1 + len(HOSTILE)
    assert line["chat"] == {
        "comments_per_min": said,
        "questions_per_min": 1,  # 这个多少钱
        **{k: line["chat"][k] for k in ("gifts_per_min", "gifts_per_s", "gifts_total")},
        **{k: line["chat"][k] for k in ("comments_per_s", "questions_per_s")},
        "comments_total": said,
        "questions_total": 1,
        "viewers": 456 + 1234,
        "rooms": {
            "bilibili": {"viewers": 456, "total": 12345},
            "douyin": {"ended": True, "viewers": 1234, "total": 56789},
        },
    }


def test_rates_count_the_last_minute() -> None:
    from studio.chat.rates import ChatRates

    rates = ChatRates()
    stats = FeedStats()
    asked = parse_pack(comment(1, "多少钱？"), stats, GiftCombos())
    said = parse_pack(comment(2, "主播好美"), stats, GiftCombos())
    like = parse_pack(ALL_NINE[1], stats, GiftCombos())
    rates.count(asked + said + like, now=1000.0)
    rates.count(said, now=1030.5)
    assert rates.per_minute(now=1059.0) == (3, 1)
    assert rates.per_minute(now=1060.0) == (1, 0)  # the first second has gone by
    assert rates.per_minute(now=1091.0) == (0, 0)
