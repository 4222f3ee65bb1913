"""The IRC (Twitch) chat connector: against a real ngircd (tests/ircd.py) for what any IRC server
does (join, relay, pings, restarts, a bad password, a flood, sending), and against a scripted
loopback server speaking Twitch's dialect (tags, CAP ACK, NOTICE auth failures, RECONNECT, odd
lines) for what ngircd never sends."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ircd import FakeServer, IrcServer, Viewer
from waiting import wait_for

from studio.chat.connector import ConnectorConfig, ConnectorError, ConnectorStatus
from studio.chat.events import ChatEvent, ChatLog
from studio.chat.irc import IrcConnector, LineBuffer, parse_line, unescape_tag
from studio.chat.registry import make_connector

CHANNEL = "#shop"


class Collector:
    """A sink that keeps every batch (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[ChatEvent] = []
        self.batches = 0

    def __call__(self, events: list[ChatEvent]) -> None:
        with self._lock:
            self.events.extend(events)
            self.batches += 1

    def wait(self, count: int, timeout: float = 10.0) -> list[ChatEvent]:
        wait_for(
            lambda: len(self.events) >= count, timeout, what=f"{count} events (have {len(self)})"
        )
        with self._lock:
            return list(self.events)

    def __len__(self) -> int:
        return len(self.events)


class Running:
    """A started connector, its sink and every status it went through."""

    def __init__(self, connector: IrcConnector, sink: Collector) -> None:
        self.connector = connector
        self.sink = sink
        self.statuses: list[ConnectorStatus] = []
        connector.on_status = self.statuses.append
        connector.start()

    @property
    def states(self) -> list[str]:
        return [s.state for s in self.statuses]

    def wait_state(self, state: str, timeout: float = 10.0) -> ConnectorStatus:
        wait_for(
            lambda: self.connector.status.state == state,
            timeout,
            what=f"state {state!r} (now {self.connector.status})",
        )
        return self.connector.status


@pytest.fixture
def run_connector() -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(server: str, **fields: object) -> Running:
        fields.setdefault("channel", CHANNEL)
        config = ConnectorConfig("irc", server=server, **fields)  # type: ignore[arg-type]
        sink = Collector()
        connector = make_connector(config, sink)
        assert isinstance(connector, IrcConnector)
        running = Running(connector, sink)
        started.append(running)
        return running

    yield start
    for running in started:
        running.connector.stop()


@pytest.fixture
def make_ircd(tmp_path: Path) -> Iterator[Callable[..., IrcServer]]:
    servers: list[IrcServer] = []

    def make(**kwargs: object) -> IrcServer:
        server = IrcServer(tmp_path / f"ngircd{len(servers)}", **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def ircd(make_ircd: Callable[..., IrcServer]) -> IrcServer:
    return make_ircd()


@pytest.fixture
def viewers() -> Iterator[Callable[..., Viewer]]:
    made: list[Viewer] = []

    def make(server: IrcServer, nick: str, channel: str = CHANNEL) -> Viewer:
        viewer = Viewer(server, nick, channel)
        made.append(viewer)
        return viewer

    yield make
    for viewer in made:
        viewer.close()


def reading(
    run_connector: Callable[..., Running], server: IrcServer, viewer: Viewer, **fields: object
) -> Running:
    """An anonymous connector on `server` that has joined the viewer's channel (the viewer saw
    its JOIN, so nothing the viewer says after this is missed)."""
    options = {"password": server.password, **fields.pop("options", {})}  # type: ignore[dict-item]
    running = run_connector(server.address, options=options, **fields)
    running.wait_state("connected")
    nick = running.connector.nick
    viewer.wait_for(lambda line: line.startswith(f":{nick}!") and " JOIN " in line, "the JOIN")
    return running


def wait_in_channel(viewer: Viewer, nick: str, timeout: float = 10.0) -> None:
    """Ask the server (NAMES) until `nick` is in the viewer's channel."""
    deadline = time.monotonic() + timeout
    while True:
        mark = len(viewer.lines)
        viewer.raw(f"NAMES {viewer.channel}")
        viewer.wait_for(lambda line: " 366 " in line, "the end of NAMES", since=mark)
        names = [
            name.lstrip("~&@%+")
            for line in viewer.lines[mark:]
            if " 353 " in line
            for name in line.rsplit(":", 1)[1].split()
        ]
        if nick in names:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{nick} not in {viewer.channel} after {timeout} s: {names}")
        time.sleep(0.05)


# --- against ngircd -------------------------------------------------------------------------

TEXTS = [
    "你好，欢迎来到直播间！这件衣服多少钱？",
    "😀🎉👍🏽 family 👨‍👩‍👧‍👦 flag 🇨🇳",
    "مرحبا، كم سعر هذا المنتج؟ 123",
    "zero\u200bwidth\u200c\u200djoiner\u2060word\ufeffmark",
    "<b>html</b> &amp; <script>alert(1)</script>",
    ":-) starts with a colon",
    "  leading  and  inner  spaces",  # (ngircd trims a line's trailing spaces itself)
    "\x02bold\x02 \x0304red\x03 irc formatting",
    "L" + "0123456789" * 39 + "end",  # 400 characters
    "长" * 150,  # 450 bytes: the relayed line is 488 bytes of ngircd's 512
    "same",
    "same",
]


def test_receives_exact_texts_in_order(
    ircd: IrcServer, viewers: Callable[..., Viewer], run_connector: Callable[..., Running]
) -> None:
    ann = viewers(ircd, "ann")
    bob = viewers(ircd, "Bob_42")
    running = reading(run_connector, ircd, ann)
    assert re.fullmatch(r"justinfan\d{5,6}", running.connector.nick)
    assert not running.connector.can_send
    for text in TEXTS:
        ann.say(text)
    running.sink.wait(len(TEXTS))  # (two clients' lines are relayed in no set order)
    bob.say("from bob")
    events = running.sink.wait(len(TEXTS) + 1)
    assert [e.text for e in events] == [*TEXTS, "from bob"]
    assert [e.user for e in events] == ["ann"] * len(TEXTS) + ["Bob_42"]
    assert {e.kind for e in events} == {"comment"}
    assert {e.platform for e in events} == {"twitch"}
    assert len({e.id for e in events}) == len(events), "repeated messages keep distinct ids"
    times = [e.time for e in events]
    assert times == sorted(times)
    log = ChatLog()
    assert len(log.add(events)) == len(events)
    assert log.add(events) == [], "a redelivery is a duplicate"

    started = time.monotonic()
    running.connector.stop()
    assert time.monotonic() - started < 2.0
    assert running.connector.status.state == "stopped"


def test_answers_server_pings(
    make_ircd: Callable[..., IrcServer],
    viewers: Callable[..., Viewer],
    run_connector: Callable[..., Running],
) -> None:
    """ngircd pings an idle client after PingTimeout (5 s, its minimum) and drops it if no PONG
    comes within PongTimeout (5 s): a client that never answers is dropped beside the connector,
    which stays connected."""
    ircd = make_ircd(ping_timeout=5)
    running = reading(run_connector, ircd, viewers(ircd, "host"))
    mute = socket.create_connection(("127.0.0.1", ircd.port), timeout=30)
    mute.sendall(f"PASS {ircd.password}\r\nNICK mute\r\nUSER mute 0 * :mute\r\n".encode())
    heard = b""
    while True:  # read (never answering) until the server gives up on it
        data = mute.recv(65536)
        if not data:
            break
        heard += data
    mute.close()
    assert b"PING" in heard and b"Ping timeout" in heard, heard[-300:]
    assert running.connector.status.state == "connected"
    assert "reconnecting" not in running.states
    late = viewers(ircd, "late")
    late.say("still here")
    assert running.sink.wait(1)[-1].text == "still here"


def test_reconnects_after_server_restart(
    ircd: IrcServer, viewers: Callable[..., Viewer], run_connector: Callable[..., Running]
) -> None:
    ann = viewers(ircd, "ann")
    running = reading(run_connector, ircd, ann)
    ann.say("before")
    running.sink.wait(1)
    ircd.stop()
    ann.close()
    running.wait_state("reconnecting")
    # Let one try hit the closed port, then bring the server back on the same port.
    wait_for(lambda: running.connector.status.code == "refused", what="a refused try")
    refused = running.connector.status
    assert refused.state == "reconnecting" and refused.retry_in_s is not None
    assert refused.retry_in_s <= 15.0
    ircd.start()
    running.wait_state("connected", timeout=20)
    bob = viewers(ircd, "bob")
    wait_in_channel(bob, running.connector.nick)
    bob.say("after")
    assert [e.text for e in running.sink.wait(2)] == ["before", "after"]
    states = running.states
    first_connected = states.index("connected")
    assert "reconnecting" in states[first_connected:]


def test_wrong_password_fails_once(ircd: IrcServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(ircd.address, options={"password": "not-the-password"})
    status = running.wait_state("failed")
    assert status.code == "auth"
    assert "password" in status.detail.lower()
    assert status.attempts == 1
    wait_for(lambda: not running.connector._thread.is_alive(), what="the connector's thread ending")
    assert running.connector.status.state == "failed"
    assert "reconnecting" not in running.states
    assert ircd.log.read_text().count("Accepted connection") == 1


def test_flood_of_5000(
    ircd: IrcServer, viewers: Callable[..., Viewer], run_connector: Callable[..., Running]
) -> None:
    ann = viewers(ircd, "ann")
    bob = viewers(ircd, "bob")
    running = reading(run_connector, ircd, ann)
    count = 5000
    started = time.monotonic()

    def flood(viewer: Viewer, n: int) -> None:
        data = "".join(f"PRIVMSG {CHANNEL} :{viewer.nick} {i}\r\n" for i in range(n))
        viewer.sock.sendall(data.encode())

    threads = [
        threading.Thread(target=flood, args=(ann, count // 2)),
        threading.Thread(target=flood, args=(bob, count - count // 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    events = running.sink.wait(count, timeout=30)
    elapsed = time.monotonic() - started
    assert len(events) == count
    assert len({e.id for e in events}) == count
    for nick, n in (("ann", count // 2), ("bob", count - count // 2)):
        assert [e.text for e in events if e.user == nick] == [f"{nick} {i}" for i in range(n)]
    assert running.sink.batches < count / 10, "events from one read are emitted together"
    print(f"\nirc flood: {count} messages in {elapsed:.3f} s = {count / elapsed:,.0f}/s "
          f"in {running.sink.batches} batches")  # fmt: skip


def test_send_reaches_viewers(
    ircd: IrcServer, viewers: Callable[..., Viewer], run_connector: Callable[..., Running]
) -> None:
    ann = viewers(ircd, "ann")
    running = reading(
        run_connector, ircd, ann, nick="ShopHost", options={"password": ircd.password}
    )
    connector = running.connector
    assert connector.nick == "shophost" and connector.can_send
    mark = len(ann.lines)
    connector.send("hello\r\nPRIVMSG #shop :injected\nQUIT :gone")
    connector.send("第二条 😀")
    ann.wait_for(lambda line: "第二条" in line, "the second message", since=mark)
    said = [line for line in ann.lines[mark:] if " PRIVMSG " in line]
    assert said == [
        ":shophost!~shophost@127.0.0.1 PRIVMSG #shop :hello PRIVMSG #shop :injected QUIT :gone",
        ":shophost!~shophost@127.0.0.1 PRIVMSG #shop :第二条 😀",
    ]
    with pytest.raises(ConnectorError) as too_long:
        connector.send("x" * 600)
    assert too_long.value.code == "config"
    with pytest.raises(ConnectorError) as empty:
        connector.send("\r\n")
    assert empty.value.code == "config"
    ann.say("answer")
    assert running.sink.wait(1)[-1].text == "answer"
    assert connector.status.state == "connected"

    anonymous = reading(run_connector, ircd, ann)
    with pytest.raises(ConnectorError) as refused:
        anonymous.connector.send("hi")
    assert refused.value.code == "auth"


def _self_signed(directory: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl not found: install the Debian package `openssl`")
    cert, key = directory / "tls.crt", directory / "tls.key"
    directory.mkdir(parents=True, exist_ok=True)
    cmd = [
        openssl, "req", "-x509", "-nodes", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=30)
    cert.chmod(0o644)
    key.chmod(0o644)  # ngircd may read it after dropping to nobody
    return cert, key


def test_tls_verifies_the_server(
    tmp_path: Path,
    make_ircd: Callable[..., IrcServer],
    viewers: Callable[..., Viewer],
    run_connector: Callable[..., Running],
) -> None:
    cert, key = _self_signed(tmp_path / "tls")
    ircd = make_ircd(tls_cert=cert, tls_key=key)
    ann = viewers(ircd, "ann")
    server = f"127.0.0.1:{ircd.tls_port}"
    trusted = run_connector(
        server, tls=True, options={"password": ircd.password, "cafile": str(cert)}
    )
    trusted.wait_state("connected")
    nick = trusted.connector.nick
    ann.wait_for(lambda line: line.startswith(f":{nick}!") and " JOIN " in line, "the JOIN")
    ann.say("over tls 🔒")
    assert trusted.sink.wait(1)[0].text == "over tls 🔒"

    untrusted = run_connector(server, tls=True, options={"password": ircd.password})
    wait_for(lambda: untrusted.connector.status.code == "network", what="a TLS refusal")
    assert "certificate" in untrusted.connector.status.detail
    assert "connected" not in untrusted.states


# --- against a scripted Twitch-like server --------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    server = FakeServer()
    yield server
    server.close()


# Twitch's documented sample lines (dev.twitch.tv/docs/irc), ids and names as published.
PRIVMSG = (
    "@badge-info=;badges=turbo/1;color=#0D4200;display-name=ronni;emotes=25:0-4,12-16/1902:6-10;"
    "id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;room-id=1337;subscriber=0;"
    "tmi-sent-ts=1507246572675;turbo=1;user-id=1337;user-type=global_mod "
    ":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #ronni :Kappa Keepo Kappa"
)
CHEER = (
    "@badge-info=;badges=staff/1,bits/1000;bits=100;color=;display-name=ronni;emotes=;"
    "id=b34ccfc7-4977-403a-8a94-33c6bac34fb9;mod=0;room-id=12345678;subscriber=0;"
    "tmi-sent-ts=1507246572676;turbo=1;user-id=12345678;user-type=staff "
    ":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #ronni :cheer100"
)
ACTION = (
    "@color=#FF0000;display-name=Ann\\sLee;id=7a1c0d2e-0000-4000-8000-000000000001;"
    "tmi-sent-ts=1507246572677;user-id=42 "
    ":ann!ann@ann.tmi.twitch.tv PRIVMSG #ronni :\x01ACTION waves\x01"
)
RESUB = (
    "@badge-info=;badges=staff/1,broadcaster/1,turbo/1;color=#008000;display-name=ronni;emotes=;"
    "id=db25007f-7a18-43eb-9379-80131e44d633;login=ronni;mod=0;msg-id=resub;"
    "msg-param-cumulative-months=6;msg-param-streak-months=2;msg-param-should-share-streak=1;"
    "msg-param-sub-plan=Prime;msg-param-sub-plan-name=Prime;room-id=12345678;subscriber=1;"
    "system-msg=ronni\\shas\\ssubscribed\\sfor\\s6\\smonths!;tmi-sent-ts=1507246572678;turbo=1;"
    "user-id=87654321;user-type=staff :tmi.twitch.tv USERNOTICE #ronni :Great stream -- keep it up!"
)
SUBGIFT = (
    "@badge-info=;badges=staff/1,premium/1;color=#0000FF;display-name=TWW2;emotes=;"
    "id=e9176cd8-5e22-4684-ad40-ce53c2561c5e;login=tww2;mod=0;msg-id=subgift;msg-param-months=1;"
    "msg-param-recipient-display-name=Mr_Woodchuck;msg-param-recipient-id=55554444;"
    "msg-param-recipient-name=mr_woodchuck;msg-param-sub-plan-name=House\\sof\\sNyoro~n;"
    "msg-param-sub-plan=1000;room-id=19571752;subscriber=0;"
    "system-msg=TWW2\\sgifted\\sa\\sTier\\s1\\ssub\\sto\\sMr_Woodchuck!;tmi-sent-ts=1521159445153;"
    "turbo=0;user-id=87654321;user-type=staff :tmi.twitch.tv USERNOTICE #ronni"
)
RAID = (
    "@badge-info=;badges=turbo/1;color=#9ACD32;display-name=TestChannel;emotes=;"
    "id=3d830f12-795c-447d-af3c-ea05e40fbddb;login=testchannel;mod=0;msg-id=raid;"
    "msg-param-displayName=TestChannel;msg-param-login=testchannel;msg-param-viewerCount=15;"
    "room-id=33332222;subscriber=0;system-msg=15\\sraiders\\sfrom\\sTestChannel\\shave\\sjoined\\n!;"
    "tmi-sent-ts=1507246572680;turbo=1;user-id=123456;user-type= "
    ":tmi.twitch.tv USERNOTICE #ronni"
)
CLEARCHAT = (
    "@ban-duration=350;room-id=12345678;target-user-id=87654321;tmi-sent-ts=1642719320727 "
    ":tmi.twitch.tv CLEARCHAT #ronni :ronni"
)


def test_parse_twitch_lines() -> None:
    msg = parse_line(PRIVMSG + "\r\n")
    assert msg is not None
    assert msg.command == "PRIVMSG"
    assert msg.prefix == "ronni!ronni@ronni.tmi.twitch.tv" and msg.nick == "ronni"
    assert msg.params == ["#ronni", "Kappa Keepo Kappa"] and msg.trailing
    assert msg.tags["id"] == "b34ccfc7-4977-403a-8a94-33c6bac34fb8"
    assert msg.tags["tmi-sent-ts"] == "1507246572675"
    assert msg.tags["emotes"] == "25:0-4,12-16/1902:6-10"
    assert msg.tags["badge-info"] == ""

    resub = parse_line(RESUB)
    assert resub is not None and resub.command == "USERNOTICE" and resub.nick == "tmi.twitch.tv"
    assert resub.tags["system-msg"] == "ronni has subscribed for 6 months!"
    raid = parse_line(RAID)
    assert raid is not None and raid.params == ["#ronni"] and not raid.trailing
    assert raid.tags["system-msg"] == "15 raiders from TestChannel have joined\n!"
    assert raid.tags["user-type"] == ""
    clear = parse_line(CLEARCHAT)
    assert clear is not None and clear.command == "CLEARCHAT" and clear.text == "ronni"
    assert clear.tags["ban-duration"] == "350"

    ping = parse_line("PING :tmi.twitch.tv")
    assert ping is not None and ping.command == "PING" and ping.params == ["tmi.twitch.tv"]
    assert ping.prefix == "" and ping.tags == {}
    welcome = parse_line(":tmi.twitch.tv 001 justinfan12345 :Welcome, GLHF!")
    assert welcome is not None and welcome.command == "001"
    assert welcome.params == ["justinfan12345", "Welcome, GLHF!"]
    cap = parse_line(":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands")
    assert cap is not None and cap.params == ["*", "ACK", "twitch.tv/tags twitch.tv/commands"]


def test_parse_odd_lines() -> None:
    spaced = parse_line("  :nick!u@h   privmsg   #c   ::) two  spaces ")
    assert spaced is not None
    assert spaced.command == "PRIVMSG" and spaced.params == ["#c", ":) two  spaces "]
    no_trailing = parse_line(":srv 005 me CHANTYPES=# NICKLEN=31")
    assert no_trailing is not None and no_trailing.params == ["me", "CHANTYPES=#", "NICKLEN=31"]
    assert not no_trailing.trailing
    empty_trailing = parse_line(":a!b@c PRIVMSG #c :")
    assert empty_trailing is not None and empty_trailing.params == ["#c", ""]
    flag = parse_line("@flag;k=v;k=w :a PRIVMSG #c :x")
    assert flag is not None and flag.tags == {"flag": "", "k": "w"}
    for junk in ("", "\r\n", "   ", ":prefix.only", "@a=b", "@a=b :prefix"):
        assert parse_line(junk) is None, junk


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("plain", "plain"),
        ("a\\sb", "a b"),
        ("semi\\:colon", "semi;colon"),
        ("back\\\\slash", "back\\slash"),
        ("cr\\rlf\\n", "cr\rlf\n"),
        ("\\\\s", "\\s"),  # an escaped backslash, then a plain s
        ("unknown\\x", "unknownx"),
        ("trailing\\", "trailing"),
        ("中文\\s😀", "中文 😀"),
    ],
)
def test_unescape_tag(raw: str, value: str) -> None:
    assert unescape_tag(raw) == value


def test_line_buffer() -> None:
    buf = LineBuffer(limit=100)
    text = "€ and 😀\r\n".encode()
    out: list[str] = []
    for i in range(len(text)):  # one byte per read: characters split across reads
        out += buf.feed(text[i : i + 1])
    assert out == ["€ and 😀"]
    assert buf.feed(b"bare lf\nbad \xff\xfe bytes\r\n\r\n") == ["bare lf", "bad \ufffd\ufffd bytes"]
    assert buf.feed(b"x" * 150 + b"\r\nafter\r\n") == ["after"]  # too long, in one read
    assert buf.dropped == 1
    for _ in range(5):  # too long, over several reads: never kept whole
        assert buf.feed(b"y" * 60) == []
    assert buf.feed(b"yyy\r\nnext\r\npart") == ["next"]
    assert buf.dropped == 2
    assert buf.feed(b"ial\r\n") == ["partial"]


def test_twitch_login_tags_and_events(
    fake: FakeServer, run_connector: Callable[..., Running], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="studio.chat")
    running = run_connector(fake.address, channel="#Ronni", nick="ShopBot", token="s3cr3t-t0ken")
    conn = fake.connection()
    conn.expect(r"CAP REQ :twitch\.tv/tags twitch\.tv/commands")
    conn.expect("PASS oauth:s3cr3t-t0ken")
    assert conn.welcome() == "shopbot"
    running.wait_state("connected")
    conn.expect("JOIN #ronni")
    conn.send(
        ":shopbot!shopbot@shopbot.tmi.twitch.tv JOIN #ronni",
        ":tmi.twitch.tv ROOMSTATE #ronni",
        "@badge-info=;badges=;color=;display-name=ShopBot;emote-sets=0;mod=0;subscriber=0;"
        "user-type= :tmi.twitch.tv USERSTATE #ronni",
        PRIVMSG,
        ACTION,
        CHEER,
        RESUB,
        SUBGIFT,
        RAID,
        CLEARCHAT,
        ":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #other :not our channel",
        ":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #ronni :\x01VERSION\x01",
        "PING :tmi.twitch.tv",
    )
    conn.expect("PONG :tmi.twitch.tv")
    events = running.sink.wait(6)
    time.sleep(0.1)
    assert len(running.sink) == 6
    comment, action, cheer, resub, subgift, raid = events

    assert comment.kind == "comment" and comment.text == "Kappa Keepo Kappa"
    assert comment.id == "b34ccfc7-4977-403a-8a94-33c6bac34fb8"
    assert comment.user == "ronni" and comment.user_id == "1337"
    assert comment.time == 1507246572.675
    assert comment.extra["color"] == "#0D4200"

    assert action.text == "waves" and action.extra["action"] is True
    assert action.user == "Ann Lee" and action.user_id == "42"

    assert cheer.kind == "comment" and cheer.text == "cheer100" and cheer.extra["bits"] == 100

    assert resub.kind == "gift" and resub.gift == "resub"
    assert resub.text == "Great stream -- keep it up!"
    assert resub.id == "db25007f-7a18-43eb-9379-80131e44d633"
    assert resub.extra["months"] == 6
    assert resub.extra["system"] == "ronni has subscribed for 6 months!"

    assert subgift.kind == "gift" and subgift.gift == "subgift" and subgift.user == "TWW2"
    assert subgift.text == "" and subgift.extra["recipient"] == "Mr_Woodchuck"
    assert subgift.time == 1521159445.153

    assert raid.kind == "join" and raid.user == "TestChannel" and raid.amount == 15
    assert raid.id == "3d830f12-795c-447d-af3c-ea05e40fbddb"

    assert running.connector.can_send
    running.connector.send("thanks\r\nfor the raid")
    conn.expect("PRIVMSG #ronni :thanks for the raid")
    assert running.connector.status.state == "connected"
    assert "s3cr3t" not in caplog.text
    assert "PASS" not in caplog.text.replace("PASS ****", "")


@pytest.mark.parametrize("token", ["abc123", "oauth:abc123"])
def test_token_sent_once_prefixed(
    fake: FakeServer, run_connector: Callable[..., Running], token: str
) -> None:
    run_connector(fake.address, nick="host", token=token)
    fake.connection().expect("PASS oauth:abc123")


def test_twitch_auth_failure(fake: FakeServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(fake.address, nick="host", token="expired")
    conn = fake.connection()
    conn.expect("USER .*")
    conn.send(":tmi.twitch.tv NOTICE * :Login authentication failed")
    status = running.wait_state("failed")
    assert status.code == "auth" and status.detail == "Login authentication failed"
    wait_for(lambda: not running.connector._thread.is_alive(), what="the connector's thread ending")
    assert len(fake.connections) == 1


def test_anonymous_nick_in_use(fake: FakeServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(fake.address, options={"joins": "1"})
    conn = fake.connection()
    conn.expect(r"CAP REQ :twitch\.tv/tags twitch\.tv/commands twitch\.tv/membership")
    first = conn.expect(r"NICK justinfan\d{5,6}").split()[1]
    assert not any(line.startswith("PASS") for line in conn.lines)
    conn.send(f":tmi.twitch.tv 433 * {first} :Nickname is already in use")
    second = conn.expect(r"NICK justinfan\d{5,6}").split()[1]
    assert second != first
    conn.send(":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands twitch.tv/membership")
    conn.expect("CAP END")
    conn.send(f":tmi.twitch.tv 001 {second} :Welcome, GLHF!")
    running.wait_state("connected")
    assert running.connector.nick == second
    conn.expect("JOIN #shop")
    conn.send(
        f":{second}!{second}@{second}.tmi.twitch.tv JOIN #shop",
        ":viewer1!viewer1@viewer1.tmi.twitch.tv JOIN #shop",
        ":viewer2!viewer2@viewer2.tmi.twitch.tv JOIN #shop",
    )
    joins = running.sink.wait(2)
    assert [(e.kind, e.user) for e in joins] == [("join", "viewer1"), ("join", "viewer2")]
    assert joins[0].id != joins[1].id
    with pytest.raises(ConnectorError) as refused:
        running.connector.send("hi")
    assert refused.value.code == "auth"


def test_reconnect_command(fake: FakeServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(fake.address)
    fake.connection(0).welcome()
    running.wait_state("connected")
    fake.connection(0).send(":tmi.twitch.tv RECONNECT")
    second = fake.connection(1, timeout=5)
    second.welcome()
    second.expect("JOIN #shop")
    second.send(":a!a@a.tmi.twitch.tv PRIVMSG #shop :back")
    assert running.sink.wait(1)[0].text == "back"
    assert running.states.count("connected") == 2


def test_silent_server_is_left(fake: FakeServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(fake.address)
    connector = running.connector
    connector.idle_ping_s = 0.5
    connector.pong_timeout_s = 0.5
    conn = fake.connection()
    conn.welcome()
    running.wait_state("connected")
    conn.expect(r"PING :127\.0\.0\.1", timeout=5)  # asks, then gives up on silence
    wait_for(lambda: connector.status.state == "reconnecting", what="reconnecting", timeout=5)
    assert connector.status.code == "network"


def test_long_and_split_lines(fake: FakeServer, run_connector: Callable[..., Running]) -> None:
    running = run_connector(fake.address)
    conn = fake.connection()
    conn.welcome()
    running.wait_state("connected")
    huge = "@id=huge :a!a@a PRIVMSG #shop :" + "z" * 200_000
    conn.send_raw(huge.encode() + b"\r\n")
    line = ":ann!ann@h PRIVMSG #shop :split 分开 😀 line\r\n".encode()
    for i in range(0, len(line), 3):  # three bytes per write: characters cut across reads
        conn.send_raw(line[i : i + 3])
        time.sleep(0.002)
    conn.send_raw(b":ann!ann@h PRIVMSG #shop :bad \xff byte\r\n")
    events = running.sink.wait(2)
    assert [e.text for e in events] == ["split 分开 😀 line", "bad \ufffd byte"]
    assert running.connector.status.state == "connected"


def test_config_errors() -> None:
    def make(**fields: object) -> None:
        make_connector(ConnectorConfig("irc", **fields), Collector())  # type: ignore[arg-type]

    for fields in (
        {"channel": ""},
        {"channel": "#a b"},
        {"channel": "#shop", "token": "t"},  # a token needs its nick
        {"channel": "#shop", "nick": "bad nick"},
        {"channel": "#shop", "server": "host:notaport"},
    ):
        with pytest.raises(ConnectorError) as err:
            make(**fields)
        assert err.value.code == "config", fields
    connector = make_connector(ConnectorConfig("irc", channel="Shop"), Collector())
    assert isinstance(connector, IrcConnector)
    assert connector.channel == "#shop" and connector.platform == "twitch"
    assert (connector._host, connector._port) == ("irc.chat.twitch.tv", 6667)
    tls = make_connector(ConnectorConfig("irc", channel="#X", tls=True), Collector())
    assert isinstance(tls, IrcConnector) and tls._port == 6697
    other = make_connector(
        ConnectorConfig("irc", channel="#MiXed", options={"platform": "irc"}), Collector()
    )
    assert isinstance(other, IrcConnector)
    assert other.channel == "#MiXed" and other.platform == "irc"
