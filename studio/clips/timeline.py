"""The show's timeline beside a recording (NAME.timeline.json, written by the run-of-show when the
recording stops), read as hostile input: its size bounded, every field checked, and refused when
it was written for another recording. Any problem is a TimelineError (a ClipsError) naming the
file."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.clips.errors import TimelineError

SUFFIX = ".timeline.json"
MAX_BYTES = 4 * 1024 * 1024  # a ten-hour show switching product every second is under 2 MB
MAX_ENTRIES = 20_000
MAX_TEXT = 500  # characters of a product id or name


@dataclass(frozen=True)
class Explanation:
    """One product on screen: from start_s to end_s, seconds from the recording's start."""

    product: str
    name: str  # the product's name as the merchant wrote it ("" when the timeline had none)
    role: str
    start_s: float
    end_s: float | None  # None: still on screen when the timeline was written

    @property
    def title(self) -> str:
        return self.name or self.product


def timeline_path_for(recording: Path) -> Path:
    """show.mkv -> show.timeline.json, as the run-of-show names it."""
    base = recording.with_suffix("")
    return base.with_name(base.name + SUFFIX)


def read_timeline(recording: Path) -> list[Explanation] | None:
    """The explanations in the timeline beside `recording`, in time order; None when there is
    no timeline. Entries of no length (a product put on screen and off at once) are left out."""
    path = timeline_path_for(recording)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TimelineError(f"cannot read the timeline {path}: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise TimelineError(
            f"{path} is too big for a timeline ({size / 1e6:.1f} MB; at most "
            f"{MAX_BYTES // (1024 * 1024)} MB)"
        )
    try:
        text = path.read_bytes()[: MAX_BYTES + 1].decode("utf-8-sig")
        data = json.loads(text)
    except OSError as exc:
        raise TimelineError(f"cannot read the timeline {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TimelineError(f"{path} is not a timeline: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise TimelineError(
            f"{path} is not a readable timeline: {exc.msg} at line {exc.lineno}"
        ) from None
    except RecursionError:
        raise TimelineError(f"{path} is not a timeline: nested too deep") from None
    return _explanations(path, data, recording)


def _explanations(path: Path, data: Any, recording: Path) -> list[Explanation]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise TimelineError(f'{path} is not a timeline: it has no "entries" list')
    owner = data.get("recording")
    if not isinstance(owner, str) or not owner:
        raise TimelineError(f"{path} does not say which recording it belongs to")
    if owner != recording.name:
        raise TimelineError(
            f"{path} is the timeline of {owner[:MAX_TEXT]}, not of {recording.name}: "
            "its times would cut the wrong moments"
        )
    entries = data["entries"]
    if len(entries) > MAX_ENTRIES:
        raise TimelineError(
            f"{path} has {len(entries)} entries; a timeline has at most {MAX_ENTRIES}"
        )
    found = [_entry(path, n, entry) for n, entry in enumerate(entries, 1)]
    kept = [e for e in found if e.end_s is None or e.end_s > e.start_s]
    return sorted(kept, key=lambda e: e.start_s)


def _entry(path: Path, n: int, entry: Any) -> Explanation:
    where = f"{path}, entry {n}"
    if not isinstance(entry, dict):
        raise TimelineError(f"{where}: not an object")
    product = entry.get("product")
    if not isinstance(product, str) or not product.strip() or len(product) > MAX_TEXT:
        raise TimelineError(f"{where}: the product id is missing or not text")
    texts = {}
    for key in ("name", "role"):
        value = entry.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise TimelineError(f"{where}: {key} is not text (at most {MAX_TEXT} characters)")
        texts[key] = value.strip()
    start = _seconds(where, "start_s", entry.get("start_s"))
    end = entry.get("end_s")
    end_s = None if end is None else _seconds(where, "end_s", end)
    if start is None:
        raise TimelineError(f"{where}: start_s is missing")
    if end_s is not None and end_s < start:
        raise TimelineError(f"{where}: it ends ({end_s:g} s) before it starts ({start:g} s)")
    return Explanation(product.strip(), texts["name"], texts["role"], start, end_s)


def _seconds(where: str, key: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TimelineError(f"{where}: {key} is not a number of seconds")
    if value < 0:
        raise TimelineError(f"{where}: {key} is negative")
    return float(value)
