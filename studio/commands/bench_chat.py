"""`studio bench --chat N`: the real window with its Comments dock taking N comments a second
from demo rooms (with their joins, likes and gifts) for --seconds, the preview running. Reports
how late the Qt event loop ran a 10 ms timer (p50 / p95 / max), events delivered by the rooms
against those that reached the pane (lost: none expected), and the process's CPU in cores.
Runs in a child process (studio/ui/chat_bench.py), offscreen unless a display is there."""

from __future__ import annotations

import json
import subprocess
import sys

from studio.commands.bench_window import _child_env


def measure_chat(rate: int, seconds: float, width: int, height: int, fps: int) -> dict:
    args = {"rate": rate, "seconds": seconds, "width": width, "height": height, "fps": fps}
    cmd = [sys.executable, "-m", "studio.ui.chat_bench", json.dumps(args)]
    timeout = seconds + 120
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), timeout=timeout)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(lines[-1])
