"""The window's clip work in a process of its own, at the lowest priority for the processor and
the disk: planning (reading a recording of hours, packet by packet) and exporting (decoding,
encoding, writing gigabytes) never run in the process that is on air, its native code never
shares that process's memory, and the show keeps its frame rate.

`python -m studio.clips.worker` (the bundled app: `studio _clips_worker`) reads one job, a JSON
line, on stdin and answers in JSON lines on stdout:

  {"do": "plan", "recording": PATH, "use_timeline": true, "thumb_width": 160}
      -> {"plan": {...}}, then {"thumb": NUMBER, "jpeg": BASE64} per clip, then {"end": true}
  {"do": "export", "recording": PATH, "folder": DIR, "clips": [CLIP...], "card": PROFILE|null}
      -> {"progress": FRACTION, "clip": NUMBER}..., {"done": EXPORTED} per clip,
         {"notice": TEXT}, {"stopped": {"code": "disk_full"|"cancelled", "text": ...}},
         then {"end": true}

A problem that ends the job is {"error": {"code": "recording"|"timeline"|"folder"|"card"|
"export", "text": ONE_LINE}}. After the job line, "pause" and "resume" on stdin hold an export
and let it go on; "stop" (or stdin closed: the studio is gone) stops it: the clip in hand is
removed, the finished ones kept.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2

from studio.clips.cut import CancelFlag
from studio.clips.errors import ClipsError, DiskFull, TimelineError
from studio.clips.export import check_folder, export_clips
from studio.clips.plan import ClipPlan, PlannedClip, plan_clips
from studio.clips.priority import BACKGROUND_NICENESS, lower_priority
from studio.clips.recording import Recording, read_recording
from studio.scene.resize import shrink

MAX_JOB_BYTES = 64 * 1024 * 1024  # a profile with a catalog of 100,000 products fits
THUMB_WIDTHS = (40, 640)
THUMB_QUALITY = 80
THUMB_AT_S = 3.0  # a thumbnail is the picture this far into the clip (or its middle)

Say = Callable[[dict[str, Any]], None]


def plan_to_dict(plan: ClipPlan) -> dict[str, Any]:
    rec = plan.recording
    return {
        "recording": str(rec.path),
        "width": rec.width,
        "height": rec.height,
        "last_playable_s": round(rec.last_s, 3),
        "timeline": plan.has_timeline,
        "room": plan.has_room,
        "notices": plan.notices,
        "clips": [c.to_dict() for c in plan.clips],
    }


def run_job(job: dict[str, Any], say: Say, stop: CancelFlag) -> None:
    """Do one job, telling `say` each answer; never raises for the job's own problems."""
    try:
        if job.get("do") == "plan":
            _plan(job, say)
        elif job.get("do") == "export":
            _export(job, say, stop)
        else:
            say({"error": {"code": "job", "text": f"unknown job {job.get('do')!r}"}})
    except TimelineError as exc:
        say({"error": {"code": "timeline", "text": str(exc)}})
    except ClipsError as exc:
        say({"error": {"code": "recording", "text": str(exc)}})
    say({"end": True})


def _plan(job: dict[str, Any], say: Say) -> None:
    path = Path(str(job["recording"]))
    plan = plan_clips(path, use_timeline=bool(job.get("use_timeline", True)))
    say({"plan": plan_to_dict(plan)})
    width = min(max(int(job.get("thumb_width", 160)), THUMB_WIDTHS[0]), THUMB_WIDTHS[1])
    for clip in sorted(plan.clips, key=lambda c: c.number):
        jpeg = thumbnail(plan.recording, clip, width)
        if jpeg is not None:
            say({"thumb": clip.number, "jpeg": base64.b64encode(jpeg).decode("ascii")})


def thumbnail(rec: Recording, clip: PlannedClip, width: int) -> bytes | None:
    """A small JPEG of the clip's picture THUMB_AT_S in (its middle when shorter): one seek and
    the frames from the keyframe before it, decoded; None when none decodes."""
    picture = rec.picture_at(clip.start_s + min(THUMB_AT_S, clip.length_s / 2))
    if picture is None:
        return None
    h, w = picture.shape[:2]
    small = shrink(picture, (width, max(1, round(h * width / w))))
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, THUMB_QUALITY])
    return data.tobytes() if ok else None


