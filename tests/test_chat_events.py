"""The chat core: the event model, the log the pane reads (each event once, in time order, the
last 10,000) and the connector base (capped backoff, no retry after a refused credential,
reconnect now, stop), driven by a tiny fake connector."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from waiting import wait_for

from studio.chat import connector as connector_module
from studio.chat.connector import (
    AuthError,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ConnectorStatus,
)
from studio.chat.events import KEEP, ChatEvent, ChatLog, stable_id


def comment(i: int, t: float | None = None, text: str = "hi") -> ChatEvent:
    return ChatEvent("comment", "test", f"user{i}", text, float(i if t is None else t), f"e{i}")


# --- events -----------------------------------------------------------------------------------


def test_event_dict_has_what_each_kind_needs() -> None:
    gift = ChatEvent("gift", "douyin", "小鱼儿", "", 5.0, "g1", user_id="42", amount=3, gift="玫瑰")
    assert gift.to_dict() == {
        "type": "event",
        "kind": "gift",
        "id": "g1",
        "platform": "douyin",
        "user": "小鱼儿",
        "text": "",
        "time": 5.0,
        "user_id": "42",
        "amount": 3,
        "gift": "玫瑰",
    }
    text = "  有红色吗？\n<b>x</b> \u202e"
    plain = comment(1, text=text).to_dict()
    assert plain["text"] == text  # exactly as received
    assert "amount" not in plain and "user_id" not in plain and "gift" not in plain


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event kind"):
        ChatEvent("shout", "test", "u", "x", 0.0, "id")  # type: ignore[arg-type]


def test_stable_id_is_the_same_for_the_same_event_only() -> None:
    a = stable_id("twitch", "alice", 1.5, "有红色吗")
    assert a == stable_id("twitch", "alice", 1.5, "有红色吗")
    assert a.startswith("twitch:") and len(a) == len("twitch:") + 20
    assert a != stable_id("twitch", "alice", 1.5, "有红色吗 ")
    assert a != stable_id("youtube", "alice", 1.5, "有红色吗")
    # Parts are separated, not just glued together.
    assert stable_id("p", "ab", "c") != stable_id("p", "a", "bc")


# --- the log ----------------------------------------------------------------------------------


def test_duplicates_are_dropped_by_id() -> None:
    log = ChatLog()
    assert log.add([comment(1), comment(2)]) == [comment(1), comment(2)]
    version = log.version
    again = ChatEvent("comment", "test", "someone else", "other text", 9.0, "e1")
    assert log.add([comment(2), again]) == []
    assert log.dropped_duplicates == 2
    assert log.version == version  # nothing changed: the pane need not look again
    assert [e.id for e in log.events()] == ["e1", "e2"]
    assert log.find("e1") == comment(1)
    assert log.find("nope") is None
    # A duplicate inside one batch too.
    assert log.add([comment(3), comment(3)]) == [comment(3)]
    assert len(log) == 3


def test_events_stay_in_time_order_with_late_deliveries() -> None:
    log = ChatLog()
    log.add([comment(1, 10.0), comment(2, 30.0), comment(3, 20.0)])
    log.add([comment(4, 5.0)])  # very late: before everything
    log.add([comment(5, 30.0)])  # the same time as the newest: after it
    log.add([comment(6, 25.0), comment(7, 40.0)])
    events = log.events()
    assert [e.time for e in events] == [5.0, 10.0, 20.0, 25.0, 30.0, 30.0, 40.0]
    assert [e.id for e in events][4:6] == ["e2", "e5"]  # equal times keep arrival order
    assert log.find("e6") == comment(6, 25.0)


def test_only_the_last_ten_thousand_are_kept() -> None:
    assert KEEP == 10_000
    log = ChatLog()
    for start in range(0, 10_050, 1000):
        log.add(comment(i) for i in range(start, min(start + 1000, 10_050)))
    assert len(log) == KEEP
    events = log.events()
    assert events[0].id == "e50" and events[-1].id == "e10049"
    assert log.find("e49") is None and log.find("e50") is not None
    # Ids that fell off are forgotten with their events (no unbounded memory).
    assert len(log._ids) == KEEP


def test_a_small_log_trims_late_and_new_events_alike() -> None:
    log = ChatLog(keep=3)
    log.add([comment(1), comment(2), comment(3), comment(4)])
    assert [e.id for e in log.events()] == ["e2", "e3", "e4"]
    log.add([comment(9, 2.5)])  # late, lands between e2 and e3: e2 falls off
    assert [e.id for e in log.events()] == ["e9", "e3", "e4"]
    assert len(log) == 3


def test_concurrent_adds_keep_every_event_once_in_order() -> None:
    log = ChatLog()
    threads = 8
    per_thread = 1000  # 8,000 events: all kept
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def connector(n: int) -> None:
        try:
            start.wait()
            # Each thread delivers its own events plus half of its neighbour's (redeliveries),
            # in small batches, some of them late.
            mine = [
                comment(n * per_thread + i, t=(i * 7919) % per_thread) for i in range(per_thread)
            ]
            neighbour = (n + 1) % threads
            theirs = [
                comment(neighbour * per_thread + i, t=(i * 7919) % per_thread)
                for i in range(0, per_thread, 2)
            ]
            batch = mine + theirs
            for i in range(0, len(batch), 25):
                log.add(batch[i : i + 25])
                if i % 500 == 0:
                    log.events()  # a reader in between
        except BaseException as exc:  # pragma: no cover (reported below)
            errors.append(exc)

    workers = [threading.Thread(target=connector, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert not errors
    events = log.events()
    assert len(events) == threads * per_thread
    assert len({e.id for e in events}) == len(events)
    assert log.dropped_duplicates == threads * (per_thread // 2)
    times = [e.time for e in events]
    assert times == sorted(times)


# --- the connector base -----------------------------------------------------------------------


class Fake(Connector):
    """A connector whose sessions are given as functions, one per try (the last one repeats)."""

    kind = "fake"
    platform = "fake"

    def __init__(self, sessions: list[Callable[[Fake], None]], sink=None) -> None:
        self.received: list[ChatEvent] = []
        super().__init__(
            ConnectorConfig("fake", token="s3cret"), sink or (lambda e: self.received.extend(e))
        )
        self.sessions = sessions
        self.tries = 0
        self.statuses: list[ConnectorStatus] = []
        self.on_status = self.statuses.append
        self.closed = threading.Event()

    def session(self) -> None:
        self.tries += 1
        self.sessions[min(self.tries, len(self.sessions)) - 1](self)

    def close_session(self) -> None:
        self.closed.set()


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connector_module, "BACKOFF_FIRST_S", 0.01)
    monkeypatch.setattr(connector_module, "BACKOFF_CAP_S", 0.04)
    monkeypatch.setattr(connector_module.random, "uniform", lambda a, b: 1.0)


def network_down(c: Fake) -> None:
    raise ConnectorError("network", "no route to host")


def until_stopped(c: Fake) -> None:
    c.connected()
    while not c.stopping:
        time.sleep(0.005)


def test_backoff_doubles_up_to_the_cap(quick_backoff: None) -> None:
    fake = Fake([network_down] * 5 + [until_stopped])
    fake.start()
    wait_for(lambda: fake.status.state == "connected", 5.0)
    fake.stop()
    waits = [s.retry_in_s for s in fake.statuses if s.retry_in_s is not None]
    assert waits == [0.01, 0.02, 0.04, 0.04, 0.04]
    states = [s.state for s in fake.statuses]
    assert states[0] == "connecting"
    assert [s for s in states if s != "stopped"][-1] == "connected"
    assert states[-1] == "stopped"
    retrying = [s for s in fake.statuses if s.retry_in_s is not None]
    assert [s.attempts for s in retrying] == [1, 2, 3, 4, 5]
    assert all(s.state == "reconnecting" and s.code == "network" for s in retrying)
    assert fake.tries == 6


def test_jitter_keeps_waits_within_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connector_module, "BACKOFF_FIRST_S", 0.01)
    monkeypatch.setattr(connector_module, "BACKOFF_CAP_S", 0.02)
    fake = Fake([network_down] * 4 + [until_stopped])
    fake.start()
    wait_for(lambda: fake.status.state == "connected", 5.0)
    fake.stop()
    waits = [s.retry_in_s for s in fake.statuses if s.retry_in_s is not None]
    assert len(waits) == 4
    assert all(0.008 - 1e-9 <= w <= 0.02 for w in waits)


def test_a_connection_that_worked_starts_the_backoff_afresh(quick_backoff: None) -> None:
    def works_then_drops(c: Fake) -> None:
        c.connected()
        c.emit([comment(c.tries)])
        raise ConnectorError("network", "reset by peer")

    fake = Fake(
        [network_down, network_down, works_then_drops, network_down, network_down, until_stopped]
    )
    fake.start()
    wait_for(lambda: fake.tries >= 6 and fake.status.state == "connected", 5.0)
    fake.stop()
    waits = [s.retry_in_s for s in fake.statuses if s.retry_in_s is not None]
    # After the drop the count starts from 0: the drop and the next failure both wait the
    # first step, then it doubles again.
    assert waits == [0.01, 0.02, 0.01, 0.01, 0.02]
    assert fake.status.events == 1 and fake.received == [comment(3)]


def test_a_refused_credential_is_not_retried(quick_backoff: None) -> None:
    def refused(c: Fake) -> None:
        raise AuthError("login authentication failed")

    fake = Fake([refused, until_stopped])
    fake.start()
    wait_for(lambda: fake.status.state == "failed", 5.0)
    time.sleep(0.1)  # several backoffs' time: no second try
    assert fake.tries == 1
    assert fake.status.code == "auth" and fake.status.detail == "login authentication failed"
    assert "s3cret" not in repr(fake.status) and "s3cret" not in repr(fake.config)
    fake.stop()
    assert fake.status.state == "stopped"


def test_other_failures_are_retried_with_their_code(quick_backoff: None) -> None:
    def os_error(c: Fake) -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    def bug(c: Fake) -> None:
        raise KeyError("oops")

    def closes(c: Fake) -> None:
        c.connected()  # and returns: the server closed the connection

    fake = Fake([os_error, bug, closes, until_stopped])
    fake.start()
    wait_for(lambda: fake.tries >= 4 and fake.status.state == "connected", 5.0)
    fake.stop()
    codes = [(s.code, s.detail) for s in fake.statuses if s.retry_in_s is not None]
    assert codes == [
        ("network", "Connection refused"),
        ("protocol", "unexpected KeyError"),  # never the exception's text: it may hold a key
        ("closed", "the server closed the connection"),
    ]


def test_reconnect_now_cuts_the_wait_short(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connector_module, "BACKOFF_FIRST_S", 60.0)
    monkeypatch.setattr(connector_module, "BACKOFF_CAP_S", 60.0)
    fake = Fake([network_down, until_stopped])
    fake.start()
    wait_for(
        lambda: fake.status.state == "reconnecting" and fake.status.retry_in_s is not None, 5.0
    )
    assert fake.status.retry_in_s > 30
    started = time.monotonic()
    fake.reconnect_now()
    wait_for(lambda: fake.status.state == "connected", timeout=2.0)
    assert time.monotonic() - started < 1.0
    assert fake.tries == 2
    fake.stop()


def test_stop_ends_a_wait_and_a_session_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connector_module, "BACKOFF_FIRST_S", 60.0)
    waiting = Fake([network_down])
    waiting.start()
    wait_for(lambda: waiting.status.retry_in_s is not None, 5.0)
    started = time.monotonic()
    waiting.stop()
    assert time.monotonic() - started < 1.0
    assert waiting.status.state == "stopped" and waiting.tries == 1
    assert waiting._thread is None

    def blocked_in_a_read(c: Fake) -> None:
        c.connected()
        c.closed.wait(10)  # a socket read, woken by close_session

    reading = Fake([blocked_in_a_read])
    reading.start()
    wait_for(lambda: reading.status.state == "connected", 5.0)
    started = time.monotonic()
    reading.stop()
    assert time.monotonic() - started < 1.0
    assert reading.closed.is_set()
    assert reading.status.state == "stopped" and reading.statuses[-1].state == "stopped"


def test_emit_counts_events_and_skips_empty_batches() -> None:
    batches: list[list[ChatEvent]] = []

    def talks(c: Fake) -> None:
        c.connected()
        c.emit([])
        c.emit([comment(1), comment(2)])
        c.emit([comment(3)])
        while not c.stopping:
            time.sleep(0.005)

    fake = Fake([talks], sink=batches.append)
    fake.start()
    wait_for(lambda: fake.status.events == 3, 5.0)
    fake.stop()
    assert [len(b) for b in batches] == [2, 1]
    assert fake.status.events == 3 and fake.status.state == "stopped"


def test_start_twice_runs_one_thread_and_send_is_refused(quick_backoff: None) -> None:
    fake = Fake([until_stopped])
    fake.start()
    first = fake._thread
    fake.start()
    assert fake._thread is first
    wait_for(lambda: fake.status.state == "connected", 5.0)
    with pytest.raises(ConnectorError) as exc:
        fake.send("hello")
    assert exc.value.code == "config"
    fake.stop()
    assert fake.tries == 1


def test_config_hides_the_token() -> None:
    config = ConnectorConfig("irc", server="irc.example:6697", token="oauth:abcdef")
    assert "abcdef" not in repr(config)
    assert config.redacted().token == "****"
    assert ConnectorConfig("irc").redacted().token == ""
