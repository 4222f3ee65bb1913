"""`studio clips --bench`: the cost of cutting ten one-minute clips from a 1080x1920 recording.

The recording is made for it with the studio's own live encoder (x264 veryfast, zerolatency,
6000 kbps, a keyframe every 2 s, AAC): one minute of a person panning over a noisy picture (a
camera's grain), encoded once and repeated to twelve minutes, with a timeline of ten one-minute
explanations whose starts are spread evenly between the keyframes, as a show's are. Then the
clips are exported as `studio clips` exports them, one at a time, each timed. Printed: wall
time and CPU for all, how many were copied, spliced and re-encoded, the seconds each way takes
per second of clip, and the machine's load before and after (other work skews the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np

from studio.broadcast.encoder import Encoder, EncoderConfig
from studio.broadcast.packets import EncodedPacket
from studio.clips.export import export_clips
from studio.clips.plan import plan_clips

SIZE = (1080, 1920)
FPS = 30
BITRATE_KBPS = 6000
CLIPS = 10
CLIP_S = 60.0
GAP_S = 6.0  # with CLIP_S, a whole number of 2-s keyframe intervals between clips
# Where each clip starts past a keyframe (one every 2 s): spread evenly over the interval, as
# a show's explanations start at any moment. Those within 0.5 s of a keyframe (0.0, 0.2, 0.4,
# 1.6, 1.8: half of them, as in a show) are copied, the others spliced (their head re-encoded).
OFFSETS = (0.0, 1.0, 0.2, 1.2, 0.4, 1.4, 0.6, 1.6, 0.8, 1.8)
HOW = {"copy": "copied", "splice": "head re-encoded, rest copied", "encode": "re-encoded"}
PERSON = Path(__file__).resolve().parents[2] / "assets" / "bench" / "person.jpg"


@dataclass
class ClipTiming:
    mode: str
    seconds: float  # of clip
    wall_s: float
    cpu_s: float


def run_clips_bench(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="studio-clips-bench-") as scratch:
        folder = Path(args.out).expanduser() if args.out else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        report = measure(folder)
    if args.json:
        print(json.dumps(report))
    else:
        print(summary(report))
    return 0


def measure(folder: Path) -> dict[str, Any]:
    recording = folder / "bench.mkv"
    t0 = time.monotonic()
    make_recording(recording, CLIPS * (CLIP_S + GAP_S) + 2 * GAP_S)
    made_s = time.monotonic() - t0
    write_timeline(recording)
    load_before = os.getloadavg()
    t0, cpu0 = time.monotonic(), _cpu()
    plan = plan_clips(recording)
    plan_s = time.monotonic() - t0
    timings = []
    for clip in sorted(plan.clips, key=lambda c: c.number):
        w, c = time.monotonic(), _cpu()
        result = export_clips(plan, folder / "clips", [clip])
        if result.stopped is not None:
            raise RuntimeError(str(result.stopped))
        (done,) = result.done
        timings.append(ClipTiming(done.cut.mode, clip.length_s, time.monotonic() - w, _cpu() - c))
    wall, cpu = time.monotonic() - t0, _cpu() - cpu0
    clip_s = sum(t.seconds for t in timings)
    by_mode = {}
    for mode in ("copy", "splice", "encode"):
        some = [t for t in timings if t.mode == mode]
        if some:
            seconds = sum(t.seconds for t in some)
            by_mode[mode] = {
                "clips": len(some),
                "wall_s": round(sum(t.wall_s for t in some), 1),
                "cpu_s": round(sum(t.cpu_s for t in some), 1),
                "wall_per_clip_second": round(sum(t.wall_s for t in some) / seconds, 3),
            }
    return {
        "canvas": f"{SIZE[0]}x{SIZE[1]}",
        "clips": len(timings),
        "clip_seconds": round(clip_s, 1),
        "recording_made_s": round(made_s, 1),
        "plan_s": round(plan_s, 2),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "cores_used": round(cpu / wall, 2) if wall else 0.0,
        "wall_per_clip_second": round(wall / clip_s, 3) if clip_s else 0.0,
        "target_wall_s": round(clip_s / 2, 1),
        "by_mode": by_mode,
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def summary(r: dict[str, Any]) -> str:
    lines = [
        f"{r['clips']} clips, {r['clip_seconds']:.0f} s in all, from a {r['canvas']} recording:",
        f"  export {r['wall_s']:.1f} s wall ({r['wall_per_clip_second']:.2f} s per second of "
        f"clip; target at most {r['target_wall_s']:.0f} s), {r['cpu_s']:.1f} s CPU "
        f"({r['cores_used']:.2f} cores); planning {r['plan_s']:.2f} s",
    ]
    for mode, m in r["by_mode"].items():
        how = HOW[mode]
        lines.append(
            f"  {how}: {m['clips']} clips, {m['wall_s']:.1f} s wall, {m['cpu_s']:.1f} s CPU, "
            f"{m['wall_per_clip_second']:.3f} s per second of clip"
        )
    lines.append(
        f"  load average before {r['load_before'][0]:.2f}, after {r['load_after'][0]:.2f} "
        f"on {r['cpus']} CPUs"
    )
    return "\n".join(lines)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the recording ----------------------------------------------------------------------------


def make_recording(path: Path, seconds: float) -> None:
    """A minute encoded by the live encoder, repeated to `seconds` (a whole number of GOPs, so
    the keyframes keep their 2-s rhythm across the joins)."""
    cfg = EncoderConfig(SIZE[0], SIZE[1], FPS, BITRATE_KBPS, preset="veryfast", adaptive=False)
    encoder = Encoder(cfg)
    minute: list[EncodedPacket] = []
    try:
        frames = _frames(60 * FPS)
        samples_per_frame = 48_000 // FPS
        for index, i420 in enumerate(frames):
            t = index / FPS
            minute += encoder.encode_video(i420, index, t)
            tone = np.zeros((samples_per_frame, 2), np.float32)
            minute += encoder.encode_audio(tone, index * samples_per_frame, t)
        minute += encoder.encode_video(None, 0, 0.0)
        minute += encoder.encode_audio(None, 0, 0.0)
        with av.open(str(path), "w", format="matroska") as container:
            video, audio = encoder.add_streams_to(container)
            repeats = int(np.ceil(seconds / 60))
            last: dict[str, int] = {}
            for n in range(repeats):
                for packet in minute:
                    stream = video if packet.kind == "video" else audio
                    shift = round(n * 60 / packet.time_base)
                    dts = packet.dts + shift
                    # The AAC encoder's priming and flush overlap the joins by a frame or two:
                    # those are left out (a muxer refuses time going back).
                    if dts <= last.get(packet.kind, -(2**62)):
                        continue
                    last[packet.kind] = dts
                    av_packet = packet.to_av(stream)
                    av_packet.pts, av_packet.dts = packet.pts + shift, dts
                    container.mux(av_packet)
    finally:
        encoder.close()


def _frames(count: int):  # type: ignore[no-untyped-def]
    """I420 frames: the person panning across a grainy, slowly changing picture."""
    w, h = SIZE
    person = cv2.imread(str(PERSON))
    if person is None:
        person = np.full((h, w, 3), 128, np.uint8)
    scale = 1.25 * max(w / person.shape[1], h / person.shape[0])
    big = cv2.resize(person, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
    rng = np.random.default_rng(7)
    grain = [rng.integers(0, 12, (h, w, 3), dtype=np.uint8) for _ in range(8)]
    spare_x, spare_y = big.shape[1] - w, big.shape[0] - h
    for i in range(count):
        x = int(spare_x * (0.5 + 0.5 * np.sin(i / 90)))
        y = int(spare_y * (0.5 + 0.5 * np.cos(i / 150)))
        image = cv2.add(big[y : y + h, x : x + w], grain[i % len(grain)])
        yield cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420)


def write_timeline(recording: Path) -> None:
    entries = []
    for n in range(CLIPS):
        start = GAP_S + n * (CLIP_S + GAP_S) + OFFSETS[n % len(OFFSETS)]
        entries.append(
            {
                "product": f"P{n + 1:02d}",
                "name": f"Product {n + 1}",
                "role": "regular",
                "start_s": round(start, 2),
                "end_s": round(start + CLIP_S, 2),
            }
        )
    text = json.dumps({"recording": recording.name, "entries": entries}, indent=1)
    recording.with_name(recording.stem + ".timeline.json").write_text(text, encoding="utf-8")
