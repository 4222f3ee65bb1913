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


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebSocketConnector(Connector):
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
        host = check_feed_url(url)
        self.auth = config.options.get("auth", "header")
        if self.auth not in ("header", "query", "both", "none"):
            raise ConnectorError("config", f"unknown websocket auth {self.auth!r}")
        self.platform = config.options.get("platform") or DEFAULT_PLATFORM
        self._url = url
        self._local = host == "localhost" or _is_loopback(host)
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
        try:
            ws = connect(
                url,
                additional_headers=headers or None,
                open_timeout=OPEN_TIMEOUT_S,
                close_timeout=CLOSE_TIMEOUT_S,
                ping_interval=PING_INTERVAL_S,
                ping_timeout=PING_TIMEOUT_S,
                max_size=MAX_MESSAGE_BYTES,
                proxy=None if self._local else True,  # a local relay: never via a proxy
                legacy=True,
            )
        except InvalidStatus as exc:
            status = exc.response.status_code
            if status in (401, 403):
                raise AuthError(f"the feed rejected the token (HTTP {status})") from None
            if status == 404:
                raise ConnectorError("not_found", "the feed answered HTTP 404") from None
            raise ConnectorError("protocol", f"the feed answered HTTP {status}") from None
        except (InvalidURI, ValueError):  # checked when made: a token in the query, say
            raise ConnectorError("config", "the feed address is not a valid URL") from None
        except InvalidHandshake as exc:
            detail = f"not a WebSocket server ({type(exc).__name__})"
            raise ConnectorError("protocol", detail) from None
        except ConnectionRefusedError:
            raise ConnectorError("refused", "nothing is listening at the feed address") from None
        except TimeoutError:
            raise ConnectorError("network", "the feed did not answer in time") from None
        except ssl.SSLCertVerificationError:
            raise ConnectorError("network", "the feed's TLS certificate is not valid") from None
        except OSError as exc:
            raise ConnectorError("network", exc.strerror or type(exc).__name__) from None

        try:
            self.connected()
            self._read(ws)
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else None
            if code in AUTH_CLOSE_CODES:
                raise AuthError(f"the feed closed the connection (code {code})") from None
            if code in (1000, 1001):
                return  # a clean close: the base reconnects
            raise ConnectorError(
                "network", f"the connection was lost (code {code or 'none'})"
            ) from None
        finally:
            ws.close()  # the close handshake, CLOSE_TIMEOUT_S at most

    def _read(self, ws: ClientConnection) -> None:
        """Frames until the connection ends; `stopping` is checked every RECV_POLL_S."""
        closing_since: float | None = None
        while not self.stopping:
            try:
                message = ws.recv(timeout=RECV_POLL_S)
            except TimeoutError:
                closing_since = self._check_closing(ws, closing_since)
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

    def _check_closing(self, ws: ClientConnection, since: float | None) -> float | None:
        """As a client, websockets waits for the server to hang up once a close has been sent
        or received, with no time limit there: a server that keeps the connection open (or
        goes on sending a message it was told is too big) would hold the feed for as long as
        it likes. A message over the limit hangs up at once, any other close after
        CLOSE_TIMEOUT_S. `since` is when the closing was first seen (None: not yet), returned
        updated."""
        if ws.protocol.state is not State.CLOSING:
            return since
        sent = ws.protocol.close_sent
        if sent is not None and sent.code == CloseCode.MESSAGE_TOO_BIG:
            log.warning(
                "websocket chat: the feed sent a message over %d MB; reconnecting",
                MAX_MESSAGE_BYTES // 2**20,
            )
            ws.close_socket()
            raise ConnectorError("protocol", "the feed sent a message over 1 MB")
        if since is None:
            return time.monotonic()
        if time.monotonic() - since > CLOSE_TIMEOUT_S:
            ws.close_socket()
            raise ConnectorError("network", "the feed closed the connection but kept it open")
        return since

    def _parse(self, message: str | bytes) -> list[ChatEvent]:
        try:
            return parse_payload(message, self.platform, self.stats)
        except FeedError as exc:
            log.debug("websocket chat: skipped a frame: %s", exc)
            return []
