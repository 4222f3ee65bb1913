"""Which clips to make from a recording: one per product explained (from the timeline beside
it), plus highlights where the room came alive outside any explanation, each with the room's
reaction; ranked by that reaction. Without a timeline: highlights alone, or, with no room
figures either, clips of a fixed length by time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from studio.clips.errors import TimelineError
from studio.clips.names import clip_name
from studio.clips.reaction import Reaction, RoomSecond, reaction_during, read_room, spikes
from studio.clips.recording import Recording, read_recording
from studio.clips.timeline import MAX_TEXT, Explanation, read_timeline, timeline_path_for

MIN_CLIP_S = 1.0  # an explanation shorter than this is a press too many, not a clip
FIXED_CLIP_S = 60.0  # clips by time, when nothing says where the moments are
MAX_FIXED_CLIPS = 200

ClipKind = Literal["product", "highlight", "time"]


@dataclass(frozen=True)
class PlannedClip:
    number: int  # its place in the show (file names start with it)
    kind: ClipKind
    product: str  # the product's id ("" for highlights and clips by time)
    title: str  # the product's name, or what the clip is
    start_s: float  # seconds from the recording's start
    end_s: float
    reaction: Reaction | None  # None: no room figures for this recording

    @property
    def name(self) -> str:
        """The file name without extension: '3 Silk scarf'."""
        return clip_name(self.number, self.title)

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "product": self.product,
            "name": self.title,
            "start": round(self.start_s, 3),
            "end": round(self.end_s, 3),
            "reaction": None if self.reaction is None else self.reaction.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Any) -> PlannedClip:
        """A clip as to_dict wrote it (the export worker's answer, a job for it); ValueError
        for anything else."""
        if not isinstance(d, dict) or d.get("kind") not in ("product", "highlight", "time"):
            raise ValueError("not a planned clip")
        number, start, end = d.get("number"), d.get("start"), d.get("end")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ValueError("a clip's number is a whole number from 1")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (start, end)):
            raise ValueError("a clip's start and end are seconds")
        if not 0 <= start < end < 1e7:
            raise ValueError("a clip ends after it starts")
        product, title = d.get("product", ""), d.get("name", "")
        if not isinstance(product, str) or not isinstance(title, str):
            raise ValueError("a clip's product and name are text")
        reaction = d.get("reaction")
        return cls(
            number,
            d["kind"],
            product[:MAX_TEXT],
            title[:MAX_TEXT],
            float(start),
            float(end),
            None if reaction is None else Reaction.from_dict(reaction),
        )


@dataclass
class ClipPlan:
    recording: Recording
    clips: list[PlannedClip]  # best first when the room's reaction is known, else in show order
    notices: list[str] = field(default_factory=list)  # for the merchant: what was left out, why
    has_timeline: bool = True
    has_room: bool = True


def plan_clips(recording: Path, top: int | None = None, use_timeline: bool = True) -> ClipPlan:
    """The clips to make from `recording`; `top`: only the best that many by the room's
    reaction. ClipsError (one line, naming the file) when the recording cannot be used,
    TimelineError when its timeline cannot; `use_timeline` False: planned as if it had none
    (what the merchant is offered instead of an unusable timeline)."""
    info = read_recording(recording)
    explanations = read_timeline(recording) if use_timeline else None
    room = read_room(recording)
    notices: list[str] = []
    spans: list[tuple[Explanation, float, float]] = []
    if explanations is None and not use_timeline:
        notices.append(f"the timeline beside {recording.name} left aside, as asked")
    elif explanations is None:
        notices.append(
            f"no timeline beside {recording.name} ({timeline_path_for(recording).name}): "
            + (
                "offering the moments the room reacted to instead (or, with none, clips of "
                f"{FIXED_CLIP_S:g} s by time)"
                if room
                else f"no room figures either, so offering clips of {FIXED_CLIP_S:g} s by time"
            )
        )
    else:
        spans = _within(explanations, info, notices)
        if explanations and not spans:
            raise TimelineError(
                f"no explanation in {timeline_path_for(recording).name} falls within the "
                f"{clip_clock(info.last_s)} that {recording.name} plays"
            )
    clips = _clips(spans, info, room, explanations is None)
    if room and any(c.reaction is not None for c in clips):
        clips.sort(key=lambda c: (-(c.reaction.score if c.reaction else 0.0), c.number))
    if top is not None:
        clips = clips[:top]
    return ClipPlan(info, clips, notices, explanations is not None, room is not None)


def _within(
    explanations: list[Explanation], info: Recording, notices: list[str]
) -> list[tuple[Explanation, float, float]]:
    """Each explanation's start and end, clipped to what the recording plays."""
    spans = []
    for e in explanations:
        end = info.last_s if e.end_s is None else e.end_s
        if e.start_s >= info.last_s:
            notices.append(
                f"{e.title} ({clip_clock(e.start_s)}) starts after the recording's last playable "
                f"second ({clip_clock(info.last_s)}): left out"
            )
            continue
        if end > info.last_s:
            if e.end_s is not None:
                notices.append(
                    f"{e.title} cut short at {clip_clock(info.last_s)}, where the recording ends"
                )
            end = info.last_s
        if end - e.start_s < MIN_CLIP_S:
            notices.append(
                f"{e.title} ({clip_clock(e.start_s)}) was on screen under a second: left out"
            )
            continue
        spans.append((e, e.start_s, end))
    return spans


def _clips(
    spans: list[tuple[Explanation, float, float]],
    info: Recording,
    room: list[RoomSecond] | None,
    no_timeline: bool,
) -> list[PlannedClip]:
    moments: list[tuple[ClipKind, str, str, float, float]] = [
        ("product", e.product, e.title, start, end) for e, start, end in spans
    ]
    if room:
        busy = [(start, end) for _e, start, end in spans]
        for start, end in spikes(room, busy, info.last_s):
            moments.append(("highlight", "", f"Highlight {clip_clock(start, '-')}", start, end))
    if no_timeline and not moments:  # nothing says where the moments are: by time
        t = 0.0
        while t < info.last_s - MIN_CLIP_S and len(moments) < MAX_FIXED_CLIPS:
            end = min(info.last_s, t + FIXED_CLIP_S)
            moments.append(("time", "", f"Clip {clip_clock(t, '-')}", t, end))
            t = end
    moments.sort(key=lambda m: m[3])
    return [
        PlannedClip(
            n,
            kind,
            product,
            title,
            start,
            end,
            reaction_during(room, start, end) if room else None,
        )
        for n, (kind, product, title, start, end) in enumerate(moments, 1)
    ]


def clip_clock(seconds: float, sep: str = ":") -> str:
    """1:02:03 (or 1-02-03 for a file name; ':' is not allowed in Windows names)."""
    s = int(seconds)
    h, m = divmod(s // 60, 60)
    return f"{h}{sep}{m:02d}{sep}{s % 60:02d}" if h else f"{m}{sep}{s % 60:02d}"
