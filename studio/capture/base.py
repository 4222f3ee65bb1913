"""The interface every source implements, and the thread helper most of them share."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Protocol

import cv2
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


class Decoded(Protocol):
    """A decoder's picture in its own format (PyAV's VideoFrame is one)."""

    width: int
    height: int

    def to_ndarray(self, *, format: str) -> np.ndarray: ...


def _i420_of(decoded: Decoded) -> np.ndarray:
    """A decoder's picture as one I420 array. A yuv420p frame's planes are copied straight from
    its buffers (0.09 ms at 1080x1920 on this machine kind; PyAV's to_ndarray("yuv420p") took
    2.9 ms, copying padded rows one by one); anything else is converted by the decoder."""
    layout = getattr(getattr(decoded, "format", None), "name", None)
    reformat = getattr(decoded, "reformat", None)
    if layout != "yuv420p" and reformat is not None:  # e.g. a camera's full-range yuvj420p
        decoded = reformat(format="yuv420p")
        layout = "yuv420p"
    planes = getattr(decoded, "planes", None)
    w, h = decoded.width, decoded.height
    if layout != "yuv420p" or not planes or w % 2 or h % 2:
        return decoded.to_ndarray(format="yuv420p")
    out = np.empty((h * 3 // 2, w), np.uint8)
    flat = out.reshape(-1)
    start = 0
    for plane, (pw, ph) in zip(planes, ((w, h), (w // 2, h // 2), (w // 2, h // 2)), strict=True):
        stride = plane.line_size
        if stride < pw:  # a layout this copy does not know: let the decoder convert
            return decoded.to_ndarray(format="yuv420p")
        rows = np.frombuffer(plane, np.uint8)[: stride * ph].reshape(ph, stride)[:, :pw]
        flat[start : start + pw * ph].reshape(ph, pw)[:] = rows
        start += pw * ph
    return out


def i420_planes(picture: np.ndarray, w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y (H x W), U and V (H/2 x W/2) of a (H*3/2) x W I420 array: views into it."""
    flat = picture.reshape(-1)
    n, c = w * h, (w // 2) * (h // 2)
    u = flat[n : n + c].reshape(h // 2, w // 2)
    return picture[:h], u, flat[n + c : n + 2 * c].reshape(h // 2, w // 2)


def halve_i420(picture: np.ndarray, w: int, h: int) -> np.ndarray:
    """A w x h I420 picture (both multiples of 4) halved plane by plane, as I420 (area
    averaging: OpenCV's fast 2x path)."""
    half = np.empty((h // 2 * 3 // 2, w // 2), np.uint8)
    for plane, out in zip(
        i420_planes(picture, w, h), i420_planes(half, w // 2, h // 2), strict=True
    ):
        cv2.resize(plane, out.shape[::-1], dst=out, interpolation=cv2.INTER_AREA)
    return half


class VideoFrame:
    """One picture: BGR (HxWx3) or BGRA (HxWx4) uint8, stamped with media time at capture.

    A picture may come in I420 instead: as the decoder gave it (`decoded`), or as planes made in
    I420 (`i420`, (H*3/2) x W: the effects work on a decoded camera's planes). Its BGR `image` is
    then made on first use. A canvas that is this picture and that nothing looks at in BGR (a
    stream without a preview) goes to the encoder as it is (`yuv`), never converted to BGR and
    back."""

    __slots__ = ("_converting", "_decoded", "_half", "_i420", "_image", "seq", "time")

    def __init__(
        self,
        image: np.ndarray | None,
        time: float,
        seq: int,
        decoded: Decoded | None = None,
        i420: np.ndarray | None = None,
    ) -> None:
        if image is None and decoded is None and i420 is None:
            raise ValueError("a frame needs its picture, the decoder's or its I420 planes")
        self._image = image
        self.time = time
        self.seq = seq
        self._i420 = i420
        self._decoded = decoded
        self._half: np.ndarray | None = None
        # One conversion of this frame, whichever thread asks first (the render thread, the
        # vision worker, the window); other frames convert meanwhile.
        self._converting = threading.Lock() if image is None or decoded is not None else None

    @property
    def image(self) -> np.ndarray:
        image = self._image
        if image is None:
            assert self._converting is not None
            with self._converting:
                if self._image is None:
                    if self._decoded is not None:
                        self._image = self._decoded.to_ndarray(format="bgr24")
                    else:
                        self._image = cv2.cvtColor(self._i420, cv2.COLOR_YUV2BGR_I420)
                image = self._image
        return image

    @property
    def i420(self) -> np.ndarray | None:
        """The picture as planar I420 ((H*3/2) x W): the planes it was made with, or the
        decoder's converted once; None when the source had no such picture."""
        planes = self._i420
        if planes is None and self._decoded is not None:
            assert self._converting is not None
            with self._converting:
                if self._i420 is None:
                    self._i420 = _i420_of(self._decoded)
                planes = self._i420
        return planes

    def half_image(self) -> np.ndarray | None:
        """The picture at half its width and height in BGR, made from its I420 planes halved (a
        quarter of the pixels to convert: 0.78 ms against 1.86 ms for converting the whole
        1080x1920 picture and scaling it to a 370x658 preview); made once. None for a BGR
        picture, or one whose halves would not be even."""
        half = self._half
        if half is None and self.yuv is not None:
            h, w = self.shape[:2]
            if w % 4 or h % 4:
                return None
            planes = self.i420
            assert planes is not None and self._converting is not None
            with self._converting:
                if self._half is None:
                    self._half = cv2.cvtColor(halve_i420(planes, w, h), cv2.COLOR_YUV2BGR_I420)
                half = self._half
        return half

    @property
    def decoded(self) -> Decoded | None:
        """The decoder's own I420 picture, when the frame came as decoded; None otherwise."""
        return self._decoded

    @property
    def yuv(self) -> Decoded | np.ndarray | None:
        """The picture in I420 as it already is, for the encoder (no conversion, no copy): the
        decoder's frame or the planes it was made with; None for a BGR picture."""
        return self._decoded if self._decoded is not None else self._i420

    @property
    def shape(self) -> tuple[int, ...]:
        """The BGR picture's shape, without making it."""
        if self._image is not None:
            return self._image.shape
        if self._decoded is not None:
            return (self._decoded.height, self._decoded.width, 3)
        assert self._i420 is not None
        return (self._i420.shape[0] * 2 // 3, self._i420.shape[1], 3)

    def __repr__(self) -> str:
        return f"VideoFrame(shape={self.shape}, time={self.time:.3f}, seq={self.seq})"


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
        self,
        image: np.ndarray | None,
        time: float | None = None,
        decoded: Decoded | None = None,
    ) -> None:
        """A new picture: `image` (BGR), or the decoder's I420 picture (`decoded`), converted
        only when someone asks for BGR."""
        self._seq += 1
        when = self.clock.now() if time is None else time
        self._latest = VideoFrame(image, when, self._seq, decoded=decoded)

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
