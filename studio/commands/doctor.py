"""`studio doctor`: what this machine offers the studio (devices, encoders, inference, fonts)."""

from __future__ import annotations

import argparse
import glob
import importlib.metadata
import json
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from studio import __version__

ROOT = Path(__file__).resolve().parents[2]


def _cameras() -> list[dict]:
    import cv2

    if sys.platform.startswith("linux"):
        indices = sorted(int(p.removeprefix("/dev/video")) for p in glob.glob("/dev/video[0-9]*"))
    else:
        indices = list(range(4))
    found = []
    for index in indices:
        cap = cv2.VideoCapture(index)
        try:
            if cap.isOpened():
                ok, frame = cap.read()
                size = f"{frame.shape[1]}x{frame.shape[0]}" if ok else "no picture"
                found.append({"spec": f"camera:{index}", "picture": size})
        finally:
            cap.release()
    return found


def _fonts() -> dict:
    bundled = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "assets").rglob("*.[ot]t[fc]"))
    system_cjk: list[str] = []
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
        system_cjk = sorted({line.split(",")[0].strip() for line in out.splitlines() if line})
    return {"bundled": bundled, "system_chinese": system_cjk[:8]}


def _versions() -> dict:
    out = {"shopcast-studio": __version__, "python": platform.python_version()}
    for dist in ("av", "numpy", "opencv-python-headless", "onnxruntime", "PySide6-Essentials"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    import av

    out["ffmpeg (in PyAV)"] = av.ffmpeg_version_info
    return out


def collect() -> dict:
    from studio.broadcast.encoder import available_h264_encoders
    from studio.capture.microphone import list_microphones

    report: dict = {"system": f"{platform.system()} {platform.release()} {platform.machine()}"}
    report["cameras"] = _cameras()
    report["microphones"] = list_microphones()
    report["h264_encoders"] = available_h264_encoders()
    try:
        import onnxruntime

        report["onnx_providers"] = onnxruntime.get_available_providers()
    except ImportError as exc:
        report["onnx_providers"] = []
        report["onnx_error"] = str(exc)
    report["models"] = sorted(p.name for p in (ROOT / "models").glob("*.onnx"))
    report["fonts"] = _fonts()
    report["versions"] = _versions()
    return report


def run_doctor(args: argparse.Namespace) -> int:
    report = collect()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(f"Shopcast Studio {__version__} on {report['system']}")
        cams = ", ".join(f"{c['spec']} ({c['picture']})" for c in report["cameras"])
        print(f"cameras:       {cams or 'none found (use camera:URL for phones and IP cameras)'}")
        mics = ", ".join(f"mic:{m['index']} {m['name']}" for m in report["microphones"])
        print(f"microphones:   {mics or 'none found (streams carry a silent track)'}")
        print(f"H.264:         {', '.join(report['h264_encoders'])}")
        print(f"ONNX Runtime:  {', '.join(report['onnx_providers']) or 'not available'}")
        print(f"models:        {', '.join(report['models']) or 'none installed'}")
        fonts = report["fonts"]
        print(f"fonts:         bundled {len(fonts['bundled'])}, system Chinese: "
              f"{', '.join(fonts['system_chinese']) or 'none'}")  # fmt: skip
        for name, version in report["versions"].items():
            print(f"  {name}: {version}")
    # x264 is always there in PyAV's wheel; without it nothing can stream.
    return 0 if "libx264" in report["h264_encoders"] else 1
