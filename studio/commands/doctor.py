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

from studio import __version__


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
    from studio.fonts import bundled_fonts

    bundled = [str(p) for p in bundled_fonts()]  # a checkout's assets/ or the app bundle's
    system_cjk: list[str] = []
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        ).stdout
        system_cjk = sorted({line.split(",")[0].strip() for line in out.splitlines() if line})
    return {"bundled": bundled, "system_chinese": system_cjk[:8]}


# The libraries whose versions the report names (the app bundle carries their metadata).
REPORTED_DISTRIBUTIONS = (
    "av",
    "numpy",
    "opencv-python-headless",
    "onnxruntime",
    "PySide6-Essentials",
)


def _versions() -> dict:
    out = {"shopcast-studio": __version__, "python": platform.python_version()}
    for dist in REPORTED_DISTRIBUTIONS:
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    import av

    out["ffmpeg (in PyAV)"] = av.ffmpeg_version_info
    return out


def _models() -> dict:
    """The shipped models, each checked against the manifest: ok, missing or corrupt."""
    from studio.vision import VisionError, load_manifest, models_dir, verify_model

    try:
        manifest = load_manifest()
    except VisionError as exc:
        return {"dir": str(models_dir()), "error": str(exc), "list": []}
    found = []
    for name, spec in sorted(manifest.models.items()):
        entry = {"name": name, "file": spec.file, "status": "ok"}
        try:
            verify_model(name, manifest)
        except VisionError as exc:
            entry["status"] = exc.code if exc.code in ("missing", "corrupt") else "error"
            entry["message"] = str(exc)
        found.append(entry)
    return {"dir": str(manifest.dir), "error": None, "list": found}


def _inference() -> dict:
    """The ONNX Runtime providers this install offers, best first (short names: cuda, cpu...)."""
    from studio.vision import VisionError, available_providers

    try:
        return {"providers": available_providers(), "error": None}
    except VisionError as exc:
        return {"providers": [], "error": str(exc)}


def collect() -> dict:
    from studio.broadcast.encoder import available_h264_encoders
    from studio.capture.microphone import list_microphones

    report: dict = {"system": f"{platform.system()} {platform.release()} {platform.machine()}"}
    report["cameras"] = _cameras()
    report["microphones"] = list_microphones()
    report["h264_encoders"] = available_h264_encoders()
    inference = _inference()
    report["onnx_providers"] = inference["providers"]
    if inference["error"]:
        report["onnx_error"] = inference["error"]
    report["models"] = _models()
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
        providers = ", ".join(report["onnx_providers"])
        print(f"ONNX Runtime:  {providers or report.get('onnx_error') or 'not available'}")
        models = report["models"]
        if models["error"]:
            print(f"models:        {models['error']}")
        else:
            print(f"models:        {models['dir']}")
            for model in models["list"]:
                line = f"  {model['name']}: {model['status']}"
                if model["status"] != "ok":
                    line += f" ({model['message']})"
                print(line)
        fonts = report["fonts"]
        print(f"fonts:         bundled {len(fonts['bundled'])}, system Chinese: "
              f"{', '.join(fonts['system_chinese']) or 'none'}")  # fmt: skip
        for name, version in report["versions"].items():
            print(f"  {name}: {version}")
    # x264 is always there in PyAV's wheel; without it nothing can stream.
    return 0 if "libx264" in report["h264_encoders"] else 1
