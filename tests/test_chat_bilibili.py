"""The Bilibili connector against a local danmaku server speaking the binary protocol byte for
byte (16-byte big-endian headers; raw, zlib and brotli bodies; join, its reply, heartbeats and
their replies), and a local room-info API that checks the WBI signature."""

from __future__ import annotations

import hashlib
import json
import queue
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import brotli
import pytest
from servers import free_port
from waiting import wait_for
from websockets.sync.server import Server, ServerConnection, serve

from studio.chat.bilibili import BilibiliConnector
from studio.chat.bilibili_api import mixin_key, signed_query
from studio.chat.bilibili_packets import MAX_INFLATED_BYTES, join_packet, notice_events, notices
from studio.chat.connector import ConnectorConfig, ConnectorError
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.feed import FeedStats
from studio.chat.registry import connector_kinds, make_connector, missing

ROOT = Path(__file__).resolve().parents[1]
ROOM = 21452505
HOSTILE = [
    "<b>bold</b><script>alert(1)</script> &amp; {{7*7}} %s",
    "\u202eevil\u202c مرحبا שלום \u200f",
    "👩‍👩‍👧🔥❤️ e\u0301 [dog]",
    "字" * 10_000,
]


# --- the protocol, written out here (not with the code under test) ------------------------------


def packet(op: int, body: bytes, ver: int, seq: int = 0) -> bytes:
    return struct.pack(">IHHII", 16 + len(body), 16, ver, op, seq) + body


def notice(obj: dict[str, Any]) -> bytes:
    return packet(5, json.dumps(obj, ensure_ascii=False).encode(), 0)


def zlib_frame(*inner: bytes) -> bytes:
    return packet(5, zlib.compress(b"".join(inner)), 2)


def brotli_frame(*inner: bytes) -> bytes:
    return packet(5, brotli.compress(b"".join(inner)), 3)


def danmu(n: int, text: str, cmd: str = "DANMU_MSG") -> dict[str, Any]:
    extra = json.dumps({"id_str": f"dm{n:04d}", "content": text})
    meta = [0, 1, 25, 16777215, 1_765_000_000_000 + n, 0, 0, "x", 0, 0, 0, "", 0, "{}", "{}",
            {"mode": 0, "extra": extra}]  # fmt: skip
    return {"cmd": cmd, "info": [meta, text, [100 + n, f"观众{n}", 0, 0, 0, 10000, 1, ""]]}


GIFT = {"cmd": "SEND_GIFT", "data": {"giftName": "辣条", "num": 5, "uname": "送礼人", "uid": 7,
        "timestamp": 1_765_000_100, "tid": "1765000100110200001", "total_coin": 500}}  # fmt: skip
ENTER = {"cmd": "INTERACT_WORD", "data": {"msg_type": 1, "uname": "路人", "uid": 8,
         "timestamp": 1_765_000_101, "trigger_time": 1_765_000_101_123_456_789}}  # fmt: skip
FOLLOW = {"cmd": "INTERACT_WORD", "data": {"msg_type": 2, "uname": "新粉", "uid": 9,
          "timestamp": 1_765_000_102}}  # fmt: skip
LIKE = {"cmd": "LIKE_INFO_V3_CLICK", "data": {"uname": "点赞的人", "uid": 10,
        "like_text": "为主播点赞了"}}  # fmt: skip
ONLINE = {"cmd": "ONLINE_RANK_COUNT", "data": {"count": 30, "online_count": 456}}
WATCHED = {"cmd": "WATCHED_CHANGE", "data": {"num": 12345, "text_small": "1.2万"}}
UNKNOWN = [{"cmd": "STOP_LIVE_ROOM_LIST", "data": {}}, {"cmd": "ENTRY_EFFECT", "data": {}}]


def test_join_and_heartbeat_packets_byte_for_byte() -> None:
    body = b'{"uid":0,"roomid":21452505,"protover":3,"platform":"web","type":2,"key":"tok=="}'
    assert (
        join_packet(ROOM, "tok==")
        == (
            (16 + len(body)).to_bytes(4, "big")
            + b"\x00\x10\x00\x01\x00\x00\x00\x07\x00\x00\x00\x01"
        )
        + body
    )


