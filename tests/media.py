"""Read streams and files back with Debian's ffprobe, and publish test streams with its ffmpeg.

ffprobe (FFmpeg 5.1) rather than PyAV: an implementation independent of the one the studio
muxes with (PyAV's bundled FFmpeg 8.1), it reads FLV, MKV, MP4 and rtmp:// URLs alike, and a
subprocess can be timed out, so a hung server fails the test instead of freezing it.
Every helper raises AssertionError with the command and ffprobe's message on failure.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

PROBE_TIMEOUT = 20.0


def _ffprobe() -> str:
    path = shutil.which("ffprobe")
    if path is None:
        raise RuntimeError("ffprobe not found: install the Debian package `ffmpeg`")
    return path


def _run_json(args: list[str], target: Path | str, timeout: float) -> dict[str, Any]:
    cmd = [_ffprobe(), "-v", "error", "-print_format", "json", *args, str(target)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"ffprobe timed out after {timeout} s: {' '.join(cmd)}") from exc
    if r.returncode != 0:
        raise AssertionError(
            f"ffprobe failed ({r.returncode}) on {target}: {r.stderr.strip() or '(no message)'}"
        )
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"ffprobe gave no JSON for {target}: {r.stdout[:200]!r}") from exc


def _float(value: Any) -> float | None:
    """ffprobe JSON numbers come as strings, "N/A" when unknown."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def probe(target: Path | str, timeout: float = PROBE_TIMEOUT) -> dict[str, Any]:
    """`ffprobe -show_streams -show_format` of a file or URL, as a dict ("streams", "format")."""
    if isinstance(target, Path) and not target.exists():
        raise AssertionError(f"no such file: {target}")
    info = _run_json(["-show_streams", "-show_format"], target, timeout)
    if not info.get("streams"):
        raise AssertionError(f"no streams in {target}: {info}")
    return info


def _stream(target: Path | str, kind: str, timeout: float) -> dict[str, Any]:
    streams = [s for s in probe(target, timeout)["streams"] if s.get("codec_type") == kind]
    if not streams:
        raise AssertionError(f"no {kind} stream in {target}")
    return streams[0]


def duration(target: Path | str, timeout: float = PROBE_TIMEOUT) -> float:
    """Container duration in seconds."""
    value = _float(probe(target, timeout)["format"].get("duration"))
    if value is None:
        raise AssertionError(f"{target} has no duration")
    return value


def video_info(target: Path | str, timeout: float = PROBE_TIMEOUT) -> dict[str, Any]:
    """codec, width, height, profile ("High"...), pix_fmt, fps (from avg_frame_rate or None)."""
    s = _stream(target, "video", timeout)
    num, _, den = str(s.get("avg_frame_rate", "0/0")).partition("/")
    fps = float(num) / float(den) if den and float(den) else None
    return {
        "codec": s.get("codec_name"),
        "width": int(s.get("width", 0)),
        "height": int(s.get("height", 0)),
        "profile": s.get("profile"),
        "pix_fmt": s.get("pix_fmt"),
        "fps": fps,
    }


def audio_info(target: Path | str, timeout: float = PROBE_TIMEOUT) -> dict[str, Any]:
    """codec ("aac"), sample_rate (int), channels (int), profile ("LC" for AAC-LC)."""
    s = _stream(target, "audio", timeout)
    return {
        "codec": s.get("codec_name"),
        "sample_rate": int(s.get("sample_rate", 0)),
        "channels": int(s.get("channels", 0)),
        "profile": s.get("profile"),
    }


def video_packets(path: Path | str, timeout: float = PROBE_TIMEOUT) -> list[dict[str, Any]]:
    """Video packets in file order: pts_time, dts_time (float or None), keyframe, flags, size.

    Packets, not decoded frames: cheap, and what the muxer wrote (timestamps as stored).
    """
    info = _run_json(
        [
            "-select_streams",
            "v:0",
            "-show_packets",
            "-show_entries",
            "packet=pts_time,dts_time,duration_time,flags,size",
        ],
        path,
        timeout,
    )
    packets = info.get("packets") or []
    if not packets:
        raise AssertionError(f"no video packets in {path}")
    return [
        {
            "pts_time": _float(p.get("pts_time")),
            "dts_time": _float(p.get("dts_time")),
            "duration_time": _float(p.get("duration_time")),
            "keyframe": "K" in p.get("flags", ""),
            "flags": p.get("flags", ""),
            "size": int(p.get("size", 0)),
        }
        for p in packets
    ]


def keyframe_times(path: Path | str, timeout: float = PROBE_TIMEOUT) -> list[float]:
    """Presentation times (s) of the video keyframes, in file order."""
    return [
        p["pts_time"] if p["pts_time"] is not None else p["dts_time"]
        for p in video_packets(path, timeout)
        if p["keyframe"]
    ]


def count_video_frames(path: Path | str, timeout: float = 60.0) -> int:
    """Frames the decoder really produces (decodes the whole stream: slower than packets)."""
    info = _run_json(
        ["-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames"],
        path,
        timeout,
    )
    streams = info.get("streams") or []
    if not streams or not str(streams[0].get("nb_read_frames", "")).isdigit():
        raise AssertionError(f"could not count video frames in {path}: {info}")
    return int(streams[0]["nb_read_frames"])


def ffmpeg_publisher(
    url: str,
    seconds: float,
    size: str = "320x240",
    rate: int = 30,
    gop: int = 60,
    sample_rate: int = 48000,
    realtime: bool = True,
) -> subprocess.Popen[str]:
    """Start Debian's ffmpeg pushing test video (h264) + a 1 kHz tone (aac) as FLV to `url`.

    Returns the running process; `.communicate(timeout=...)` gives its stderr (errors only).
    `realtime` (-re) paces input at 1x, as a live source would.
    """
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg not found: install the Debian package `ffmpeg`")
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error"]
    if realtime:
        cmd.append("-re")
    cmd += [
        "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}",
        "-f", "lavfi", "-i", f"sine=frequency=1000:sample_rate={sample_rate}",
        "-t", str(seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-g", str(gop), "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k",
        "-f", "flv", url,
    ]  # fmt: skip
    return subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
