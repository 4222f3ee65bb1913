"""A real IRC server for the chat tests: ngircd on loopback, one process, started and stopped per
test (like tests/servers.py does for nginx).

What ngircd 26.1 (Debian) needs to stand in for Twitch's chat servers, measured:
- `Password` set in [Global]: with PAM = no, a client that sends PASS is refused otherwise
  ("all passwords given will fail"); a wrong password gets `ERROR :Access denied: Bad password?`
  and the connection closed, before any numeric (no 464).
- MaxNickLength is capped at 31 (justinfan + 6 digits is 15); the default 9 refuses it.
- MaxConnectionsIP = 0 (no per-IP limit: every test client comes from 127.0.0.1) and
  MaxPenaltyTime = 0 (no penalty pacing: a client's burst is relayed as fast as it is read).
- PingTimeout and PongTimeout are at least 5 s (lower values are raised to 5 with a warning).
- CAP REQ for capabilities it lacks (twitch.tv/*) is answered `CAP * NAK`, and registration waits
  for CAP END. Lines from clients are limited to 512 bytes, CR LF included.
- Run as root it drops to nobody (so no PidFile in a private directory); it logs to stderr with
  -n. IncludeDir is pointed at an empty directory so /etc/ngircd/conf.d is never read.
- It can serve TLS itself ([SSL] CertFile/KeyFile/Ports), read before the privilege drop.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from servers import free_port, listening_ports

START_TIMEOUT = 10.0
NGIRCD_PATHS = ("ngircd", "/usr/sbin/ngircd")


def find_ngircd() -> str | None:
    for name in NGIRCD_PATHS:
        found = shutil.which(name)
        if found:
            return found
    return None


class IrcServer:
    """ngircd on 127.0.0.1:`port` with server password `password`; files in `directory`.

    stop() and start() again reuse the same port (a restart, as a client sees it)."""

    def __init__(
        self,
        directory: Path,
        password: str = "letmein",
        ping_timeout: int = 120,
        tls_cert: Path | None = None,
        tls_key: Path | None = None,
    ) -> None:
        binary = find_ngircd()
        if binary is None:
            raise RuntimeError("ngircd not found: install the Debian package `ngircd`")
        self.binary = binary
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.password = password
        self.ping_timeout = ping_timeout
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.port = 0
        self.tls_port = 0
        self.log = self.dir / "ngircd.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def config(self) -> str:
        ssl = ""
        if self.tls_cert is not None and self.tls_key is not None:
            ssl = f"""
[SSL]
CertFile = {self.tls_cert}
KeyFile = {self.tls_key}
Ports = {self.tls_port}
"""
        return f"""\