def test_raw_zlib_and_brotli_bodies_holding_several_packets() -> None:
    stats = FeedStats()
    frame = (
        notice(danmu(1, "raw"))
        + zlib_frame(
            notice(danmu(2, "zlib 1")), notice(danmu(3, "zlib 2", "DANMU_MSG:4:0:2:2:2:0"))
        )
        + brotli_frame(*(notice(n) for n in (GIFT, ENTER, FOLLOW, LIKE, ONLINE, WATCHED)))
        + brotli_frame(*(notice(n) for n in UNKNOWN))
    )
    events = [
        e
        for p in notices(frame, stats)
        for e in notice_events(p.body, stats, received=1_765_000_500.0)
    ]
    assert [e.kind for e in events] == [
        "comment", "comment", "comment", "gift", "join", "follow", "like", "viewers", "viewers",
    ]  # fmt: skip
    assert [e.text for e in events[:3]] == ["raw", "zlib 1", "zlib 2"]
    first = events[0]
    assert (first.id, first.user, first.user_id) == ("bilibili:dm0001", "观众1", "101")
    assert first.time == pytest.approx(1_765_000_000.001)
    gift = events[3]
    assert (gift.gift, gift.amount, gift.user, gift.id) == (
        "辣条", 5, "送礼人", "bilibili:gift:1765000100110200001",
    )  # fmt: skip
    assert events[4].time == pytest.approx(1_765_000_101.123456789)
    assert events[7].to_dict()["viewers"] == 456 and "total" not in events[7].to_dict()
    assert events[8].to_dict()["total"] == 12345 and "viewers" not in events[8].to_dict()
    assert stats.reasons == {"unknown_cmd": 2}


def test_bad_packets_and_bombs_are_skipped_and_counted() -> None:
    stats = FeedStats()
    bomb = zlib.compress(b"\x00" * (MAX_INFLATED_BYTES + 10))
    brotli_bomb = brotli.compress(b"\x00" * (MAX_INFLATED_BYTES + 10))
    frames = [
        packet(5, bomb, 2),
        packet(5, brotli_bomb, 3),
        packet(5, b"not zlib", 2),
        packet(5, zlib.compress(b"\x00\x00\x00"), 2),  # inflates to a cut-short header
        packet(5, zlib.compress(zlib_frame(notice(GIFT))), 2),  # compressed twice
        struct.pack(">IHHII", 999, 16, 0, 5, 0) + b"{}",  # longer than the frame
        struct.pack(">IHHII", 16, 4, 0, 5, 0),  # a header shorter than 16
    ]
    for frame in frames:
        for p in notices(frame, stats):
            notice_events(p.body, stats, 0.0)
    for body in (b"not json", b"[1]", b'{"cmd": 5}', b'{"cmd": "DANMU_MSG", "info": []}'):
        assert notice_events(body, stats, 0.0) == []
    assert stats.accepted == 0
    assert stats.reasons == {
        "too_big_or_corrupt": 3, "cut_short": 3, "nested": 1, "invalid": 1, "not_object": 2,
        "incomplete": 1,
    }  # fmt: skip
    assert len(bomb) < 10_000 and len(brotli_bomb) < 1_000  # small on the wire


# --- a danmaku server ---------------------------------------------------------------------------


