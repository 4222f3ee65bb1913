"""Bilibili live comments: the room's danmaku over WebSocket.

`channel` is the room id (a short id such as the one in a streamer's link is resolved). The
danmaku server and the join token come from the room-info API (studio.chat.bilibili_api, signed
as the web player signs it); `server` (ws:// or wss://) instead connects straight to a danmaku
server, joining with the `key` option as the token. `token`, when given, is the viewer's
SESSDATA cookie for the API (signed in, names come unmasked); it is never logged.

The session: join (operation 7: roomid, protover 3, platform web), wait for the join reply
(8), then a heartbeat (2) at once and every `heartbeat` seconds (30 by default), answered by 3
with the room's popularity. Notices (5) become events (studio.chat.bilibili_packets). A server
that answers nothing for HEARTBEAT_MISSES heartbeats in a row (at least SILENT_MIN_S) is taken
for gone and the connector connects again, waiting 1, 2, 4... up to 15 s. A frame over
MAX_FRAME_BYTES closes the connection at once.
"""

from __future__ import annotations

import json
import struct
import time

from websockets.sync.client import ClientConnection

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.bilibili_api import LIVE_API, MAIN_API, DanmakuTarget, RoomInfo
from studio.chat.bilibili_packets import (
    OP_HEARTBEAT_REPLY,
    OP_JOIN_REPLY,
    OP_NOTICE,
    PLATFORM,
    VER_JSON,
    heartbeat_packet,
    join_packet,
    notice_events,
    notices,
)
from studio.chat.connector import ConnectorConfig, ConnectorError, Sink
from studio.chat.events import ChatEvent
from studio.chat.feed import FeedStats
from studio.chat.websocket import OPEN_TIMEOUT_S, RECV_POLL_S, WebSocketSession, check_feed_url

HEARTBEAT_S = 30.0  # what the web player sends
HEARTBEAT_MISSES = 3
SILENT_MIN_S = 10.0
MAX_FRAME_BYTES = 2**20
MAX_ROOM_ID = 2**53


