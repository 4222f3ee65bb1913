"""`studio bench --chat N`: the real window with its Comments dock taking N events a second for
--seconds, the preview running. From demo rooms (comments with their joins, likes and gifts), or
with `--chat-rooms douyin,bilibili` from each of those rooms served on loopback in their own
formats (studio.chat.loopback_rooms, in a process of its own) and read by the real connectors.
Reports how late the Qt event loop ran a 10 ms timer (p50 / p95 / max), the events that reached
the pane against those the rooms sent (lost: none expected), and the window process's CPU in
cores. The window runs in a child process (studio/ui/chat_bench.py), offscreen unless a display
is there."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from studio.commands.bench_window import _child_env

LOOPBACK_ROOMS = ("douyin", "bilibili")  # the rooms studio.chat.loopback_rooms serves


def measure_chat(
    rate: int,
    seconds: float,
    width: int,
    height: int,
    fps: int,
    rooms: tuple[str, ...] = (),
    screenshot: str = "",
    language: str = "",
) -> dict[str, Any]:
    args: dict[str, Any] = {"rate": rate, "seconds": seconds, "width": width, "height": height}
    args |= {"fps": fps, "screenshot": screenshot, "language": language}
    if not rooms:
        return _window(args, seconds)
    served = subprocess.Popen(
        [sys.executable, "-m", "studio.chat.loopback_rooms", str(rate), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert served.stdin is not None and served.stdout is not None
    try:
        ports = json.loads(served.stdout.readline() or "{}")
        args["rooms"] = {room: ports[room] for room in rooms if room in ports}
        result = _window(args, seconds)
        served.stdin.close()
        said = json.loads(served.stdout.readline() or "{}")
        served.wait(timeout=10)
    finally:
        if served.poll() is None:
            served.kill()
            served.wait()
    if "error" in result:
        return result
    sent = {room: said.get("sent", {}).get(room, 0) for room in args["rooms"]}
    arrived = result["events_by_platform"]
    result["events_sent"] = sent
    result["events_per_s"] = {room: round(n / seconds, 1) for room, n in sent.items()}
    # What a room sent and the pane never got, plus what the room got and the pane did not take.
    result["lost"] += sum(max(0, n - arrived.get(room, 0)) for room, n in sent.items())
    return result


def _window(args: dict[str, Any], seconds: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "studio.ui.chat_bench", json.dumps(args)]
    timeout = seconds + 120
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), timeout=timeout)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(lines[-1])
