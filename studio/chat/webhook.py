"""A local HTTP receiver for relays that push comments by webhook (POST), on this machine only.

Settings: `server` is "127.0.0.1:PORT" (PORT 0, or no server at all: any free port; the bound
one is `connector.port`); any host that is not loopback is refused, so the studio never opens a
port to the network. options["path"] is the path posted to (default "/chat"); options["platform"]
names the platform of events that do not say (default "relay").

Each POST body is the JSON of the WebSocket feed (one object or an array; see studio.chat.feed),
signed with the secret (`token`). Two headers are required:

    X-Timestamp: <seconds since the epoch>   within 5 minutes of now
    X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">

(GitHub's header name `X-Hub-Signature-256` is accepted for the signature too.) A captured
request cannot be replayed: later than 5 minutes its timestamp is stale, and within them its
signature was already seen (each signature is accepted once). There is no unsigned mode and no
mode without a timestamp. The events themselves are each delivered once: the ChatLog behind
the pane and `studio chat listen` drops an id it already had.

Answers: 204 accepted; 400 not JSON; 401 missing, bad or stale signature, or no X-Timestamp;
404 other paths; 405 other methods; 409 a replay (this signature was already accepted); 411 no
Content-Length; 413 body over 1 MB; 503 when the events are not being taken (the queue is full)
or MAX_CLIENTS connections are open already. Handlers only check, parse and queue, so every
answer is immediate; the connector's thread hands the queued events to the sink. A client that
resets or stalls mid-request, or takes over REQUEST_DEADLINE_S to send one, is dropped quietly
(one debug line).

Memory is bounded: at most REPLAY_MEMORY signatures are remembered (each until its timestamp
is stale); beyond that the oldest are forgotten and any post stamped no later than them is
refused as stale, so forgetting never lets a replay through.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import ipaddress
import json
import logging
import queue
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import Connector, ConnectorConfig, ConnectorError, Sink
from studio.chat.events import ChatEvent
from studio.chat.feed import DEFAULT_PLATFORM, FeedError, FeedStats, parse_payload

log = logging.getLogger(__name__)

MAX_BODY = 2**20  # 1 MB
MAX_DRAIN = 16 * 2**20  # an oversize body up to this is read and dropped before answering 413
MAX_SKEW_S = 300.0  # X-Timestamp must be this close to now
REQUEST_TIMEOUT_S = 5.0  # a client that stops sending mid-request is dropped
REQUEST_DEADLINE_S = 10.0  # ...and one still sending, a byte at a time, after this long
QUEUE_MAX = 10_000  # posts waiting for the connector thread; beyond: 503
POLL_S = 0.25  # how often the connector thread checks `stopping`
SIGNATURE_HEADERS = ("X-Signature", "X-Hub-Signature-256")
REPLAY_MEMORY = 50_000  # signatures remembered against replays (about 9 MB at most, measured)
BAD_SIGNATURE = "missing, bad or stale signature"
MAX_CLIENTS = 32  # connections served at once (a thread each)
_BUSY_BODY = b'{"ok": false, "error": "too many connections"}'
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Content-Length: "
    + str(len(_BUSY_BODY)).encode()
    + b"\r\nConnection: close\r\n\r\n"
    + _BUSY_BODY
)
NO_TIMESTAMP = 'send X-Timestamp (seconds) and sign "<timestamp>.<body>"'


def sign(secret: str, body: bytes, timestamp: str | None = None) -> str:
    """The signature header value a sender puts on `body` ("sha256=<hex>"); the receiver
    wants it made with the `timestamp` sent as X-Timestamp."""
    message = body if timestamp is None else timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def parse_address(server: str) -> tuple[str, int]:
    """(host, port) from "HOST:PORT", ":PORT", "PORT" or "" (127.0.0.1, any port); loopback
    hosts only. ConnectorError("config") otherwise."""
    text = server.strip()
    host, port_text = "127.0.0.1", "0"
    if text.startswith("["):  # [::1]:PORT
        end = text.find("]")
        if end < 0:
            raise ConnectorError("config", f"cannot read the address {server!r}")
        host, rest = text[1:end], text[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ConnectorError("config", f"cannot read the address {server!r}")
            port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        host = host or "127.0.0.1"
    elif text.isdigit():
        port_text = text
    elif text:
        host = text
    if host.lower() == "localhost":
        host = "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConnectorError(
            "config", f"the webhook listens on this machine only (127.0.0.1), not {host!r}"
        )
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise ConnectorError("config", f"not a port number: {port_text!r}")
    return host, int(port_text)


def _discard(req: BaseHTTPRequestHandler, length: int) -> None:
    try:
        while length > 0:
            chunk = req.rfile.read(min(length, 65536))
            if not chunk:
                return
            length -= len(chunk)
    except OSError:
        pass


class ReplayGuard:
    """The signatures already accepted, each until its timestamp is stale. Bounded: past
    `limit` the one stamped earliest is forgotten and `floor` rises to its stamp; a post
    stamped at or before `floor` is refused from then on (it may be one that was forgotten).
    Thread-safe."""

    def __init__(self, limit: int = REPLAY_MEMORY, window_s: float = MAX_SKEW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self.floor = float("-inf")
        self._seen: dict[bytes, float] = {}
        self._by_stamp: list[tuple[float, bytes]] = []  # a heap: earliest stamp first
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._seen)

    def first_time(self, signature: bytes, stamp: float, now: float) -> bool:
        """Record `signature` (made at `stamp`); False when it was seen already, or is stamped
        no later than what had to be forgotten."""
        with self._lock:
            heap = self._by_stamp
            while heap and heap[0][0] < now - self.window_s:  # stale: refused by the clock
                self._seen.pop(heapq.heappop(heap)[1], None)
            if signature in self._seen or stamp <= self.floor:
                return False
            self._seen[signature] = stamp
            heapq.heappush(heap, (stamp, signature))
            while len(heap) > self.limit:
                old_stamp, old = heapq.heappop(heap)
                self._seen.pop(old, None)
                self.floor = max(self.floor, old_stamp)
            return True

    def forget(self, signature: bytes) -> None:
        """The post was not taken after all (busy): the sender may send it again."""
        with self._lock:
            self._seen.pop(signature, None)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # closing does not wait for handler threads
    request_queue_size = 128  # the listen backlog (5 by default: a burst of connects waits 1 s)
    connector: WebhookConnector

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        self._deadlines: dict[socket.socket, float] = {}  # connection -> its request's deadline
        self._deadlines_lock = threading.Lock()

    def allow(self, conn: socket.socket) -> None:
        """A request may start on `conn`: it has the connector's request_deadline_s to arrive
        whole (a client sending a byte now and then never trips the read timeout)."""
        deadline = time.monotonic() + self.connector.request_deadline_s
        with self._deadlines_lock:
            self._deadlines[conn] = deadline

    def done_with(self, conn: socket.socket) -> None:
        with self._deadlines_lock:
            self._deadlines.pop(conn, None)

    def service_actions(self) -> None:
        """Between polls of the accepting thread: hang up on requests past their deadline
        (their handler then reads the end and finishes)."""
        now = time.monotonic()
        with self._deadlines_lock:
            late = [conn for conn, deadline in self._deadlines.items() if deadline < now]
            for conn in late:
                del self._deadlines[conn]
        for conn in late:
            log.debug("webhook: dropped a client too slow to send its request")
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection, MAX_CLIENTS at most: past that a connection is answered
        503 at once and closed (connections held open cost a thread each)."""
        if not self._slots.acquire(blocking=False):
            try:  # never blocking the accepting thread
                request.setblocking(False)
                request.sendall(_BUSY)
                request.recv(65536)  # what came already: unread, the close would be a reset
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that resets or stalls mid-request: one debug line, never a traceback
        (the standard server prints one to stderr)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            log.debug("webhook: %s left mid-request (%s)", client_address[0], type(exc).__name__)
        else:  # a bug here: one line, no request data
            log.warning("webhook: a request failed (%s)", type(exc).__name__)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive: a busy relay reuses its connection
    timeout = REQUEST_TIMEOUT_S
    server_version = "ShopcastWebhook"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.server.allow(self.connection)

    def finish(self) -> None:
        self.server.done_with(self.connection)
        super().finish()

    def do_POST(self) -> None:
        self.server.connector._handle(self)

    def _refuse(self) -> None:
        self.close_connection = True
        self.answer(HTTPStatus.METHOD_NOT_ALLOWED, "use POST")

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _refuse

    def answer(self, status: HTTPStatus, error: str = "") -> None:
        self.server.allow(self.connection)  # the deadline starts over for the next request
        if status == HTTPStatus.NO_CONTENT:
            self.send_response(status)
            self.end_headers()
            return
        body = json.dumps({"ok": False, "error": error}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("webhook %s: " + format, self.client_address[0], *args)


class WebhookConnector(Connector):
    kind = "webhook"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Webhook")
    SETTINGS = (
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Server"),
            placeholder="127.0.0.1:8080",
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "127.0.0.1:PORT on this machine; empty: any free port"
            ),
        ),
        Setting(
            "token",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token"),
            required=True,
            secret=True,
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "the secret the sender signs its requests with"
            ),
        ),
        Setting(
            "path",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Path"),
            "text",
            "/chat",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the path the sender posts to"),
        ),
        Setting(
            "platform",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Platform"),
            placeholder=DEFAULT_PLATFORM,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the platform the comments are from"),
        ),
    )
    platform = DEFAULT_PLATFORM

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        if not config.token:
            raise ConnectorError("config", "a webhook needs a secret")
        self.host, self._want_port = parse_address(config.server)
        self.path = config.options.get("path", "/chat") or "/chat"
        if not self.path.startswith("/"):
            self.path = "/" + self.path
        self.platform = config.options.get("platform") or DEFAULT_PLATFORM
        self.port = 0  # the bound port, once listening
        self.request_deadline_s = REQUEST_DEADLINE_S
        self.stats = FeedStats()
        self.rejected = 0  # requests answered 4xx/5xx
        self._secret = config.token.encode()
        self.replays = ReplayGuard()
        self._queue: queue.Queue[list[ChatEvent] | None] = queue.Queue(QUEUE_MAX)
        self._stats_lock = threading.Lock()

    @property
    def url(self) -> str:
        """Where to post (once listening)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.path}"

    # --- the connector thread ---
    def session(self) -> None:
        cls = _Server6 if ":" in self.host else _Server
        # Keep the port of the first session: the relay was told it.
        port = self.port or self._want_port
        try:
            server = cls((self.host, port), _Handler)
        except OSError as exc:
            raise ConnectorError(
                "config", f"cannot listen on {self.host}:{port}: {exc.strerror or exc}"
            ) from None
        server.connector = self
        self.port = server.server_address[1]
        serving = threading.Thread(
            target=server.serve_forever, args=(POLL_S,), name="chat-webhook-http", daemon=True
        )
        serving.start()
        try:
            self.connected()
            while not self.stopping:
                try:
                    batch = self._queue.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                events: list[ChatEvent] = []
                while batch is not None:
                    events.extend(batch)
                    try:
                        batch = self._queue.get_nowait()
                    except queue.Empty:
                        break
                self.emit(events)
        finally:
            server.shutdown()
            server.server_close()
            serving.join(2.0)

    def close_session(self) -> None:
        try:
            self._queue.put_nowait(None)  # wakes the thread at once
        except queue.Full:
            pass

    # --- handler threads ---
    def _handle(self, req: _Handler) -> None:
        status, error = self._check(req)
        if status != HTTPStatus.NO_CONTENT:
            with self._stats_lock:
                self.rejected += 1
        req.answer(status, error)

    def _check(self, req: _Handler) -> tuple[HTTPStatus, str]:
        if urlsplit(req.path).path != self.path:
            req.close_connection = True
            return HTTPStatus.NOT_FOUND, "no such path"
        if "chunked" in req.headers.get("Transfer-Encoding", "").lower():
            req.close_connection = True
            return HTTPStatus.LENGTH_REQUIRED, "send a Content-Length"
        length_text = (req.headers.get("Content-Length") or "").strip()
        if not (length_text.isascii() and length_text.isdigit() and len(length_text) <= 12):
            req.close_connection = True
            return HTTPStatus.LENGTH_REQUIRED, "send a Content-Length"
        length = int(length_text)
        if length > MAX_BODY:
            req.close_connection = True
            if length <= MAX_DRAIN:  # read it away so the client gets to read the answer
                _discard(req, length)
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the body is over 1 MB"
        body = req.rfile.read(length)
        if len(body) != length:
            req.close_connection = True
            return HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length"
        status, error, signature = self._signed(req, body)
        if status != HTTPStatus.NO_CONTENT:
            return status, error
        try:
            with self._stats_lock:
                events = parse_payload(body, self.platform, self.stats)
        except FeedError as exc:
            return HTTPStatus.BAD_REQUEST, str(exc)
        if events:
            try:
                self._queue.put_nowait(events)
            except queue.Full:
                self.replays.forget(signature)  # not taken: the sender may try it again
                return HTTPStatus.SERVICE_UNAVAILABLE, "busy"
        return HTTPStatus.NO_CONTENT, ""

    def _signed(self, req: _Handler, body: bytes) -> tuple[HTTPStatus, str, bytes]:
        """(NO_CONTENT, "", the signature) when the post is signed, fresh and new; else the
        refusal."""
        given = ""
        for name in SIGNATURE_HEADERS:
            given = req.headers.get(name, "").strip()
            if given:
                break
        if not given.lower().startswith("sha256="):
            return HTTPStatus.UNAUTHORIZED, BAD_SIGNATURE, b""
        try:
            digest = bytes.fromhex(given[7:].strip())
        except ValueError:
            return HTTPStatus.UNAUTHORIZED, BAD_SIGNATURE, b""
        timestamp = (req.headers.get("X-Timestamp") or "").strip()
        if not timestamp:
            # A sender signing the body alone (the old form) is told what to change.
            body_only = hmac.new(self._secret, body, hashlib.sha256).digest()
            said = NO_TIMESTAMP if hmac.compare_digest(body_only, digest) else BAD_SIGNATURE
            return HTTPStatus.UNAUTHORIZED, said, b""
        try:
            stamped = float(timestamp) if timestamp.isascii() and len(timestamp) <= 32 else None
        except ValueError:
            stamped = None
        now = time.time()
        if stamped is None or not abs(now - stamped) <= MAX_SKEW_S:  # also false for NaN
            return HTTPStatus.UNAUTHORIZED, BAD_SIGNATURE, b""
        message = timestamp.encode() + b"." + body
        expected = hmac.new(self._secret, message, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, digest):
            return HTTPStatus.UNAUTHORIZED, BAD_SIGNATURE, b""
        if not self.replays.first_time(digest, stamped, now):
            req.close_connection = True
            return HTTPStatus.CONFLICT, "already received: each signed post is accepted once", b""
        return HTTPStatus.NO_CONTENT, "", digest
