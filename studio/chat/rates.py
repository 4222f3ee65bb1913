"""How busy the live room is: comments, questions and gifts over the last minute and the last
second, and in all since the room opened.

Counted as they arrive, in one bucket a second (at most WINDOW_S of them), so a flood of a
thousand comments a second costs a counter each, and reading the rate sums 60 numbers. The
running totals let a reader of the session log count exactly what arrived between two of its
lines, whenever they were written (the after-show clips rank each explanation by them).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable
from typing import Any

from studio.chat.events import ChatEvent
from studio.chat.moderation import is_question

WINDOW_S = 60


class ChatRates:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: deque[list[int]] = deque()  # [second, comments, questions, gifts]
        self._totals = [0, 0, 0]  # comments, questions, gifts since the room opened

    def count(self, events: Iterable[ChatEvent], now: float | None = None) -> None:
        events = list(events)
        comments = [e for e in events if e.kind == "comment"]
        # A gift event carries how many of one gift were sent at once.
        gifts = sum(max(1, e.amount) for e in events if e.kind == "gift")
        if not comments and not gifts:
            return
        asked = sum(1 for e in comments if is_question(e.text))
        second = int(time.monotonic() if now is None else now)
        added = (len(comments), asked, gifts)
        with self._lock:
            if not self._buckets or self._buckets[-1][0] != second:
                self._buckets.append([second, 0, 0, 0])
            bucket = self._buckets[-1]
            for i, n in enumerate(added):
                bucket[i + 1] += n
                self._totals[i] += n
            self._forget(second)

    def per_minute(self, now: float | None = None) -> tuple[int, int]:
        """Comments and, of them, questions in the last minute."""
        comments, questions, _gifts = self._last_minute(now)
        return comments, questions

    def last_second(self, now: float | None = None) -> tuple[int, int, int]:
        """Comments, questions and gifts in the last whole second (the one before `now`'s)."""
        second = int(time.monotonic() if now is None else now) - 1
        with self._lock:
            for bucket in reversed(self._buckets):
                if bucket[0] == second:
                    return bucket[1], bucket[2], bucket[3]
                if bucket[0] < second:
                    break
        return 0, 0, 0

    def totals(self) -> tuple[int, int, int]:
        """Comments, questions and gifts since the room opened."""
        with self._lock:
            return self._totals[0], self._totals[1], self._totals[2]

    def figures(self, now: float | None = None) -> dict[str, Any]:
        """The room's activity for the session log: per minute, the last second, in all."""
        comments, questions, gifts = self._last_minute(now)
        second = self.last_second(now)
        total = self.totals()
        return {
            "comments_per_min": comments,
            "questions_per_min": questions,
            "gifts_per_min": gifts,
            "comments_per_s": second[0],
            "questions_per_s": second[1],
            "gifts_per_s": second[2],
            "comments_total": total[0],
            "questions_total": total[1],
            "gifts_total": total[2],
        }

    def _last_minute(self, now: float | None) -> tuple[int, int, int]:
        second = int(time.monotonic() if now is None else now)
        with self._lock:
            self._forget(second)
            return (
                sum(b[1] for b in self._buckets),
                sum(b[2] for b in self._buckets),
                sum(b[3] for b in self._buckets),
            )

    def _forget(self, second: int) -> None:
        while self._buckets and self._buckets[0][0] <= second - WINDOW_S:
            self._buckets.popleft()
