"""Hostile senders and servers against the comment connectors: replayed webhook posts, clients
that reset mid-request, odd IRC tags and lines, WebSocket addresses that cannot work and frames
too big to take. Each case runs against a real local server (the webhook's own HTTP server, a
websockets server, a raw socket speaking IRC or WebSocket)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import logging
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ircd import FakeConnection, FakeServer
from waiting import wait_for

from studio.chat.board import ChatBoard
from studio.chat.connector import Connector, ConnectorConfig, ConnectorError
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.irc import IrcConnector
from studio.chat.registry import make_connector
from studio.chat.room import ChatRoom
from studio.chat.webhook import MAX_CLIENTS, ReplayGuard, WebhookConnector, sign
from studio.chat.youtube import YouTubeConnector, to_event
from studio.commerce.shop import Shop

SECRET = "whsec-hostile-0123456789"
ROOT = Path(__file__).resolve().parent.parent


class Sink:
    """Everything a connector emitted (thread-safe), and the ChatLog the pane would hold."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.raw: list[ChatEvent] = []
        self.log = ChatLog()

    def __call__(self, events: list[ChatEvent]) -> None:
        with self.lock:
            self.raw.extend(events)
        self.log.add(events)

    def ids(self) -> list[str]:
        with self.lock:
            return [e.id for e in self.raw]


@pytest.fixture
def started() -> Iterator[list[Connector]]:
    connectors: list[Connector] = []
    yield connectors
    for connector in connectors:
        connector.stop()


# --- webhook ---------------------------------------------------------------------------------


