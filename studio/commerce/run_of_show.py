"""The run-of-show: the products to present, in order, each with a role and a target time.

Next / previous moves the host along; the time spent on each product is measured against its
target, and a timeline of which product was explained when is kept, to be saved next to the
recording (the merchant's review after the show: which item got how long, at what minute).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.files import write_atomic

# Roles as Chinese live-selling teams plan a show.
ROLES = ("traffic", "profit", "limited", "regular")
ROLE_NAMES_ZH = {"traffic": "引流款", "profit": "利润款", "limited": "限量款", "regular": "常规款"}
DEFAULT_TARGET_S = 180


@dataclass(frozen=True)
class ShowItem:
    product_id: str
    role: str = "regular"
    target_s: int = DEFAULT_TARGET_S  # how long the host means to talk about it

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (roles: {', '.join(ROLES)})")
        if not 0 < self.target_s <= 3600:
            raise ValueError("a target time is 1 to 3600 seconds")

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product_id, "role": self.role, "target_s": self.target_s}

    @classmethod
    def from_dict(cls, d: Any) -> ShowItem:
        if not isinstance(d, dict) or not isinstance(d.get("product"), str):
            raise ValueError("a run-of-show item needs a product id")
        role = d.get("role", "regular")
        target = d.get("target_s", DEFAULT_TARGET_S)
        if not isinstance(role, str) or not isinstance(target, int) or isinstance(target, bool):
            raise ValueError("a run-of-show item has a role (text) and target_s (seconds)")
        return cls(d["product"], role, target)


@dataclass(frozen=True)
class TimelineEntry:
    product_id: str
    name: str
    role: str
    start_s: float  # seconds since the show started (media clock)
    end_s: float | None  # None while it is being explained
    target_s: int

    @property
    def spent_s(self) -> float | None:
        return None if self.end_s is None else self.end_s - self.start_s


@dataclass
class RunOfShow:
    items: list[ShowItem] = field(default_factory=list)
    current: int = -1  # index of the product being explained; -1 before the first
    started_at: float | None = None  # when the current item came on screen
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def item(self) -> ShowItem | None:
        return self.items[self.current] if 0 <= self.current < len(self.items) else None

    def go(self, index: int, now: float, name: str = "") -> ShowItem | None:
        """Put item `index` on screen at media time `now` (the previous one ends then)."""
        if not 0 <= index < len(self.items):
            return None
        self._close(now)
        self.current = index
        self.started_at = now
        item = self.items[index]
        self.timeline.append(
            TimelineEntry(item.product_id, name, item.role, now, None, item.target_s)
        )
        return item

    def explain(self, product_id: str | None, now: float, name: str = "") -> None:
        """A product put on screen by hand (None: the card taken off) at media time `now`: the
        product before it ends then, and this one is on the timeline too, with its role and
        target when it is in the show (none otherwise)."""
        self._close(now)
        if product_id is None:
            return
        item = next((i for i in self.items if i.product_id == product_id), None)
        role, target = (item.role, item.target_s) if item else ("", 0)
        self.timeline.append(TimelineEntry(product_id, name, role, now, None, target))

    def next(self, now: float, name: str = "") -> ShowItem | None:
        return self.go(min(self.current + 1, len(self.items) - 1), now, name)

    def previous(self, now: float, name: str = "") -> ShowItem | None:
        return self.go(max(self.current - 1, 0), now, name)

    def stop(self, now: float) -> None:
        """The show ended (or the host took the card off): the current entry closes."""
        self._close(now)
        self.current = -1
        self.started_at = None

    def spent_s(self, now: float) -> float:
        """Time on the current product so far."""
        return 0.0 if self.started_at is None else max(0.0, now - self.started_at)

    def over_target(self, now: float) -> bool:
        item = self.item
        return item is not None and self.spent_s(now) > item.target_s

    def _close(self, now: float) -> None:
        if self.timeline and self.timeline[-1].end_s is None:
            last = self.timeline[-1]
            self.timeline[-1] = TimelineEntry(
                last.product_id, last.name, last.role, last.start_s, now, last.target_s
            )

    def save_timeline(
        self, path: Path, now: float | None = None, origin: float = 0.0
    ) -> list[Path]:
        """Write the timeline as JSON and CSV (UTF-8 with BOM: Excel opens it) beside `path`
        (a recording's file name: show.mkv -> show.timeline.json, show.timeline.csv). `now`
        closes a product still on screen; times are given from `origin` (the recording's
        start), entries that ended before it are left out."""
        entries = [e for e in self.timeline if e.end_s is None or e.end_s > origin]
        if now is not None and entries and entries[-1].end_s is None:
            last = entries[-1]
            entries[-1] = TimelineEntry(
                last.product_id, last.name, last.role, last.start_s, now, last.target_s
            )
        base = path.with_suffix("")
        json_path = base.with_name(base.name + ".timeline.json")
        csv_path = base.with_name(base.name + ".timeline.csv")
        rows = [
            {
                "product": e.product_id,
                "name": e.name,
                "role": e.role,
                "start_s": round(max(0.0, e.start_s - origin), 2),
                "end_s": None if e.end_s is None else round(e.end_s - origin, 2),
                "spent_s": None if e.end_s is None else round(e.end_s - max(e.start_s, origin), 2),
                "target_s": e.target_s,
            }
            for e in entries
        ]
        # Whole or not at all: a crash while writing leaves no half timeline for clips to read.
        text = json.dumps({"recording": path.name, "entries": rows}, ensure_ascii=False, indent=2)
        write_atomic(json_path, text.encode("utf-8"), private=False, sync_folder=False)
        table = io.StringIO(newline="")
        writer = csv.DictWriter(table, fieldnames=list(rows[0]) if rows else ["product"])
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(csv_path, table.getvalue().encode("utf-8-sig"), private=False)
        return [json_path, csv_path]
