"""How busy the live room is: comments and questions over the last minute.

Counted as they arrive, in one bucket a second (at most WINDOW_S of them), so a flood of a
thousand comments a second costs a counter each, and reading the rate sums 60 numbers.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable

from studio.chat.events import ChatEvent
from studio.chat.moderation import is_question

WINDOW_S = 60


class ChatRates:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: deque[list[int]] = deque()  # [second, comments, questions]

    def count(self, events: Iterable[ChatEvent], now: float | None = None) -> None:
        comments = [e for e in events if e.kind == "comment"]
        if not comments:
            return
        asked = sum(1 for e in comments if is_question(e.text))
        second = int(time.monotonic() if now is None else now)
        with self._lock:
            if self._buckets and self._buckets[-1][0] == second:
                self._buckets[-1][1] += len(comments)
                self._buckets[-1][2] += asked
            else:
                self._buckets.append([second, len(comments), asked])
            self._forget(second)

    def per_minute(self, now: float | None = None) -> tuple[int, int]:
        """Comments and, of them, questions in the last minute."""
        second = int(time.monotonic() if now is None else now)
        with self._lock:
            self._forget(second)
            return sum(b[1] for b in self._buckets), sum(b[2] for b in self._buckets)

    def _forget(self, second: int) -> None:
        while self._buckets and self._buckets[0][0] <= second - WINDOW_S:
            self._buckets.popleft()