def start_hook(started: list[Connector]) -> tuple[WebhookConnector, Sink]:
    sink = Sink()
    hook = make_connector(ConnectorConfig("webhook", server="127.0.0.1:0", token=SECRET), sink)
    assert isinstance(hook, WebhookConnector)
    hook.start()
    started.append(hook)
    wait_for(lambda: hook.status.state == "connected" and hook.port > 0, what="listening")
    return hook, sink


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("POST", "/chat", body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
        return response.status, json.loads(answer) if answer else {}
    finally:
        conn.close()


def stamped(body: bytes, timestamp: float | None = None) -> dict[str, str]:
    ts = str(int(time.time() if timestamp is None else timestamp))
    return {"X-Timestamp": ts, "X-Signature": sign(SECRET, body, ts)}


def test_webhook_replayed_post_is_accepted_once(started) -> None:
    hook, sink = start_hook(started)
    # No id and no time: only the receiver can tell a replay from a new comment.
    body = json.dumps({"type": "comment", "user": "ann", "text": "how much?"}).encode()
    now = int(time.time())
    headers = stamped(body, now)
    answers = [post(hook.port, body, headers) for _ in range(3)]
    assert answers[0] == (204, {})
    for status, answer in answers[1:]:
        assert status == 409
        assert answer == {
            "ok": False,
            "error": "already received: each signed post is accepted once",
        }
    # The same comment sent again as a new post (a new timestamp, signed anew) is a new post.
    again = stamped(body, now - 1)
    assert post(hook.port, body, again)[0] == 204
    wait_for(lambda: len(sink.raw) == 2, what="the two posts")
    time.sleep(0.2)
    assert [e.text for e in sink.raw] == ["how much?", "how much?"]
    assert hook.rejected == 2


def test_webhook_requires_a_timestamp(started) -> None:
    hook, sink = start_hook(started)
    body = json.dumps({"type": "comment", "id": "c1", "text": "hi"}).encode()
    # Signed without a timestamp (the old optional form): refused, with what to send instead.
    status, answer = post(hook.port, body, {"X-Signature": sign(SECRET, body)})
    assert status == 401
    assert answer == {
        "ok": False,
        "error": 'send X-Timestamp (seconds) and sign "<timestamp>.<body>"',
    }
    now = str(int(time.time()))
    arabic = now.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for bad in ("", "   ", "1" * 40, "inf", "nan", f"{now}\x00"):  # odd stamps: refused
        headers = {"X-Timestamp": bad, "X-Signature": sign(SECRET, body, bad)}
        assert post(hook.port, body, headers)[0] == 401, bad
    # Arabic-Indic digits (which float() reads), sent as the UTF-8 bytes a sender would put.
    headers_b = {"X-Timestamp": arabic.encode(), "X-Signature": sign(SECRET, body, arabic)}
    assert post(hook.port, body, headers_b)[0] == 401  # type: ignore[arg-type]
    assert post(hook.port, body, stamped(body))[0] == 204
    wait_for(lambda: len(sink.raw) == 1, what="the stamped post")
    assert hook.status.state == "connected"


def test_webhook_replay_memory_is_bounded_and_never_lets_a_replay_through(started) -> None:
    hook, sink = start_hook(started)
    hook.replays.limit = 5
    now = int(time.time())
    posts = []
    for n in range(20):  # 20 posts, stamped a second apart, oldest first
        body = json.dumps({"type": "comment", "id": f"c{n}", "text": str(n)}).encode()
        headers = stamped(body, now - 40 + n)
        assert post(hook.port, body, headers)[0] == 204
        posts.append((body, headers))
    assert len(hook.replays) == 5
    for body, headers in posts:  # forgotten or remembered: each replay is refused
        assert post(hook.port, body, headers)[0] == 409
    wait_for(lambda: len(sink.raw) == 20, what="the 20 posts")
    time.sleep(0.2)
    assert sink.ids() == [f"c{n}" for n in range(20)]


def test_replay_guard_forgets_stale_signatures_and_caps_its_memory() -> None:
    guard = ReplayGuard(limit=1000, window_s=300)
    now = 1_000_000.0
    for n in range(5000):
        assert guard.first_time(n.to_bytes(32, "big"), now + n * 0.01, now + n * 0.01)
    assert len(guard) == 1000 and guard.floor == pytest.approx(now + 39.99)
    assert not guard.first_time((4999).to_bytes(32, "big"), now + 49.99, now + 50)  # a replay
    assert not guard.first_time(b"new" * 10, now + 30, now + 50)  # stamped under the floor
    # Ten minutes on, everything is stale: memory empties as new posts arrive.
    assert guard.first_time(b"later" * 6, now + 700, now + 700)
    assert len(guard) == 1


def test_webhook_items_with_numbers_out_of_bounds_arrive_with_bounded_fields(started) -> None:
    hook, sink = start_hook(started)
    huge = "1" + "0" * 400  # an integer JSON carries and no float holds
    body = (
        "["
        f'{{"type": "comment", "id": "t1", "text": "a", "time": {huge}}}, '
        f'{{"type": "like", "id": "l1", "user": "b", "count": {huge}}}, '
        '{"type": "like", "id": "l2", "user": "c", "count": "1e308"}, '
        '{"type": "comment", "id": "t2", "text": "d", "time": "9999-12-31T23:59:59+14:00"}, '
        '{"type": "comment", "id": "t3", "text": "e", "time": "0001-01-01T00:00:00-14:00"}, '
        '{"type": "comment", "id": "ok", "text": "f", "time": 1714979289}'
        "]"
    ).encode()
    before = time.time()
    assert post(hook.port, body, stamped(body)) == (204, {})
    wait_for(lambda: len(sink.raw) == 6, what="the six items")
    by_id = {e.id: e for e in sink.raw}
    for event_id in ("t1", "t2", "t3"):  # no time a clock can show: the time received
        assert before <= by_id[event_id].time <= time.time(), event_id
    assert by_id["l1"].amount == by_id["l2"].amount == 1_000_000_000
    assert by_id["ok"].time == 1714979289


def test_webhook_client_resetting_mid_request_is_quiet(started, capsys, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="studio.chat")
    hook, sink = start_hook(started)
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", hook.port), timeout=5)
        head = 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"type"'
        sock.sendall(head.encode())
        time.sleep(0.1)  # the handler is reading the body
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # RST
    wait_for(
        lambda: not any("process_request" in t.name for t in threading.enumerate()),
        what="the handlers of the three resets to end",
    )
    body = json.dumps({"type": "comment", "id": "after", "text": "still here"}).encode()
    assert post(hook.port, body, stamped(body))[0] == 204
    wait_for(lambda: sink.ids() == ["after"], what="the next post")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out + caplog.text
    quiet = [r for r in caplog.records if "mid-request" in r.message]
    assert len(quiet) == 3 and all(r.levelno == logging.DEBUG for r in quiet)


def test_webhook_client_sending_a_byte_at_a_time_is_dropped(started) -> None:
    hook, sink = start_hook(started)
    hook.request_deadline_s = 1.0  # (10 s in use)
    request = b"POST /chat HTTP/1.1\r\nHost: x\r\n" + b"X-Padding: " + b"y" * 100
    with socket.create_connection(("127.0.0.1", hook.port), timeout=5) as slow:
        t0 = time.monotonic()
        dropped = None
        for byte in request:  # a byte every 0.1 s: the 5 s read timeout never trips
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                dropped = time.monotonic() - t0
                break
            slow.settimeout(0.1)
            try:
                if slow.recv(4096) == b"":
                    dropped = time.monotonic() - t0
                    break
            except TimeoutError:
                pass
    assert dropped is not None and 0.9 < dropped < 3.0, dropped
    body = json.dumps({"type": "comment", "id": "c1", "text": "hi"}).encode()
    assert post(hook.port, body, stamped(body))[0] == 204  # a normal post is not held up
    wait_for(lambda: sink.ids() == ["c1"], what="the normal post")


def test_webhook_connections_held_open_are_bounded(started) -> None:
    hook, sink = start_hook(started)
    handlers = lambda: sum("process_request" in t.name for t in threading.enumerate())  # noqa: E731
    idle = []
    try:
        for _ in range(200):  # connections that say nothing: each would hold a thread
            idle.append(socket.create_connection(("127.0.0.1", hook.port), timeout=5))
        wait_for(lambda: handlers() >= MAX_CLIENTS, what="the served connections")
        time.sleep(0.2)
        assert handlers() == MAX_CLIENTS
        # One more is answered at once, before it says anything, and closed.
        with socket.create_connection(("127.0.0.1", hook.port), timeout=5) as extra:
            answer = b""
            while chunk := extra.recv(4096):
                answer += chunk
        head, _, content = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503 ")
        assert json.loads(content) == {"ok": False, "error": "too many connections"}
    finally:
        for sock in idle:
            sock.close()
    wait_for(lambda: handlers() == 0, what="the idle connections to go")
    body = json.dumps({"type": "comment", "id": "c1", "text": "hi"}).encode()
    assert post(hook.port, body, stamped(body))[0] == 204
    wait_for(lambda: sink.ids() == ["c1"], what="the post once there is room")


def event(n: int, event_id: str | None = None) -> ChatEvent:
    return ChatEvent("comment", "relay", "u", str(n), float(n), event_id or f"c{n}")


def test_chat_log_drops_an_id_delivered_long_ago() -> None:
    log = ChatLog(keep=10)
    assert len(log.add(event(n) for n in range(500))) == 500
    assert len(log) == 10 and log.events()[0].id == "c490"
    assert log.add([event(0), event(3)]) == []  # fell off the pane long ago: still known
    assert log.dropped_duplicates == 2
    assert len(log) == 10 and log.events()[0].id == "c490"


def test_room_pane_never_gets_an_old_event_again() -> None:
    room = ChatRoom(Shop(), ChatBoard(), keep=10)
    room.sink([event(n) for n in range(100)])
    seen, seq = room.events_since(0)
    assert [e.id for e in seen] == [f"c{n}" for n in range(90, 100)]
    room.sink([event(5), event(50), event(100)])  # a relay replaying its backlog, then news
    new, _ = room.events_since(seq)
    assert [e.id for e in new] == ["c100"]


def test_chat_log_memory_of_ids_is_bounded() -> None:
    log = ChatLog(keep=10, remember=1000)
    assert len(log.add(event(n) for n in range(500))) == 500
    long_id = "x" * 100_000  # a sender's huge id costs a digest, not its size
    assert len(log.add([event(600, long_id)])) == 1
    assert log.add([event(601, long_id)]) == []
    assert len(log.add(event(n) for n in range(1000, 3000))) == 2000
    assert len(log._seen) == 1000  # bounded
    assert log.add([event(2999)]) == []
    assert len(log.add([event(0)])) == 1  # forgotten after `remember` newer ids


# --- IRC -------------------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    server = FakeServer()
    yield server
    server.close()


def start_irc(
    started: list[Connector], fake: FakeServer
) -> tuple[IrcConnector, Sink, FakeConnection]:
    """An IRC connector on `fake`, logged in and joined to #shop."""
    sink = Sink()
    irc = make_connector(ConnectorConfig("irc", server=fake.address, channel="#shop"), sink)
    assert isinstance(irc, IrcConnector)
    irc.start()
    started.append(irc)
    conn = fake.connection()
    conn.welcome()
    conn.expect("JOIN #shop")
    return irc, sink, conn


def privmsg(n: int, **tags: str) -> str:
    tag_text = ";".join(f"{k.replace('_', '-')}={v}" for k, v in {"id": f"m{n}", **tags}.items())
    return f"@{tag_text} :v{n}!v{n}@h PRIVMSG #shop :message {n}"


ODD_STAMPS = {
    "arabic": "١٥٠٧٢٤٦٥٧٢٦٧٥",  # Arabic-Indic digits: int() reads them
    "fullwidth": "１５０７２４６５７２６７５",
    "superscript": "²",  # isdigit(), yet int() refuses it
    "digits400": "9" * 400,  # past what a float holds
    "digits20": "9" * 20,  # a float, but past any date a clock can show
    "negative": "-1507246572675",
    "empty": "",
}


def test_irc_odd_tags_fall_back_and_the_read_survives(started, fake, caplog) -> None:
    irc, sink, conn = start_irc(started, fake)
    before = time.time()
    lines = [privmsg(n, tmi_sent_ts=stamp) for n, stamp in enumerate(ODD_STAMPS.values())]
    lines.append(privmsg(10, bits="１００", tmi_sent_ts="1507246572675"))
    lines.append(privmsg(11, bits="9" * 5000))  # past int()'s 4300-digit limit
    lines.append(privmsg(12, bits="250"))
    lines.append(
        "@id=r1;msg-id=raid;msg-param-displayName=Raider;msg-param-viewerCount=٣٣;"
        "tmi-sent-ts=٣ :tmi.twitch.tv USERNOTICE #shop"
    )
    lines.append(
        "@id=g1;msg-id=resub;msg-param-cumulative-months=" + "7" * 5000 + ";login=x "
        ":tmi.twitch.tv USERNOTICE #shop :resub text"
    )
    conn.send(*lines)  # one write: one read on the connector's side
    wait_for(lambda: len(sink.raw) == len(lines), what=f"{len(lines)} events")
    after = time.time()
    by_id = {e.id: e for e in sink.raw}
    for n in range(len(ODD_STAMPS)):  # each odd stamp: the time it was received
        assert before <= by_id[f"m{n}"].time <= after, list(ODD_STAMPS)[n]
    assert by_id["m10"].time == 1507246572.675 and "bits" not in by_id["m10"].extra
    assert "bits" not in by_id["m11"].extra and by_id["m12"].extra["bits"] == 250
    assert by_id["r1"].kind == "join" and by_id["r1"].amount == 1
    assert before <= by_id["r1"].time <= after
    assert by_id["g1"].kind == "gift" and by_id["g1"].extra["months"] == 0
    assert irc.status.state == "connected" and irc.status.attempts == 0
    assert len(fake.connections) == 1  # never reconnected
    assert "Traceback" not in caplog.text


def test_irc_a_line_that_breaks_the_parser_costs_that_line_only(started, fake, caplog) -> None:
    irc, sink, conn = start_irc(started, fake)

    real = irc._privmsg

    def fussy(msg):  # a parser bug on one kind of line (stands in for any not yet found)
        if msg.text == "boom":
            raise KeyError("boom")
        return real(msg)

    irc._privmsg = fussy  # type: ignore[method-assign]
    conn.send(privmsg(1), ":a!a@h PRIVMSG #shop :boom", privmsg(2))
    wait_for(lambda: len(sink.raw) == 2, what="the two good lines")
    assert [e.id for e in sink.raw] == ["m1", "m2"]
    assert "skipped a line it could not read (KeyError)" in caplog.text
    assert irc.status.state == "connected" and len(fake.connections) == 1


def test_irc_ping_token_is_never_echoed_with_a_line_break(started, fake) -> None:
    irc, _, conn = start_irc(started, fake)
    conn.send_raw(b"PING :tok\rPRIVMSG #shop :injected\r\n")
    conn.expect("PONG :tok")
    conn.send_raw(b"PING tik\x00QUIT\r\n")
    conn.expect("PONG tik")
    conn.send_raw(b"PING :last\r\n")
    conn.expect("PONG :last")
    assert not any("injected" in line or "QUIT" in line for line in conn.lines), conn.lines
    assert all("\r" not in line and "\x00" not in line for line in conn.lines)
    assert irc.status.state == "connected"


def test_chat_listen_prints_irc_messages_with_odd_stamps(fake) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "irc",
         "--server", fake.address, "--channel", "#shop", "--duration", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        conn = fake.connection(timeout=20)
        conn.welcome()
        conn.expect("JOIN #shop")
        conn.send(
            privmsg(1, tmi_sent_ts="9" * 400),
            privmsg(2, tmi_sent_ts="9" * 20),
            privmsg(3, tmi_sent_ts="١٥٠٧٢٤٦٥٧٢٦٧٥"),
            privmsg(4, tmi_sent_ts="1507246572675"),
        )
        said = [proc.stdout.readline() for _ in range(4)]  # (at the end of --duration: "")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    said = [line.rstrip("\n").split(" ", 1)[-1] for line in said]
    assert said == [f"v{n}: message {n}" for n in (1, 2, 3, 4)], said
    assert out == "" and "Traceback" not in err, err


# --- WebSocket -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("ws://127.0.0.1:70000/feed", "the feed address's port must be a number from 1 to 65535"),
        ("ws://127.0.0.1:-1/", "the feed address's port must be a number from 1 to 65535"),
        ("ws://127.0.0.1:abc/", "the feed address's port must be a number from 1 to 65535"),
        ("ws://127.0.0.1:0/", "the feed address's port must be a number from 1 to 65535"),
        ("ws://[::1/feed", "the feed address is not a valid URL"),
        ("ws://relay host/", "the feed address has spaces or control characters in it"),
        ("ws://relay\x00host/", "the feed address has spaces or control characters in it"),
        ("ws://relay/#part", "the feed address is not a valid URL"),
        ("ws://user@relay/", "the feed address is not a valid URL"),
    ],
)
def test_websocket_unusable_address_is_refused_when_made(url: str, detail: str) -> None:
    with pytest.raises(ConnectorError) as refused:
        make_connector(ConnectorConfig("websocket", server=url), Sink())
    assert (refused.value.code, refused.value.detail) == ("config", detail)


