"""The room's reaction, second by second, from the session log beside a recording
(NAME.log.jsonl), and what it was during a clip.

Logs written since the room counts totals carry exact counts per second (the difference of two
lines' totals); older logs carry only comments and questions over the last minute, which are
read as a rate. The log is hostile input too: lines that are not JSON (the last one, torn by a
crash), too long or of the wrong shape are skipped, and only MAX_LINES are read.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.session_log import log_path_for

MAX_LINES = 200_000  # a stats line a second: over two days of show
MAX_LINE_BYTES = 64 * 1024
SPIKE_WINDOW_S = 20  # activity is summed over this many seconds to find a spike
SPIKE_TIMES_USUAL = 3.0  # a spike: this many times the show's usual activity ...
SPIKE_MIN_EVENTS = 10  # ... and at least this many comments, questions and gifts in the window
HIGHLIGHT_BEFORE_S = 15  # a highlight clip starts this long before its spike's window
HIGHLIGHT_AFTER_S = 10
MAX_HIGHLIGHTS = 5


@dataclass(frozen=True)
class RoomSecond:
    """What the room did in the second (or so) before `t`, seconds from the recording's start."""

    t: float
    comments: float
    questions: float
    gifts: float
    viewers: int | None  # watching now on every platform that says so; None: not said

    @property
    def activity(self) -> float:
        return self.comments + self.questions + self.gifts


@dataclass(frozen=True)
class Reaction:
    """The room during one clip; rates are per minute of the clip."""

    comments_per_min: float
    questions_per_min: float
    gifts_per_min: float
    viewers_start: int | None
    viewers_end: int | None
    viewers_peak: int | None

    @property
    def viewers_gained(self) -> int | None:
        if self.viewers_start is None or self.viewers_end is None:
            return None
        return self.viewers_end - self.viewers_start

    @property
    def score(self) -> float:
        """What clips are ranked by: comments, questions (counted twice: a buyer asking is
        nearer to buying) and gifts per minute, plus viewers gained (never less than 0)."""
        gained = max(0, self.viewers_gained or 0)
        return round(
            self.comments_per_min + 2 * self.questions_per_min + self.gifts_per_min + gained, 2
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "comments_per_min": round(self.comments_per_min, 1),
            "questions_per_min": round(self.questions_per_min, 1),
            "gifts_per_min": round(self.gifts_per_min, 1),
            "viewers_start": self.viewers_start,
            "viewers_end": self.viewers_end,
            "viewers_peak": self.viewers_peak,
            "viewers_gained": self.viewers_gained,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Reaction:
        """A reaction as to_dict wrote it; ValueError for anything else."""
        if not isinstance(d, dict):
            raise ValueError("not a reaction")
        rates = [d.get(k) for k in ("comments_per_min", "questions_per_min", "gifts_per_min")]
        if not all(_number(r) and r >= 0 for r in rates):
            raise ValueError("a reaction's rates are numbers")
        viewers = [d.get(k) for k in ("viewers_start", "viewers_end", "viewers_peak")]
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in viewers):
            raise ValueError("a reaction's viewer counts are whole numbers")
        return cls(*(float(r) for r in rates), *viewers)


def read_room(recording: Path) -> list[RoomSecond] | None:
    """The room second by second during the recording; None when there is no log beside it or
    the log has no room figures (the studio read no live room)."""
    path = log_path_for(recording)
    try:
        f = path.open("rb")
    except OSError:
        return None
    stats: list[dict[str, Any]] = []
    with f:
        for n, raw in enumerate(f):
            if n >= MAX_LINES:
                break
            line = _line(raw)
            if line is None:
                continue
            if line.get("type") == "event" and line.get("event") == "start":
                stats = []  # a log appended to: the last recording's part is this one
            elif line.get("type") == "stats" and isinstance(line.get("chat"), dict):
                stats.append(line)
    seconds = _seconds(stats)
    return seconds or None


def _line(raw: bytes) -> dict[str, Any] | None:
    if len(raw) > MAX_LINE_BYTES:
        return None
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(line, dict) or not _number(line.get("elapsed")):
        return None
    return line


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _count(chat: dict[str, Any], key: str) -> float | None:
    value = chat.get(key)
    return float(value) if _number(value) and value >= 0 else None