class BilibiliConnector(WebSocketSession):
    kind = "bilibili"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Bilibili live")
    SETTINGS = (
        Setting(
            "channel",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Room"),
            required=True,
            placeholder="21452505",
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "the live room's number, as in live.bilibili.com/NUMBER"
            ),
        ),
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Danmaku server"),
            placeholder="wss://broadcastlv.chat.bilibili.com/sub",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "empty: the one Bilibili's room info names"),
        ),
        Setting(
            "token",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Login cookie (SESSDATA)"),
            secret=True,
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "optional: signed in, viewers' names are not hidden"
            ),
        ),
        Setting(
            "key",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Join key"),
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "the token a danmaku server given above expects"
            ),
        ),
        Setting(
            "heartbeat",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Heartbeat (seconds)"),
            "float",
            HEARTBEAT_S,
            0.05,
            60,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "how often the server is told we listen"),
        ),
        Setting(
            "api",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Room-info API"),
            placeholder=LIVE_API,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "empty: Bilibili's own"),
        ),
        Setting(
            "keys_api",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Signing keys API"),
            placeholder=MAIN_API,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "empty: Bilibili's own"),
        ),
    )
    platform = PLATFORM
    # The connection (studio.chat.websocket): Bilibili's own heartbeat keeps it alive, and one
    # that is closing is left at once.
    peer = "the danmaku server"
    peer_address = "the danmaku server's address"
    log_name = "bilibili chat"
    max_bytes = MAX_FRAME_BYTES
    ping_interval_s = None
    close_grace_s = 0.0

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        room = config.channel.strip()
        if not room.isdigit() or not 0 < int(room) < MAX_ROOM_ID:
            raise ConnectorError("config", "the Bilibili room must be its number, such as 6")
        self.room = int(room)
        self.server = config.server.strip()
        if self.server:
            check_feed_url(self.server)
        options = self.declared_options()
        self.heartbeat_s: float = options["heartbeat"]
        self.key: str = options["key"]  # the join token a given danmaku server expects
        self.api = RoomInfo(
            options["api"] or LIVE_API, options["keys_api"] or MAIN_API, config.token
        )
        for base in (self.api.live_api, self.api.main_api):
            if not base.startswith(("http://", "https://")):
                raise ConnectorError("config", "the room-info API must be an http(s):// address")
        self.stats = FeedStats()
        self.popularity = 0  # the last heartbeat reply's
        self.heartbeats_answered = 0
        self._next_server = 0

    @property
    def skipped(self) -> int:
        """Packets and notices that were not events (unknown commands, bad bodies)."""
        return self.stats.skipped

    def _target(self) -> tuple[str, DanmakuTarget]:
        if self.server:
            return self.server, DanmakuTarget(self.room, self.key, (self.server,))
        target = self.api.target(self.room)
        url = target.servers[self._next_server % len(target.servers)]
        self._next_server += 1  # the next try takes the next server
        return url, target

    def session(self) -> None:
        url, target = self._target()
        # The web player's handshake: its Origin, no client name.
        ws = self.open_socket(url, {"Origin": "https://live.bilibili.com"}, user_agent_header=None)
        self.run_socket(ws, lambda ws: self._join_and_read(ws, target))

    def _join_and_read(self, ws: ClientConnection, target: DanmakuTarget) -> None:
        ws.send(join_packet(target.room_id, target.token, target.uid))
        self._wait_joined(ws)
        self.connected()
        self._read(ws)

    def close_session(self) -> None:
        ws = self.socket
        if ws is not None:  # a stop does not wait for the next heartbeat's read
            ws.close_socket()

    def _wait_joined(self, ws: ClientConnection) -> None:
        """Until the join reply; notices that come first are read as usual."""
        deadline = time.monotonic() + OPEN_TIMEOUT_S
        while not self.stopping:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ConnectorError("protocol", "the danmaku server did not answer the join")
            frame = self.receive(ws, min(RECV_POLL_S, left))
            if frame is not None and self._frame(frame):
                return

    def _read(self, ws: ClientConnection) -> None:
        """Frames until the connection ends, a heartbeat every `heartbeat_s`."""
        silent_s = max(SILENT_MIN_S, HEARTBEAT_MISSES * self.heartbeat_s)
        heard = time.monotonic()
        beat_at = time.monotonic()  # at once, as the web player does
        while not self.stopping:
            now = time.monotonic()
            if now >= beat_at:
                ws.send(heartbeat_packet())
                beat_at = now + self.heartbeat_s
            if now - heard > silent_s:
                raise ConnectorError("network", "the danmaku server stopped answering")
            frame = self.receive(ws, max(0.0, min(RECV_POLL_S, beat_at - now)))
            if frame is not None:
                heard = time.monotonic()
                self._frame(frame)

    def _frame(self, frame: str | bytes) -> bool:
        """Read one frame, its events to the sink; True when it held the join reply."""
        if isinstance(frame, str):
            self.stats.skip("text_frame")
            return False
        joined = False
        events: list[ChatEvent] = []
        received = time.time()
        for packet in notices(frame, self.stats):
            if packet.operation == OP_NOTICE and packet.version == VER_JSON:
                events.extend(notice_events(packet.body, self.stats, received))
            elif packet.operation == OP_HEARTBEAT_REPLY and len(packet.body) >= 4:
                self.popularity = struct.unpack_from(">I", packet.body)[0]
                self.heartbeats_answered += 1
            elif packet.operation == OP_JOIN_REPLY:
                self._check_join(packet.body)
                joined = True
            else:
                self.stats.skip("unknown_packet")
        self.emit(events)
        return joined

    def _check_join(self, body: bytes) -> None:
        try:
            code = json.loads(body).get("code", 0)
        except (ValueError, AttributeError, RecursionError):
            code = 0  # older servers answer an empty body
        if code != 0:
            raise ConnectorError(
                "refused", f"the danmaku server refused to join room {self.room} (code {code})"
            )
