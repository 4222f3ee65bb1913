"""The one interface every comment connector sits behind, and the loop that keeps it connected.

A connector reads one platform's live chat on its own thread and hands events to a sink. When the
connection drops it reconnects by itself, waiting a little longer each time up to a cap (a room's
chat is worth little if it comes back minutes late); a rejected credential is not retried, since
trying again cannot fix it. Its state is always readable for the window and the command line.

Credentials (tokens, keys, webhook secrets) come in the config, read from the OS keyring by the
caller; they are never logged and never part of a status text.

Each kind declares itself on its class: `kind` (its id), `label` (English, marked for the window
to translate in LABEL_CONTEXT) and `SETTINGS`, its typed settings. A setting whose key is one of
RECORD_FIELDS is that field of the record (the token is the secret one); any other key is one of
the kind's own `options` (texts; a "bool" option is "1" when on). The profile, the command line
and the connections dialog read these declarations, so adding a kind is its module plus one
line in studio.chat.registry.
"""

from __future__ import annotations

import logging
import math
import os
import random
import threading
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import SplitResult, urlsplit

from studio.capture.settings import Setting
from studio.chat.events import ChatEvent

log = logging.getLogger(__name__)

State = Literal["idle", "connecting", "connected", "reconnecting", "failed", "stopped"]
BACKOFF_FIRST_S = 1.0
BACKOFF_CAP_S = 15.0  # never wait longer than this between tries
# Contexts the window translates the declarations in: kind labels, then settings' labels and help.
LABEL_CONTEXT = "ChatPanel"
SETTINGS_CONTEXT = "ConnectorsDialog"
# The fields every connector record has; a declared setting with another key is an option.
RECORD_FIELDS = ("server", "channel", "tls", "nick", "token")


@dataclass(frozen=True)
class ConnectorConfig:
    """What a connector needs; each kind uses the fields it has a use for."""

    kind: str  # a key of studio.chat.registry.CONNECTORS
    server: str = ""  # HOST:PORT, or a URL (youtube: the API base, websocket: ws://...)
    tls: bool = False
    channel: str = ""  # IRC channel, YouTube liveChatId...
    token: str = field(default="", repr=False)  # OAuth token / API key / webhook secret
    nick: str = ""  # IRC: empty reads anonymously as a justinfan user
    options: dict[str, str] = field(default_factory=dict)  # kind-specific extras

    def redacted(self) -> ConnectorConfig:
        return replace(self, token="****" if self.token else "")


@dataclass
class ConnectorSettings:
    """One live room's chat to read, as the profile saves it, the dialog edits it and the room
    runs it: a ConnectorConfig without the token (the token, key or secret lives in the keyring
    under `token_ref` and is read only when the connector starts)."""

    kind: str  # a key of studio.chat.registry.CONNECTORS
    server: str = ""
    tls: bool = False
    channel: str = ""
    nick: str = ""
    token_ref: str = ""  # keyring reference of the token, never the token
    options: dict[str, str] = field(default_factory=dict)  # the connector kind's own settings
    enabled: bool = True

    def config(self, token: str = "") -> ConnectorConfig:
        """What the connector is made with, `token` read from the keyring by the caller."""
        return ConnectorConfig(
            kind=self.kind,
            server=self.server,
            tls=self.tls,
            channel=self.channel,
            token=token,
            nick=self.nick,
            options=dict(self.options),
        )


class ConnectorError(Exception):
    """A connection problem. `code` lets the window say it in the user's language:
    "refused", "network", "auth", "protocol", "not_found", "config"."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def check_url(url: str, schemes: tuple[str, ...], what: str) -> SplitResult:
    """`url` split, once it is sure to be usable: one of `schemes`, a host, a port from 1 to
    65535 when one is given, no spaces or control characters. ConnectorError("config") naming
    `what` ("the feed address") otherwise, so a bad address fails once and plainly when the
    connector is made instead of on every retry."""
    if not url.isprintable() or any(c.isspace() for c in url):
        raise ConnectorError("config", f"{what} has spaces or control characters in it")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unclosed [IPv6 bracket
        raise ConnectorError("config", f"{what} is not a valid URL") from None
    if parts.scheme.lower() not in schemes or not host:
        names = " or ".join(f"{scheme}://" for scheme in schemes)
        raise ConnectorError("config", f"{what} must start with {names} and a host")
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ConnectorError("config", f"{what}'s port must be a number from 1 to 65535")
    return parts


def read_options(
    kind: str, settings: tuple[Setting, ...], options: Mapping[str, str], strict: bool = False
) -> dict[str, Any]:
    """A kind's own options (its declared settings that are not RECORD_FIELDS) read from their
    texts as declared: an "int" or "float" a finite number within its bounds, a "bool" "1" or
    "0", a "choice" one of its choices (in any case), other types the text as given. A missing
    or empty option is its declared default (None for a number declared without one).
    ConnectorError("config") naming the kind and option for a value it cannot take, and with
    `strict` for an option the kind does not declare."""
    declared = [s for s in settings if s.key not in RECORD_FIELDS]
    if strict and (unknown := sorted(set(options) - {s.key for s in declared})):
        known = ", ".join(s.key for s in declared)
        raise ConnectorError(
            "config", f"unknown {kind} option(s): {', '.join(unknown)} (known: {known})"
        )
    values: dict[str, Any] = {}
    for setting in declared:
        text = str(options.get(setting.key, "")).strip()
        if not text:
            empty = setting.type in ("int", "float") and setting.default == ""
            values[setting.key] = None if empty else setting.default
            continue
        value: Any = text
        if setting.type in ("int", "float"):
            value = _number(kind, setting, text)
        elif setting.type == "bool":
            value = text == "1"
        elif setting.type == "choice":
            value = next((c for c in setting.choices if c.lower() == text.lower()), text)
        problem = setting.check(value)
        if problem:
            raise ConnectorError("config", f"{kind} {problem}")
        values[setting.key] = value
    return values


def _number(kind: str, setting: Setting, text: str) -> int | float:
    """The number an option's text says; "nan" and "inf" are none."""
    try:
        number = int(text) if setting.type == "int" else float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        what = "a whole number" if setting.type == "int" else "a number"
        raise ConnectorError("config", f"{kind} {setting.key} {text!r} is not {what}")
    return number


