"""A generic WebSocket JSON comment feed: a relay pushes events (see studio.chat.feed) as text
frames, one object or an array of them per frame.

Settings: `server` is the ws:// or wss:// URL; `token`, when given, is sent as
`Authorization: Bearer <token>` (options["auth"] = "header", the default), as a query parameter
(options["auth"] = "query", name options["query_param"], default "token"), or both ("both").
options["platform"] names the platform of events that do not say (default "relay").

A handshake answered 401/403, or a close with code 1008 (policy violation) or 4001/4003 (the
usual "unauthorized"/"forbidden" application codes), is a rejected credential: not retried.

An address that cannot work (not ws:// or wss://, no host, a port that is not 1-65535, spaces
or control characters) is refused when the connector is made: a config error, never retried.
A message over MAX_MESSAGE_BYTES is refused from its frame header (websockets' max_size): the
connection is closed at once, whatever the server does next, with one warning line, and the
feed connects again. What a frame holds is parsed only up to that size. A server that closes
but never hangs up is left after CLOSE_TIMEOUT_S.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
from websockets.frames import CloseCode
from websockets.protocol import State
from websockets.sync.client import ClientConnection, connect
from websockets.uri import parse_uri

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import (
    AuthError,
    Connector,
    ConnectorConfig,
    ConnectorError,
    Sink,
    check_url,
)
from studio.chat.events import ChatEvent
from studio.chat.feed import DEFAULT_PLATFORM, FeedError, FeedStats, parse_payload

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 10.0  # TCP + TLS + HTTP upgrade
CLOSE_TIMEOUT_S = 2.0
PING_INTERVAL_S = 20.0  # keepalive: a dead connection is noticed within interval + timeout
PING_TIMEOUT_S = 20.0
RECV_POLL_S = 0.5  # how often a quiet connection checks `stopping`
MAX_MESSAGE_BYTES = 2**20  # 1 MB, as the webhook: a relay's frame holds a few events
BATCH_MAX = 500  # events handed to the sink at once when frames arrive faster than it is called
AUTH_CLOSE_CODES = {1008, 4001, 4003}


def check_feed_url(url: str) -> str:
    """The feed address's host name (lower case), or ConnectorError("config")."""
    parts = check_url(url, ("ws", "wss"), "the feed address")
    try:
        parse_uri(url)  # what websockets itself will refuse (a fragment, a user without password)
    except (InvalidURI, ValueError):
        raise ConnectorError("config", "the feed address is not a valid URL") from None
    return (parts.hostname or "").lower()


