"""The local recording: muxes the shared encode into MKV (default) or MP4, on its own thread.

Both survive a crash or power cut playable up to about the last second: the MKV in short
clusters, the MP4 fragmented (an empty index up front, then a self-describing fragment every
second at most), each written to disk as it closes. A plain MP4 keeps its only index in memory
until close, so a killed one does not play at all.

A stopped MP4 stays fragmented (with the random-access index FFmpeg appends at close) rather
than being rewritten as a "faststart" file: the rewrite copies the whole recording (minutes for
hours of show, twice the disk space, a full disk being one of the faults we handle) while the
window waits, and a crash during it could spoil the file. Fragmented MP4 plays and seeks in
ffmpeg/ffprobe, VLC, mpv, browsers, QuickTime and the platforms' upload pages.
"""

from __future__ import annotations

import errno
import logging
import os
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from studio.broadcast.encoder import Encoder
from studio.broadcast.output import Output, OutputContext, OutputError, OutputStats
from studio.broadcast.packets import EncodedPacket, KeyframeGate
from studio.clock import MediaClock
from studio.stats import Timings

log = logging.getLogger(__name__)
FORMATS = {".mkv": "matroska", ".mp4": "mp4"}
CHECK_SECONDS = 1.0  # how often the recorder looks whether its file is still there
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
CRASH_SAFE_OPTIONS = {
    # Clusters of at most a second, flushed to the file as they close.
    "matroska": {"cluster_time_limit": "1000", "flush_packets": "1"},
    # A fragment at each keyframe and at least every second (1 000 000 us; keyframes come every
    # 2 s), each flushed as it closes; the fragments' offsets relative to themselves
    # (default_base_moof), as players expect of fragmented MP4.
    "mp4": {
        "movflags": "frag_keyframe+empty_moov+default_base_moof",
        "frag_duration": "1000000",
        "flush_packets": "1",
    },
}


class RecorderError(OutputError):
    """The recording cannot be started. The text is user-facing."""


@dataclass
class RecordingStats(OutputStats):
    reason: str | None  # why it failed: "disk_full", "gone", "write"; None while it has not
    size_bytes: int
    seconds: float  # length recorded so far
    video_frames: int


def check_recording_path(path: Path) -> None:
    """Fail early with a readable reason (before going live) when the path cannot be written."""
    if path.suffix.lower() not in FORMATS:
        raise RecorderError(f"recording {path}: use a .mkv or .mp4 file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RecorderError(f"cannot record to {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise RecorderError(f"cannot record to {path}: permission denied")


class Recorder(Output):
    """The "recording" output. Settings: {"path": the .mkv or .mp4 file}."""

    def __init__(
        self,
        path: Path,
        encoder: Encoder,
        clock: MediaClock | None = None,
        timings: Timings | None = None,
    ) -> None:
        check_recording_path(path)
        self._clock = clock
        self._timings = timings
        self.path = path
        self._encoder = encoder
        self._queue: queue.SimpleQueue[EncodedPacket | None] = queue.SimpleQueue()
        self._gate = KeyframeGate()
        self._thread: threading.Thread | None = None
        self.state = "idle"  # idle | recording | stopped | failed
        self.error: str | None = None
        # Why it failed: "disk_full", "gone" (the file or its folder was removed, the disk
        # unplugged) or "write" (any other error); None while it has not.
        self.reason: str | None = None
        self._inode: tuple[int, int] | None = None
        self._closed = False
        self.video_frames = 0
        self.audio_packets = 0
        self.last_video_seconds = 0.0  # length recorded so far (the recording time shown)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], context: OutputContext) -> Recorder:
        path = settings.get("path")
        if not isinstance(path, str | Path) or not str(path):
            raise RecorderError("a recording needs a file path (.mkv or .mp4)")
        return cls(Path(path), context.encoder, context.clock, context.timings)

    @property
    def name(self) -> str:
        return self.path.name

    def stats(self) -> RecordingStats:
        return RecordingStats(
            self.name,
            self.state,
            self.error,
            self.reason,
            self.size_bytes,
            self.last_video_seconds,
            self.video_frames,
        )

    def start(self) -> None:
        fmt = FORMATS[self.path.suffix.lower()]
        options = CRASH_SAFE_OPTIONS[fmt]
        try:
            self._container = av.open(str(self.path), "w", format=fmt, options=options)
            self._video, self._audio = self._encoder.add_streams_to(self._container)
            self._container.start_encoding()  # opens the file now: fail before going live
            st = self.path.stat()
            self._inode = (st.st_dev, st.st_ino)
        except OSError as exc:
            raise RecorderError(
                f"cannot record to {self.path}: {exc.strerror or type(exc).__name__}"
            ) from exc
        self.state = "recording"
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def put(self, packet: EncodedPacket) -> None:
        if self.state == "recording":
            self._queue.put(packet)

    def stop(self) -> None:
        """Write everything queued, close the file (the last fragment or cluster), wait for it."""
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join()
        self._thread = None

    @property
    def size_bytes(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def _still_there(self) -> bool:
        """The file is where it was opened: deleting the folder (or a lazy unmount) does not
        make writes fail on Linux, they go to a file nobody can open any more."""
        try:
            st = self.path.stat()
        except OSError:
            return False
        return self._inode is None or (st.st_dev, st.st_ino) == self._inode

    def _run(self) -> None:
        next_check = time.monotonic() + CHECK_SECONDS
        while True:
            packet = self._queue.get()
            if packet is None:
                break
            if self.state != "recording":
                continue  # failed: drain and drop, streaming goes on
            if time.monotonic() >= next_check:
                next_check = time.monotonic() + CHECK_SECONDS
                if not self._still_there():
                    self._fail(FileNotFoundError(errno.ENOENT, "gone"))
                    continue
            rebased = self._gate.admit(packet)
            if rebased is None:
                continue
            stream = self._video if rebased.kind == "video" else self._audio
            try:
                self._container.mux(rebased.to_av(stream))
            except (OSError, av.FFmpegError) as exc:
                self._fail(exc)
                continue
            if rebased.kind == "video":
                if self._clock and self._timings:
                    latency = self._clock.now() - rebased.media_time
                    self._timings.add("capture_to_mux", latency * 1000)
                self.video_frames += 1
                self.last_video_seconds = rebased.seconds
            else:
                self.audio_packets += 1
        self._close()
        if self.state == "recording":
            self.state = "stopped"

    def _close(self) -> None:
        """Close the file once: after a failure too, so what was written stays playable and the
        disk (a USB stick) is let go of at once, not when the recording is stopped."""
        if self._closed:
            return
        self._closed = True
        try:
            self._container.close()
        except (OSError, av.FFmpegError) as exc:
            if self.state == "recording":
                self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        code = getattr(exc, "errno", None)
        if code in DISK_FULL:
            self.reason, text = "disk_full", "the disk is full"
        elif code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ESTALE):
            self.reason = "gone"
            text = "the file or its folder is gone (deleted, or the disk was removed)"
        else:
            self.reason = "write"
            text = getattr(exc, "strerror", None) or str(exc)
        self.error = f"recording stopped: {text} ({self.path})"
        self.state = "failed"
        log.warning(self.error)
        self._close()