def _export(job: dict[str, Any], say: Say, stop: CancelFlag) -> None:
    rec = read_recording(Path(str(job["recording"])))
    try:
        clips = [PlannedClip.from_dict(c) for c in job.get("clips", [])]
    except ValueError as exc:
        say({"error": {"code": "job", "text": f"a clip of the job is wrong: {exc}"}})
        return
    try:
        folder = check_folder(Path(str(job["folder"])))
    except ClipsError as exc:
        say({"error": {"code": "folder", "text": str(exc)}})
        return
    cards = None
    if job.get("card") is not None:
        from studio.clips.card import CardError, card_overlays

        try:
            cards = card_overlays(job["card"], rec)
        except CardError as exc:
            say({"error": {"code": "card", "text": str(exc)}})
            return
    plan = ClipPlan(rec, clips)

    def progress(fraction: float, clip: PlannedClip) -> None:
        say({"progress": round(fraction, 4), "clip": clip.number})

    try:
        result = export_clips(
            plan,
            folder,
            progress=progress,
            cancel=stop,
            overlay_for=None if cards is None else cards.overlay_for,
            on_done=lambda done: say({"done": done.to_dict()}),
        )
    except ClipsError as exc:  # the recording unreadable half way, a folder gone...
        say({"error": {"code": "export", "text": str(exc)}})
        return
    # The cards' notices are made as each clip is exported (which clip got no card, and why).
    for notice in [*(cards.notices if cards is not None else []), *result.notices]:
        say({"notice": notice})
    if result.stopped is not None:
        code = "disk_full" if isinstance(result.stopped, DiskFull) else "cancelled"
        say({"stopped": {"code": code, "text": str(result.stopped)}})


def _read_job() -> tuple[bytes, bytes]:
    """The job's line from stdin and what came after it. Read from the file descriptor, not
    sys.stdin: a thread blocked in a buffered read holds the buffer's lock, and the interpreter
    aborts at exit when it finds it held."""
    data = b""
    while b"\n" not in data and len(data) <= MAX_JOB_BYTES:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            break
        data += chunk
    line, _, rest = data.partition(b"\n")
    return line, rest


class Control:
    """What the studio says on stdin after the job: "pause" holds the export where it is (the
    show went live), "resume" lets it go on, "stop" (or stdin closed: the studio is gone) ends
    it. The export asks `is_set()` at every packet: it waits there while paused."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.going = threading.Event()
        self.going.set()

    def is_set(self) -> bool:
        while not self.going.wait(0.5):
            pass
        return self.stop.is_set()

    def hear(self, word: bytes) -> None:
        if word == b"pause":
            self.going.clear()
        elif word == b"resume":
            self.going.set()
        elif word == b"stop":
            self.stop.set()
            self.going.set()

    def watch(self, already: bytes) -> None:
        """Read the studio's words until stdin closes, then stop."""
        data = already
        while True:
            *words, data = data.split(b"\n")
            for word in words:
                self.hear(word.strip())
            try:
                chunk = os.read(0, 4096)
            except OSError:
                break
            if not chunk:
                break
            data = data[-64:] + chunk
        self.hear(b"stop")


def main(argv: list[str] | None = None) -> int:
    lower_priority(BACKGROUND_NICENESS)
    raw, rest = _read_job()
    try:
        if len(raw) > MAX_JOB_BYTES:
            raise ValueError("the job is too big")
        job = json.loads(raw)
        if not isinstance(job, dict):
            raise ValueError("the job is not an object")
    except ValueError as exc:
        print(f"studio: clips worker: {exc}", file=sys.stderr)
        return 2
    control = Control()
    threading.Thread(target=control.watch, args=(rest,), daemon=True).start()
    out = sys.stdout.buffer
    lock = threading.Lock()

    def say(answer: dict[str, Any]) -> None:
        line = json.dumps(answer, ensure_ascii=False, separators=(",", ":")) + "\n"
        with lock:
            out.write(line.encode("utf-8"))
            out.flush()

    try:
        run_job(job, say, control)
    except BrokenPipeError:  # the studio is gone: nobody to tell
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
