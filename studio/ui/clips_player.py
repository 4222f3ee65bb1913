"""Playing a clip's picture in the clips window (no sound: the window has no multimedia module).

A worker thread decodes the stretch of the file, scales each picture down to the preview's size
in FFmpeg (no full-size copy reaches Python) and hands it over paced at the clip's own rate,
dropping pictures when the machine is behind rather than falling behind the clock. The
recording is played from the clip's start to its end before it is exported; the exported file
once it exists."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import av
import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)


class ClipPlayer(QObject):
    picture = Signal(QImage)  # emitted on the decoding thread, delivered on the window's
    ended = Signal(str)  # "" at the end of the clip or when stopped; else what went wrong

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.frames_shown = 0  # of the last play, for the tests

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def play(self, path: Path, start_s: float, end_s: float, size: tuple[int, int]) -> None:
        """Play `path` from start_s to end_s (seconds from its first picture), each picture
        fitted into `size` (width, height)."""
        self.stop()
        self._stop = threading.Event()
        self.frames_shown = 0
        self._thread = threading.Thread(
            target=self._run,
            args=(path, start_s, end_s, size, self._stop),
            name="clip-player",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
        self._thread = None

    def _run(
        self,
        path: Path,
        start_s: float,
        end_s: float,
        size: tuple[int, int],
        stop: threading.Event,
    ) -> None:
        problem = ""
        try:
            self._decode(path, start_s, end_s, size, stop)
        except Exception as exc:  # a file that does not decode: said, never a dead thread
            log.warning("clips: cannot play %s: %s", path, exc)
            problem = str(exc) or type(exc).__name__
        try:
            self.ended.emit(problem)
        except RuntimeError:  # the window is gone
            pass

    def _decode(
        self,
        path: Path,
        start_s: float,
        end_s: float,
        size: tuple[int, int],
        stop: threading.Event,
    ) -> None:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            base = stream.time_base
            zero = None
            for packet in container.demux(stream):  # the file's first picture: its zero
                if packet.pts is not None:
                    zero = float(packet.pts * base)
                    break
            zero = zero or 0.0
            container.seek(round((zero + start_s) / base), stream=stream)
            w, h = _fit(stream.codec_context.width, stream.codec_context.height, size)
            began = time.monotonic()
            for frame in container.decode(stream):
                if stop.is_set() or frame.pts is None:
                    return
                t = float(frame.pts * base) - zero
                if t < start_s - 0.001:
                    continue  # from the keyframe before the start: decoded, not shown
                if t >= end_s:
                    return
                due = began + (t - start_s)
                late = time.monotonic() - due
                if late > 0.1:
                    continue  # behind: skip this picture, keep to the clock
                if late < 0 and stop.wait(-late):
                    return
                # rows padded by FFmpeg: made contiguous for QImage
                rgb = np.ascontiguousarray(
                    frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
                )
                image = QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()
                self.frames_shown += 1
                try:
                    self.picture.emit(image)
                except RuntimeError:  # the window is gone
                    return


def _fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The largest even size of width x height's aspect within box."""
    scale = min(box[0] / max(1, width), box[1] / max(1, height), 1.0)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)
