"""A video file played in real time and looped forever (`file:PATH`), e.g. a product clip.

Video only: the file's audio track is ignored (the mixer takes audio from microphones).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import av

from studio.capture.base import SourceError, ThreadedVideoSource, path_from_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock

RESYNC_AFTER_S = 0.5  # decoding fell this far behind (slow machine, suspend): restart the pacing
RETRY_S = 1.0  # wait before reopening a file that broke while playing


def _open_video(path: Path) -> tuple[av.container.InputContainer, av.VideoStream]:
    """Open the file and its first video stream; SourceError with a readable message otherwise."""
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise SourceError(
            f"cannot read video file {path}: {exc}", "unreadable", str(path)
        ) from None
    if not container.streams.video:
        container.close()
        raise SourceError(f"{path} has no video track", "not_media", str(path))
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"  # frame + slice threads: decoding big files keeps up in real time
    return container, stream


class VideoFileSource(ThreadedVideoSource):
    """Decodes `file:PATH` with PyAV and publishes BGR frames at the file's own frame rate, looping
    at the end. The file's audio is ignored."""

    kind = "file"
    # No "loop" setting: the file always loops (a product clip plays all show long).
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "arg",
            QT_TRANSLATE_NOOP("SourceSettings", "File"),
            "file",
            "",
            file_filter=QT_TRANSLATE_NOOP(
                "SourceSettings", "Videos (*.mp4 *.mov *.mkv *.webm *.avi *.flv)"
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
        self.path = path_from_spec(spec, "video file", "file:clips/demo.mp4")
        # Open once now so a broken file is reported when the source is added, not in a thread.
        container, stream = _open_video(self.path)
        try:
            rate = stream.average_rate or stream.guessed_rate
            self.fps = float(rate) if rate else float(fps)
            self.frame_size = (stream.codec_context.width, stream.codec_context.height)
            try:
                next(container.decode(stream))
            except StopIteration:
                raise SourceError(f"{self.path} has no video frames") from None
            except av.FFmpegError as exc:
                raise SourceError(f"cannot decode video file {self.path}: {exc}") from None
        finally:
            container.close()

    @property
    def label(self) -> str:
        return self.path.name

    def capture_loop(self) -> None:
        period = 1.0 / self.fps
        origin = time.monotonic()  # wall time at which the current loop's first frame is due
        while not self.stopping:
            try:
                origin = self._play_once(origin, period)
            except (av.FFmpegError, SourceError, OSError) as exc:
                # The file changed or vanished while playing: keep the last frame, say so, retry.
                self.notice = f"{self.path.name}: {exc}"
                if self.wait(RETRY_S):
                    break
                origin = time.monotonic()
                continue
            self.notice = None

    def _play_once(self, origin: float, period: float) -> float:
        """Play the file from the start, its first frame due at `origin` (monotonic); returns when
        the next loop's first frame is due: one frame after the last, so the loop keeps rhythm."""
        container, stream = _open_video(self.path)
        start_pts: float | None = None
        offset = 0.0
        frames = 0
        try:
            for n, frame in enumerate(container.decode(stream)):
                if self.stopping:
                    break
                # Frame times drive the pacing (variable frame rate files); count frames when a
                # file carries no timestamps.
                t = frame.time
                if t is None:
                    offset = n * period
                else:
                    start_pts = t if start_pts is None else start_pts
                    offset = max(0.0, t - start_pts)
                # I420 (most files) is published as decoded: converted to BGR only when
                # someone looks (the encoder takes it as it is).
                even = not (frame.width % 2 or frame.height % 2)
                as_decoded = frame.format.name == "yuv420p" and even
                image = None if as_decoded else frame.to_ndarray(format="bgr24")
                delay = origin + offset - time.monotonic()
                if delay < -RESYNC_AFTER_S:  # fell far behind: play on from here, do not race
                    origin -= delay
                    delay = 0.0
                if self.wait(max(0.0, delay)):
                    break
                self.publish(image, decoded=frame if as_decoded else None)
                frames += 1
        finally:
            container.close()
        if frames == 0 and not self.stopping:  # emptied since it was checked: do not spin
            raise SourceError("no video frames")
        return origin + offset + period
