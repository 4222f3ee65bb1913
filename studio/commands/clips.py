"""`studio clips RECORDING`: one clip per product explained during the show (from the timeline
beside the recording), each an H.264 + AAC MP4 with a cover JPEG, ranked by how the room
reacted; `--bench` measures the export instead. Runs at low priority, so a show that is live on
this computer keeps its frame rate. Problems are one line on stderr: exit 2 when the recording or
its timeline cannot be used, 1 when the export stopped (a full disk, Ctrl-C)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

from studio.clips.card import CardOverlays
from studio.clips.errors import ClipsError
from studio.clips.export import ExportResult, Progress, default_folder, export_clips
from studio.clips.plan import ClipPlan, PlannedClip, plan_clips
from studio.clips.priority import lower_priority
from studio.commands.outcome import EXIT_FAILED, EXIT_OK, UserError, install_stop_signals


def run_clips(args: argparse.Namespace) -> int:
    if args.bench:
        from studio.commands.bench_clips import run_clips_bench

        return run_clips_bench(args)
    if not args.recording:
        raise UserError("give the recording to cut clips from: studio clips RECORDING")
    recording = Path(args.recording).expanduser()
    try:
        plan = plan_clips(recording, top=args.top)
    except ClipsError as exc:
        raise UserError(str(exc)) from None
    for notice in plan.notices:
        print(f"studio: {notice}", file=sys.stderr)
    if not plan.clips:
        raise UserError(f"no clips to make from {recording.name}", EXIT_FAILED)
    folder = Path(args.out).expanduser() if args.out else default_folder(recording)
    cards = _cards(args, plan) if args.card else None
    lower_priority()
    stop = threading.Event()
    install_stop_signals(stop)
    try:
        result = export_clips(
            plan,
            folder,
            progress=_progress(args.json),
            cancel=stop,
            overlay_for=None if cards is None else cards.overlay_for,
            splice_ok=not args.no_splice,
        )
    except ClipsError as exc:
        raise UserError(str(exc), EXIT_FAILED) from None
    if cards is not None:
        result.notices[:0] = cards.notices  # which clips got a card, which showed it already
    for notice in result.notices:
        print(f"studio: {notice}", file=sys.stderr)
    if args.json:
        print(json.dumps(report(plan, folder, result), ensure_ascii=False))
    else:
        for done in result.done:
            print(line(done.clip, done.file.name, done.cut.mode, done.cut.first_s))
    if result.stopped is not None:
        kept = len(result.done)
        print(
            f"studio: error: {result.stopped}; {kept} clip{'s' * (kept != 1)} kept in {folder}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _cards(args: argparse.Namespace, plan: ClipPlan) -> CardOverlays:
    """--card: the product card from the profile's catalog, where its layer is."""
    from studio.clips.card import card_overlays
    from studio.profile import ProfileError, default_profile_path
    from studio.profile_store import load_profile_as_is
    from studio.secrets import secrets_file_beside, use_secrets_file

    path = Path(args.profile).expanduser() if args.profile else default_profile_path()
    if not path.is_file():
        raise UserError(f"--card needs the profile with the products: no file {path}")
    use_secrets_file(secrets_file_beside(path))
    try:
        profile = load_profile_as_is(path)  # read only: nothing is migrated or written
    except ProfileError as exc:
        raise UserError(f"--profile {path}: {str(exc).splitlines()[0]}") from None
    try:
        return card_overlays(profile, plan.recording)
    except ClipsError as exc:
        raise UserError(str(exc)) from None


def report(plan: ClipPlan, folder: Path, result: ExportResult) -> dict[str, object]:
    return {
        "recording": str(plan.recording.path),
        "last_playable_s": round(plan.recording.last_s, 3),
        "folder": str(folder),
        "timeline": plan.has_timeline,
        "room": plan.has_room,
        "clips": [done.to_dict() for done in result.done],
        "notices": plan.notices + result.notices,
        "stopped": None if result.stopped is None else str(result.stopped),
    }


def line(clip: PlannedClip, file: str, mode: str, first_s: float) -> str:
    """'1 Silk scarf.mp4  0:01.3-0:04.1 (2.8 s, re-encoded)  12 comments/min, 3 questions/min'"""
    how = {"copy": "copied", "splice": "head re-encoded"}.get(mode, "re-encoded")
    length = clip.end_s - first_s
    text = f"{file}  {_at(first_s)}-{_at(clip.end_s)} ({length:.1f} s, {how})"
    r = clip.reaction
    if r is not None:
        text += f"  {r.comments_per_min:.0f} comments/min, {r.questions_per_min:.0f} questions/min"
        if r.viewers_gained is not None:
            text += f", viewers {r.viewers_gained:+d}"
    return text


def _at(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


def _progress(quiet: bool) -> Progress | None:
    """A progress line on stderr when it is a terminal (rewritten in place)."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(fraction: float, clip: PlannedClip) -> None:
        print(f"\r{fraction:4.0%}  {clip.name}"[:79].ljust(79), end="", file=sys.stderr)
        if fraction >= 1.0:
            print(file=sys.stderr)

    return show
