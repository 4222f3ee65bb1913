"""The window's part of `studio bench`: how long the window takes to show, and what the live
preview costs on top of the same headless recording. Runs in a child process (its own
QApplication, studio/ui/bench_child.py), offscreen unless a display is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from studio.broadcast.encoder import EncoderConfig


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def measure_startup(folder: Path) -> dict:
    """Seconds from starting `studio` to its window being shown (first run, fresh profile)."""
    cmd = [sys.executable, "-m", "studio", "--profile", str(folder / "startup.json")]
    cmd += ["--exit-after", "0.5"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=_child_env())
    shown = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("window-shown"):
            shown = time.monotonic() - start
    proc.wait(timeout=60)
    return {"window_shown_s": round(shown, 2) if shown else None, "exit_code": proc.returncode}


def measure_preview(
    cfg: EncoderConfig,
    seconds: float,
    folder: Path,
    source: str = "synthetic",
    effects: dict | None = None,
) -> dict:
    """The window recording the same layer as the headless phase (`source` spec, `effects`):
    what the preview adds is then the difference of the two."""
    args = {
        "source": source,
        "effects": effects or {},
        "width": cfg.width,
        "height": cfg.height,
        "fps": cfg.fps,
        "bitrate": cfg.bitrate_kbps,
        "preset": cfg.preset,
        "seconds": seconds,
        "folder": str(folder),
    }
    cmd = [sys.executable, "-m", "studio.ui.bench_child", json.dumps(args)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(lines[-1])
