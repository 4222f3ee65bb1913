"""Twitch chat (or any IRC server's channel) over IRC, as Twitch documents its IRC interface.

One connection per session: CAP REQ (Twitch's tags and commands), PASS / NICK / USER, CAP END
once the server answered the CAP request, then wait for the welcome (001) and JOIN the channel.
Messages in the channel become comment events; Twitch's USERNOTICEs become gifts (sub, resub,
subgift) and joins (raid). With no token the chat is read anonymously as `justinfanNNNNN`.

Lines are parsed as RFC 1459 with IRCv3 message tags. Bytes are split into lines before they are
decoded (UTF-8, bad bytes replaced), so a character split across two reads arrives whole; a line
longer than MAX_LINE is dropped whole, never cut into a wrong message. The events parsed from one
read are emitted together, so a busy room costs one sink call per read, not per message.

A server is not trusted: numbers in tags are read as ASCII digits only, within sane bounds (a bad
`tmi-sent-ts` falls back to the time received, a bad count to its default); a line that cannot
be read is skipped with one log line and the other events of the read survive; nothing the
server sends is echoed back with a line break in it (a PING token is cut at CR, LF or NUL).

The socket is only ever closed by the session thread; `close_session` (from any thread) shuts it
down, which wakes a blocked read at once. Writes (the session's and `send`'s) share one lock, as
an SSL connection must not be written from two threads at once. The token and the PASS line are
never logged.
"""

from __future__ import annotations

import logging
import random
import re
import selectors
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import (
    AuthError,
    Connector,
    ConnectorConfig,
    ConnectorError,
    Sink,
)
from studio.chat.events import ChatEvent, stable_id

log = logging.getLogger(__name__)

TWITCH_HOST = "irc.chat.twitch.tv"
TLS_PORT = 6697
PLAIN_PORT = 6667
MAX_LINE = 64 * 1024  # a longer line is dropped whole (Twitch's own: 512 bytes + 8 KB of tags)
RECV_SIZE = 64 * 1024
IRC_LINE_BYTES = 512  # what a server accepts from a client, CR LF included (RFC 1459)
CONNECT_TIMEOUT_S = 10.0
LATEST_TIME = 7_258_118_400.0  # 2200-01-01: a later tmi-sent-ts is not a real time
MAX_COUNT_DIGITS = 9  # bits, months, viewers: more digits is not a real count

# Twitch's NOTICE texts for a rejected login (sent to "*", then the connection is closed).
_AUTH_NOTICES = ("login authentication failed", "improperly formatted auth", "login unsuccessful")
_TAG_UNESCAPE = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}
_NICK_RE = re.compile(r"^[A-Za-z0-9_\[\]\\`^{}|-]+$")
_GIFT_NOTICES = ("sub", "resub", "subgift", "anonsubgift")
_LINE_BREAK = re.compile(r"[\r\n\x00]")


@dataclass(frozen=True)
class IrcMessage:
    """One IRC line: `@tags :prefix COMMAND params... :trailing`. The trailing parameter, when
    there is one, is the last of `params` (and `trailing` is True)."""

    command: str  # upper case; numerics stay digits ("001")
    params: list[str] = field(default_factory=list)
    prefix: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    trailing: bool = False

    @property
    def nick(self) -> str:
        """The nick of a user prefix (`nick!user@host`), or the whole prefix (a server)."""
        return self.prefix.split("!", 1)[0].split("@", 1)[0]

    @property
    def text(self) -> str:
        """The last parameter (the message of a PRIVMSG), "" when there is none."""
        return self.params[-1] if self.params else ""

    def param(self, index: int) -> str:
        return self.params[index] if -len(self.params) <= index < len(self.params) else ""