def test_chat_listen_refuses_an_unusable_websocket_address_once() -> None:
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "studio", "chat", "listen", "--connector", "websocket",
         "--server", "ws://127.0.0.1:70000/feed", "--duration", "4"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "studio: error: the feed address's port must be a number from 1 to 65535"
    ]
    assert proc.stdout == "" and time.monotonic() - t0 < 4  # no retries: ends at once


WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def ws_frame(payload: bytes) -> bytes:
    """One unmasked text frame (a server's)."""
    n = len(payload)
    if n < 126:
        return struct.pack("!BB", 0x81, n) + payload
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + payload
    return struct.pack("!BBQ", 0x81, 127, n) + payload


class HostileFeed:
    """A raw-socket WebSocket server. The first connection gets, by `first`:
    "trickle": a 5 MB message, sent slowly (64 KB every 0.25 s, about 20 s in all), no close;
    "hold": a close frame (1011), then the connection held open, never hung up.
    Later connections get `after` (a small message) and stay open."""

    def __init__(self, after: bytes, first: str = "trickle") -> None:
        self.mode = first
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.after = after
        self.accepted: list[float] = []
        self.first_gone: float | None = None  # when the client hung up the first connection
        self._stop = threading.Event()
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            self._socks.append(sock)
            self.accepted.append(time.monotonic())
            first = len(self.accepted) == 1
            threading.Thread(target=self._serve, args=(sock, first), daemon=True).start()

    def _serve(self, sock: socket.socket, first: bool) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                request += sock.recv(4096)
            key = next(
                line.split(b":", 1)[1].strip()
                for line in request.split(b"\r\n")
                if line.lower().startswith(b"sec-websocket-key:")
            )
            accept = base64.b64encode(hashlib.sha1(key + WS_GUID).digest())
            sock.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
            )
            if not first:
                sock.sendall(ws_frame(self.after))
                self._stop.wait(30)
                return
            if self.mode == "hold":
                sock.sendall(struct.pack("!BBH", 0x88, 2, 1011))
                while sock.recv(4096):  # the client's close frame; then its hang-up
                    pass
                self.first_gone = time.monotonic()
                return
            big = json.dumps({"type": "comment", "id": "big", "text": "x" * 5_000_000})
            data = ws_frame(big.encode())
            for at in range(0, len(data), 65536):
                sock.sendall(data[at : at + 65536])
                if self._stop.wait(0.25):
                    return
        except OSError:
            if first:
                self.first_gone = time.monotonic()

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        for sock in self._socks:
            sock.close()


