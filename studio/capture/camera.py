"""Local cameras (`camera:0`) and network cameras or phones (`camera:rtsp://...`, `camera:http://...`).

A camera that cannot be opened, or that stops delivering, never stops the show: the source shows a
"Camera reconnecting…" card (in the studio's language, as the camera layer's own picture, so
overlays stay over it) and keeps retrying with short capped waits until it is back.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import cv2
import numpy as np

from studio import picture_language
from studio.capture import camera_url
from studio.capture.base import SourceError, ThreadedVideoSource
from studio.capture.registry import split_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock

URL_SCHEMES = ("rtsp", "rtmp", "http", "https")
# FFmpeg backend timeouts, so that a dead or hung camera costs seconds, not FFmpeg's default
# (forever for http, 30 s+ for rtsp). OpenCV gives up on open/read past them.
OPEN_TIMEOUT_MS = 3000
READ_TIMEOUT_MS = 3000
RETRY_FIRST_S = 0.5
RETRY_MAX_S = 3.0  # platforms close rooms after 1-2 min of broken push: keep retries short
MAX_CAMERA_INDEX = 63  # OpenCV's V4L2, DirectShow and AVFoundation indices are small numbers
CARD_PERIOD_S = 0.5  # republish the reconnecting card twice a second so the stream shows it


def parse_camera_spec(spec: str) -> int | str:
    """'camera:0' -> 0; 'camera:rtsp://host/x' -> 'rtsp://host/x'; anything else -> SourceError."""
    _, arg = split_spec(spec)
    arg = arg.strip()
    if not arg:
        raise SourceError(
            f"{spec!r}: say which camera, e.g. camera:0 (first local camera) or "
            "camera:rtsp://192.168.1.20:8554/live (phone or IP camera)",
            "missing_arg",
        )
    if arg.isdigit():
        index = int(arg) if arg.isascii() and len(arg) <= 3 else MAX_CAMERA_INDEX + 1
        if index > MAX_CAMERA_INDEX:
            raise SourceError(
                f"camera:{arg[:12]}: a local camera's number is 0 to {MAX_CAMERA_INDEX} "
                "(studio doctor lists the cameras found)",
                "bad_index",
            )
        return index
    try:
        parts = urlsplit(arg)
        usable = parts.scheme.lower() in URL_SCHEMES and bool(parts.hostname)
    except ValueError:  # an unbalanced [ in the host
        usable = False
    if not usable:
        shown = "camera:" + camera_url.masked(arg)  # the message must not carry a password
        raise SourceError(
            f"{shown!r}: a camera is a local index (camera:0) or a URL starting with "
            + ", ".join(f"{s}://" for s in URL_SCHEMES)
        )
    return arg


def redact_url(url: str) -> str:
    """Hide a password ('rtsp://user:pass@host/...') and query values ('?pwd=...') so they never
    show in the UI or logs."""
    return camera_url.masked(url)


class CameraSource(ThreadedVideoSource):
    """Frames from a local camera or a network stream, published as captured (BGR, native size).

    `state` is "connecting" until the first attempt ends, then "live" or "reconnecting". While not
    live the source publishes a dark card of `size` saying so (twice a second), and `notice` holds
    a user-facing message once an attempt has failed.
    """

    kind = "camera"
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "arg",
            QT_TRANSLATE_NOOP("SourceSettings", "Device"),
            "text",
            "0",
            placeholder=QT_TRANSLATE_NOOP(
                "SourceSettings", "0 (first camera) or rtsp://192.168.1.20:8554/live"
            ),
        ),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,  # no settings beyond "arg": nothing to use
    ) -> None:
        super().__init__(spec, clock)
        self.target = parse_camera_spec(spec)
        self.size = size
        self.fps = fps
        self.state = "connecting"
        self.attempts = 0  # failed attempts since the camera was last live
        # The card ticker and the capture loop both publish; the lock keeps seq numbers unique and
        # stops a late card from covering a fresh camera frame.
        self._publish_lock = threading.Lock()

    @property
    def label(self) -> str:
        if isinstance(self.target, int):
            return f"Camera {self.target}"
        return redact_url(self.target)

    # -- thread bodies --------------------------------------------------------------------------

    def _run(self) -> None:
        # Opening a network camera blocks for up to OPEN_TIMEOUT_MS; a second small thread keeps
        # the reconnecting card fresh meanwhile.
        ticker = threading.Thread(target=self._card_loop, name=f"card:{self.label}", daemon=True)
        ticker.start()
        try:
            self.capture_loop()
        finally:
            self._stop.set()  # ends the ticker even if the loop died
            ticker.join(timeout=2)

    def _card_loop(self) -> None:
        while not self.wait(CARD_PERIOD_S):
            with self._publish_lock:
                if self.state != "live":
                    self.publish(self._card())

    def capture_loop(self) -> None:
        delay = RETRY_FIRST_S
        while not self.stopping:
            try:
                went_live = self._capture_once()
            except Exception as exc:  # a backend error must not kill the source: retry
                went_live = False
                reason = f"{type(exc).__name__}: {exc}"
            else:
                reason = "signal lost" if went_live else "cannot open"
            if self.stopping:
                break
            if went_live:
                delay = RETRY_FIRST_S  # it worked a moment ago: retry quickly
            self.attempts += 1
            with self._publish_lock:
                self.state = "reconnecting"
                self.notice = f"{self.label}: {reason}, reconnecting (attempt {self.attempts})"
                self.publish(self._card())
            if self.wait(delay):
                break
            delay = min(delay * 2, RETRY_MAX_S)

    def _capture_once(self) -> bool:
        """Open the camera and publish frames until a read fails; True if any frame came."""
        cap = self._open()
        live = False
        try:
            while not self.stopping and cap.isOpened():
                ok, image = cap.read()
                if not ok or image is None:
                    break
                t = self.clock.now()
                with self._publish_lock:
                    if not live:
                        live = True
                        self.state = "live"
                        self.notice = None
                        self.attempts = 0
                    self.publish(image, t)
        finally:
            cap.release()
        return live

    def _open(self) -> cv2.VideoCapture:
        if isinstance(self.target, int):
            # No timeout params here: V4L2 and others ignore them, and OpenCV refuses to open at
            # all when a backend leaves a parameter unused. A missing local camera fails at once.
            return cv2.VideoCapture(self.target)
        # No OPENCV_FFMPEG_CAPTURE_OPTIONS: when it is unset OpenCV already asks FFmpeg for
        # rtsp_flags=prefer_tcp (RTP over TCP, what phones and Wi-Fi need); setting it would
        # replace that default, and it is process-wide (racy across camera threads).
        params = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            OPEN_TIMEOUT_MS,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            READ_TIMEOUT_MS,
        ]
        return cv2.VideoCapture(self.target, cv2.CAP_FFMPEG, params)

    # -- the reconnecting card ------------------------------------------------------------------

    def _card(self) -> np.ndarray:
        """The camera's own picture while it is not live, in the studio's language; it is this
        layer's frame, so overlays above the camera stay on top of it."""
        return reconnecting_card(
            self.size,
            connecting=self.state == "connecting",
            camera=self.target,
            label=self.label,
            attempts=self.attempts,
            clock=time.strftime("%H:%M:%S"),
            language=picture_language.current(),
        )


