"""The window's part of `studio bench`: how long the window takes to show, and what the live
preview costs on top of the same headless recording. Runs in a child process (its own
QApplication), offscreen unless a display is there."""

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


def measure_preview(cfg: EncoderConfig, seconds: float, folder: Path) -> dict:
    args = {
        "width": cfg.width,
        "height": cfg.height,
        "fps": cfg.fps,
        "bitrate": cfg.bitrate_kbps,
        "preset": cfg.preset,
        "seconds": seconds,
        "folder": str(folder),
    }
    cmd = [sys.executable, "-m", "studio.commands.bench_window", json.dumps(args)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(lines[-1])


def _window_child(args: dict) -> dict:
    """In the child: the real window recording the test pattern; process CPU over `seconds`."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.profile import LayerSettings, SceneSettings, default_profile
    from studio.session import StudioSession
    from studio.ui.main_window import MainWindow

    app = QApplication([])
    profile = default_profile()
    profile.canvas.width, profile.canvas.height = args["width"], args["height"]
    profile.canvas.fps = args["fps"]
    profile.encoder.bitrate_kbps, profile.encoder.preset = args["bitrate"], args["preset"]
    profile.encoder.video_encoder = "libx264"
    profile.scenes = [SceneSettings("Bench", [LayerSettings("Pattern", "synthetic")])]
    profile.current_scene = "Bench"
    profile.audio_sources = []
    profile.recording.folder = args["folder"]
    session = StudioSession(profile)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    window.start()
    painted = 0
    original = window.preview.set_frame

    def counting(image) -> None:
        nonlocal painted
        painted += 1
        original(image)

    window.preview.set_frame = counting  # type: ignore[method-assign]
    session.start_recording()

    def run_for(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    run_for(1.0)  # warm-up: encoder start, first paints
    window.probe.reset()
    painted = 0
    cpu0, wall0 = time.process_time(), time.monotonic()
    run_for(args["seconds"])
    cpu1, wall1 = time.process_time(), time.monotonic()
    result = {
        "cpu_cores": round((cpu1 - cpu0) / (wall1 - wall0), 3),
        "preview_fps": round(painted / (wall1 - wall0), 1),
        "event_loop_worst_ms": round(window.probe.worst_ms, 1),
        "frames_repeated": session.engine.frames_repeated if session.engine else None,
        "platform": app.platformName(),
    }
    window.ask = lambda _title, _text: True
    session.close()
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(_window_child(json.loads(sys.argv[1]))), flush=True)