def test_websocket_huge_message_is_dropped_at_once_and_the_feed_goes_on(started, caplog) -> None:
    feed = HostileFeed(json.dumps({"type": "comment", "id": "after", "text": "hi"}).encode())
    try:
        sink = Sink()
        ws = make_connector(
            ConnectorConfig("websocket", server=f"ws://127.0.0.1:{feed.port}/"), sink
        )
        ws.start()
        started.append(ws)
        wait_for(lambda: feed.accepted, what="the first connection")
        wait_for(lambda: sink.ids() == ["after"], what="the next message", timeout=15)
        took = time.monotonic() - feed.accepted[0]
        assert took < 8, took  # the 5 MB take 20 s to send: the client did not wait for them
        assert feed.first_gone is not None and feed.first_gone - feed.accepted[0] < 5
        assert len(feed.accepted) == 2 and ws.status.state == "connected"
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert warnings == ["websocket chat: the feed sent a message over 1 MB; reconnecting"]
        assert "Traceback" not in caplog.text
        print(f"\nwebsocket: a 5 MB message dropped and the feed back in {took:.2f} s")
    finally:
        feed.close()


# --- YouTube ---------------------------------------------------------------------------------

YT_KEY = "AIzaSy-hostile-KEY-never-shown-0123"


class ScriptedHttp:
    """A raw-socket HTTP server answering each connection with the next of `answers` (bytes,
    sent as they are, then the connection is closed); the last answer repeats. The answers
    numbered in `trickle` (from 0) send their body a byte every 0.1 s."""

    def __init__(self, answers: list[bytes], trickle: frozenset[int] = frozenset()) -> None:
        self.answers = answers
        self.trickle = trickle
        self.requests: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with sock:
                try:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        chunk = sock.recv(4096)
                        if not chunk:
                            break
                        request += chunk
                    self.requests.append(request)
                    n = min(len(self.requests), len(self.answers)) - 1
                    if n not in self.trickle:
                        sock.sendall(self.answers[n])
                        continue
                    head, _, body = self.answers[n].partition(b"\r\n\r\n")
                    sock.sendall(head + b"\r\n\r\n")
                    for byte in body:
                        sock.sendall(bytes([byte]))
                        time.sleep(0.1)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def chat_page(text: str) -> bytes:
    """An HTTP answer holding one page of chat: a comment "yt-1" saying `text`."""
    item = {
        "id": "yt-1",
        "snippet": {"type": "textMessageEvent", "publishedAt": "2024-05-06T07:08:09Z",
                    "textMessageDetails": {"messageText": text}},
        "authorDetails": {"displayName": "ann", "channelId": "UC1"},
    }  # fmt: skip
    good = json.dumps({"items": [item], "pollingIntervalMillis": 60_000}).encode()
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(good)).encode()
        + b"\r\n\r\n"
        + good
    )