def unescape_tag(value: str) -> str:
    """An IRCv3 tag value as meant: `\\:` is ';', `\\s` a space, `\\\\` a backslash, `\\r` and
    `\\n` CR and LF; any other escaped character is itself, a lone trailing backslash dropped."""
    if "\\" not in value:
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            if i + 1 < len(value):
                nxt = value[i + 1]
                out.append(_TAG_UNESCAPE.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_tags(raw: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in raw.split(";"):
        if not item:
            continue
        key, _, value = item.partition("=")
        tags[key] = unescape_tag(value)
    return tags


def parse_line(line: str) -> IrcMessage | None:
    """Parse one IRC line (its CR LF may be left on); None for an empty or command-less line.
    Never raises: a server's odd line must not end the session."""
    rest = line.rstrip("\r\n").lstrip(" ")
    tags: dict[str, str] = {}
    prefix = ""
    if rest.startswith("@"):
        raw, _, rest = rest.partition(" ")
        tags = parse_tags(raw[1:])
        rest = rest.lstrip(" ")
    if rest.startswith(":"):
        raw, _, rest = rest.partition(" ")
        prefix = raw[1:]
        rest = rest.lstrip(" ")
    command, _, rest = rest.partition(" ")
    if not command:
        return None
    params: list[str] = []
    trailing = False
    while rest:
        rest = rest.lstrip(" ")
        if not rest:
            break
        if rest[0] == ":":
            params.append(rest[1:])
            trailing = True
            break
        param, _, rest = rest.partition(" ")
        params.append(param)
    return IrcMessage(command.upper(), params, prefix, tags, trailing)


class LineBuffer:
    """Bytes from the socket in, complete lines out (without CR LF), UTF-8 decoded with bad bytes
    replaced. A line longer than `limit` bytes is dropped whole (counted in `dropped`), the rest
    of the stream is unaffected. Bare LF ends a line too."""

    def __init__(self, limit: int = MAX_LINE) -> None:
        self.limit = limit
        self._buf = bytearray()
        self._skipping = False  # inside an over-long line: discard up to its end
        self.dropped = 0

    def feed(self, data: bytes) -> list[str]:
        lines: list[str] = []
        self._buf += data
        start = 0
        while True:
            nl = self._buf.find(b"\n", start)
            if nl < 0:
                break
            if self._skipping:
                self._skipping = False
            elif nl - start > self.limit:
                self.dropped += 1
            else:
                raw = bytes(self._buf[start:nl]).rstrip(b"\r")
                if raw:
                    lines.append(raw.decode("utf-8", errors="replace"))
            start = nl + 1
        del self._buf[:start]
        if len(self._buf) > self.limit:  # no end in sight: drop what we have, skip to the end
            if not self._skipping:
                self.dropped += 1
            self._skipping = True
            self._buf.clear()
        return lines


def _split_server(server: str, tls: bool) -> tuple[str, int]:
    default_port = TLS_PORT if tls else PLAIN_PORT
    server = server.strip()
    if not server:
        return TWITCH_HOST, default_port
    if server.startswith("["):  # [IPv6]:port
        host, _, rest = server[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif server.count(":") == 1:
        host, _, port_text = server.partition(":")
    else:  # a bare host name or IPv6 address
        host, port_text = server, ""
    if not host:
        raise ConnectorError("config", f"no host in the IRC server {server!r}")
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConnectorError("config", f"bad port in the IRC server {server!r}")
    return host, int(port_text)


def _ctcp_action(text: str) -> str | None:
    """The text of a CTCP ACTION (`/me waves`), None if `text` is not one."""
    if text.startswith("\x01ACTION"):
        inner = text[len("\x01ACTION") :]
        if inner.endswith("\x01"):
            inner = inner[:-1]
        return inner[1:] if inner.startswith(" ") else inner
    return None


def _int(value: str, default: int = 0) -> int:
    """A count from a tag: ASCII digits only (int() also reads Arabic-Indic or fullwidth
    digits), at most MAX_COUNT_DIGITS of them; `default` otherwise."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return default
    return int(value) if len(value) <= MAX_COUNT_DIGITS else default


def sent_time(value: str) -> float | None:
    """A `tmi-sent-ts` (milliseconds since the epoch) in seconds; None when it is not ASCII
    digits or not a time between the epoch and LATEST_TIME."""
    if not (value.isascii() and value.isdigit()) or len(value) > 16:
        return None
    seconds = int(value) / 1000
    return seconds if 0 < seconds <= LATEST_TIME else None


def one_line(text: str) -> str:
    """`text` up to its first CR, LF or NUL: what may follow a command on one IRC line."""
    return _LINE_BREAK.split(text, maxsplit=1)[0]


class IrcConnector(Connector):
    """Twitch chat over IRC. Config:

    - server "HOST:PORT" (default irc.chat.twitch.tv, port 6697 with tls, else 6667); tls uses
      the system's trusted CAs with verification on (options["cafile"]: trust that file instead).
    - channel, with or without '#' (lower-cased for Twitch).
    - nick + token (Twitch: the login and an OAuth token, sent as `PASS oauth:TOKEN`); without a
      token the chat is read anonymously as justinfanNNNNN and nothing can be sent.
    - options: "platform" (default "twitch"), "password" (a plain server password, sent as PASS
      instead of the token: for IRC servers other than Twitch), "joins" ("1": viewers joining
      become join events; Twitch batches them, so they are off by default).
    """

    kind = "irc"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Twitch (IRC)")
    SETTINGS = (
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Server"),
            default=f"{TWITCH_HOST}:{TLS_PORT}",
            placeholder=f"{TWITCH_HOST}:{TLS_PORT}",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "HOST:PORT; empty: Twitch's chat server"),
        ),
        Setting("tls", QT_TRANSLATE_NOOP("ConnectorsDialog", "Encrypted (TLS)"), "bool", True),
        Setting(
            "channel",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Channel"),
            required=True,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the channel to read"),
        ),
        Setting(
            "nick",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Nick"),
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "the account's login name (with a token; empty: read only)"
            ),
        ),
        Setting(
            "token",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Token"),
            secret=True,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "an OAuth token (empty: read anonymously)"),
        ),
        Setting(
            "password",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Server password"),
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "an IRC server's own password, sent instead of the token"
            ),
        ),
        Setting(
            "joins",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Show viewers joining"),
            "bool",
            False,
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "1: viewers joining become join events"),
        ),
        Setting(
            "platform",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Platform"),
            placeholder="twitch",
            help=QT_TRANSLATE_NOOP("ConnectorsDialog", "the platform the comments are from"),
        ),
        Setting(
            "cafile",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Trusted certificate"),
            "file",
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "trust this certificate file instead of the system's"
            ),
        ),
    )
    platform = "twitch"

    # Class attributes so tests can shorten them on an instance.
    read_timeout_s = 0.5  # how often the read loop looks at `stopping`
    register_timeout_s = 30.0  # no welcome by then: give up this try
    idle_ping_s = 90.0  # nothing heard for this long: PING the server (Twitch pings every ~5 min)
    pong_timeout_s = 30.0  # ...and give up if it stays silent this much longer

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        options = config.options or {}
        self.platform = options.get("platform") or type(self).platform
        self._twitch = self.platform == "twitch"
        self._host, self._port = _split_server(config.server, config.tls)
        channel = config.channel.strip()
        if channel and channel[0] not in "#&":
            channel = "#" + channel
        if self._twitch:
            channel = channel.lower()
        if len(channel) < 2 or any(c in channel for c in " ,\x07\r\n\x00"):
            raise ConnectorError("config", f"not an IRC channel: {config.channel!r}")
        self.channel = channel
        nick = config.nick.strip()
        if self._twitch:
            nick = nick.lower()
        if nick and not _NICK_RE.match(nick):
            raise ConnectorError("config", f"not an IRC nick: {config.nick!r}")
        self._password = options.get("password", "")
        token = config.token.strip()
        if token and not nick:
            raise ConnectorError("config", "a token needs the account's nick (its login name)")
        if token and not token.startswith("oauth:"):
            token = "oauth:" + token
        self._pass = self._password or token
        if any(c in self._pass for c in "\r\n\x00"):
            raise ConnectorError("config", "the password or token has a line break in it")
        self._nick_given = nick
        self.anonymous = not nick
        self.can_send = bool(nick and self._pass)
        self._joins = options.get("joins", "") == "1"
        self._cafile = options.get("cafile") or None
        self.nick = ""  # the nick of the current connection
        self._sock_lock = threading.Lock()  # guards _sock: set, shut down, closed
        self._write_lock = threading.Lock()  # one writer at a time (SSL needs it)
        self._sock: socket.socket | None = None
        self._registered = False
        self._seq = 0

    # --- writing ---------------------------------------------------------------------------

    def _write(self, line: str, secret: bool = False) -> None:
        line = one_line(line)  # never two commands in one write
        data = (line + "\r\n").encode("utf-8")
        with self._write_lock:
            sock = self._sock
            if sock is None:
                raise ConnectorError("network", "not connected")
            sock.sendall(data)
        if not secret:
            log.debug("irc > %s", line)

    def send(self, text: str) -> None:
        """Post `text` to the channel. CR, LF and NUL become spaces (one line, no injection).
        ConnectorError: "auth" when reading anonymously, "network" while not connected,
        "config" for a message that is empty or longer than an IRC line allows."""
        if not self.can_send:
            raise ConnectorError("auth", "reading anonymously: set a nick and token to send")
        clean = re.sub(r"[\r\n\x00]+", " ", text).strip()
        if not clean:
            raise ConnectorError("config", "nothing to send")
        line = f"PRIVMSG {self.channel} :{clean}"
        size = len(line.encode("utf-8")) + 2
        if size > IRC_LINE_BYTES:
            room = IRC_LINE_BYTES - (size - len(clean.encode("utf-8")))
            raise ConnectorError("config", f"message too long: {room} bytes fit in one message")
        if not self._registered:
            raise ConnectorError("network", "not connected to the chat")
        self._write(line)

    # --- the session -----------------------------------------------------------------------

    def close_session(self) -> None:
        with self._sock_lock:
            sock = self._sock
            if sock is not None:
                try:  # the plain socket's shutdown, even for SSL: wakes the reader, keeps the fd
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def _open(self) -> socket.socket:
        where = f"{self._host}:{self._port}"
        try:
            raw = socket.create_connection((self._host, self._port), timeout=CONNECT_TIMEOUT_S)
        except ConnectionRefusedError:
            raise ConnectorError("refused", f"{where} refused the connection") from None
        except socket.gaierror as exc:
            raise ConnectorError("network", f"cannot find {self._host}: {exc.strerror}") from None
        except TimeoutError:
            raise ConnectorError("network", f"no answer from {where}") from None
        if not self.config.tls:
            return raw
        try:
            context = ssl.create_default_context(cafile=self._cafile)
            return context.wrap_socket(raw, server_hostname=self._host)
        except ssl.SSLCertVerificationError as exc:
            raw.close()
            reason = exc.verify_message or exc.reason or "unknown reason"
            raise ConnectorError(
                "network", f"{where}: the TLS certificate is not valid ({reason})"
            ) from None
        except (ssl.SSLError, OSError) as exc:
            raw.close()
            raise ConnectorError("network", f"{where}: TLS handshake failed ({exc})") from None

    def _new_nick(self) -> str:
        return self._nick_given or f"justinfan{random.randint(10_000, 999_999)}"

    def session(self) -> None:
        sock = self._open()
        sock.settimeout(CONNECT_TIMEOUT_S)  # for writes: reads wait in the selector first
        with self._sock_lock:
            self._sock = sock
        self._registered = False
        self._seq = 0
        try:
            self._register()
            self._read_loop(sock)
        finally:
            self._registered = False
            with self._sock_lock:
                self._sock = None
            try:  # wakes a `send` blocked on a full socket, then close once it has let go
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass
            with self._write_lock:
                sock.close()

    def _register(self) -> None:
        caps = "twitch.tv/tags twitch.tv/commands"
        if self._joins:
            caps += " twitch.tv/membership"
        self.nick = self._new_nick()
        self._write(f"CAP REQ :{caps}")
        if self._pass:
            self._write(f"PASS {self._pass}", secret=True)
            log.debug("irc > PASS ****")
        self._write(f"NICK {self.nick}")
        self._write(f"USER {self.nick} 0 * :{self.nick}")

    def _read_loop(self, sock: socket.socket) -> None:
        tls = isinstance(sock, ssl.SSLSocket)
        with selectors.DefaultSelector() as selector:  # not select(): no limit on fd numbers
            selector.register(sock, selectors.EVENT_READ)
            self._read_from(sock, selector, tls)

    def _read_from(self, sock: socket.socket, selector: selectors.BaseSelector, tls: bool) -> None:
        lines = LineBuffer()
        started = last_heard = time.monotonic()
        pinged = False
        while not self.stopping:
            if not self._registered and time.monotonic() - started > self.register_timeout_s:
                raise ConnectorError("protocol", "the server did not accept the login")
            buffered = tls and sock.pending()  # decrypted bytes waiting in the SSL object
            if not buffered and not selector.select(self.read_timeout_s):
                silent = time.monotonic() - last_heard
                if pinged and silent > self.idle_ping_s + self.pong_timeout_s:
                    raise ConnectorError("network", "the server stopped answering")
                if not pinged and silent > self.idle_ping_s:
                    self._write(f"PING :{self._host}")
                    pinged = True
                continue
            try:
                data = sock.recv(RECV_SIZE)
            except (ssl.SSLWantReadError, BlockingIOError, InterruptedError):
                continue
            except (OSError, ValueError):
                if self.stopping:
                    return
                raise
            if not data:
                return  # EOF: the base class reconnects
            last_heard = time.monotonic()
            pinged = False
            events: list[ChatEvent] = []
            try:  # what was read before a line that ends the session still arrives
                for text in lines.feed(data):
                    if not self._handle_line(text, events):
                        return
            finally:
                self.emit(events)
            if lines.dropped:
                log.warning("irc: dropped %d over-long line(s)", lines.dropped)
                lines.dropped = 0

    def _handle_line(self, text: str, events: list[ChatEvent]) -> bool:
        """One line from the server; False when the session should end. A line that cannot be
        read is skipped (one log line, without its text): the rest of the read goes on."""
        try:
            msg = parse_line(text)
            return True if msg is None else self._handle(msg, events)
        except ConnectorError:
            raise
        except Exception as exc:
            log.warning("irc: skipped a line it could not read (%s)", type(exc).__name__)
            return True

    def _handle(self, msg: IrcMessage, events: list[ChatEvent]) -> bool:
        """React to one message; False when the session should end (the server closes it)."""
        cmd = msg.command
        if cmd == "PRIVMSG":
            event = self._privmsg(msg)
            if event is not None:
                events.append(event)
        elif cmd == "PING":  # the token back (_write cuts it at a CR, LF or NUL in it)
            self._write("PONG :" + msg.text if msg.trailing else "PONG " + " ".join(msg.params))
        elif cmd == "USERNOTICE":
            event = self._usernotice(msg)
            if event is not None:
                events.append(event)
        elif cmd == "JOIN":
            self._join(msg, events)
        elif cmd == "001":
            self._registered = True
            if msg.params:
                self.nick = msg.params[0]
            self.connected()
            self._write(f"JOIN {self.channel}")
        elif cmd == "CAP":
            sub = msg.param(1).upper()
            if sub in ("ACK", "NAK"):
                if sub == "NAK":
                    log.info("irc: the server has no %s capabilities", msg.text)
                if not self._registered:
                    self._write("CAP END")
        elif cmd == "NOTICE":
            self._notice(msg)
        elif cmd in ("433", "437") and not self._registered:  # nick in use / unavailable
            if not self.anonymous:
                raise ConnectorError("refused", f"the nick {self.nick!r} is in use")
            self.nick = self._new_nick()
            self._write(f"NICK {self.nick}")
        elif cmd == "432":
            raise AuthError(f"the server refused the nick {self.nick!r}")
        elif cmd in ("464", "465"):  # ERR_PASSWDMISMATCH, ERR_YOUREBANNEDCREEP
            raise AuthError(msg.text or "the server refused the password")
        elif cmd == "421" and msg.param(1).upper() == "CAP":  # a server without CAP
            pass
        elif cmd == "403":
            raise ConnectorError("not_found", f"no channel {self.channel}")
        elif cmd in ("471", "473", "474", "475"):  # full, invite only, banned, key
            raise ConnectorError("refused", f"cannot join {self.channel}: {msg.text}")
        elif cmd == "ERROR":
            if not self._registered and "password" in msg.text.lower():
                raise AuthError(msg.text)  # ngircd: "Access denied: Bad password?"
            log.info("irc: the server closed the connection: %s", msg.text)
            return False
        elif cmd == "RECONNECT":  # Twitch: going down for maintenance, connect again
            return False
        return True

    def _notice(self, msg: IrcMessage) -> None:
        text = msg.text
        lowered = text.lower()
        if any(n in lowered for n in _AUTH_NOTICES):
            raise AuthError(text)
        msg_id = msg.tags.get("msg-id", "")
        if msg_id == "msg_channel_suspended":
            raise ConnectorError("not_found", text or f"{self.channel} is suspended")
        if msg_id in ("msg_banned", "msg_requires_verified_phone_number", "msg_verified_email"):
            log.warning("irc: %s", text)

    def _is_ours(self, target: str) -> bool:
        return target.lower() == self.channel.lower()

    def _stamp(self, msg: IrcMessage) -> float:
        """When the message was sent, else (no tag, or a bad one) when it was received."""
        stamp = sent_time(msg.tags.get("tmi-sent-ts", ""))
        return time.time() if stamp is None else stamp

    def _id(self, msg: IrcMessage, *parts: object) -> str:
        """The server's id for the message, else a digest of what it is plus the connection's
        message number (no redeliveries on IRC: a repeated message is a new one)."""
        server_id = msg.tags.get("id", "")
        if server_id:
            return server_id
        self._seq += 1
        return stable_id(self.platform, *parts, self._seq)

    def _user(self, msg: IrcMessage) -> str:
        name = msg.tags.get("display-name", "").strip()
        return name or msg.tags.get("login", "") or msg.nick

    def _privmsg(self, msg: IrcMessage) -> ChatEvent | None:
        if len(msg.params) < 2 or not self._is_ours(msg.params[0]):
            return None
        text = msg.text
        extra: dict[str, object] = {}
        action = _ctcp_action(text)
        if action is not None:
            text = action
            extra["action"] = True
        elif text.startswith("\x01"):
            return None  # another CTCP request (VERSION, PING...): not a comment
        tags = msg.tags
        bits = _int(tags.get("bits", ""), -1)
        if bits >= 0:
            extra["bits"] = bits
        for tag, key in (("color", "color"), ("badges", "badges")):
            if tags.get(tag):
                extra[key] = tags[tag]
        if tags.get("reply-parent-msg-id"):
            extra["reply_to"] = tags["reply-parent-msg-id"]
        stamp = self._stamp(msg)
        nick = msg.nick
        return ChatEvent(
            kind="comment",
            platform=self.platform,
            user=self._user(msg),
            text=text,
            time=stamp,
            id=self._id(msg, nick, repr(stamp), text),
            user_id=tags.get("user-id", ""),
            extra=extra,
        )

    def _usernotice(self, msg: IrcMessage) -> ChatEvent | None:
        if not msg.params or not self._is_ours(msg.params[0]):
            return None
        tags = msg.tags
        kind = tags.get("msg-id", "")
        text = msg.text if len(msg.params) >= 2 else ""
        extra: dict[str, object] = {}
        if tags.get("system-msg"):
            extra["system"] = tags["system-msg"]
        stamp = self._stamp(msg)
        user = self._user(msg)
        if kind in _GIFT_NOTICES:
            if tags.get("msg-param-cumulative-months"):
                extra["months"] = _int(tags["msg-param-cumulative-months"])
            if tags.get("msg-param-sub-plan"):
                extra["plan"] = tags["msg-param-sub-plan"]
            recipient = tags.get("msg-param-recipient-display-name", "")
            if recipient:
                extra["recipient"] = recipient
            return ChatEvent(
                kind="gift",
                platform=self.platform,
                user=user,
                text=text,
                time=stamp,
                id=self._id(msg, "gift", kind, user, repr(stamp)),
                user_id=tags.get("user-id", ""),
                gift=kind,
                extra=extra,
            )
        if kind == "raid":
            raider = tags.get("msg-param-displayName", "").strip() or user
            extra["raid"] = True
            return ChatEvent(
                kind="join",
                platform=self.platform,
                user=raider,
                text=text,
                time=stamp,
                id=self._id(msg, "raid", raider, repr(stamp)),
                user_id=tags.get("user-id", ""),
                amount=max(1, _int(tags.get("msg-param-viewerCount", ""), 1)),
                extra=extra,
            )
        if kind == "announcement" and text:
            extra["announcement"] = True
            return ChatEvent(
                kind="comment",
                platform=self.platform,
                user=user,
                text=text,
                time=stamp,
                id=self._id(msg, user, repr(stamp), text),
                user_id=tags.get("user-id", ""),
                extra=extra,
            )
        return None

    def _join(self, msg: IrcMessage, events: list[ChatEvent]) -> None:
        nick = msg.nick
        if nick.lower() == self.nick.lower():
            log.info("irc: joined %s", msg.param(0))
            return
        if not self._joins or not self._is_ours(msg.param(0)):
            return
        stamp = time.time()
        events.append(
            ChatEvent(
                kind="join",
                platform=self.platform,
                user=nick,
                text="",
                time=stamp,
                id=self._id(msg, "join", nick, repr(stamp)),
            )
        )
