"""Two live rooms on loopback, for `studio bench --chat N --rooms douyin,bilibili`: a Douyin
comment relay (JSON packs whose Data is JSON text, one pack a WebSocket message) and a Bilibili
danmaku server (answers the join and heartbeats; op 5 notices, brotli bodies holding many packets,
as the site sends them), each sending N viewer events a second for a set time once a client has
joined. Comments, likes, joins, follows and gifts, all distinct (each one row in the pane), plus
the room's viewer count now and then (not a row).

It runs as its own process (`python -m studio.chat.loopback_rooms RATE SECONDS`) so that making
and sending the events is not counted in the window's CPU or its event loop: it prints
`{"douyin": PORT, "bilibili": PORT}`, sends, and when its standard input closes prints
`{"sent": {"douyin": ROWS, "bilibili": ROWS}}` and exits.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import brotli
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from studio.chat.bilibili_packets import OP_HEARTBEAT_REPLY, OP_JOIN_REPLY, OP_NOTICE, pack

TICK_S = 0.01  # events go out this often, as many as are due
BILIBILI_TICK_S = 0.05  # the site batches its notices: one compressed frame this often
VIEWERS_EVERY = 500  # events between two viewer counts
COMMENTS = (
    "这个多少钱",
    "有红色吗？",
    "主播好美",
    "发货快吗",
    "已下单",
    "how much for the mug?",
    "链接在哪里",
    "保温杯能装开水吗",
    "🔥🔥🔥",
    "<b>加vx</b>看看",
)


def _kind(n: int) -> str:
    """Mostly comments, as in a busy room: 7 in 10, then a like, a join, a follow or a gift."""
    slot = n % 10
    if slot < 7:
        return "comment"
    if slot == 7:
        return "like"
    if slot == 8:
        return "join"
    return "gift" if n % 20 == 19 else "follow"


def douyin_pack(n: int, now_ms: int) -> str:
    """Event number `n` as the relay writes it."""
    kind = _kind(n)
    user = {"Id": 10**17 + n, "ShortId": n, "Nickname": f"买家{n % 997}号", "Level": 3}
    data: dict[str, Any] = {"MsgId": 7 * 10**18 + n, "User": user, "RoomId": 7 * 10**18}
    if kind == "comment":
        code, data["Content"] = 1, COMMENTS[n % len(COMMENTS)]
    elif kind == "like":
        code, data["Count"], data["Total"] = 2, 3, n
    elif kind == "join":
        code, data["CurrentCount"] = 3, 1000 + n % 500
    elif kind == "follow":
        code = 4
    else:
        code = 5
        data |= {"GiftId": 463, "GiftName": "玫瑰", "GiftCount": 1, "RepeatCount": 1}
    text = json.dumps(data, ensure_ascii=False)
    return json.dumps({"Type": code, "ProcessName": "直播伴侣.exe", "Data": text})


def douyin_viewers(n: int) -> str:
    data = {"MsgId": 8 * 10**18 + n, "OnlineUserCount": 1000 + n % 700, "TotalUserCount": 50 + n}
    return json.dumps({"Type": 6, "ProcessName": "直播伴侣.exe", "Data": json.dumps(data)})


def bilibili_notice(n: int, now_ms: int) -> dict[str, Any]:
    """Event number `n` as a danmaku notice."""
    kind = _kind(n)
    uid, name = 3 * 10**8 + n, f"观众{n % 997}"
    if kind == "comment":
        extra = json.dumps({"id_str": f"bench{n}"})
        meta = [0, 1, 25, 16777215, now_ms, 0, 0, "", 0, 0, 0, "", 0, "{}", "{}", {"extra": extra}]
        return {"cmd": "DANMU_MSG", "info": [meta, COMMENTS[n % len(COMMENTS)], [uid, name]]}
    if kind == "gift":
        data = {"giftName": "辣条", "num": 1, "uid": uid, "uname": name, "tid": f"t{n}"}
        return {"cmd": "SEND_GIFT", "data": data | {"timestamp": now_ms // 1000}}
    if kind == "like":
        return {"cmd": "LIKE_INFO_V3_CLICK", "data": {"uid": uid, "uname": name}}
    msg_type = 1 if kind == "join" else 2
    data = {"uid": uid, "uname": name, "msg_type": msg_type, "trigger_time": now_ms * 10**6}
    return {"cmd": "INTERACT_WORD", "data": data}


def bilibili_frame(notices: list[dict[str, Any]]) -> bytes:
    inner = b"".join(pack(OP_NOTICE, json.dumps(n).encode(), version=0) for n in notices)
    return pack(OP_NOTICE, brotli.compress(inner, quality=1), version=3)


class Sender:
    """Sends `rate` events a second for `seconds` to whoever joins, counting the rows sent."""

    def __init__(self, rate: float, seconds: float) -> None:
        self.rate = rate
        self.total = round(rate * seconds)
        self.sent = 0

    def due(self, started: float) -> int:
        """How many more to send now, to keep to the rate from `started`."""
        return max(0, min(self.total, round((time.monotonic() - started) * self.rate)) - self.sent)


def _douyin(sender: Sender) -> Callable[[ServerConnection], None]:
    def handler(conn: ServerConnection) -> None:
        started = time.monotonic()
        try:
            while sender.sent < sender.total:
                for _ in range(sender.due(started)):
                    n = sender.sent
                    conn.send(douyin_pack(n, int(time.time() * 1000)))
                    sender.sent += 1
                    if n % VIEWERS_EVERY == 0:
                        conn.send(douyin_viewers(n))
                time.sleep(TICK_S)
            conn.wait_closed()
        except ConnectionClosed:
            pass

    return handler


def _bilibili(sender: Sender) -> Callable[[ServerConnection], None]:
    def handler(conn: ServerConnection) -> None:
        try:
            conn.recv(timeout=10)  # the join
            conn.send(pack(OP_JOIN_REPLY, b'{"code":0}'))
            started = time.monotonic()
            while True:
                try:
                    got = conn.recv(timeout=BILIBILI_TICK_S)
                    if isinstance(got, bytes) and got[8:12] == b"\x00\x00\x00\x02":
                        conn.send(pack(OP_HEARTBEAT_REPLY, (1000).to_bytes(4, "big")))
                except TimeoutError:
                    pass
                due = sender.due(started)
                if due:
                    now_ms = int(time.time() * 1000)
                    batch = [bilibili_notice(sender.sent + i, now_ms) for i in range(due)]
                    if (sender.sent // VIEWERS_EVERY) != ((sender.sent + due) // VIEWERS_EVERY):
                        batch.append({"cmd": "ONLINE_RANK_COUNT", "data": {"count": 356}})
                    conn.send(bilibili_frame(batch))
                    sender.sent += due
        except ConnectionClosed:
            pass

    return handler


def main(argv: list[str]) -> int:
    rate, seconds = float(argv[0]), float(argv[1])
    senders = {"douyin": Sender(rate, seconds), "bilibili": Sender(rate, seconds)}
    servers: dict[str, Server] = {
        "douyin": serve(_douyin(senders["douyin"]), "127.0.0.1", 0),
        "bilibili": serve(_bilibili(senders["bilibili"]), "127.0.0.1", 0),
    }
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = {name: server.socket.getsockname()[1] for name, server in servers.items()}
    print(json.dumps(ports), flush=True)
    sys.stdin.read()  # until the bench is done with the rooms
    for server in servers.values():
        server.shutdown()
    print(json.dumps({"sent": {name: s.sent for name, s in senders.items()}}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