def make_youtube(server: ScriptedHttp, sink: Sink) -> YouTubeConnector:
    config = ConnectorConfig(
        "youtube", server=f"http://127.0.0.1:{server.port}", channel="c1", token=YT_KEY
    )
    yt = make_connector(config, sink)
    assert isinstance(yt, YouTubeConnector)
    return yt


def test_youtube_garbled_answers_are_one_line_statuses_without_the_key(started, caplog) -> None:
    server = ScriptedHttp(
        [
            b"HELLO THERE\r\n\r\n",  # not HTTP at all
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            b'{"items": [',  # cut short
            chat_page("still here"),
        ]
    )
    try:
        sink = Sink()
        statuses = []
        yt = make_youtube(server, sink)
        yt.on_status = statuses.append
        yt.start()
        started.append(yt)
        wait_for(
            lambda: sink.ids() == ["yt-1"], what="the chat after two garbled answers", timeout=20
        )
        problems = [(s.code, s.detail) for s in statuses if s.state == "reconnecting" and s.code]
        assert ("network", "the API's answer was garbled or cut short (BadStatusLine)") in problems
        assert ("network", "the API's answer was cut short") in problems
        assert "Traceback" not in caplog.text
        assert YT_KEY not in caplog.text + repr(statuses)
    finally:
        server.close()


