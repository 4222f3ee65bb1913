"""The live room as the window sees it, without Qt: the events of the show (one ChatLog), the
connectors reading the platforms' chat, the pane's filter, the answer rules and shop terms, and
the board (what is on screen from the chat).

Connector threads only append: their sink adds the events to the log and numbers the new ones
(a lock held for microseconds). The window pulls what is new on a timer with `events_since`, so a
flood of 500 comments a second costs it one batch per tick, not one signal per comment.
Suggested answers are made only for the comments the host looks at (`suggestion`, cached by
event id), never in the sink.

Blocking a word or muting a viewer also takes their comment off the screen when it is pinned or
on the answer card (`board.forget`). Nothing here ever sends anything to a platform.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from studio.chat.answers import DEFAULT_RULES, AnswerRule, ShopTerms, Suggestion, suggest
from studio.chat.board import ChatBoard
from studio.chat.connector import Connector, ConnectorError, ConnectorSettings, ConnectorStatus
from studio.chat.events import KEEP, ROOM_KINDS, ChatEvent, ChatLog, with_earlier_viewers
from studio.chat.moderation import ChatFilter, mute_key
from studio.chat.rates import ChatRates
from studio.chat.registry import make_connector
from studio.clock import MediaClock
from studio.commerce.shop import Shop

log = logging.getLogger(__name__)

SUGGESTION_CACHE = 2_000  # answers kept for comments already looked at
DEMO_RATE = "2"  # comments a second in the first-run demo room
MAX_NEWS_PLATFORMS = 32  # rooms whose viewers and end are kept: a sender inventing more is ignored


@dataclass(frozen=True)
class RoomStatus:
    """What the window's connector strip shows for one connector."""

    index: int  # in `connectors`; -1 for the demo room
    settings: ConnectorSettings
    status: ConnectorStatus


