"""What viewers do in the live room, as one event model whatever the platform: comments, gifts,
likes, joins, follows and shares, each with a stable id (duplicates dropped) and a time (kept in
order); and what the room itself says: how many watch (`viewers`) and that the live has ended
(`end`). Those two are the room's state, not a viewer's row (ROOM_KINDS).

The text is kept exactly as received; it is never interpreted (no markup, no links). Showing it
safely is the pane's and the renderer's job.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

EventKind = Literal["comment", "gift", "like", "join", "follow", "share", "viewers", "end"]
KINDS: tuple[str, ...] = ("comment", "gift", "like", "join", "follow", "share", "viewers", "end")
ROOM_KINDS: tuple[str, ...] = ("viewers", "end")  # the room's state, not something a viewer did
KEEP = 10_000  # events kept for the pane; older ones fall off
REMEMBER = 100_000  # ids remembered (beyond the events kept) so a late redelivery is still dropped
LONG_ID = 64  # a longer id is remembered by its digest: a sender's id costs bounded memory


@dataclass(frozen=True)
class ChatEvent:
    kind: EventKind
    platform: str  # "twitch", "youtube", "douyin", "demo"...
    user: str  # display name as the platform gives it
    text: str  # exactly as received ("" for likes and joins)
    time: float  # seconds since the epoch, as the platform stamped it (or when received)
    id: str  # stable: the platform's own id, or a digest of what identifies the event
    user_id: str = ""  # the platform's user id, when it gives one (muting follows it)
    amount: int = 1  # likes in a batch, gifts of a kind; viewers: watching now (-1: not said)
    gift: str = ""  # the gift's name
    # kind-specific: viewers' "total" (who watched so far), a gift's "combo" and "diamonds"...
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")

    @property
    def viewers(self) -> int | None:
        """A viewers event's count watching now; None when the platform did not say it (or
        for any other kind). The one place the -1 `amount` stands for "not said" is read."""
        if self.kind != "viewers" or self.amount < 0:
            return None
        return self.amount

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": "event",
            "kind": self.kind,
            "id": self.id,
            "platform": self.platform,
            "user": self.user,
            "text": self.text,
            "time": self.time,
        }
        if self.user_id:
            d["user_id"] = self.user_id
        if self.kind in ("gift", "like"):
            d["amount"] = self.amount
        if self.gift:
            d["gift"] = self.gift
        if self.kind == "viewers":
            if self.viewers is not None:
                d["viewers"] = self.viewers
            if isinstance(self.extra.get("total"), int):
                d["total"] = self.extra["total"]
        return d


def viewers_event(
    platform: str, when: float, now: int | None, total: int | None = None, event_id: str = ""
) -> ChatEvent:
    """The room's viewer count: `now` watching (None: the platform did not say), `total` who
    watched (or entered) so far. Its id is `event_id`, else made from what it says."""
    extra = {} if total is None else {"total": total}
    watching = -1 if now is None else now
    return ChatEvent(
        kind="viewers",
        platform=platform,
        user="",
        text="",
        time=when,
        id=event_id or stable_id(platform, "viewers", repr(when), watching, total),
        amount=watching,
        extra=extra,
    )


def with_earlier_viewers(earlier: ChatEvent | None, newest: ChatEvent) -> ChatEvent:
    """The newest viewer count, what it leaves unsaid (watching now, or who watched so far)
    taken from the one before: Bilibili, say, tells the two apart and in turn."""
    if earlier is None or newest.kind != "viewers" or earlier.kind != "viewers":
        return newest
    amount = newest.amount if newest.viewers is not None else earlier.amount
    extra = dict(newest.extra)
    if "total" not in extra and "total" in earlier.extra:
        extra["total"] = earlier.extra["total"]
    return replace(newest, amount=amount, extra=extra)


def stable_id(platform: str, *parts: object) -> str:
    """An id for an event whose platform gives none: the same event (same platform, user, time
    and text) always gets the same id, so a redelivery is recognised as a duplicate."""
    digest = hashlib.sha1("\x1f".join([platform, *map(str, parts)]).encode()).hexdigest()
    return f"{platform}:{digest[:20]}"


def _seen_key(event_id: str) -> str:
    if len(event_id) <= LONG_ID:
        return event_id
    return "\x00" + hashlib.sha1(event_id.encode("utf-8", "surrogatepass")).hexdigest()


class ChatLog:
    """The events of the show, in time order, each once: what the pane shows and filters.

    Each once: an event whose id was already delivered is dropped, even after it fell off the
    kept events (the newest `remember` ids are remembered, at least `keep`), so a relay
    replaying an old backlog does not put it on the pane again.

    Thread-safe: connectors add from their threads, the window reads. `version` bumps with every
    change so a reader can tell whether to look again.
    """

    def __init__(self, keep: int = KEEP, remember: int = REMEMBER) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._events: deque[ChatEvent] = deque()
        self._times: deque[float] = deque()
        self._ids: set[str] = set()
        self._remember = max(keep, remember)
        self._seen: set[str] = set()  # ids delivered, by `_seen_key`
        self._seen_order: deque[str] = deque()
        self.version = 0
        self.dropped_duplicates = 0

    def add(self, events: Iterable[ChatEvent]) -> list[ChatEvent]:
        """Add events; returns those that were new (duplicates by id are dropped). An event
        older than the newest is inserted at its place in time."""
        added: list[ChatEvent] = []
        with self._lock:
            for event in events:
                key = _seen_key(event.id)
                if event.id in self._ids or key in self._seen:
                    self.dropped_duplicates += 1
                    continue
                self._ids.add(event.id)
                self._seen.add(key)
                self._seen_order.append(key)
                if not self._times or event.time >= self._times[-1]:
                    self._events.append(event)
                    self._times.append(event.time)
                else:  # a late delivery: rare, so a list insert is fine
                    at = bisect.bisect_right(self._times, event.time)
                    self._events.insert(at, event)
                    self._times.insert(at, event.time)
                added.append(event)
            while len(self._events) > self.keep:
                old = self._events.popleft()
                self._times.popleft()
                self._ids.discard(old.id)
            while len(self._seen_order) > self._remember:
                self._seen.discard(self._seen_order.popleft())
            if added:
                self.version += 1
        return added

    def events(self) -> list[ChatEvent]:
        with self._lock:
            return list(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def find(self, event_id: str) -> ChatEvent | None:
        with self._lock:
            if event_id not in self._ids:
                return None
            return next((e for e in reversed(self._events) if e.id == event_id), None)
