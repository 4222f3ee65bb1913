"""One window per profile. Two windows on one profile overwrite each other's saves (one lost a
destination and left its stream key orphaned in the keyring), so the window holds a lock.

The lock is the operating system's (flock on `<profile>.lock`; msvcrt.locking on Windows): the
kernel drops it when the process ends, however it ends, so a crash or a SIGKILL never locks the
merchant out. The lock file itself is never deleted: unlinking a lock file others may hold open
lets two processes each lock a different file.

The window that holds the lock also listens on 127.0.0.1 (port and a random token in
`<profile>.instance`, readable by the user only); a second start sends the token and the first
brings its window forward. Only that one word is understood; reads are bounded in size and time.
The headless `studio stream --profile` only reads the profile and takes no lock.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from studio.files import write_atomic

log = logging.getLogger(__name__)

WAKE_WORD = b"raise"
MAX_REQUEST = 128  # bytes: "raise <32 hex>\n" fits; a sender of more is cut off
REQUEST_TIMEOUT = 2.0  # seconds one connection may take


def lock_path(profile: Path) -> Path:
    return profile.with_name(profile.name + ".lock")


def instance_path(profile: Path) -> Path:
    return profile.with_name(profile.name + ".instance")


if os.name == "nt":  # pragma: no cover - not run here (no Windows machine)
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class ProfileLock:
    """Held while this process has the profile open for writing."""

    def __init__(self, profile: Path, fd: int) -> None:
        self.profile = profile
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, profile: Path) -> ProfileLock | None:
        """The lock, or None when another process holds it. OSError when the lock file cannot
        be made (a read-only folder)."""
        profile = profile.resolve()
        profile.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(profile), os.O_RDWR | os.O_CREAT, 0o600)  # not inherited
        if _try_lock(fd):
            return cls(profile, fd)
        os.close(fd)
        return None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


class WakeListener:
    """In the window holding the lock: calls `on_wake` (from its own thread) when the studio is
    started again on the same profile."""

    def __init__(self, profile: Path, on_wake: Callable[[], None]) -> None:
        self.profile = profile.resolve()
        self.on_wake = on_wake
        self.token = secrets.token_hex(16)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(4)
        self._sock.settimeout(0.25)  # how soon close() is noticed
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="wake-listener", daemon=True)

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def start(self) -> None:

        # Atomically, readable by this user only (mkstemp makes the file 0600).
        write_atomic(
            instance_path(self.profile),
            json.dumps({"port": self.port, "token": self.token, "pid": os.getpid()}).encode(),
        )
        self._thread.start()

    def close(self) -> None:
        """Stop listening and take the address away (called while the lock is still held, so
        the file is ours)."""
        self._closed.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        self._sock.close()
        with contextlib.suppress(OSError):
            instance_path(self.profile).unlink()

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                try:
                    self._answer(conn)
                except OSError as exc:  # a sender that hung up or stalled
                    log.info("a wake request failed: %s", exc)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(REQUEST_TIMEOUT)
        request = _read_line(conn)
        word, _, token = request.strip().partition(b" ")
        if word == WAKE_WORD and hmac.compare_digest(token, self.token.encode()):
            self.on_wake()
            conn.sendall(b"ok\n")
        else:
            conn.sendall(b"no\n")


def wake_holder(profile: Path, timeout: float = 3.0) -> bool:
    """Ask the window holding `profile` to come forward; whether it said it did."""
    try:
        info = json.loads(instance_path(profile.resolve()).read_bytes()[:1024])
        port, token = int(info["port"]), str(info["token"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("the open window cannot be reached: %s", exc)
        return False
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            conn.sendall(WAKE_WORD + b" " + token.encode() + b"\n")
            return _read_line(conn).strip() == b"ok"
    except OSError as exc:
        log.info("the open window did not answer: %s", exc)
        return False


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while b"\n" not in data and len(data) < MAX_REQUEST:
        chunk = conn.recv(MAX_REQUEST - len(data))
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0]
