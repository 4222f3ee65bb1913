"""The interface every source implements, and the thread helper most of them share."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.clock import MediaClock

SAMPLE_RATE = 48_000
CHANNELS = 2


class SourceError(Exception):
    """A source cannot be made from its spec (bad path, unreadable file). User-facing text.

    `code` says what kind of problem it is, for the window's translated sentence:
    "missing_arg" | "not_found" | "unreadable" | "not_media" | "settings"; `subject` names the
    file or device concerned.
    """

    def __init__(self, message: str, code: str = "settings", subject: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.subject = subject


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One picture: BGR (HxWx3) or BGRA (HxWx4) uint8, stamped with media time at capture.
    `i420`: the same picture as the decoder gave it (planar I420, H*3/2 x W), when a source had
    it: a canvas that is this picture goes to the encoder without a BGR -> I420 conversion."""

    image: np.ndarray
    time: float
    seq: int
    i420: np.ndarray | None = None


class Source:
    """A producer of video and/or audio.

    Video: a thread captures frames and keeps only the newest (`latest_video`); a slow consumer
    never makes frames queue up. Audio: `read_audio(n)` returns exactly n stereo float32 samples at
    48 kHz, padding with silence when the device has nothing yet.
    """

    kind: str = ""  # the spec prefix, e.g. "synthetic", "camera"
    has_video: bool = True
    has_audio: bool = False

    def __init__(self, spec: str, clock: MediaClock) -> None:
        self.spec = spec
        self.clock = clock
        self.notice: str | None = (
            None  # a user-facing note ("camera reconnecting", "no microphone")
        )

    @property
    def label(self) -> str:
        return self.spec

    def start(self) -> None:
        """Begin capturing (open devices, start threads)."""

    def stop(self) -> None:
        """Stop capturing and release devices; safe to call twice."""

    def latest_video(self) -> VideoFrame | None:
        return None

    def natural_size(self) -> tuple[int, int] | None:
        """The size (width, height) a new layer of this source gets; None: it fills the canvas
        (cameras, videos). Overlays (pictures, text, product cards) keep their own size."""
        return None

    def read_audio(self, n: int) -> np.ndarray:
        return np.zeros((n, CHANNELS), np.float32)


class ThreadedVideoSource(Source, ABC):
    """A video source whose `capture_loop` runs in a daemon thread and calls `publish`."""

    def __init__(self, spec: str, clock: MediaClock) -> None:
        super().__init__(spec, clock)
        self._latest: VideoFrame | None = None
        self._seq = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"source:{self.spec}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep unless stopped; True when the source is being stopped."""
        return self._stop.wait(seconds)

    def publish(
        self, image: np.ndarray, time: float | None = None, i420: np.ndarray | None = None
    ) -> None:
        self._seq += 1
        when = self.clock.now() if time is None else time
        self._latest = VideoFrame(image, when, self._seq, i420)

    def latest_video(self) -> VideoFrame | None:
        return self._latest

    def _run(self) -> None:
        self.capture_loop()

    @abstractmethod
    def capture_loop(self) -> None:
        """Capture until `stopping`; call `publish` for each new picture."""


def path_from_spec(spec: str, what: str, example: str) -> Path:
    """The existing file a `kind:PATH` spec names; SourceError (readable) when absent."""
    arg = spec.partition(":")[2].strip()
    if not arg:
        raise SourceError(f"{spec!r}: say which {what}, e.g. {example}", "missing_arg")
    path = Path(arg).expanduser()
    if not path.is_file():
        raise SourceError(f"{what} not found: {path}", "not_found", str(path))
    return path