class AuthError(ConnectorError):
    """The platform rejected the credentials: retrying cannot help."""

    def __init__(self, detail: str) -> None:
        super().__init__("auth", detail)


@dataclass(frozen=True)
class ConnectorStatus:
    state: State
    code: str = ""  # ConnectorError.code of the last problem
    detail: str = ""  # English, no secrets
    attempts: int = 0  # connection attempts since the last success
    retry_in_s: float | None = None  # while reconnecting
    events: int = 0  # events received since start


Sink = Callable[[list[ChatEvent]], None]


class Connector(ABC):
    """One platform's live chat. Subclasses implement `session`: connect, then read and hand
    events to `self.emit` until the connection ends (return or raise ConnectorError)."""

    kind: str = ""
    label: str = ""  # English, e.g. "Twitch (IRC)"; translated in LABEL_CONTEXT
    SETTINGS: tuple[Setting, ...] = ()  # what this kind reads from its record
    platform: str = ""
    can_send = False  # whether `send` posts to the platform (only ever on the host's action)

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        self.config = config
        self._sink = sink
        self._stop = threading.Event()
        self._wake = threading.Event()  # cuts a wait between tries short
        self._thread: threading.Thread | None = None
        self._status = ConnectorStatus("idle")
        self._events = 0
        self.on_status: Callable[[ConnectorStatus], None] | None = None

    # --- for subclasses ---
    @abstractmethod
    def session(self) -> None:
        """Connect and read until the connection ends. Call `self.connected()` once the
        platform accepted the connection, `self.emit(events)` for what arrives, and check
        `self.stopping` often (at least once a second)."""

    def close_session(self) -> None:  # noqa: B027 (optional: most sessions poll `stopping`)
        """Wake a `session` blocked in a read so `stop` returns quickly (close its socket)."""

    def send(self, text: str) -> None:
        raise ConnectorError("config", f"{self.kind} chat cannot send messages")

    def declared_options(self, strict: bool = False) -> dict[str, Any]:
        """This kind's own options as its SETTINGS declare them (read_options)."""
        return read_options(self.kind, self.SETTINGS, self.config.options, strict)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def emit(self, events: list[ChatEvent]) -> None:
        if events:
            self._events += len(events)
            self._sink(events)

    def connected(self) -> None:
        self._set(ConnectorStatus("connected", events=self._events))

    # --- running ---
    @property
    def status(self) -> ConnectorStatus:
        return replace(self._status, events=self._events)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=f"chat-{self.kind}", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self.close_session()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._set(ConnectorStatus("stopped", events=self._events))

    def reconnect_now(self) -> None:
        """Cut the current wait short (the window's "reconnect now")."""
        self._wake.set()

    def _set(self, status: ConnectorStatus) -> None:
        self._status = status
        if self.on_status is not None:
            self.on_status(status)

    def _run(self) -> None:
        attempts = 0
        while not self._stop.is_set():
            attempts += 1
            self._set(
                ConnectorStatus(
                    "connecting" if attempts == 1 else "reconnecting",
                    self._status.code,
                    self._status.detail,
                    attempts,
                    events=self._events,
                )
            )
            try:
                self.session()
                code, detail = "closed", "the server closed the connection"
            except AuthError as exc:
                log.warning("%s chat: %s", self.kind, exc.detail)
                self._set(ConnectorStatus("failed", exc.code, exc.detail, attempts))
                return
            except ConnectorError as exc:
                code, detail = exc.code, exc.detail
            except OSError as exc:
                code, detail = "network", exc.strerror or type(exc).__name__
            except Exception as exc:  # a connector bug must not end the studio
                # One line, no traceback and no exception text: that text can hold a URL
                # with a key in it. The file and line say where to look.
                name = type(exc).__name__
                log.warning("%s chat: unexpected %s at %s", self.kind, name, _where(exc))
                log.debug("%s chat: unexpected %s", self.kind, name, exc_info=True)
                code, detail = "protocol", f"unexpected {name}"
            if self._stop.is_set():
                break
            if self._status.state == "connected":
                attempts = 0  # it worked for a while: start the backoff afresh
            wait = min(BACKOFF_CAP_S, BACKOFF_FIRST_S * 2 ** max(0, attempts - 1))
            wait *= random.uniform(0.8, 1.0)  # a room of studios does not retry in step
            self._set(ConnectorStatus("reconnecting", code, detail, attempts, wait, self._events))
            self._wake.clear()
            self._wake.wait(wait)
        self._set(ConnectorStatus("stopped", events=self._events))


def _where(exc: BaseException) -> str:
    """Where `exc` was raised, as "file.py:LINE" (no path, no text)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno}"
