"""Exporting planned clips to a folder: an MP4 and a cover JPEG each, with progress, a way to
stop, and a full disk handled (the clip being written removed, the finished ones kept).

It runs wherever it is called: the command line lowers its own priority first, the window runs
it in a child process (studio.clips.background) so a live show keeps its frame rate."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av

from studio.broadcast.recorder import DISK_FULL
from studio.clips.cover import CoverPicker
from studio.clips.cut import CancelFlag, Cut, Overlay, cut_clip
from studio.clips.errors import Cancelled, ClipsError, DiskFull
from studio.clips.plan import ClipPlan, PlannedClip

Progress = Callable[[float, PlannedClip], None]  # the whole export's fraction done, the clip


@dataclass(frozen=True)
class ExportedClip:
    clip: PlannedClip
    file: Path
    cover: Path | None  # None: no picture of the clip decoded
    cut: Cut

    def to_dict(self) -> dict[str, Any]:
        planned = self.clip.to_dict()
        return {
            **planned,
            # Where the clip really starts: a copied one at the keyframe nearest the start.
            "start": round(self.cut.first_s, 3),
            "explained": {"start": planned["start"], "end": planned["end"]},
            "file": str(self.file),
            "cover": None if self.cover is None else str(self.cover),
            "mode": self.cut.mode,
        }


@dataclass
class ExportResult:
    done: list[ExportedClip] = field(default_factory=list)
    stopped: ClipsError | None = None  # DiskFull or Cancelled: why it ended before the last
    notices: list[str] = field(default_factory=list)


def default_folder(recording: Path) -> Path:
    """Beside the recording: 'show.mkv' -> 'show clips/'."""
    return recording.with_name(f"{recording.stem} clips")


def check_folder(folder: Path) -> Path:
    """The folder the clips go to, created if need be; ClipsError when it cannot take them."""
    folder = folder.expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClipsError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise ClipsError(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK):
        raise ClipsError(f"cannot write in {folder}: permission denied")
    return folder


def export_clips(
    plan: ClipPlan,
    folder: Path,
    clips: Sequence[PlannedClip] | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    overlay_for: Callable[[PlannedClip], Overlay | None] | None = None,
    on_done: Callable[[ExportedClip], None] | None = None,
    splice_ok: bool = True,
) -> ExportResult:
    """Write `clips` (all of the plan's by default) into `folder` as '<n> <name>.mp4' and
    '<n> <name>.jpg'. A full disk or `cancel` ends it: the clip in hand is removed, the
    finished ones stay, and `stopped` says why. `overlay_for` draws on a clip's picture;
    `on_done` hears of each clip as it is finished; `splice_ok` False re-encodes whole the
    clips that would be spliced."""
    folder = check_folder(folder)
    chosen = list(plan.clips if clips is None else clips)
    total = sum(c.length_s for c in chosen) or 1.0
    result = ExportResult()
    picker = CoverPicker.load()
    if picker.problem:
        result.notices.append(f"covers chosen by sharpness only: {picker.problem}")
    before = 0.0
    for clip in chosen:
        file = folder / f"{clip.name}.mp4"
        cover_file = folder / f"{clip.name}.jpg"

        def step(fraction: float, clip: PlannedClip = clip, before: float = before) -> None:
            if progress is not None:
                progress(min(1.0, (before + fraction * clip.length_s) / total), clip)

        try:
            overlay = overlay_for(clip) if overlay_for is not None else None
            cut = cut_clip(
                plan.recording, clip.start_s, clip.end_s, file, step, cancel, overlay, splice_ok
            )
            cover = _cover(picker, file, cover_file)
        except (DiskFull, Cancelled) as exc:
            result.stopped = exc
            break
        exported = ExportedClip(clip, file, cover, cut)
        result.done.append(exported)
        if on_done is not None:
            on_done(exported)
        before += clip.length_s
        if progress is not None:  # this clip whole (step's `before` is the one it started at)
            progress(min(1.0, before / total), clip)
    return result


def _cover(picker: CoverPicker, file: Path, cover_file: Path) -> Path | None:
    """The clip's cover; a full disk here removes the clip too (a clip without its cover is
    half an export) and raises DiskFull."""
    try:
        return cover_file if picker.write(file, cover_file) is not None else None
    except (OSError, av.FFmpegError) as exc:
        file.unlink(missing_ok=True)
        if getattr(exc, "errno", None) in DISK_FULL:
            raise DiskFull(f"the disk is full: {file.name} was removed") from None
        raise ClipsError(f"cannot write the cover {cover_file}: {exc}") from None
