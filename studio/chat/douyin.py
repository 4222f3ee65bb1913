"""Douyin live comments through the comment relay a seller runs on the same PC.

Douyin has no open chat API for sellers; many run a BarrageGrab-style relay that reads their
room and serves its events over WebSocket (ws://127.0.0.1:8888 by default) as text frames, one
JSON pack each: `{"Type": n, "ProcessName": "...", "Data": "<JSON text>"}`, Data a string
holding the event's own JSON (an object is taken too). By Type:

    1 comment     Content, MsgId, User {Id, Nickname}, RoomId    -> comment, the text exactly
    2 like        Count (this time), Total (the room's)          -> like, amount = Count
    3 join        User                                           -> join
    4 follow      User, Content                                  -> follow
    5 gift        GiftName, GiftCount, RepeatCount, DiamondCount -> gift (combos counted once)
    6 statistics  OnlineUserCount, TotalUserCount                -> viewers
    7 fan club    User, Content                                  -> follow (extra fans_club)
    8 share       User, Content                                  -> share
    9 live ended  Content                                        -> end

Ids are "douyin:<MsgId>" (the relay's message id), so a relay replaying its backlog after a
reconnect is recognised; a pack without one gets a digest of what it says.

A gift combo arrives as several packs of the same gift from the same viewer, RepeatCount
counting the clicks so far (1, 2, 3...) and GiftCount the gifts a click sends; the end of a
combo may come again with the same RepeatCount. Each pack adds (RepeatCount - the last seen) x
GiftCount, so a combo of 3 is 3 gifts, never 1 + 2 + 3, and a repeated end adds nothing.

What the relay sends is bounded: a frame over MAX_MESSAGE_BYTES closes the connection (the
websocket feed's rule), a Data over MAX_DATA_CHARS, invalid JSON, an unknown Type or a pack
missing what its Type needs is skipped and counted in `stats` (by reason), never fatal.

When no relay answers, the status says so with what to start (code "no_relay"), and the
connector keeps trying, waiting 1, 2, 4... up to 15 s.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.connector import ConnectorConfig, ConnectorError, Sink
from studio.chat.events import ChatEvent, stable_id, viewers_event
from studio.chat.feed import FeedStats
from studio.chat.fields import MAX_AMOUNT, count_field, text_field
from studio.chat.websocket import WebSocketConnector

PLATFORM = "douyin"
DEFAULT_RELAY = "ws://127.0.0.1:8888"
MAX_DATA_CHARS = 256 * 1024  # one event's JSON: a 10,000-character comment escaped fits 6 times
COMBO_WINDOW_S = 10.0  # a viewer's combo of a gift is forgotten this long after its last pack
MAX_COMBOS = 10_000  # combos remembered at once (the oldest go first)

KINDS_BY_TYPE: dict[int, str] = {
    1: "comment",
    2: "like",
    3: "join",
    4: "follow",
    5: "gift",
    6: "viewers",
    7: "follow",
    8: "share",
    9: "end",
}


class GiftCombos:
    """The clicks counted so far of each viewer's combo of a gift, so each pack adds only what
    is new. Bounded: MAX_COMBOS at once, each forgotten COMBO_WINDOW_S after its last pack."""

    def __init__(self, window_s: float = COMBO_WINDOW_S, most: int = MAX_COMBOS) -> None:
        self.window_s = window_s
        self.most = most
        self._last: OrderedDict[tuple[str, ...], tuple[int, float]] = OrderedDict()

    def added(self, key: tuple[str, ...], repeat: int | None, per_click: int, now: float) -> int:
        """The gifts a pack adds: `repeat` clicks so far in its combo (None: not said, so the
        pack stands alone), `per_click` gifts a click."""
        if repeat is None:
            return per_click
        seen = self._last.pop(key, None)
        last = 0
        if seen is not None and now - seen[1] <= self.window_s:
            last = seen[0]
            if repeat < last:  # counted from 1 again: a new combo
                last = 0
        self._last[key] = (max(repeat, last), now)
        while len(self._last) > self.most:
            self._last.popitem(last=False)
        return min(MAX_AMOUNT, max(0, repeat - last) * per_click)


def parse_pack(
    message: str | bytes, stats: FeedStats, combos: GiftCombos, now: float | None = None
) -> list[ChatEvent]:
    """The events in one relay frame (none when it is skipped: counted in `stats`)."""
    received = time.time() if now is None else now
    try:
        pack = json.loads(message)
    except (ValueError, RecursionError):
        stats.skip("invalid")
        return []
    if not isinstance(pack, dict):
        stats.skip("not_object")
        return []
    kind_no = pack.get("Type")
    kind = KINDS_BY_TYPE.get(kind_no) if type(kind_no) is int else None
    if kind is None:
        stats.skip("unknown_type")
        return []
    data = pack.get("Data")
    if isinstance(data, str):
        if len(data) > MAX_DATA_CHARS:
            stats.skip("too_big")
            return []
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            stats.skip("invalid_data")
            return []
    if not isinstance(data, dict):
        stats.skip("invalid_data")
        return []
    event = _event(kind_no, kind, data, combos, received)
    if event is None:
        stats.skip("combo_repeat" if kind == "gift" else "incomplete")
        return []
    stats.accepted += 1
    return [event]


def _event(
    kind_no: int, kind: str, data: dict[str, Any], combos: GiftCombos, received: float
) -> ChatEvent | None:
    msg_id = text_field(data.get("MsgId"))
    user_obj = data.get("User")
    user_obj = user_obj if isinstance(user_obj, dict) else {}
    user = text_field(user_obj.get("Nickname"))
    user_id = text_field(user_obj.get("Id"))
    content = text_field(data.get("Content"))
    if kind == "viewers":
        return viewers_event(
            PLATFORM,
            received,
            count_field(data.get("OnlineUserCount")),
            count_field(data.get("TotalUserCount")),
            f"{PLATFORM}:{msg_id}" if msg_id else "",
        )
    amount = 1
    gift = ""
    extra: dict[str, Any] = {}
    text = content if kind in ("comment", "follow", "gift", "share", "end") else ""
    if kind == "comment" and "Content" not in data:
        return None
    if kind == "like":
        amount = max(1, count_field(data.get("Count")) or 1)
        total = count_field(data.get("Total"))
        if total is not None:
            extra["total"] = total
    elif kind == "gift":
        gift = text_field(data.get("GiftName"))
        per_click = max(1, count_field(data.get("GiftCount")) or 1)
        repeat = count_field(data.get("RepeatCount"))
        key = (
            user_id or user,
            text_field(data.get("GiftId")) or gift,
            text_field(data.get("GroupId")),
        )
        amount = combos.added(key, repeat, per_click, received)
        if amount <= 0:
            return None  # the combo's state again: nothing new was sent
        if repeat is not None:
            extra["combo"] = repeat
        diamonds = count_field(data.get("DiamondCount"))
        if diamonds is not None:
            extra["diamonds"] = diamonds
    elif kind_no == 7:
        extra["fans_club"] = True
    event_id = f"{PLATFORM}:{msg_id}" if msg_id else ""
    if not event_id:
        event_id = stable_id(PLATFORM, kind_no, user_id or user, repr(received), text, gift)
    return ChatEvent(
        kind=kind,  # type: ignore[arg-type]
        platform=PLATFORM,
        user=user,
        text=text,
        time=received,
        id=event_id,
        user_id=user_id,
        amount=amount,
        gift=gift,
        extra=extra,
    )


class DouyinConnector(WebSocketConnector):
    """The relay's feed through the WebSocket connector's connection (limits, closing, batches);
    only what a frame means differs."""

    kind = "douyin"
    label = QT_TRANSLATE_NOOP("ChatPanel", "Douyin (comment relay)")
    SETTINGS = (
        Setting(
            "server",
            QT_TRANSLATE_NOOP("ConnectorsDialog", "Relay address"),
            default=DEFAULT_RELAY,
            placeholder=DEFAULT_RELAY,
            help=QT_TRANSLATE_NOOP(
                "ConnectorsDialog", "the ws:// address of the comment relay on this PC"
            ),
        ),
    )
    platform = PLATFORM

    def __init__(self, config: ConnectorConfig, sink: Sink) -> None:
        server = config.server.strip() or DEFAULT_RELAY
        config = replace(config, server=server, options={"auth": "none", "platform": PLATFORM})
        super().__init__(config, sink)
        self.combos = GiftCombos()

    def session(self) -> None:
        try:
            super().session()
        except ConnectorError as exc:
            if exc.code != "refused":
                raise
            raise ConnectorError(
                "no_relay",
                f"no Douyin comment relay answers at {self.config.server}: start the comment "
                "relay (BarrageGrab or the like) on this PC and open your live room in it",
            ) from None

    def _parse(self, message: str | bytes) -> list[ChatEvent]:
        return parse_pack(message, self.stats, self.combos)
