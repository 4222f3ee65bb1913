"""The generic JSON comment feed shared by the WebSocket and webhook connectors.

A relay (a browser extension, a bot, a bridge to a platform without an open API) sends JSON: one
object per event, or an array of them. Field names vary between relays, so each field is read
from the first of several common names:

    kind      type | kind | method   comment, gift, like, join, follow, or a relay's name for one
                                     ("chat", "danmaku", "WebcastChatMessage", ...)
    id        id | msg_id | msgId    the relay's id; else a digest of the event (stable_id)
    user      user | nickname | user.nickname (| user.name, user.display_name when user is an
              object)
    user_id   user_id | uid | user.id | user.uid | user.user_id
    text      text | content         exactly as sent ("" when absent, and for likes and joins)
    time      time | ts | timestamp  seconds, milliseconds, microseconds or nanoseconds since the
                                     epoch (told apart by size), or an ISO 8601 string; else now
    gift      gift | gift_name       a name, or an object with a name
    amount    count | amount | combo an integer from 1 to MAX_AMOUNT (1 when absent)
    platform  platform               else the connector's default ("relay")

Anything else (invalid JSON, an item that is not an object, an unknown kind) is counted and
skipped, never raised: one bad frame must not cost the show its chat. Numbers are taken within
bounds: a time before the epoch or past the year 5138, or a number too big for a float, counts
as no time (the time received); an amount is capped at MAX_AMOUNT.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from studio.chat.events import ChatEvent, stable_id
from studio.chat.fields import MAX_AMOUNT, text_field

DEFAULT_PLATFORM = "relay"
LATEST_TIME = 1e11  # seconds since the epoch (the year 5138): later is a finer unit, or nonsense

# Lower-cased kind names -> event kind.
KIND_ALIASES: dict[str, str] = {
    "comment": "comment",
    "chat": "comment",
    "danmaku": "comment",
    "message": "comment",
    "webcastchatmessage": "comment",
    "gift": "gift",
    "webcastgiftmessage": "gift",
    "like": "like",
    "webcastlikemessage": "like",
    "join": "join",
    "enter": "join",
    "member": "join",
    "webcastmembermessage": "join",
    "follow": "follow",
    "social": "follow",
    "webcastsocialmessage": "follow",
}


class FeedError(ValueError):
    """The payload as a whole is not a feed message (invalid JSON, not an object or array)."""


@dataclass
class FeedStats:
    """What a connector has read so far: events accepted and items skipped (by reason)."""

    accepted: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped += n
        self.reasons[reason] = self.reasons.get(reason, 0) + n


def loads(payload: str | bytes) -> list[Any]:
    """The items of one payload: a JSON object gives one item, an array its elements.
    FeedError for invalid JSON or any other JSON value."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise FeedError(f"invalid JSON ({type(exc).__name__})") from None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise FeedError(f"a feed message is a JSON object or array, not {type(data).__name__}")


def parse_payload(
    payload: str | bytes,
    platform: str = DEFAULT_PLATFORM,
    stats: FeedStats | None = None,
    now: float | None = None,
) -> list[ChatEvent]:
    """The events in one payload; items that are not events are counted in `stats` and
    skipped. FeedError (also counted) when the payload is not JSON or not an object/array."""
    try:
        items = loads(payload)
    except FeedError:
        if stats is not None:
            stats.skip("invalid")
        raise
    return parse_items(items, platform, stats, now)


def parse_items(
    items: list[Any],
    platform: str = DEFAULT_PLATFORM,
    stats: FeedStats | None = None,
    now: float | None = None,
) -> list[ChatEvent]:
    received = time.time() if now is None else now
    events: list[ChatEvent] = []
    for item in items:
        event = to_event(item, platform, received)
        if event is None:
            if stats is not None:
                stats.skip("unknown" if isinstance(item, dict) else "not_object")
        else:
            events.append(event)
    if stats is not None:
        stats.accepted += len(events)
    return events


def to_event(item: Any, platform: str, received: float) -> ChatEvent | None:
    """One feed object as an event; None when it is not one (not an object, unknown kind)."""
    if not isinstance(item, dict):
        return None
    kind_name = _first(item, "type", "kind", "method")
    if not isinstance(kind_name, str):
        return None
    kind = KIND_ALIASES.get(kind_name.strip().lower())
    if kind is None:
        return None

    user_obj = item.get("user")
    user: Any = None
    user_id: Any = _first(item, "user_id", "uid")
    if isinstance(user_obj, dict):
        user = _first(user_obj, "nickname", "name", "display_name", "displayName")
        if user_id is None:
            user_id = _first(user_obj, "id", "uid", "user_id", "userId")
    elif user_obj is not None:
        user = user_obj
    if user is None:
        user = item.get("nickname")

    gift_obj = _first(item, "gift", "gift_name")
    gift = _first(gift_obj, "name", "gift_name") if isinstance(gift_obj, dict) else gift_obj

    text = _first(item, "text", "content")
    given_time = _time(_first(item, "time", "ts", "timestamp"))
    when = received if given_time is None else given_time
    amount = _amount(_first(item, "count", "amount", "combo"))
    event_platform = item.get("platform")
    if not isinstance(event_platform, str) or not event_platform:
        event_platform = platform

    user_s = text_field(user)
    user_id_s = text_field(user_id)
    text_s = text_field(text) if kind in ("comment", "gift", "follow") else ""
    gift_s = text_field(gift)
    event_id = text_field(_first(item, "id", "msg_id", "msgId"))
    if not event_id:
        event_id = stable_id(
            event_platform, kind, user_id_s or user_s, repr(when), text_s, gift_s, amount
        )
    return ChatEvent(
        kind=kind,  # type: ignore[arg-type]
        platform=event_platform,
        user=user_s,
        text=text_s,
        time=when,
        id=event_id,
        user_id=user_id_s,
        amount=amount,
        gift=gift_s,
    )


def _first(obj: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = obj.get(name)
        if value is not None:
            return value
    return None


def _amount(value: Any) -> int:
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):  # exact, however many digits JSON gave it
        return max(1, min(MAX_AMOUNT, value))
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return 1
    if not isinstance(value, float) or not math.isfinite(value):
        return 1
    return max(1, int(min(float(MAX_AMOUNT), value)))


def _time(value: Any) -> float | None:
    """Seconds since the epoch from a number (seconds, ms, µs or ns, told apart by size) or an
    ISO 8601 string; None when absent or unreadable."""
    if isinstance(value, str):
        s = value.strip()
        try:
            value = float(s)
        except ValueError:
            return iso_time(s)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        t = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    if not math.isfinite(t) or t <= 0:
        return None
    # 1e11 s is the year 5138 while 1e11 ms is 1973: whatever is larger is a finer unit.
    while t > LATEST_TIME:
        t /= 1000.0
    return t


epoch_seconds = _time  # how the other connectors read a platform's number or text time


def iso_time(value: Any) -> float | None:
    """Seconds since the epoch from an ISO 8601 string (RFC 3339 included; UTC when it names
    no zone); None when it is not a string, cannot be read, or is before the epoch or past
    LATEST_TIME (no real message was sent then)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    stamp = parsed.timestamp()
    return stamp if 0 < stamp <= LATEST_TIME else None