def _seconds(lines: list[dict[str, Any]]) -> list[RoomSecond]:
    out: list[RoomSecond] = []
    before: dict[str, float] = {}
    last_t = 0.0
    for line in lines:
        t = float(line["elapsed"])
        chat = line["chat"]
        span = max(1e-3, t - last_t)
        counts = []
        for kind in ("comments", "questions", "gifts"):
            total = _count(chat, f"{kind}_total")
            if total is not None:  # exact: what arrived since the line before
                previous = before.get(kind, 0.0)
                counts.append(total - previous if total >= previous else total)
                before[kind] = total
            else:  # an older log: the last minute's count, as a rate over this line's span
                per_min = _count(chat, f"{kind}_per_min") or 0.0
                counts.append(per_min / 60 * span)
        viewers = chat.get("viewers")
        if not isinstance(viewers, int) or isinstance(viewers, bool):
            viewers = _room_viewers(chat.get("rooms"))
        out.append(RoomSecond(t, counts[0], counts[1], counts[2], viewers))
        last_t = t
    return out


def _room_viewers(rooms: Any) -> int | None:
    if not isinstance(rooms, dict):
        return None
    counts = [
        room["viewers"]
        for room in rooms.values()
        if isinstance(room, dict)
        and isinstance(room.get("viewers"), int)
        and not isinstance(room.get("viewers"), bool)
    ]
    return sum(counts) if counts else None


def reaction_during(room: list[RoomSecond], start_s: float, end_s: float) -> Reaction:
    """The room from start_s to end_s (seconds from the recording's start)."""
    inside = [s for s in room if start_s < s.t <= end_s + 1e-6]
    minutes = max(end_s - start_s, 1.0) / 60
    viewers = [s.viewers for s in inside if s.viewers is not None]
    at_start = [s.viewers for s in room if s.t <= start_s + 1.0 and s.viewers is not None]
    return Reaction(
        sum(s.comments for s in inside) / minutes,
        sum(s.questions for s in inside) / minutes,
        sum(s.gifts for s in inside) / minutes,
        at_start[-1] if at_start else (viewers[0] if viewers else None),
        viewers[-1] if viewers else None,
        max(viewers) if viewers else None,
    )


def spikes(
    room: list[RoomSecond], busy: list[tuple[float, float]], last_s: float
) -> list[tuple[float, float]]:
    """Moments the room came alive outside the `busy` spans (the explanations): start and end
    of a highlight clip around each, busiest first, at most MAX_HIGHLIGHTS, none overlapping."""
    if not room:
        return []
    windows = _window_sums(room)
    usual = statistics.median(total for _t, total in windows) if windows else 0.0
    threshold = max(SPIKE_MIN_EVENTS, SPIKE_TIMES_USUAL * usual)
    taken = list(busy)
    found: list[tuple[float, float]] = []
    for end, total in sorted(windows, key=lambda w: -w[1]):
        if total < threshold or len(found) >= MAX_HIGHLIGHTS:
            break
        start = end - SPIKE_WINDOW_S
        clip = (max(0.0, start - HIGHLIGHT_BEFORE_S), min(last_s, end + HIGHLIGHT_AFTER_S))
        clip = _outside(clip, taken)
        if clip is None or clip[1] - clip[0] < SPIKE_WINDOW_S:
            continue
        found.append(clip)
        taken.append(clip)
    return found


def _window_sums(room: list[RoomSecond]) -> list[tuple[float, float]]:
    """(window end, activity in the SPIKE_WINDOW_S before it) at each line."""
    sums = []
    first = 0
    running = 0.0
    for second in room:
        running += second.activity
        while room[first].t <= second.t - SPIKE_WINDOW_S:
            running -= room[first].activity
            first += 1
        sums.append((second.t, running))
    return sums


def _outside(
    clip: tuple[float, float], taken: list[tuple[float, float]]
) -> tuple[float, float] | None:
    """The clip trimmed off every taken span it overlaps; None when a span sits inside it
    or covers it (a highlight never repeats an explanation)."""
    start, end = clip
    for a, b in taken:
        if b <= start or a >= end:
            continue
        if a <= start and b >= end:
            return None
        if a <= start:
            start = b
        elif b >= end:
            end = a
        else:
            return None
    return (start, end) if end > start else None