def test_youtube_answer_sent_a_byte_at_a_time_is_left(started) -> None:
    answer = chat_page("at last")  # about 30 s at a byte every 0.1 s: the 10 s timeout never trips
    server = ScriptedHttp([answer, answer], trickle=frozenset({0}))
    try:
        sink = Sink()
        statuses = []
        yt = make_youtube(server, sink)
        yt.answer_deadline_s = 1.0  # (30 s in use)
        yt.on_status = statuses.append
        t0 = time.monotonic()
        yt.start()
        started.append(yt)
        wait_for(lambda: sink.ids() == ["yt-1"], what="the second, prompt answer", timeout=10)
        assert time.monotonic() - t0 < 6
        reasons = [(s.code, s.detail) for s in statuses if s.state == "reconnecting" and s.code]
        assert set(reasons) == {("network", "the API's answer took too long")}
    finally:
        server.close()


def test_youtube_api_address_that_cannot_work_is_refused_without_the_key() -> None:
    what = "the YouTube API address"
    for base, detail in (
        ("http://127.0.0.1:8080/x y", f"{what} has spaces or control characters in it"),
        ("http://127.0.0.1:99999", f"{what}'s port must be a number from 1 to 65535"),
        ("http://[::1", f"{what} is not a valid URL"),
    ):
        with pytest.raises(ConnectorError) as refused:
            make_connector(
                ConnectorConfig("youtube", server=base, channel="c1", token=YT_KEY), Sink()
            )
        assert (refused.value.code, refused.value.detail) == ("config", detail)


