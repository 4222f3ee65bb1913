"""One window per profile (issue 15): a second start on the same profile brings the first window
forward and exits 0; the first goes on untouched; a lock left by a SIGKILLed window never locks
the merchant out; the headless `studio stream --profile` only reads and needs no lock. Real
processes, real kernel locks, real sockets."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from profiles import small_profile
from waiting import wait_for

from studio.profile_lock import (
    REQUEST_TIMEOUT,
    ProfileLock,
    WakeListener,
    instance_path,
    lock_path,
    wake_holder,
)
from studio.profile_store import save_profile

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANGUAGE="", LANG="en_US.UTF-8")


def studio_args(profile: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "studio", "--profile", str(profile), *args]


def run_studio(*args: str) -> subprocess.CompletedProcess:
    """`python -m studio ARGS` to its end, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )


# --- the lock -----------------------------------------------------------------------------------


def test_one_holder_at_a_time_whatever_the_path_spelling(tmp_path):
    profile = tmp_path / "config" / "profile.json"
    first = ProfileLock.acquire(profile)
    assert first is not None
    assert ProfileLock.acquire(tmp_path / "config" / ".." / "config" / "profile.json") is None
    (tmp_path / "link").symlink_to(tmp_path / "config")
    assert ProfileLock.acquire(tmp_path / "link" / "profile.json") is None
    assert ProfileLock.acquire(tmp_path / "config" / "other.json") is not None  # another profile
    first.release()
    again = ProfileLock.acquire(profile)
    assert again is not None
    again.release()
    assert lock_path(profile).exists()  # never deleted: see studio.profile_lock


def test_a_lock_held_by_a_killed_process_is_taken_over(tmp_path):
    profile = tmp_path / "profile.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from studio.profile_lock import "
            "ProfileLock; lock = ProfileLock.acquire(Path(sys.argv[1])); print(lock is not None, "
            "flush=True); time.sleep(60)",
            str(profile),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "True"
        assert ProfileLock.acquire(profile) is None
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    lock = ProfileLock.acquire(profile)
    assert lock is not None
    lock.release()


# --- the wake channel: a hostile local sender ----------------------------------------------------


@pytest.fixture
def listener(tmp_path):
    woken = threading.Event()
    profile = tmp_path / "profile.json"
    listening = WakeListener(profile, woken.set)
    listening.start()
    yield listening, woken, profile
    listening.close()
    assert not instance_path(profile).exists()  # the address goes with the window


def ask(port: int, payload: bytes, timeout: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(payload)
        conn.shutdown(socket.SHUT_WR)
        return conn.recv(64)


def test_the_right_token_wakes_the_window(listener):
    _listening, woken, profile = listener
    assert oct(instance_path(profile).stat().st_mode & 0o777) == "0o600"
    assert wake_holder(profile)
    assert woken.is_set()


def test_a_wrong_token_or_garbage_is_refused(listener):
    listening, woken, _profile = listener
    assert ask(listening.port, b"raise " + b"0" * 32 + b"\n") == b"no\n"
    try:
        reply = ask(listening.port, os.urandom(1 << 20))  # 1 MB: read no further than 128 bytes
    except OSError:  # the listener may close on us while we still send: refused just the same
        reply = b""
    assert reply in (b"no\n", b"")
    assert not woken.is_set()


def test_a_stalled_sender_holds_the_listener_only_briefly(listener):
    listening, woken, profile = listener
    with socket.create_connection(("127.0.0.1", listening.port)):  # connects, says nothing
        start = time.monotonic()
        assert wake_holder(profile, timeout=REQUEST_TIMEOUT + 3)
        assert time.monotonic() - start < REQUEST_TIMEOUT + 2
    assert woken.is_set()


# --- the real window ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_start_brings_the_first_forward_and_a_killed_one_never_locks_out(tmp_path):
    profile_path = tmp_path / "config" / "profile.json"
    save_profile(small_profile(tmp_path), profile_path)
    before = profile_path.read_bytes()
    out = tmp_path / "first.out"
    with out.open("w") as sink:
        first = subprocess.Popen(
            studio_args(profile_path, "--exit-after", "120"),
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=ENV,
        )
    try:
        wait_for(lambda: "window-shown" in out.read_text(), 60, what="the first window")

        start = time.monotonic()
        second = run_studio("--profile", str(profile_path), "--exit-after", "30")
        took = time.monotonic() - start
        assert second.returncode == 0, second.stderr
        assert "window-shown" not in second.stdout  # no second window
        assert "already open with this profile" in second.stderr
        assert "brought to the front" in second.stderr
        assert "Traceback" not in second.stderr
        log = profile_path.parent / "logs" / "studio.log"
        wait_for(
            lambda: "brought the window forward" in log.read_text(), 10, what="the first's log"
        )
        assert first.poll() is None  # the first goes on
        assert profile_path.read_bytes() == before

        # The headless stream only reads the profile: it runs beside the open window.
        record = tmp_path / "show.mkv"
        stream = run_studio(
            *("stream", "--profile", str(profile_path)),
            *("--record", str(record), "--duration", "1"),
        )
        assert stream.returncode == 0, stream.stderr
        assert record.stat().st_size > 0
        assert profile_path.read_bytes() == before
        assert first.poll() is None
        print(f"second start refused in {took:.2f} s")
    finally:
        first.send_signal(signal.SIGKILL)  # a crash: the lock file and its address stay behind
        first.wait(timeout=10)
    assert lock_path(profile_path).exists() and instance_path(profile_path).exists()

    third = run_studio("--profile", str(profile_path), "--exit-after", "0.5")
    assert third.returncode == 0, third.stderr
    assert "window-shown" in third.stdout
    assert "already open" not in third.stderr