class DanmakuServer:
    """Answers the join (op 8) and every heartbeat (op 3, popularity 777), records what the
    client sent, and sends each connection's frames from `outbox`."""

    def __init__(self, join_code: int = 0) -> None:
        self.outbox: queue.Queue[bytes] = queue.Queue()
        self.received: list[bytes] = []
        self.heartbeats = 0
        self.connections = 0
        self.join_code = join_code
        self.server: Server | None = None
        self.port = 0

    def start(self) -> None:
        def handler(conn: ServerConnection) -> None:
            self.connections += 1
            join = conn.recv(timeout=5)
            self.received.append(join)
            reply = json.dumps({"code": self.join_code}).encode()
            conn.send(packet(8, reply, 1, 1))
            while conn.state.name == "OPEN":
                try:
                    got = conn.recv(timeout=0.01)
                except TimeoutError:
                    got = None
                except Exception:
                    return
                if isinstance(got, bytes):
                    self.received.append(got)
                    if got[8:12] == b"\x00\x00\x00\x02":
                        self.heartbeats += 1
                        conn.send(packet(3, struct.pack(">I", 777), 1, 1))
                while True:
                    try:
                        item = self.outbox.get_nowait()
                    except queue.Empty:
                        break
                    conn.send(item)

        self.server = serve(handler, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/sub"


@pytest.fixture
def danmaku() -> Iterator[DanmakuServer]:
    server = DanmakuServer()
    server.start()
    yield server
    server.stop()


class Collected:
    def __init__(self) -> None:
        self.log = ChatLog(keep=100_000)

    def __call__(self, events: list[ChatEvent]) -> None:
        self.log.add(events)

    def texts(self) -> list[str]:
        return [e.text for e in self.log.events() if e.kind == "comment"]


def test_declared_and_registered() -> None:
    assert "bilibili" in connector_kinds()
    assert [s.key for s in missing(ConnectorConfig("bilibili"))] == ["channel"]
    for bad in ("", "abc", "-5", "1e3", str(2**60)):
        with pytest.raises(ConnectorError) as refused:
            make_connector(ConnectorConfig("bilibili", channel=bad), lambda _e: None)
        assert refused.value.code == "config"
    for heartbeat in ("0", "nan", "soon", "1000"):
        config = ConnectorConfig("bilibili", channel="6", options={"heartbeat": heartbeat})
        with pytest.raises(ConnectorError):
            make_connector(config, lambda _e: None)


def test_reads_a_room_answers_heartbeats_and_counts_what_it_skips(danmaku) -> None:
    sink = Collected()
    options = {"heartbeat": "0.2", "key": "k3y=="}
    config = ConnectorConfig("bilibili", server=danmaku.url, channel=str(ROOM), options=options)
    connector = make_connector(config, sink)
    assert isinstance(connector, BilibiliConnector)
    connector.start()
    try:
        wait_for(lambda: connector.status.state == "connected", what="joined")
        body = json.dumps(
            {"uid": 0, "roomid": ROOM, "protover": 3, "platform": "web", "type": 2,
             "key": "k3y=="}, separators=(",", ":"),
        ).encode()  # fmt: skip
        assert danmaku.received[0] == packet(7, body, 1, 1)
        danmaku.outbox.put(notice(danmu(1, HOSTILE[0])))
        danmaku.outbox.put(zlib_frame(*(notice(danmu(n, t)) for n, t in enumerate(HOSTILE[1:], 2))))
        danmaku.outbox.put(brotli_frame(*(notice(n) for n in (GIFT, ENTER, FOLLOW, LIKE))))
        danmaku.outbox.put(brotli_frame(notice(ONLINE), notice(WATCHED), *map(notice, UNKNOWN)))
        danmaku.outbox.put(packet(5, zlib.compress(b"\x00" * (MAX_INFLATED_BYTES + 1)), 2))
        danmaku.outbox.put(notice(danmu(99, "after the bomb")))
        wait_for(lambda: "after the bomb" in sink.texts(), what="every notice")
        assert sink.texts() == [*HOSTILE, "after the bomb"]
        kinds = [e.kind for e in sink.log.events()]
        assert {"gift", "join", "follow", "like", "viewers"} <= set(kinds)
        assert connector.stats.reasons["unknown_cmd"] == 2
        assert connector.stats.reasons["too_big_or_corrupt"] == 1
        # Heartbeats every 0.2 s, each answered: 5 within about a second.
        wait_for(lambda: connector.heartbeats_answered >= 5, what="heartbeats answered")
        assert connector.popularity == 777
        beats = [p for p in danmaku.received[1:] if p[8:12] == b"\x00\x00\x00\x02"]
        assert beats and all(p == packet(2, b"{}", 1, 1) for p in beats)
        assert danmaku.connections == 1
        # A frame over 1 MB: the connection is left at once, joined again, and read on.
        danmaku.outbox.put(packet(5, b" " * 2**20, 0))
        wait_for(lambda: danmaku.connections == 2, timeout=5, what="a new connection")
        wait_for(lambda: connector.status.state == "connected", what="joined again")
        danmaku.outbox.put(notice(danmu(100, "after the big frame")))
        wait_for(lambda: "after the big frame" in sink.texts(), what="the room read on")
    finally:
        connector.stop(timeout=5)
    assert connector.status.state == "stopped"


def test_a_refused_join_is_said_and_retried() -> None:
    server = DanmakuServer(join_code=-101)
    server.start()
    config = ConnectorConfig("bilibili", server=server.url, channel="6")
    connector = make_connector(config, lambda _e: None)
    connector.start()
    try:
        wait_for(lambda: connector.status.state == "reconnecting", what="refused")
        assert connector.status.code == "refused" and "-101" in connector.status.detail
        wait_for(lambda: server.connections >= 2, what="a retry")
    finally:
        connector.stop()
        server.stop()


# --- the room-info API --------------------------------------------------------------------------

IMG_KEY = "7cd084941338484aae1ad9425b84077c"
SUB_KEY = "4932caff0ff746eab6f01bf08b70ac45"


def test_wbi_signing_matches_the_documented_example() -> None:
    key = mixin_key(IMG_KEY, SUB_KEY)
    assert key == "ea1db124af3c7062474693fa704f4ff8"
    query = signed_query({"foo": "114", "bar": "514", "zab": 1919810}, key, now=1702204169)
    assert (
        query == "bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4"
    )
    spaced = signed_query({"foo": "one one four", "bar": "五一四"}, key, now=1)
    assert spaced.startswith("bar=%E4%BA%94%E4%B8%80%E5%9B%9B&foo=one%20one%20four&wts=1&")


class RoomApi:
    """The three API calls, answered as Bilibili answers them; getDanmuInfo only when signed."""

    def __init__(self, danmaku_port: int, refuse: int = 0) -> None:
        self.requests: list[str] = []
        self.cookies: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                outer.cookies.append(self.headers.get("Cookie", ""))
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                if parts.path == "/x/web-interface/nav":
                    images = {"img_url": f"https://i0.hdslb.com/bfs/wbi/{IMG_KEY}.png",
                              "sub_url": f"https://i0.hdslb.com/bfs/wbi/{SUB_KEY}.png"}  # fmt: skip
                    answer = {"code": -101, "message": "账号未登录", "data": {"wbi_img": images}}
                elif parts.path == "/room/v1/Room/room_init":
                    answer = {"code": 0, "data": {"room_id": ROOM, "short_id": 6}}
                elif parts.path == "/xlive/web-room/v1/index/getDanmuInfo":
                    answer = outer.danmu_info(parts.query, query)
                else:
                    answer = {"code": -404, "message": "啥都木有"}
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.danmaku_port = danmaku_port
        self.refuse = refuse
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def danmu_info(self, raw: str, query: dict[str, str]) -> dict[str, Any]:
        if self.refuse:
            return {"code": self.refuse, "message": "风控校验失败"}
        signed, _, w_rid = raw.rpartition("&w_rid=")
        expected = hashlib.md5((signed + mixin_key(IMG_KEY, SUB_KEY)).encode()).hexdigest()
        if w_rid != expected or query.get("id") != str(ROOM) or "wts" not in query:
            return {"code": -352, "message": "-352"}
        hosts = [{"host": "127.0.0.1", "port": self.danmaku_port, "ws_port": self.danmaku_port}]
        return {"code": 0, "data": {"token": "t0ken+/=", "host_list": hosts}}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


def test_the_room_info_api_resolves_a_short_id_signs_and_joins(danmaku) -> None:
    api = RoomApi(danmaku.port)
    sink = Collected()
    options = {"api": api.url, "keys_api": api.url}
    config = ConnectorConfig("bilibili", channel="6", token="s3ss-data", options=options)
    connector = make_connector(config, sink)
    connector.start()
    try:
        wait_for(lambda: connector.status.state == "connected", what="joined through the API")
        join = json.loads(danmaku.received[0][16:])
        assert (join["roomid"], join["key"], join["uid"]) == (ROOM, "t0ken+/=", 0)
        assert [urlsplit(p).path for p in api.requests] == [
            "/room/v1/Room/room_init", "/x/web-interface/nav",
            "/xlive/web-room/v1/index/getDanmuInfo",
        ]  # fmt: skip
        assert set(api.cookies) == {"SESSDATA=s3ss-data"}
        danmaku.outbox.put(notice(danmu(1, "经由接口")))
        wait_for(lambda: sink.texts() == ["经由接口"], what="a comment")
    finally:
        connector.stop()
        api.stop()
    assert "s3ss-data" not in repr(connector.config) and "s3ss" not in connector.status.detail


def test_an_api_that_refuses_or_is_not_there_is_said_plainly_and_never_hangs() -> None:
    api = RoomApi(1, refuse=-352)
    nobody = f"http://127.0.0.1:{free_port()}"
    try:
        for base, code, words in ((api.url, "refused", "--server"), (nobody, "refused", "")):
            options = {"api": base, "keys_api": base}
            connector = make_connector(
                ConnectorConfig("bilibili", channel="6", options=options), lambda _e: None
            )
            started = time.monotonic()
            connector.start()
            try:
                wait_for(lambda c=connector: c.status.state == "reconnecting", what="refused")
                assert time.monotonic() - started < 5
                assert connector.status.code == code and words in connector.status.detail
            finally:
                connector.stop()
    finally:
        api.stop()


def test_chat_listen_prints_json_lines(danmaku, tmp_path: Path) -> None:
    catalog = tmp_path / "goods.csv"
    catalog.write_text("商品编号,商品名称,原价,到手价,库存\r\nA01,玫瑰面霜,199,129,120\r\n")
    danmaku.outbox.put(zlib_frame(notice(danmu(1, "多少钱？")), notice(GIFT), notice(ONLINE)))
    danmaku.outbox.put(brotli_frame(notice(WATCHED), notice(danmu(2, HOSTILE[1]))))
    done = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "bilibili",
         "--channel", str(ROOM), "--server", danmaku.url, "--json", "--duration", "4",
         "--catalog", str(catalog), "--option", "heartbeat=0.5"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    events = [r for r in lines if r["type"] == "event"]
    assert [e["kind"] for e in events] == ["comment", "gift", "viewers", "viewers", "comment"]
    assert events[2]["viewers"] == 456 and events[3]["total"] == 12345
    assert events[4]["text"] == HOSTILE[1]
    (answer,) = [r for r in lines if r["type"] == "answer"]
    assert answer["answers"] == events[0]["id"] == "bilibili:dm0001" and "129" in answer["text"]
    assert any(r["type"] == "status" and r["state"] == "connected" for r in lines)
