"""Recordings for the clip tests, made by the real engine from a source whose every frame says
when it was captured: the media clock's milliseconds as a row of black and white blocks
(CODE_BITS of them, CELL pixels square, at the top left), read back from the decoded clip. The
rest of the picture is a real photo of a person (skimage's astronaut) in a three-second cycle:
sharp, blurred, then sharp with the face covered, so a cover has to be chosen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
from photos import astronaut

from studio.broadcast.encoder import EncoderConfig
from studio.capture import registry
from studio.capture.base import ThreadedVideoSource
from studio.chat.board import ChatBoard
from studio.chat.events import ChatEvent
from studio.chat.room import ChatRoom
from studio.clock import MediaClock
from studio.commerce.shop import Shop
from studio.engine import Engine, EngineConfig, EngineStats
from studio.profile import LayerSettings
from studio.session_log import SessionLog, log_path_for

CODE_BITS = 24  # milliseconds: 4.6 hours of media clock
CELL = 24
PER_ROW = 12
KIND = "clockcode"


def draw_code(image: np.ndarray, value: int) -> None:
    for bit in range(CODE_BITS):
        row, col = divmod(bit, PER_ROW)
        on = (value >> bit) & 1
        y, x = row * CELL, col * CELL
        image[y : y + CELL, x : x + CELL] = 255 if on else 0


def read_code(image: np.ndarray) -> int:
    """The value drawn by draw_code, from a decoded (compressed) BGR frame."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    value = 0
    for bit in range(CODE_BITS):
        row, col = divmod(bit, PER_ROW)
        y, x = row * CELL + CELL // 4, col * CELL + CELL // 4
        if grey[y : y + CELL // 2, x : x + CELL // 2].mean() > 128:
            value |= 1 << bit
    return value


def phase(t: float) -> str:
    """What the picture shows at media time t: "sharp", "blurred" or "no_face"."""
    return ("sharp", "blurred", "no_face")[int(t) % 3]


class ClockCodeSource(ThreadedVideoSource):
    """The person, in the three-second cycle, with the capture time's code on top."""

    kind = KIND
    has_audio = False

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (360, 640),
        fps: float = 30,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(spec, clock)
        self.width, self.height = size
        self.fps = fps
        photo = astronaut().image
        h = self.height
        w = round(photo.shape[1] * h / photo.shape[0])
        scaled = cv2.resize(photo, (w, h), interpolation=cv2.INTER_AREA)
        x0 = max(0, (w - self.width) // 2)
        self._sharp = np.ascontiguousarray(scaled[:, x0 : x0 + self.width])
        self._blurred = cv2.GaussianBlur(self._sharp, (0, 0), 8)
        self._no_face = self._sharp.copy()
        cv2.rectangle(self._no_face, (0, 0), (self.width, self.height // 2), (90, 90, 90), -1)

    def capture_loop(self) -> None:
        period = 1.0 / self.fps
        next_t = time.monotonic()
        while not self.stopping:
            now = self.clock.now()
            image = {"sharp": self._sharp, "blurred": self._blurred, "no_face": self._no_face}[
                phase(now)
            ].copy()
            draw_code(image, round(now * 1000))
            self.publish(image, now)
            next_t += period
            if self.wait(max(0.0, next_t - time.monotonic())):
                break


def frame_codes(path: Path) -> list[tuple[float, int]]:
    """(time in the file, code) of every decoded frame of a video file."""
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            out.append((float(frame.time or 0.0), read_code(frame.to_ndarray(format="bgr24"))))
    return out


class LoggedRoom:
    """A show's chat room and the session log the studio keeps of it beside the recording:
    started at the recording's first moment (as the studio does), sampled at each one."""

    def __init__(self, recording: Path) -> None:
        self.room = ChatRoom(Shop(), ChatBoard())
        self.recording = recording
        self.log: SessionLog | None = None

    def begin(self) -> bool:
        """Start the log on the first call (True then; False after)."""
        if self.log is not None:
            return False
        self.log = SessionLog(log_path_for(self.recording), lambda: None, 0.25, self.room.figures)
        self.log.start()
        return True

    def sink(self, events: list[ChatEvent]) -> None:
        self.room.sink(events)

    def sample(self, t: float) -> None:
        assert self.log is not None
        self.log.sample(EngineStats(t, 30.0, 0, 0, {}, [], "recording", None, 0, []))

    def stop(self) -> None:
        assert self.log is not None  # the recording ran
        self.log.stop()


@dataclass
class RecordedShow:
    path: Path
    origin: float  # media time the recording started (the timeline's zero)
    stopped: float  # media time it stopped


def record_show(
    folder: Path,
    seconds: float,
    during: Callable[[float], None] | None = None,
    overlays: Sequence[LayerSettings] = (),
    shop: Shop | None = None,
    name: str = "show.mkv",
) -> RecordedShow:
    """Record `seconds` of the clock-code picture with the real engine (360x640, 30 fps, a
    keyframe every 2 s, silent AAC), as the studio records a show; `during(t)` is called about
    every 50 ms with the recording's time (the session log and the room run then). `overlays`:
    layers over the picture (a product card from `shop`...), recorded as the program has them."""
    registry.SOURCE_KINDS.setdefault(KIND, "clip_pictures:ClockCodeSource")
    cfg = EncoderConfig(width=360, height=640, fps=30, bitrate_kbps=1500, preset="ultrafast")
    layers = [LayerSettings(name="host", source=KIND), *overlays]
    engine = Engine(EngineConfig(cfg, layers, []), shop=shop)
    path = folder / name
    engine.start()
    try:
        time.sleep(1.0)  # the source's thread draws its first frames before the recording
        engine.start_recording(path)
        origin = engine.clock.now()
        while (t := engine.clock.now() - origin) < seconds:
            if during is not None:
                during(t)
            time.sleep(0.05)
        engine.stop_recording()
        stopped = engine.clock.now()
    finally:
        engine.stop()
    return RecordedShow(path, origin, stopped)