# The card's words, by the studio's language (headless: no Qt translator here).
CARD_WORDS = {
    "zh": {
        "connecting": "摄像头连接中…",
        "reconnecting": "摄像头重新连接中…",
        "camera": "摄像头 {n}",
        "attempt": "第 {n} 次尝试 · {clock}",
    },
    "en": {
        "connecting": "Camera connecting…",
        "reconnecting": "Camera reconnecting…",
        "camera": "Camera {n}",
        "attempt": "attempt {n} · {clock}",
    },
}


def reconnecting_card(
    size: tuple[int, int],
    *,
    connecting: bool,
    camera: int | str,
    label: str,
    attempts: int,
    clock: str,
    language: str,
) -> np.ndarray:
    """A dark BGR picture of `size` saying the camera is (re)connecting, which camera and which
    attempt, in `language` ("zh" or "en"), drawn with the studio's font (Chinese included)."""
    from PIL import Image, ImageDraw

    from studio.typesetting import ellipsize, typeface

    words = CARD_WORDS.get(language, CARD_WORDS["en"])
    w, h = size
    image = Image.new("RGB", (w, h), (24, 24, 24))
    draw = ImageDraw.Draw(image)
    unit = max(10.0, min(w, h) / 480 * 16)
    name = words["camera"].format(n=camera) if isinstance(camera, int) else label
    lines = [
        (words["connecting" if connecting else "reconnecting"], unit * 2.0, (255, 255, 255)),
        (name, unit * 1.1, (190, 190, 190)),
        (words["attempt"].format(n=attempts, clock=clock), unit * 1.1, (190, 190, 190)),
    ]
    y = h / 2 - unit * 3
    for text, px, colour in lines:
        typ = typeface(px, bold=colour[0] == 255)
        shown = ellipsize(text, typ, w - 2 * unit)
        draw.text(
            (w / 2, typ.baseline(y, px * 1.4)), shown, font=typ.font, fill=colour, anchor="ms"
        )
        y += px * 1.4 + unit * 0.6
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
