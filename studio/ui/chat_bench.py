"""The window's side of `studio bench --chat N`, run in a child process: the real window with the
Comments dock in front, demo rooms delivering N comments a second, the preview running; how late
the event loop runs a 10 ms timer, whether every comment reached the pane, and the CPU used."""

from __future__ import annotations

import json
import math
import sys
import time

PROBE_MS = 10
WARM_UP_S = 1.0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def chat_child(args: dict) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.chat.connector import ConnectorConfig
    from studio.chat.demo import MAX_RATE
    from studio.chat.registry import make_connector
    from studio.profile import LayerSettings, SceneSettings, default_profile
    from studio.session import StudioSession
    from studio.ui.main_window import MainWindow

    app = QApplication([])
    profile = default_profile()
    profile.canvas.width, profile.canvas.height = args["width"], args["height"]
    profile.canvas.fps = args["fps"]
    profile.scenes = [SceneSettings("Bench", [LayerSettings("Pattern", "synthetic")])]
    profile.current_scene = "Bench"
    profile.audio_sources = []
    session = StudioSession(profile)
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    window.start()
    window.chat_dock.raise_()
    panel, room = window.chat_panel, session.chat

    def run_for(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    rate = float(args["rate"])
    rooms = max(1, math.ceil(rate / MAX_RATE))
    connectors = [
        make_connector(
            ConnectorConfig(
                "demo", options={"rate": f"{rate / rooms:g}", "lang": "mixed", "seed": str(i)}
            ),
            room.sink,
        )
        for i in range(rooms)
    ]
    late: list[float] = []
    last = [time.monotonic()]
    measuring = [False]

    def tick() -> None:
        now = time.monotonic()
        if measuring[0]:
            late.append(max(0.0, (now - last[0]) * 1000 - PROBE_MS))
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(tick)
    probe.start(PROBE_MS)
    run_for(0.5)  # the window settles
    for connector in connectors:
        connector.start()
    run_for(WARM_UP_S)
    measuring[0] = True
    cpu0, wall0 = time.process_time(), time.monotonic()
    comments0 = sum(c.comments for c in connectors)  # type: ignore[attr-defined]
    run_for(args["seconds"])
    cpu1, wall1 = time.process_time(), time.monotonic()
    comments1 = sum(c.comments for c in connectors)  # type: ignore[attr-defined]
    measuring[0] = False
    for connector in connectors:
        connector.stop()
    run_for(0.5)  # the last batch reaches the pane
    delivered = sum(c.status.events for c in connectors)
    model = panel.model
    result = {
        "comments_per_s": round((comments1 - comments0) / (wall1 - wall0), 1),
        "events_delivered": delivered,
        "events_received": room.received,
        "events_in_pane": model.taken,
        "rows_appended": model.appended,
        "rows_kept": model.rowCount(),
        "lost": room.received - model.taken,
        "duplicates_dropped": room.log.dropped_duplicates,
        "event_loop_late_ms": {
            "p50": round(_percentile(late, 50), 1),
            "p95": round(_percentile(late, 95), 1),
            "max": round(max(late, default=0.0), 1),
            "samples": len(late),
        },
        "cpu_cores": round((cpu1 - cpu0) / (wall1 - wall0), 3),
        "platform": app.platformName(),
    }
    probe.stop()
    window.ask = lambda _title, _text: True
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(chat_child(json.loads(sys.argv[1]))), flush=True)