# --- any connector ---------------------------------------------------------------------------


class Faulty(Connector):
    """A connector whose session fails with an error nobody expected, its text holding a URL
    with a key (as urllib's and http.client's errors do)."""

    kind = "faulty"

    def session(self) -> None:
        raise ValueError(f"bad URL 'https://api.example/v3?key={YT_KEY}'")


def test_an_unexpected_connector_error_is_one_line_without_its_text(caplog) -> None:
    connector = Faulty(ConnectorConfig("faulty"), Sink())
    statuses = []
    connector.on_status = statuses.append
    connector.start()
    try:
        wait_for(lambda: connector.status.state == "reconnecting", what="the first failure")
    finally:
        connector.stop()
    failed = next(s for s in statuses if s.state == "reconnecting")
    assert (failed.code, failed.detail) == ("protocol", "unexpected ValueError")
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert re.fullmatch(r"faulty chat: unexpected ValueError at test_chat_hostile\.py:\d+",
                        lines[0].getMessage())  # fmt: skip
    assert YT_KEY not in caplog.text and "Traceback" not in caplog.text


def test_youtube_numbers_and_times_out_of_bounds_fall_back() -> None:
    item = {
        "id": "sc-1",
        "snippet": {
            "type": "superChatEvent",
            "publishedAt": "0001-01-01T00:00:00-14:00",
            "superChatDetails": {
                "amountMicros": "9" * 5000,  # past int()'s 4300-digit limit
                "tier": "３",  # fullwidth: int() would read it
                "userComment": "big spender",
                "currency": "USD",
            },
        },
        "authorDetails": {"displayName": "ann", "channelId": "UC1"},
    }
    event = to_event(item, received=1_714_979_289.0)
    assert event is not None and event.text == "big spender"
    assert event.time == 1_714_979_289.0
    assert event.extra["amount_micros"] == 0 and event.extra["tier"] == 0
    item["snippet"]["publishedAt"] = "9999-12-31T23:59:59+14:00"  # type: ignore[index]
    assert to_event(item, received=5.0).time == 5.0  # type: ignore[union-attr]


def test_websocket_server_that_closes_but_never_hangs_up_is_left(started, caplog) -> None:
    feed = HostileFeed(
        json.dumps({"type": "comment", "id": "after", "text": "hi"}).encode(), first="hold"
    )
    try:
        sink = Sink()
        statuses = []
        ws = make_connector(
            ConnectorConfig("websocket", server=f"ws://127.0.0.1:{feed.port}/"), sink
        )
        ws.on_status = statuses.append
        ws.start()
        started.append(ws)
        wait_for(lambda: feed.accepted, what="the first connection")
        wait_for(lambda: sink.ids() == ["after"], what="the next message", timeout=15)
        took = time.monotonic() - feed.accepted[0]
        assert took < 8, took  # left after 2 s, not after the keepalive's 20 s or more
        assert feed.first_gone is not None and feed.first_gone - feed.accepted[0] < 5
        reasons = [(s.code, s.detail) for s in statuses if s.state == "reconnecting" and s.code]
        assert reasons == [("network", "the feed closed the connection but kept it open")]
        assert "Traceback" not in caplog.text
    finally:
        feed.close()