[Global]
Name = irc.test.local
Info = Shopcast Studio test server
AdminInfo1 = tests
AdminInfo2 = loopback
AdminEMail = tests@irc.test.local
Listen = 127.0.0.1
Ports = {self.port}
Password = {self.password}
MotdPhrase = "test server"
[Limits]
MaxConnectionsIP = 0
MaxPenaltyTime = 0
MaxNickLength = 31
MaxJoins = 0
PingTimeout = {self.ping_timeout}
PongTimeout = 5
[Options]
PAM = no
DNS = no
Ident = no
IncludeDir = {self.dir / "conf.d"}
{ssl}"""

    def start(self) -> IrcServer:
        if self.running:
            raise RuntimeError("ngircd already running")
        if self.port:
            self._launch()
            return self
        for attempt in range(3):  # a free port can be taken before ngircd binds it
            self.port = free_port()
            if self.tls_cert is not None:
                self.tls_port = free_port()
            try:
                self._launch()
                return self
            except RuntimeError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _launch(self) -> None:
        (self.dir / "conf.d").mkdir(exist_ok=True)
        conf = self.dir / "ngircd.conf"
        conf.write_text(self.config())
        conf.chmod(0o644)
        offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as out:
            self._proc = subprocess.Popen(
                [self.binary, "-n", "-f", str(conf)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                cwd=self.dir,
            )
        ports = {self.port} | ({self.tls_port} if self.tls_port else set())
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self._proc.poll() is not None:
                rc = self._proc.returncode
                self._proc = None
                raise RuntimeError(f"ngircd exited with {rc} at start:\n{self.log_tail(offset)}")
            if ports <= listening_ports(self._proc.pid):
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"ngircd not listening after {START_TIMEOUT:.0f} s")
            time.sleep(0.01)

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM (ngircd tells its clients and closes), SIGKILL after `timeout`."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self._proc = None

    def log_tail(self, offset: int = 0, lines: int = 40) -> str:
        try:
            with open(self.log, "rb") as f:
                f.seek(offset)
                text = f.read().decode(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


class Viewer:
    """A plain IRC client on the test server: registers, joins, sends and reads raw lines."""

    def __init__(self, server: IrcServer, nick: str, channel: str = "#shop") -> None:
        self.nick = nick
        self.channel = channel
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self._buf = b""
        self.lines: list[str] = []
        self.raw(f"PASS {server.password}")
        self.raw(f"NICK {nick}")
        self.raw(f"USER {nick} 0 * :{nick}")
        self.wait_for(lambda line: " 001 " in line, "welcome")
        if channel:
            self.raw(f"JOIN {channel}")
            self.wait_for(lambda line: " 366 " in line, "the channel's names")

    def raw(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\r\n")

    def say(self, text: str) -> None:
        self.raw(f"PRIVMSG {self.channel} :{text}")

    def read_lines(self, timeout: float) -> list[str]:
        """Lines that arrive within `timeout` (fewer at EOF); answers PINGs."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except TimeoutError:
            return []
        if not data:
            raise EOFError("the server closed the connection")
        self._buf += data
        *done, self._buf = self._buf.split(b"\r\n")
        out = [d.decode("utf-8", errors="replace") for d in done]
        for line in out:
            if line.startswith("PING"):
                self.raw("PONG" + line[4:])
        self.lines.extend(out)
        return out

    def wait_for(
        self,
        match: Callable[[str], bool],
        what: str,
        timeout: float = 10.0,
        since: int | None = None,
    ) -> str:
        """The first line matching, among those read from index `since` on (default: from
        now); AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        seen = len(self.lines) if since is None else since
        while True:
            for line in self.lines[seen:]:
                if match(line):
                    return line
            seen = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{self.nick}: no {what} in {timeout} s: {self.lines[-5:]}")
            self.read_lines(min(left, 0.5))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.raw("QUIT :bye")
        self.sock.close()


# --- a scripted Twitch-like server, for what ngircd would never send ---


class FakeConnection:
    """One client connection to FakeServer: what the client sent, line by line."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.lines: list[str] = []
        self.closed = False
        self._next = 0
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self._cond:
                    self.closed = True
                    self._cond.notify_all()
                return
            buf += data
            *done, buf = buf.split(b"\r\n")
            with self._cond:
                self.lines.extend(d.decode("utf-8", errors="replace") for d in done)
                self._cond.notify_all()

    def expect(self, match: str | Callable[[str], bool], timeout: float = 10.0) -> str:
        """The next line from the client matching `match` (a regex, fully) after the last one
        expected; AssertionError after `timeout`."""
        check = match if callable(match) else lambda line: re.fullmatch(match, line) is not None
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i in range(self._next, len(self.lines)):
                    if check(self.lines[i]):
                        self._next = i + 1
                        return self.lines[i]
                left = deadline - time.monotonic()
                if left <= 0 or (self.closed and self._next >= len(self.lines)):
                    raise AssertionError(f"no line matching {match!r}; got {self.lines}")
                self._cond.wait(min(left, 0.1))

    def send(self, *lines: str) -> None:
        self.sock.sendall("".join(f"{line}\r\n" for line in lines).encode())

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def welcome(self, host: str = "tmi.twitch.tv") -> str:
        """Answer the login: CAP ACK, then the welcome; returns the nick the client chose."""
        nick = self.expect(r"NICK \S+").split()[1]
        self.expect(r"USER .*")
        self.send(f":{host} CAP * ACK :twitch.tv/tags twitch.tv/commands")
        self.expect("CAP END")
        self.send(
            f":{host} 001 {nick} :Welcome, GLHF!",
            f":{host} 002 {nick} :Your host is {host}",
            f":{host} 376 {nick} :>",
        )
        return nick


class FakeServer:
    """A raw socket on loopback standing in for Twitch's IRC server: each test scripts what it
    says to the connections it accepts (`connection(n)`)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections: list[FakeConnection] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(FakeConnection(sock))

    def connection(self, index: int = 0, timeout: float = 10.0) -> FakeConnection:
        deadline = time.monotonic() + timeout
        while len(self.connections) <= index:
            if time.monotonic() > deadline:
                raise AssertionError(f"connection {index}: not within {timeout} s")
            time.sleep(0.01)
        return self.connections[index]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.listener.close()
        for conn in self.connections:
            conn.sock.close()
