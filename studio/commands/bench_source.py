"""`studio bench --source FILE`: a video file decoded as the camera (looping), and the same decode
+ encode by the ffmpeg CLI, so the studio's cost is compared with ffmpeg's doing the same job.

`studio bench --make-source FILE` writes a camera-like clip for it at the canvas size: the bench's
person (assets/bench/person.jpg) panning slowly, with moving sensor noise, as H.264. It is made
by the ffmpeg CLI and is not shipped (a 1080x1920 clip is several megabytes).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import time
from pathlib import Path

from studio.broadcast.encoder import EncoderConfig
from studio.capture.base import SourceError
from studio.commands.outcome import EXIT_FAILED, UserError

CLIP_SECONDS = 10  # one pan there and back: the loop has no jump
CLIP_FPS = 30
NOISE = 8  # ffmpeg's noise strength: a webcam's grain in ordinary room light
MAX_CLIP_SECONDS = 600


def _ffmpeg() -> str:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise UserError("the ffmpeg command is not installed: install ffmpeg", EXIT_FAILED)
    return ffmpeg


def camera_filter(width: int, height: int, seconds: float) -> str:
    """ffmpeg's filter graph: the photo scaled to cover 1.2x the canvas, a canvas-sized window
    panning across it and back (sine: no jump when the clip loops), grain that changes every
    frame, I420 like a camera's."""
    side = round(max(width, height) * 1.2 / 2) * 2  # the photo is square
    period = f"2*PI*t/{seconds:g}"
    # The face (at 0.44, 0.22 of the photo) stays in view, a third of the way down. Quoted:
    # the expressions hold commas, which would otherwise end the filter.
    x = f"max(0,min(iw-ow,iw*0.44-ow/2+iw*0.06*sin({period})))"
    y = f"max(0,min(ih-oh,ih*0.22-oh/3+ih*0.03*(1-cos({period}))))"
    return (
        f"scale={side}:{side},crop={width}:{height}:'{x}':'{y}',"
        f"noise=alls={NOISE}:allf=t,format=yuv420p"
    )


def make_source_video(
    photo: Path, out: Path, width: int, height: int, seconds: float = CLIP_SECONDS
) -> Path:
    """Write the camera-like clip (H.264 in the container the suffix names); UserError when
    ffmpeg cannot."""
    if width % 2 or height % 2:
        raise UserError(f"canvas {width}x{height}: the clip needs even sizes", 2)
    cmd = [
        _ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
        "-loop", "1", "-framerate", str(CLIP_FPS), "-i", str(photo),
        "-vf", camera_filter(width, height, seconds), "-t", f"{seconds:g}",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "22", "-g", str(CLIP_FPS),
        "-an", str(out),
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise UserError(f"cannot write {out}: {result.stderr.strip()[-300:]}", EXIT_FAILED)
    return out


def check_source(path: Path) -> Path:
    """The file --source names, readable as video; UserError (one line) otherwise."""
    from studio.capture.video_file import VideoFileSource
    from studio.clock import MediaClock

    try:
        VideoFileSource(f"file:{path}", MediaClock())
    except SourceError as exc:
        raise UserError(f"--source: {exc}", 2) from None
    return path


def ffmpeg_command(
    cfg: EncoderConfig, seconds: float, out: Path, source: Path | None = None
) -> list[str]:
    """The ffmpeg CLI doing the studio's encode, paced in real time (-re) like a live source:
    of `source` decoded and looped, or of its own test pattern (no decoding) when None."""
    rate = f"{cfg.bitrate_kbps}k"
    gop = cfg.gop
    if source is None:
        video_in = ["-f", "lavfi", "-i", f"testsrc2=size={cfg.width}x{cfg.height}:rate={cfg.fps}"]
    else:  # scaled to the canvas (a no-op when it has that size) at the canvas rate
        video_in = ["-stream_loop", "-1", "-i", str(source)]
    cmd = [
        _ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-re", *video_in,
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
        "-t", str(seconds),
        "-map", "0:v:0", "-map", "1:a:0",
    ]  # fmt: skip
    if source is not None:
        cmd += ["-vf", f"scale={cfg.width}:{cfg.height},fps={cfg.fps}"]
    cmd += [
        "-c:v", "libx264", "-preset", cfg.preset, "-tune", "zerolatency", "-profile:v", "high",
        "-b:v", rate, "-maxrate", rate, "-minrate", rate, "-bufsize", f"{2 * cfg.bitrate_kbps}k",
        "-g", str(gop), "-pix_fmt", "yuv420p",
        "-x264-params", f"keyint={gop}:min-keyint={gop}:scenecut=0:nal-hrd=cbr:force-cfr=1",
        "-c:a", "aac", "-b:a", f"{cfg.audio_bitrate_kbps}k", "-ar", "48000", "-ac", "2",
        str(out),
    ]  # fmt: skip
    return cmd


def measure_ffmpeg(
    cfg: EncoderConfig, seconds: float, folder: Path, source: Path | None = None, warm_up=1.0
) -> dict:
    """CPU of the ffmpeg CLI's process per second of wall time, over the whole run."""
    try:
        cmd = ffmpeg_command(cfg, seconds + warm_up, folder / "ffmpeg.mkv", source)
    except UserError as exc:
        return {"error": str(exc)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-300:]}
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures = {"cpu_cores": round(cpu / wall, 3), "wall_s": round(wall, 2)}
    if source is not None:
        figures["source"] = str(source)
    return figures
