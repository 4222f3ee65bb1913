"""What a recording holds, found by reading it rather than trusting its header: the picture's
size and rate, where its keyframes are, and its last playable second (a recording cut short by a
crash or a full disk claims no duration, or a wrong one; its last packets may be torn)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from studio.clips.errors import ClipsError


@dataclass(frozen=True)
class Recording:
    path: Path
    width: int
    height: int
    fps: float
    video_codec: str
    audio_codec: str | None  # None: no sound track
    keyframes: tuple[float, ...]  # seconds from the recording's start, in order
    last_s: float  # the end of the last frame that decodes, seconds from the start
    zero_s: float  # the first picture's time in the file: the recording's start
    b_frames: bool  # pictures stored out of order (a cut must then re-encode)
    claimed_s: float | None  # the duration the container says, if any

    @property
    def packets_fit_mp4(self) -> bool:
        """Its packets can go into a clip's MP4 as they are (copied, or spliced after a head):
        H.264 in order, and AAC or no sound."""
        return (
            self.video_codec == "h264" and not self.b_frames and self.audio_codec in (None, "aac")
        )

    def picture_at(self, t: float) -> np.ndarray | None:
        """The picture shown `t` seconds in (BGR): one seek, then the frames from the keyframe
        before it decoded; None when none decodes."""
        try:
            with av.open(str(self.path)) as container:
                stream = container.streams.video[0]
                at = self.zero_s + t
                container.seek(round(at / stream.time_base), stream=stream)
                found = None
                for frame in container.decode(stream):
                    found = frame
                    if frame.pts is not None and float(frame.pts * stream.time_base) >= at:
                        break
                return None if found is None else found.to_ndarray(format="bgr24")
        except (av.FFmpegError, OSError):
            return None

    def keyframe_near(self, t: float, within: float) -> float | None:
        """The keyframe nearest to `t`, if one is `within` seconds of it."""
        best = min(self.keyframes, key=lambda k: abs(k - t), default=None)
        return best if best is not None and abs(best - t) <= within else None


def read_recording(path: Path) -> Recording:
    """Demux the whole video track (packets only: fast, no decoding), then decode its last
    stretch, from the last keyframe, to find the last frame that really plays."""
    try:
        container = av.open(str(path))
    except FileNotFoundError:
        raise ClipsError(f"no such recording: {path}") from None
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise ClipsError(f"{path} cannot be read as a video: {exc}") from None
    try:
        if not container.streams.video:
            raise ClipsError(f"{path} has no picture: not a recording")
        stream = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        times, keyframes, b_frames = _demux(container, stream)
        if not times:
            raise ClipsError(f"{path} holds no pictures: the recording is empty or broken")
        zero = min(times)
        rate = stream.average_rate or stream.guessed_rate
        fps = float(rate) if rate else 30.0
        claimed = None if container.duration is None else container.duration / av.time_base
        info = Recording(
            path,
            stream.codec_context.width,
            stream.codec_context.height,
            fps,
            stream.codec_context.name,
            audio.codec_context.name if audio is not None else None,
            tuple(k - zero for k in keyframes),
            0.0,
            zero,
            b_frames,
            claimed,
        )
    finally:
        container.close()
    last = _last_playable(path, info)
    return Recording(**{**info.__dict__, "last_s": last})


def _demux(
    container: av.container.InputContainer, stream: av.VideoStream
) -> tuple[list[float], list[float], bool]:
    times: list[float] = []
    keyframes: list[float] = []
    b_frames = False
    base = stream.time_base
    try:
        for packet in container.demux(stream):
            if packet.pts is None or packet.size == 0:
                continue
            t = float(packet.pts * base)
            if packet.dts is not None and packet.dts != packet.pts:
                b_frames = True
            times.append(t)
            if packet.is_keyframe:
                keyframes.append(t)
    except (av.FFmpegError, OSError):
        pass  # torn at the end: what came before is the recording
    return times, keyframes, b_frames


def _last_playable(path: Path, info: Recording) -> float:
    """The end of the last frame that decodes, from the last keyframe on."""
    frame_s = 1.0 / info.fps
    start = info.keyframes[-1] if info.keyframes else 0.0
    last: float | None = None
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            container.seek(round((start + info.zero_s) / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if frame.pts is not None:
                    last = float(frame.pts * stream.time_base) - info.zero_s
    except (av.FFmpegError, OSError):
        pass  # a torn packet at the end: the frames before it play
    if last is None:
        raise ClipsError(f"{info.path} has no picture that plays: the recording is broken")
    return last + frame_s