class ChatRoom:
    def __init__(
        self,
        shop: Shop,
        board: ChatBoard,
        *,
        rules: Sequence[AnswerRule] = DEFAULT_RULES,
        terms: ShopTerms | None = None,
        chat_filter: ChatFilter | None = None,
        connectors: Sequence[ConnectorSettings] = (),
        token_for: Callable[[str], str | None] | None = None,
        clock: MediaClock | None = None,
        keep: int = KEEP,
    ) -> None:
        self.shop = shop
        self.board = board
        self.log = ChatLog(keep)
        self.keep = keep
        self.rules: tuple[AnswerRule, ...] = tuple(rules)
        self.terms = terms or ShopTerms()
        self._filter = chat_filter or ChatFilter()
        self.connectors: list[ConnectorSettings] = list(connectors)
        self.token_for = token_for or (lambda _ref: None)
        self.clock = clock or MediaClock()
        self.muted_names: dict[str, str] = {}  # mute_key -> the name shown in the muted list
        self._lock = threading.Lock()
        self._feed: deque[tuple[int, ChatEvent]] = deque()  # the newest `keep`, numbered
        self.received = 0  # new events (duplicates dropped) since the room opened
        # The room's own news, not rows: the newest viewer count and end by (platform, kind).
        self._news: dict[tuple[str, str], ChatEvent] = {}
        self.rates = ChatRates()
        self._running: dict[int, Connector] = {}  # index in `connectors` (-1: demo) -> running
        self._problems: dict[int, ConnectorStatus] = {}  # connectors that could not be made
        self._answers: OrderedDict[str, Suggestion | None] = OrderedDict()
        self._answers_key: tuple[object, ...] = ()

    # --- arriving events (any thread) -----------------------------------------------------------
    def sink(self, events: list[ChatEvent]) -> None:
        """What connectors hand their events to: add to the log, number the new ones."""
        if any(event.kind in ROOM_KINDS for event in events):
            with self._lock:
                for event in events:
                    if event.kind in ROOM_KINDS:
                        key = (event.platform, event.kind)
                        if key not in self._news and len(self._news) >= 2 * MAX_NEWS_PLATFORMS:
                            continue
                        self._news[key] = with_earlier_viewers(self._news.get(key), event)
            events = [event for event in events if event.kind not in ROOM_KINDS]
        added = self.log.add(events)
        if not added:
            return
        self.rates.count(added)
        with self._lock:
            for event in added:
                self.received += 1
                self._feed.append((self.received, event))
            while len(self._feed) > self.keep:
                self._feed.popleft()

    def room_news(self) -> dict[tuple[str, str], ChatEvent]:
        """The newest "viewers" and "end" event of each platform, by (platform, kind)."""
        with self._lock:
            return dict(self._news)

    def figures(self) -> dict[str, Any]:
        """The room for the session log: comments and questions in the last minute, and by
        platform the viewers watching now, who watched so far and whether the live ended."""
        out: dict[str, Any] = self.rates.figures()  # per minute, last second, totals
        for (platform, kind), event in sorted(self.room_news().items()):
            room = out.setdefault("rooms", {}).setdefault(platform, {})
            if kind == "end":
                room["ended"] = True
                continue
            if event.viewers is not None:
                room["viewers"] = event.viewers
            if isinstance(event.extra.get("total"), int):
                room["total"] = event.extra["total"]
        return out

    def events_since(self, seq: int) -> tuple[list[ChatEvent], int]:
        """The events that arrived after number `seq` (0: from the start) and the number to ask
        from next time. Only the newest `keep` are held: a reader further behind gets those."""
        with self._lock:
            newest = self.received
            if seq >= newest:
                return [], newest
            count = min(newest - seq, len(self._feed))
            if count == len(self._feed):
                items = list(self._feed)
            else:
                items = [self._feed[i] for i in range(len(self._feed) - count, len(self._feed))]
        return [event for _n, event in items], newest

    # --- filter ---------------------------------------------------------------------------------
    @property
    def filter(self) -> ChatFilter:
        return self._filter

    def set_filter(self, chat_filter: ChatFilter) -> None:
        """A new filter; comments it blocks or mutes leave the screen too."""
        self._filter = chat_filter
        self._forget_hidden()

    def set_blocked_words(self, words: Sequence[str]) -> None:
        cleaned = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        self.set_filter(replace(self._filter, blocked_words=cleaned))

    def mute(self, event: ChatEvent) -> None:
        self.muted_names[mute_key(event)] = event.user
        self.set_filter(self._filter.mute(event))

    def unmute(self, key: str) -> None:
        self.muted_names.pop(key, None)
        self.set_filter(replace(self._filter, muted_users=self._filter.muted_users - {key}))

    def hidden(self, event: ChatEvent) -> bool:
        """Blocked or muted: never in the pane, never on screen."""
        return self._filter.muted(event) or self._filter.blocked(event)

    def _forget_hidden(self) -> None:
        board = self.board
        shown = [board.pinned, board.answer.question if board.answer else None]
        gone = {e.id for e in shown if e is not None and self.hidden(e)}
        if gone:
            board.forget(gone)

    # --- on screen (the host's actions) ---------------------------------------------------------
    def pin(self, event: ChatEvent | None) -> bool:
        """Pin a comment on screen (None unpins). A blocked or muted one is refused (False)."""
        if event is not None and self.hidden(event):
            return False
        self.board.pin(event)
        return True

    def show_answer(self, event: ChatEvent | None, text: str = "") -> bool:
        if event is not None and self.hidden(event):
            return False
        self.board.show_answer(event, text)
        return True

    # --- answers --------------------------------------------------------------------------------
    def set_rules(self, rules: Sequence[AnswerRule]) -> None:
        self.rules = tuple(rules)
        self._answers.clear()

    def set_terms(self, terms: ShopTerms) -> None:
        self.terms = terms
        self._answers.clear()

    def suggestion(self, event: ChatEvent, fresh: bool = False) -> Suggestion | None:
        """The answer the rules suggest for a comment (None for chit-chat). Cached by event id
        while the products, rules and terms stay the same; `fresh` recomputes (a flash sale's
        time left)."""
        key = (self.shop.version, id(self.rules), id(self.terms))
        if key != self._answers_key:
            self._answers.clear()
            self._answers_key = key
        if not fresh and event.id in self._answers:
            self._answers.move_to_end(event.id)
            return self._answers[event.id]
        try:
            answer = suggest(event, self.shop, self.terms, self.rules, now=self.clock.now())
        except Exception:  # a rule must never cost the pane
            log.exception("answer rules failed on a comment")
            answer = None
        self._answers[event.id] = answer
        while len(self._answers) > SUGGESTION_CACHE:
            self._answers.popitem(last=False)
        return answer

    # --- connectors -----------------------------------------------------------------------------
    def set_connectors(self, connectors: Sequence[ConnectorSettings]) -> None:
        """New settings: running connectors stop, the enabled ones of the new list start when
        the room was running."""
        was_running = any(i >= 0 for i in self._running)
        self.stop(keep_demo=True)
        self.connectors = list(connectors)
        if was_running:
            self.start()

    def start(self) -> None:
        """Start every enabled connector that is not running."""
        for index, settings in enumerate(self.connectors):
            if settings.enabled and index not in self._running:
                self._start(index, settings)

    def _start(self, index: int, settings: ConnectorSettings) -> None:
        self._problems.pop(index, None)
        try:
            token = self.token_for(settings.token_ref) if settings.token_ref else ""
            connector = make_connector(settings.config(token or ""), self.sink)
        except ConnectorError as exc:
            self._problems[index] = ConnectorStatus("failed", exc.code, exc.detail)
            return
        except Exception as exc:  # the keyring refused: shown as a failed connector
            self._problems[index] = ConnectorStatus("failed", "keyring", str(exc))
            return
        self._running[index] = connector
        connector.start()

    def start_demo(self, rate: str = DEMO_RATE, lang: str = "zh", **options: str) -> None:
        """A pretend room (not saved): for the first run, demos and load tests."""
        self.stop_demo()
        settings = ConnectorSettings("demo", options={"rate": rate, "lang": lang, **options})
        connector = make_connector(settings.config(), self.sink)
        self._demo_settings = settings
        self._running[-1] = connector
        connector.start()

    def stop_demo(self) -> None:
        connector = self._running.pop(-1, None)
        if connector is not None:
            connector.stop()

    @property
    def demo_running(self) -> bool:
        return -1 in self._running

    def stop(self, keep_demo: bool = False) -> None:
        for index in list(self._running):
            if keep_demo and index == -1:
                continue
            self._running.pop(index).stop()
        if not keep_demo:
            self._problems.clear()

    def reconnect_now(self, index: int) -> None:
        connector = self._running.get(index)
        if connector is not None:
            if connector.status.state == "failed":  # a refused token: try again as new
                self._running.pop(index).stop()
                if 0 <= index < len(self.connectors):
                    self._start(index, self.connectors[index])
            else:
                connector.reconnect_now()
        elif 0 <= index < len(self.connectors):
            self._start(index, self.connectors[index])

    def statuses(self) -> list[RoomStatus]:
        """Each configured connector's state (idle when not started), then the demo room's."""
        out: list[RoomStatus] = []
        for index, settings in enumerate(self.connectors):
            running = self._running.get(index)
            if running is not None:
                status = running.status
            else:
                status = self._problems.get(index, ConnectorStatus("idle"))
            out.append(RoomStatus(index, settings, status))
        demo = self._running.get(-1)
        if demo is not None:
            out.append(RoomStatus(-1, self._demo_settings, demo.status))
        return out
