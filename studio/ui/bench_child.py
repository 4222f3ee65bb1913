"""The window's side of `studio bench --window`, run in a child process: the real window
recording what the headless phase recorded (the test pattern, or the camera file with the same
effects), its process CPU measured over a number of seconds."""

from __future__ import annotations

import json
import sys
import time


def window_child(args: dict) -> dict:
    """In the child: the real window recording the layer the headless phase had (`source`, a
    source spec, with `effects`, a layer's effects); process CPU over `seconds`."""
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
    layer = LayerSettings(
        "Camera" if args.get("effects") else "Pattern",
        args.get("source") or "synthetic",
        effects=args.get("effects") or {},
    )
    profile.scenes = [SceneSettings("Bench", [layer])]
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
        # The effects really ran in the window too (like for like with the headless phase).
        "effects_apply_ms": {
            name: round(status.apply_ms, 2)
            for name, status in (session.engine.stats().effects if session.engine else {}).items()
        },
        "platform": app.platformName(),
    }
    window.ask = lambda _title, _text: True
    session.close()
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(window_child(json.loads(sys.argv[1]))), flush=True)
