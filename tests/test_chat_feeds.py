"""The generic JSON feeds: the WebSocket client against a local websockets server, and the
local webhook receiver against signed (and unsigned, forged, stale, oversize) posts."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psutil
import pytest
from waiting import wait_for
from websockets.sync.server import Server, ServerConnection, serve

from studio.chat.connector import Connector, ConnectorConfig, ConnectorError
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.feed import FeedError, FeedStats, parse_payload
from studio.chat.registry import make_connector
from studio.chat.webhook import WebhookConnector, sign
from studio.chat.websocket import WebSocketConnector

SECRET = "whsec-test-secret-0123456789"
TOKEN = "relay-token-0123456789"
HOSTILE = [
    "<script>alert(1)</script><img src=x onerror=alert(2)> {{7*7}} ${x} %s",
    "\u202eevil\u202c مرحبا بالعالم שלום",
    "zero\u200bwidth\u200c\u200d\ufeffjoin\u2060",
    "字" * 10_000,
    "line\nbreak\ttab \u0000 nul e\u0301 👩‍👩‍👧 ",
]


def comment(n: int, text: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "type": "comment",
        "id": f"c{n}",
        "user": f"viewer{n}",
        "user_id": f"u{n}",
        "text": f"hello {n}" if text is None else text,
        "time": 1_714_979_289 + n,
        **fields,
    }


class Collected:
    """A connector's sink: a ChatLog plus everything emitted, in order."""

    def __init__(self) -> None:
        self.log = ChatLog(keep=100_000)
        self.raw: list[ChatEvent] = []
        self.calls = 0

    def __call__(self, events: list[ChatEvent]) -> None:
        self.calls += 1
        self.raw.extend(events)
        self.log.add(events)

    def ids(self) -> set[str]:
        return {e.id for e in self.raw}


@pytest.fixture
def started() -> Iterator[list[Connector]]:
    connectors: list[Connector] = []
    yield connectors
    for connector in connectors:
        connector.stop()


# --- the JSON mapping ---


def test_feed_mapping_of_field_names_and_relay_kinds() -> None:
    stats = FeedStats()
    payload = json.dumps(
        [
            {"type": "chat", "msg_id": 17, "nickname": "Ann", "uid": 42, "content": "hi"},
            {
                "method": "WebcastGiftMessage",
                "user": {"nickname": "Bo", "id": "9"},
                "gift": {"name": "Rose"},
                "combo": 3,
                "ts": 1_714_979_289_123,
                "platform": "douyin",
            },
            {"kind": "WebcastLikeMessage", "user": "Cy", "count": "15", "text": "ignored"},
            {"type": "WebcastMemberMessage", "user": "Di"},
            {"type": "WebcastSocialMessage", "user": "Ed", "time": "2024-05-06T07:08:09.5Z"},
            {"type": "danmaku", "user": "Fa", "text": "弹幕", "time": 1_714_979_289_000_000},
            {"type": "gift", "user": "Gu", "gift_name": "Car", "amount": 0},
            {"type": "unknown-kind", "user": "x"},
            {"no": "type"},
            "a string",
            17,
        ]
    )
    events = parse_payload(payload, "relay", stats)
    assert [e.kind for e in events] == [
        "comment",
        "gift",
        "like",
        "join",
        "follow",
        "comment",
        "gift",
    ]
    c, g, like, join, follow, danmaku, g2 = events
    assert (c.id, c.user, c.user_id, c.text, c.platform) == ("17", "Ann", "42", "hi", "relay")
    assert (g.user, g.user_id, g.gift, g.amount, g.platform) == ("Bo", "9", "Rose", 3, "douyin")
    assert g.time == pytest.approx(1_714_979_289.123)  # milliseconds detected
    assert like.amount == 15 and like.text == ""
    assert join.user == "Di" and join.text == ""
    assert follow.time == pytest.approx(1_714_979_289.5)
    assert danmaku.time == pytest.approx(1_714_979_289.0)  # microseconds detected
    assert g2.gift == "Car" and g2.amount == 1
    assert stats.accepted == 7 and stats.skipped == 4
    assert stats.reasons == {"unknown": 2, "not_object": 2}
    # No id given: a digest of the event, the same when it is delivered again (with no time
    # either, the time received is part of it: two like taps are two events).
    again = parse_payload(payload, "relay", now=time.time() + 1)
    assert g.id == again[1].id and g.id.startswith("douyin:")
    assert like.id != again[2].id
    for bad in ("not json", "{", '"a string"', "3", b"\xff\xfe"):
        with pytest.raises(FeedError):
            parse_payload(bad, "relay", stats)
    assert stats.reasons["invalid"] == 5