def is_local(host: str) -> bool:
    """A server on this PC (localhost, a loopback address): reached directly, never by proxy."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebSocketSession(Connector):
    """What every connector reading a WebSocket shares (the relay feed, Douyin's comment relay,
    Bilibili's danmaku): opening the connection, each failure said plainly with `peer` naming
    the server; reading one message at a time so `stopping` is checked every RECV_POLL_S; and
    leaving a connection that is closing, which websockets, as a client, would wait on with no
    time limit: at once for a message over `max_bytes`, after `close_grace_s` when the server
    closed but does not hang up. Subclasses write `session` with `open_socket`, `run_socket`
    and `receive`."""

    peer = "the feed"  # the server, as the status and log lines name it
    peer_address = "the feed address"
    log_name = "websocket chat"
    max_bytes = MAX_MESSAGE_BYTES
    ping_interval_s: float | None = PING_INTERVAL_S  # None: the protocol has its own heartbeat
    close_grace_s = CLOSE_TIMEOUT_S

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        self.socket: ClientConnection | None = None  # while a session runs
        self._closing_since: float | None = None

    def open_socket(
        self, url: str, headers: dict[str, str] | None = None, **options: object
    ) -> ClientConnection:
        """Connect to `url` (checked by check_feed_url); ConnectorError in the user's words."""
        host = check_feed_url(url)
        try:
            ws = connect(
                url,
                additional_headers=headers or None,
                open_timeout=OPEN_TIMEOUT_S,
                close_timeout=CLOSE_TIMEOUT_S,
                ping_interval=self.ping_interval_s,
                ping_timeout=PING_TIMEOUT_S,
                max_size=self.max_bytes,
                proxy=None if is_local(host) else True,
                legacy=True,
                **options,
            )
        except InvalidStatus as exc:
            raise self.http_refusal(exc.response.status_code) from None
        except (InvalidURI, ValueError):  # checked before: a token in the query, say
            raise ConnectorError("config", f"{self.peer_address} is not a valid URL") from None
        except InvalidHandshake as exc:
            detail = f"not a WebSocket server ({type(exc).__name__})"
            raise ConnectorError("protocol", detail) from None
        except ConnectionRefusedError:
            detail = f"nothing is listening at {self.peer_address}"
            raise ConnectorError("refused", detail) from None
        except TimeoutError:
            raise ConnectorError("network", f"{self.peer} did not answer in time") from None
        except ssl.SSLCertVerificationError:
            detail = f"{self.peer}'s TLS certificate is not valid"
            raise ConnectorError("network", detail) from None
        except OSError as exc:
            raise ConnectorError("network", exc.strerror or type(exc).__name__) from None
        self._closing_since = None
        return ws

    def http_refusal(self, status: int) -> ConnectorError:
        """What an HTTP answer instead of the WebSocket upgrade means."""
        return ConnectorError("protocol", f"{self.peer} answered HTTP {status}")

    def run_socket(self, ws: ClientConnection, read: Callable[[ClientConnection], None]) -> None:
        """`read(ws)` until the connection ends; a close is said by `closed`; the close
        handshake after (CLOSE_TIMEOUT_S at most)."""
        self.socket = ws
        try:
            read(ws)
        except ConnectionClosed as exc:
            self.closed(exc.rcvd.code if exc.rcvd is not None else None)
        finally:
            self.socket = None
            ws.close()

    def closed(self, code: int | None) -> None:
        """The server closed with `code`: a clean close returns (the base reconnects)."""
        if code in (1000, 1001):
            return
        raise ConnectorError("network", f"the connection was lost (code {code or 'none'})")

    def receive(self, ws: ClientConnection, timeout: float) -> str | bytes | None:
        """The next message, or None when none came within `timeout` seconds."""
        try:
            return ws.recv(timeout=timeout)
        except TimeoutError:
            self._leave_if_closing(ws)
            return None

    def _leave_if_closing(self, ws: ClientConnection) -> None:
        if ws.protocol.state is not State.CLOSING:
            return
        sent = ws.protocol.close_sent
        if sent is not None and sent.code == CloseCode.MESSAGE_TOO_BIG:
            megabytes = self.max_bytes // 2**20
            log.warning(
                "%s: %s sent a message over %d MB; reconnecting",
                self.log_name,
                self.peer,
                megabytes,
            )
            ws.close_socket()
            raise ConnectorError("protocol", f"{self.peer} sent a message over {megabytes} MB")
        now = time.monotonic()
        if self._closing_since is None:
            self._closing_since = now
        if now - self._closing_since >= self.close_grace_s:
            ws.close_socket()
            detail = f"{self.peer} closed the connection but kept it open"
            raise ConnectorError("network", detail)


class WebSocketConnector(WebSocketSession):
    kind = "websocket"
    label = QT_TRANSLATE_NOOP("ChatPanel", "WebSocket feed")
    SETTINGS = (
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Server"),
            required=True,
            placeholder="ws://127.0.0.1:8888",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the ws:// or wss:// address of the feed"),
        ),
        Setting(
            "token",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token"),
            secret=True,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "sent to the feed when given"),
        ),
        Setting(
            "auth",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token sent as"),
            "choice",
            "header",
            choices=("header", "query", "both", "none"),
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "header (Authorization: Bearer), query, both or none"
            ),
        ),
        Setting(
            "query_param",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Query parameter"),
            "text",
            "token",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the name the token is sent under"),
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
        url = config.server.strip()
        check_feed_url(url)  # a bad address fails once, when made
        self.auth = config.options.get("auth", "header")
        if self.auth not in ("header", "query", "both", "none"):
            raise ConnectorError("config", f"unknown websocket auth {self.auth!r}")
        self.platform = config.options.get("platform") or DEFAULT_PLATFORM
        self._url = url
        self.stats = FeedStats()

    @property
    def skipped(self) -> int:
        """Frames and items that were not events (invalid JSON, unknown kinds)."""
        return self.stats.skipped

    def _target(self) -> tuple[str, dict[str, str]]:
        token = self.config.token
        headers: dict[str, str] = {}
        url = self._url
        if token and self.auth in ("header", "both"):
            headers["Authorization"] = f"Bearer {token}"
        if token and self.auth in ("query", "both"):
            parts = urlsplit(url)
            query = parse_qsl(parts.query, keep_blank_values=True)
            query.append((self.config.options.get("query_param", "token"), token))
            url = urlunsplit(parts._replace(query=urlencode(query)))
        return url, headers

    def session(self) -> None:
        url, headers = self._target()
        ws = self.open_socket(url, headers)
        self.connected()
        self.run_socket(ws, self._read)

    def http_refusal(self, status: int) -> ConnectorError:
        if status in (401, 403):
            return AuthError(f"the feed rejected the token (HTTP {status})")
        if status == 404:
            return ConnectorError("not_found", "the feed answered HTTP 404")
        return super().http_refusal(status)

    def closed(self, code: int | None) -> None:
        if code in AUTH_CLOSE_CODES:
            raise AuthError(f"the feed closed the connection (code {code})")
        super().closed(code)

    def _read(self, ws: ClientConnection) -> None:
        """Frames until the connection ends; `stopping` is checked every RECV_POLL_S."""
        while not self.stopping:
            message = self.receive(ws, RECV_POLL_S)
            if message is None:
                continue
            batch = self._parse(message)
            # Drain what has already arrived so a flood reaches the sink in a few calls.
            deadline = time.monotonic() + 0.05
            try:
                while len(batch) < BATCH_MAX and time.monotonic() < deadline:
                    try:
                        message = ws.recv(timeout=0)
                    except TimeoutError:
                        break
                    batch.extend(self._parse(message))
            finally:
                self.emit(batch)

    def _parse(self, message: str | bytes) -> list[ChatEvent]:
        try:
            return parse_payload(message, self.platform, self.stats)
        except FeedError as exc:
            log.debug("websocket chat: skipped a frame: %s", exc)
            return []
