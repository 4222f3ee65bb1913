"""`studio bench`: the real pipeline (synthetic source -> compose -> encode -> MKV file) measured,
and the same encode by the ffmpeg CLI in the same run for comparison."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from studio.broadcast.encoder import EncoderConfig
from studio.cli import canvas_arg
from studio.engine import Engine, EngineConfig
from studio.profile import LayerSettings

WARM_UP = 1.0  # seconds left out of the CPU figure: encoder start-up is not steady state


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def measure_engine(cfg: EncoderConfig, seconds: float, folder: Path) -> dict:
    engine = Engine(
        EngineConfig(
            cfg,
            [LayerSettings(name="Pattern", source="synthetic")],
            record_path=folder / "bench.mkv",
            keep_all_timings=True,
        )
    )
    engine.start()
    time.sleep(WARM_UP)
    cpu0, wall0, frames0 = time.process_time(), time.monotonic(), engine.frames
    time.sleep(seconds)
    cpu1, wall1, frames1 = time.process_time(), time.monotonic(), engine.frames
    repeated = engine.frames_repeated
    engine.stop()
    stages = engine.timings.summary(everything=True)
    wall = wall1 - wall0
    recorder = engine.recorder
    assert recorder is not None
    return {
        "fps": round((frames1 - frames0) / wall, 2),
        "frames": engine.frames,
        "frames_repeated": repeated,
        "frames_repeated_pct": round(100 * repeated / max(1, engine.frames), 3),
        "stages_ms": {k: v for k, v in stages.items() if k != "capture_to_mux"},
        "capture_to_mux_ms": stages.get("capture_to_mux", {}),
        "cpu_cores": round((cpu1 - cpu0) / wall, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "recorded_frames": recorder.video_frames,
        "recording_error": recorder.error,
        "video_encoder": engine.encoder.video_codec,
    }


def measure_ffmpeg(cfg: EncoderConfig, seconds: float, folder: Path) -> dict:
    """The same encode by the ffmpeg CLI, paced in real time (-re) like a live source."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return {"error": "ffmpeg CLI not found"}
    gop = cfg.gop
    rate = f"{cfg.bitrate_kbps}k"
    cmd = [
        ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-re",
        "-f", "lavfi", "-i", f"testsrc2=size={cfg.width}x{cfg.height}:rate={cfg.fps}",
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
        "-t", str(seconds + WARM_UP),
        "-c:v", "libx264", "-preset", cfg.preset, "-tune", "zerolatency", "-profile:v", "high",
        "-b:v", rate, "-maxrate", rate, "-minrate", rate, "-bufsize", f"{2 * cfg.bitrate_kbps}k",
        "-g", str(gop), "-pix_fmt", "yuv420p",
        "-x264-params", f"keyint={gop}:min-keyint={gop}:scenecut=0:nal-hrd=cbr:force-cfr=1",
        "-c:a", "aac", "-b:a", f"{cfg.audio_bitrate_kbps}k", "-ar", "48000", "-ac", "2",
        str(folder / "ffmpeg.mkv"),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-300:]}
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu_cores": round(cpu / wall, 3), "wall_s": round(wall, 2)}


def run_bench(args: argparse.Namespace) -> int:
    width, height = canvas_arg(args.canvas)
    cfg = EncoderConfig(
        width=width,
        height=height,
        fps=args.fps,
        bitrate_kbps=args.bitrate,
        preset=args.preset,
        video_encoder="libx264",
    )
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as tmp:
        result: dict = {
            "canvas": f"{width}x{height}",
            "fps_target": args.fps,
            "seconds": args.seconds,
            "bitrate_kbps": args.bitrate,
            "preset": args.preset,
            "studio": measure_engine(cfg, args.seconds, Path(tmp)),
        }
        if args.window:
            from studio.commands.bench_window import measure_preview, measure_startup

            window = measure_preview(cfg, args.seconds, Path(tmp))
            window.update(measure_startup(Path(tmp)))
            if window.get("cpu_cores") is not None:
                window["preview_cost_cores"] = round(
                    window["cpu_cores"] - result["studio"]["cpu_cores"], 3
                )
            result["window"] = window
        if not args.no_ffmpeg:
            ff = measure_ffmpeg(cfg, args.seconds, Path(tmp))
            result["ffmpeg_cli"] = ff
            if ff.get("cpu_cores"):
                result["cpu_ratio_vs_ffmpeg"] = round(
                    result["studio"]["cpu_cores"] / ff["cpu_cores"], 2
                )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        s = result["studio"]
        print(
            f"{result['canvas']}@{args.fps}: {s['fps']} fps, repeated {s['frames_repeated']} "
            f"({s['frames_repeated_pct']}%), {s['cpu_cores']} cores, "
            f"capture-to-mux p95 {s['capture_to_mux_ms'].get('p95')} ms, "
            f"peak RSS {s['peak_rss_mb']} MB"
        )
        if "window" in result:
            print(f"window: {result['window']}")
        if "ffmpeg_cli" in result:
            print(f"ffmpeg CLI: {result['ffmpeg_cli']}")
    return 0