# --- WebSocket ---


class FeedServer:
    """A websockets server that sends each connection what is put in `outbox` (str frames, or
    bytes as binary frames); `auth` checks the Authorization header at the handshake."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[str | bytes | tuple[str, int]] = queue.Queue()
        self.token = TOKEN
        self.handshakes: list[dict[str, str]] = []
        self.connections = 0
        self.server: Server | None = None
        self.port = 0

    def start(self, port: int = 0) -> None:
        def process_request(conn: ServerConnection, request: Any) -> Any:
            self.handshakes.append({"path": request.path, **dict(request.headers.raw_items())})
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                return conn.respond(401, "unauthorized\n")
            return None

        def handler(conn: ServerConnection) -> None:
            self.connections += 1
            server = self.server
            while True:
                try:
                    item = self.outbox.get(timeout=0.02)
                except queue.Empty:
                    if conn.state.name != "OPEN" or self.server is not server:
                        return
                    continue
                if isinstance(item, tuple):  # ("close", code)
                    conn.close(item[1])
                    return
                try:
                    conn.send(item)
                except Exception:
                    self.outbox.put(item)
                    return

        self.server = serve(handler, "127.0.0.1", port, process_request=process_request)
        self.port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/feed"


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def start_ws(
    started: list[Connector], url: str, token: str = TOKEN, **options: str
) -> tuple[WebSocketConnector, Collected]:
    sink = Collected()
    connector = make_connector(
        ConnectorConfig("websocket", server=url, token=token, options=options), sink
    )
    assert isinstance(connector, WebSocketConnector)
    connector.start()
    started.append(connector)
    return connector, sink


def test_websocket_events_exact_texts_batches_and_malformed_frames(feed_server, started) -> None:
    connector, sink = start_ws(started, feed_server.url, platform="tiktok")
    wait_for(lambda: connector.status.state == "connected", what="connected")
    assert feed_server.handshakes[0]["Authorization"] == f"Bearer {TOKEN}"
    for n, text in enumerate(HOSTILE):
        feed_server.outbox.put(json.dumps(comment(n, text)))
    feed_server.outbox.put(json.dumps([comment(10), comment(11, platform="youtube")]))
    for bad in ("not json", "{", "[1, 2]", '"text"', "{}", '{"type": "nope"}', b"\xff\xfe"):
        feed_server.outbox.put(bad)
    feed_server.outbox.put(json.dumps(comment(12)).encode())  # a binary frame of JSON is fine
    wait_for(lambda: "c12" in sink.ids(), what="the last event")
    events = sink.log.events()
    assert [e.id for e in events] == [f"c{n}" for n in range(len(HOSTILE))] + ["c10", "c11", "c12"]
    assert [e.text for e in events[: len(HOSTILE)]] == HOSTILE
    assert events[0].platform == "tiktok" and events[-2].platform == "youtube"
    # Skipped, counted: 4 frames that are not a JSON object or array, the 2 numbers in
    # "[1, 2]", and 2 objects that are not events.
    assert connector.skipped == 8
    assert connector.stats.reasons == {"invalid": 4, "not_object": 2, "unknown": 2}
    assert connector.status.state == "connected"


def test_websocket_token_in_query(feed_server, started) -> None:
    start_ws(started, feed_server.url + "?room=1", auth="query")
    wait_for(lambda: len(feed_server.handshakes) >= 1, what="a handshake")
    assert feed_server.handshakes[0]["path"] == f"/feed?room=1&token={TOKEN}"
    assert "Authorization" not in feed_server.handshakes[0]


def test_websocket_server_restart_reconnects_and_continues(feed_server, started) -> None:
    connector, sink = start_ws(started, feed_server.url)
    wait_for(lambda: connector.status.state == "connected", what="connected")
    feed_server.outbox.put(json.dumps(comment(1)))
    wait_for(lambda: len(sink.log) == 1, what="the first event")
    port = feed_server.port
    feed_server.stop()  # closes with 1001 going away
    wait_for(lambda: connector.status.state == "reconnecting", what="reconnecting")
    feed_server.start(port)
    feed_server.outbox.put(json.dumps(comment(2)))
    feed_server.outbox.put(json.dumps(comment(1)))  # a relay replaying its backlog
    wait_for(lambda: len(sink.raw) == 3, what="events after the restart")
    assert connector.status.state == "connected"
    assert [e.id for e in sink.log.events()] == ["c1", "c2"]
    assert feed_server.connections == 2  # the first, and one reconnect


def test_websocket_auth_rejected_at_handshake(feed_server, started, caplog) -> None:
    connector, _ = start_ws(started, feed_server.url, token="wrong-token-abcdef")
    wait_for(lambda: connector.status.state == "failed", what="failed")
    assert connector.status.code == "auth" and "401" in connector.status.detail
    assert "wrong-token-abcdef" not in connector.status.detail + caplog.text
    time.sleep(0.3)
    assert len(feed_server.handshakes) == 1  # not retried


def test_websocket_auth_close_code_is_an_auth_failure(feed_server, started) -> None:
    connector, _ = start_ws(started, feed_server.url)
    wait_for(lambda: connector.status.state == "connected", what="connected")
    feed_server.outbox.put(("close", 4003))
    wait_for(lambda: connector.status.state == "failed", what="failed")
    assert connector.status.code == "auth" and "4003" in connector.status.detail


def test_websocket_nothing_listening_is_refused(started) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed
    connector, _ = start_ws(started, f"ws://127.0.0.1:{port}/")
    wait_for(lambda: connector.status.code == "refused", what="refused")
    assert connector.status.state == "reconnecting"


def test_websocket_bad_url_is_a_config_error() -> None:
    for url in ("http://127.0.0.1/", "127.0.0.1:9000", "ws://"):
        with pytest.raises(ConnectorError) as exc:
            make_connector(ConnectorConfig("websocket", server=url), lambda events: None)
        assert exc.value.code == "config"


def test_websocket_flood_arrives_once(feed_server, started) -> None:
    connector, sink = start_ws(started, feed_server.url)
    wait_for(lambda: connector.status.state == "connected", what="connected")
    n = 5_000
    frames = [json.dumps(comment(i)) for i in range(n)]
    t0 = time.monotonic()
    for frame in frames:
        feed_server.outbox.put(frame)
    wait_for(lambda: len(sink.raw) >= n, timeout=30, what=f"{n} events")
    elapsed = time.monotonic() - t0
    assert len(sink.raw) == n and len(sink.log) == n and sink.log.dropped_duplicates == 0
    assert [e.id for e in sink.raw] == [f"c{i}" for i in range(n)]  # in order, each once
    print(
        f"\nwebsocket: {n} messages in {elapsed:.2f} s ({n / elapsed:.0f}/s), "
        f"{sink.calls} sink calls"
    )


# --- webhook ---


def start_hook(
    started: list[Connector], sink: Callable[[list[ChatEvent]], None] | None = None, **options: str
) -> tuple[WebhookConnector, Collected]:
    collected = Collected()
    connector = make_connector(
        ConnectorConfig("webhook", server="127.0.0.1:0", token=SECRET, options=options),
        sink or collected,
    )
    assert isinstance(connector, WebhookConnector)
    connector.start()
    started.append(connector)
    wait_for(lambda: connector.status.state == "connected" and connector.port > 0, what="listening")
    return connector, collected


def post(
    port: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    path: str = "/chat",
    conn: http.client.HTTPConnection | None = None,
    method: str = "POST",
) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def signed(body: bytes, secret: str = SECRET, timestamp: str | None = "now") -> dict[str, str]:
    """Headers of a signed post, stamped now unless told (None: the signature alone)."""
    if timestamp == "now":
        timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Signature": sign(secret, body, timestamp)}
    if timestamp is not None:
        headers["X-Timestamp"] = timestamp
    return headers


def test_webhook_signed_posts_accepted_object_and_array(started) -> None:
    hook, sink = start_hook(started)
    assert hook.url == f"http://127.0.0.1:{hook.port}/chat"
    body = json.dumps(comment(1, HOSTILE[0])).encode()
    assert post(hook.port, body, signed(body)) == (204, b"")
    body = json.dumps([comment(2, HOSTILE[1]), comment(3, HOSTILE[3])]).encode()
    # GitHub's header name, and a hand-made signature (what a relay computes).
    now = str(int(time.time()))
    message = now.encode() + b"." + body
    digest = hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()
    headers = {"X-Hub-Signature-256": f"sha256={digest}", "X-Timestamp": now}
    assert post(hook.port, body, headers)[0] == 204
    body = json.dumps(comment(4)).encode()
    assert post(hook.port, body, signed(body, timestamp=now))[0] == 204
    wait_for(lambda: len(sink.log) == 4, what="4 events")
    assert [e.text for e in sink.log.events()] == [HOSTILE[0], HOSTILE[1], HOSTILE[3], "hello 4"]
    assert {e.platform for e in sink.raw} == {"relay"}


def test_webhook_rejects_unsigned_forged_and_stale_posts(started, caplog) -> None:
    hook, sink = start_hook(started)
    body = json.dumps(comment(1)).encode()
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    old = str(int(time.time()) - 301)
    future = str(int(time.time()) + 400)
    now = str(int(time.time()))
    rejected = [
        {},  # unsigned
        {"X-Signature": "sha256=" + "0" * 64},
        {"X-Signature": digest},  # no "sha256=" prefix
        {"X-Signature": "sha1=" + digest},
        signed(body, secret="another-secret"),
        signed(body + b" "),  # signature of another body
        signed(body, timestamp=old),  # replayed later
        signed(body, timestamp=future),
        {**signed(body, timestamp=None), "X-Timestamp": now},  # timestamp not signed
        {**signed(body, timestamp=now), "X-Timestamp": str(int(now) + 1)},
        signed(body, timestamp="soon"),
        signed(body, timestamp="nan"),
    ]
    for headers in rejected:
        status, answer = post(hook.port, body, headers)
        assert status == 401, headers
        assert json.loads(answer) == {"ok": False, "error": "missing, bad or stale signature"}
    # Then a good one: it arrives, and none of the rejected ones did.
    good = json.dumps(comment(2)).encode()
    assert post(hook.port, good, signed(good, timestamp=now))[0] == 204
    wait_for(lambda: len(sink.raw) == 1, what="the good post")
    time.sleep(0.1)
    assert [e.id for e in sink.raw] == ["c2"]
    assert hook.rejected == len(rejected)
    assert SECRET not in caplog.text


def test_webhook_answers_for_bad_requests(started) -> None:
    hook, sink = start_hook(started, path="/hooks/live")
    big = b'{"type": "comment", "text": "' + b"x" * 2**20 + b'"}'
    assert post(hook.port, big, signed(big), path="/hooks/live")[0] == 413
    junk = b"{not json"
    assert post(hook.port, junk, signed(junk), path="/hooks/live")[0] == 400
    scalar = b"42"
    assert post(hook.port, scalar, signed(scalar), path="/hooks/live")[0] == 400
    body = json.dumps(comment(1)).encode()
    assert post(hook.port, body, signed(body), path="/chat")[0] == 404
    assert post(hook.port, b"", {}, path="/hooks/live", method="GET")[0] == 405
    unknown = json.dumps({"type": "poll"}).encode()
    assert post(hook.port, unknown, signed(unknown), path="/hooks/live")[0] == 204
    assert hook.stats.reasons == {"invalid": 2, "unknown": 1}
    # Just under the limit is fine.
    padding = 2**20 - len(json.dumps(comment(2, "")).encode())
    edge = json.dumps(comment(2, "y" * padding)).encode()
    assert len(edge) == 2**20
    assert post(hook.port, edge, signed(edge), path="/hooks/live")[0] == 204
    wait_for(lambda: len(sink.raw) == 1, what="the 1 MB post")


def test_webhook_binds_loopback_only(started) -> None:
    hook, _ = start_hook(started)
    listening = [
        c.laddr
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == hook.port
    ]
    assert [addr.ip for addr in listening] == ["127.0.0.1"]
    # The machine's own network address does not reach it.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; picks the outgoing address
            own_ip = probe.getsockname()[0]
        except OSError:
            own_ip = ""
    if own_ip and not own_ip.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((own_ip, hook.port), timeout=2).close()


def test_webhook_settings_it_cannot_use_are_config_errors() -> None:
    def make(server: str, token: str = SECRET) -> Connector:
        return make_connector(ConnectorConfig("webhook", server=server, token=token), print)

    for server in ("0.0.0.0:8080", "192.168.1.5:8080", "example.com:80", "[::]:80", "x:y"):
        with pytest.raises(ConnectorError) as exc:
            make(server)
        assert exc.value.code == "config", server
    with pytest.raises(ConnectorError) as exc:
        make("127.0.0.1:0", token="")
    assert exc.value.code == "config" and exc.value.detail == "a webhook needs a secret"
    for server, port in (("", 0), ("localhost:8123", 8123), ("8124", 8124), (":8125", 8125)):
        hook = make(server)
        assert isinstance(hook, WebhookConnector)
        assert (hook.host, hook._want_port) == ("127.0.0.1", port)


def test_webhook_answers_at_once_while_the_sink_is_busy(started) -> None:
    release = threading.Event()
    got: list[ChatEvent] = []

    def slow_sink(events: list[ChatEvent]) -> None:
        release.wait(10)
        got.extend(events)

    hook, _ = start_hook(started, sink=slow_sink)
    worst = 0.0
    for n in range(20):
        body = json.dumps(comment(n)).encode()
        t0 = time.monotonic()
        assert post(hook.port, body, signed(body))[0] == 204
        worst = max(worst, time.monotonic() - t0)
    assert worst < 2.0
    release.set()
    wait_for(lambda: len(got) == 20, what="the queued events")
    assert [e.id for e in got] == [f"c{n}" for n in range(20)]


def test_webhook_load_5000_comments_from_several_clients(started) -> None:
    hook, sink = start_hook(started)
    clients, per_client = 4, 1_250
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", hook.port, timeout=5)
        mine: list[float] = []
        try:
            for i in range(per_client):
                body = json.dumps(comment(c * per_client + i)).encode()
                headers = signed(body, timestamp=str(int(time.time())))
                t0 = time.monotonic()
                status, _ = post(hook.port, body, headers, conn=conn)
                mine.append(time.monotonic() - t0)
                assert status == 204
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    n = clients * per_client
    wait_for(lambda: len(sink.raw) >= n, timeout=20, what=f"{n} events")
    elapsed = time.monotonic() - t0
    assert not errors, errors[0]
    assert len(latencies) == n
    assert len(sink.raw) == n and len(sink.log) == n and len(sink.ids()) == n
    latencies.sort()
    assert latencies[-1] < 2.0
    print(
        f"\nwebhook: {n} signed posts from {clients} clients in {elapsed:.2f} s "
        f"({n / elapsed:.0f}/s); response p50 {latencies[n // 2] * 1000:.1f} ms, "
        f"p99 {latencies[int(n * 0.99)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms; "
        f"{sink.calls} sink calls"
    )


def test_webhook_restart_keeps_its_port(started) -> None:
    hook, sink = start_hook(started)
    port = hook.port
    hook.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    hook.start()
    wait_for(lambda: hook.status.state == "connected", what="listening again")
    assert hook.port == port
    body = json.dumps(comment(1)).encode()
    assert post(port, body, signed(body))[0] == 204
    wait_for(lambda: len(sink.raw) == 1, what="an event after the restart")
