"""The window's side of `studio bench --chat N`, run in a child process: the real window with the
Comments dock in front, the preview running, and N events a second arriving either from demo
rooms or, with `rooms`, from each of the loopback rooms (studio.chat.loopback_rooms: a Douyin
comment relay and a Bilibili danmaku server, read by the real connectors the merchant would set
up). Reports how late the event loop runs a 10 ms timer, the events that reached the pane by
platform (the caller compares them with what the rooms sent), and the CPU used."""

from __future__ import annotations

import json
import math
import sys
import time
from typing import Any

PROBE_MS = 10
COUNT_MS = 100  # the bench's own reader of the room counts what arrived this often
WARM_UP_S = 1.0
CONNECT_S = 15.0  # the loopback rooms answer at once; this long is a failure
DRAIN_S = 1.5  # after the rooms' last events: read, handed over, in the pane
BILIBILI_ROOM = "6"  # any room id: the loopback server takes every join


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def chat_child(args: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.chat.connector import ConnectorConfig, ConnectorSettings
    from studio.chat.demo import MAX_RATE
    from studio.chat.registry import make_connector
    from studio.profile import LayerSettings, SceneSettings, default_profile
    from studio.session import StudioSession
    from studio.ui.i18n import Translations, system_language
    from studio.ui.main_window import MainWindow
    from studio.ui.theme import apply_dark_theme

    app = QApplication([])
    apply_dark_theme(app)  # as the studio looks (the screenshot shows it)
    translations = Translations()  # kept: its translators live as long as it does
    translations.apply(app, args.get("language") or system_language())
    profile = default_profile()
    profile.canvas.width, profile.canvas.height = args["width"], args["height"]
    profile.canvas.fps = args["fps"]
    profile.scenes = [SceneSettings("Bench", [LayerSettings("Pattern", "synthetic")])]
    profile.current_scene = "Bench"
    profile.audio_sources = []
    session = StudioSession(profile)
    window = MainWindow(session, translations)
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
    rooms: dict[str, int] = args.get("rooms") or {}  # platform -> loopback port
    demos = []
    if rooms:
        # As a merchant sets them up: the window's chat connections, through the session.
        records = [
            ConnectorSettings("bilibili", f"ws://127.0.0.1:{port}/sub", channel=BILIBILI_ROOM)
            if platform == "bilibili"
            else ConnectorSettings(platform, f"ws://127.0.0.1:{port}")
            for platform, port in rooms.items()
        ]
        session.set_chat_connectors(records, {})
    else:
        count = max(1, math.ceil(rate / MAX_RATE))
        options = {"rate": f"{rate / count:g}", "lang": "mixed"}
        demos = [
            make_connector(ConnectorConfig("demo", options=options | {"seed": str(i)}), room.sink)
            for i in range(count)
        ]

    late: list[float] = []
    last = [time.monotonic()]
    measuring = [False]

    def probe_tick() -> None:
        now = time.monotonic()
        if measuring[0]:
            late.append(max(0.0, (now - last[0]) * 1000 - PROBE_MS))
        last[0] = now

    # The bench reads the room the way the pane does, to count what arrived by platform (the
    # pane and the room keep only the newest 10,000).
    arrived: dict[str, int] = {}
    comments = [0]
    seq = [0]

    def count_tick() -> None:
        events, seq[0] = room.events_since(seq[0])
        for event in events:
            arrived[event.platform] = arrived.get(event.platform, 0) + 1
            comments[0] += event.kind == "comment"

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(probe_tick)
    probe.start(PROBE_MS)
    counter = QTimer()
    counter.timeout.connect(count_tick)
    counter.start(COUNT_MS)
    run_for(0.5)  # the window settles
    if rooms:
        session.start_chat()  # each room sends from the moment its connector joins
        deadline = time.monotonic() + CONNECT_S
        while time.monotonic() < deadline and not all(
            s.status.state == "connected" for s in room.statuses()
        ):
            run_for(0.05)
    else:
        for demo in demos:
            demo.start()
        run_for(WARM_UP_S)
    measuring[0] = True
    cpu0, wall0, comments0 = time.process_time(), time.monotonic(), comments[0]
    run_for(args["seconds"])
    cpu1, wall1, comments1 = time.process_time(), time.monotonic(), comments[0]
    measuring[0] = False
    if rooms:
        run_for(DRAIN_S)
    delivered = sum(s.status.events for s in room.statuses()) + sum(d.status.events for d in demos)
    for demo in demos:
        demo.stop()
    run_for(0.5)  # the last batch reaches the pane
    count_tick()
    if args.get("screenshot"):
        window.grab().save(args["screenshot"])
    session.stop_chat()
    model = panel.model
    result = {
        "rooms": sorted(rooms) or ["demo"],
        "comments_per_s": round((comments1 - comments0) / (wall1 - wall0), 1),
        "events_delivered": delivered,
        "events_received": room.received,
        "events_by_platform": dict(sorted(arrived.items())),
        "events_in_pane": model.taken,
        "rows_appended": model.appended,
        "rows_kept": model.rowCount(),
        "lost": room.received - model.taken,
        "duplicates_dropped": room.log.dropped_duplicates,
        "badges": model.platforms.several,
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
    counter.stop()
    window.ask = lambda _title, _text: True
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(chat_child(json.loads(sys.argv[1]))), flush=True)
