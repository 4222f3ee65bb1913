"""Cutting one clip out of a recording into an H.264 + AAC MP4 with its index up front
(faststart: phones start playing before the whole file has arrived, and the platforms' upload
pages take it).

Three ways, chosen per clip. When a keyframe lies within TOLERANCE_S of the clip's start, the
recording's own packets are copied from that keyframe to the clip's end: no quality lost and
almost no time spent; the end can be cut at any frame because the studio's recordings have no
B-frames (each picture refers only to earlier ones). Otherwise the head, from the exact start to
the next keyframe, is re-encoded and the rest copied (studio.clips.splice). Only when that
cannot be done (another codec, B-frames, no keyframe after the start) or something is drawn on
every picture (--card) is the whole clip re-encoded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av

from studio.broadcast.recorder import DISK_FULL
from studio.clips.errors import ClipsError, DiskFull
from studio.clips.media import (
    AUDIO_RATE,
    ENCODE_CRF,
    ENCODE_PRESET,
    GOP_S,
    MP4_OPTIONS,
    CancelFlag,
    Cut,
    Mode,
    Overlay,
    check,
    rebase,
)
from studio.clips.recording import Recording
from studio.clips.splice import can_splice, splice

TOLERANCE_S = 0.5  # a clip starts and ends this close to the explanation


def partial_file(out: Path) -> Path:
    """Where a clip is written until it is whole: '3 Silk scarf.part.mp4'."""
    return out.with_name(out.stem + ".part" + out.suffix)


def choose_mode(
    rec: Recording,
    start_s: float,
    end_s: float,
    overlay: Overlay | None = None,
    splice_ok: bool = True,
) -> Mode:
    """Copy when that is exact enough and the recording's streams can go into an MP4 as they
    are; else re-encode the head up to the next keyframe and copy the rest (splice); re-encode
    it all when neither can be done, when the merchant asked for no splice (a platform or
    player that refuses two parameter sets in one track), and always when something is drawn
    over the picture."""
    can_copy = (
        overlay is None
        and rec.packets_fit_mp4
        and rec.keyframe_near(start_s, TOLERANCE_S) is not None
    )
    if can_copy:
        return "copy"
    if splice_ok and overlay is None and can_splice(rec, start_s, end_s):
        return "splice"
    return "encode"


def cut_clip(
    rec: Recording,
    start_s: float,
    end_s: float,
    out: Path,
    progress: Callable[[float], None] | None = None,
    cancel: CancelFlag | None = None,
    overlay: Overlay | None = None,
    splice_ok: bool = True,
) -> Cut:
    """Write the clip from start_s to end_s (seconds from the recording's start) to `out`,
    whole or not at all: it is written beside under a temporary name and renamed when done.
    DiskFull or Cancelled leave nothing behind."""
    part = partial_file(out)
    mode = choose_mode(rec, start_s, end_s, overlay, splice_ok)
    try:
        cut = None
        if mode == "copy":
            k = rec.keyframe_near(start_s, TOLERANCE_S)
            assert k is not None
            cut = _copy(rec, k, end_s, part, progress, cancel)
        elif mode == "splice":
            cut = _splice(rec, start_s, end_s, part, progress, cancel)
        if cut is None:
            cut = _encode(rec, start_s, end_s, part, progress, cancel, overlay)
        os.replace(part, out)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError | av.FFmpegError) and _errno(exc) in DISK_FULL:
            raise DiskFull(f"the disk is full: {out.name} was not written") from None
        if isinstance(exc, OSError | av.FFmpegError) and not isinstance(exc, ClipsError):
            raise ClipsError(f"cannot write {out}: {_reason(exc)}") from None
        raise
    return cut


def _splice(
    rec: Recording,
    start_s: float,
    end_s: float,
    out: Path,
    progress: Callable[[float], None] | None,
    cancel: CancelFlag | None,
) -> Cut | None:
    """studio.clips.splice; None, and nothing left in `out`, when this recording cannot be
    spliced (re-encoded instead)."""
    try:
        cut = splice(rec, start_s, end_s, out, progress, cancel)
    except ValueError:  # no picture before the keyframe, no parameter sets from x264
        cut = None
    if cut is None:  # refused half way (the keyframe is no IDR): the head already written
        out.unlink(missing_ok=True)
    return cut


def _errno(exc: BaseException) -> int | None:
    return getattr(exc, "errno", None)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _copy(
    rec: Recording,
    first_s: float,
    end_s: float,
    out: Path,
    progress: Callable[[float], None] | None,
    cancel: CancelFlag | None,
) -> Cut:
    """The recording's packets from keyframe first_s up to end_s, timestamps from zero."""
    frames = 0
    with av.open(str(rec.path)) as src:
        vin = src.streams.video[0]
        ain = src.streams.audio[0] if src.streams.audio else None
        with av.open(str(out), "w", format="mp4", options=MP4_OPTIONS) as dst:
            vout = dst.add_stream_from_template(vin)
            aout = dst.add_stream_from_template(ain) if ain is not None else None
            zero = rec.zero_s + first_s
            src.seek(round(zero / vin.time_base), stream=vin)
            streams = [s for s in (vin, ain) if s is not None]
            video_done = False
            for packet in src.demux(*streams):
                check(cancel)
                if packet.pts is None or packet.size == 0:
                    continue
                t = float(packet.pts * packet.time_base) - rec.zero_s
                if packet.stream is vin:
                    if t < first_s - 1e-3:
                        continue
                    if t >= end_s - 1e-3:
                        video_done = True
                        continue
                    frames += 1
                    if progress is not None and frames % 30 == 0:
                        progress(min(1.0, (t - first_s) / max(end_s - first_s, 1e-3)))
                    rebase(packet, zero, vout)
                else:
                    if t < first_s or t >= end_s:
                        if video_done and t >= end_s:
                            break
                        continue
                    rebase(packet, zero, aout)
                dst.mux(packet)
    if frames == 0:
        raise ClipsError(f"{rec.path.name} has no picture from {first_s:.2f} s")
    return Cut("copy", first_s, frames)


def _encode(
    rec: Recording,
    start_s: float,
    end_s: float,
    out: Path,
    progress: Callable[[float], None] | None,
    cancel: CancelFlag | None,
    overlay: Overlay | None,
) -> Cut:
    """Decode from the keyframe before start_s, encode the frames from start_s to end_s; the
    sound is copied (AAC) or encoded to AAC, from the clip's first picture."""
    fps = Fraction(rec.fps).limit_denominator(1001)
    frames = 0
    first: float | None = None
    waiting_audio: list[av.Packet] = []
    with av.open(str(rec.path)) as src:
        vin = src.streams.video[0]
        vin.thread_type = "AUTO"
        ain = src.streams.audio[0] if src.streams.audio else None
        with av.open(str(out), "w", format="mp4", options=MP4_OPTIONS) as dst:
            vout = dst.add_stream("libx264", rate=fps)
            vout.width, vout.height = rec.width, rec.height
            vout.pix_fmt = "yuv420p"
            vout.codec_context.time_base = 1 / fps
            vout.options = {
                "preset": ENCODE_PRESET,
                "crf": ENCODE_CRF,
                "profile": "high",
                "x264-params": f"keyint={round(fps * GOP_S)}",
            }
            audio = _AudioOut(dst, ain) if ain is not None else None
            src.seek(round((rec.zero_s + start_s) / vin.time_base), stream=vin)
            streams = [s for s in (vin, ain) if s is not None]
            video_done = False
            audio_done = audio is None
            for packet in src.demux(*streams):
                check(cancel)
                if packet.stream is not vin:
                    if audio is not None and packet.pts is not None and not audio_done:
                        waiting_audio.append(packet)
                        if first is not None:
                            audio_done = audio.take(
                                waiting_audio, rec.zero_s + first, end_s - first
                            )
                            waiting_audio = []
                    if video_done and audio_done:
                        break
                    continue
                if video_done:
                    continue
                for frame in packet.decode():
                    t = float(frame.pts * vin.time_base) - rec.zero_s
                    if t >= end_s - 1e-3:
                        video_done = True
                        break
                    if t < start_s - 0.5 / rec.fps:
                        continue
                    if first is None:
                        first = t
                    picture = frame
                    if overlay is not None:
                        image = overlay(frame.to_ndarray(format="bgr24"), t - start_s)
                        picture = av.VideoFrame.from_ndarray(image, format="bgr24")
                    picture.pts = frames
                    picture.time_base = vout.codec_context.time_base
                    picture.pict_type = av.video.frame.PictureType.NONE
                    for p in vout.encode(picture.reformat(format="yuv420p")):
                        dst.mux(p)
                    frames += 1
                    if progress is not None and frames % 30 == 0:
                        progress(min(1.0, (t - start_s) / max(end_s - start_s, 1e-3)))
            for p in vout.encode(None):
                dst.mux(p)
            if audio is not None and first is not None:
                audio.take(waiting_audio, rec.zero_s + first, end_s - first)
                audio.flush()
    if first is None:
        raise ClipsError(f"{rec.path.name} has no picture from {start_s:.2f} s")
    return Cut("encode", first, frames)


class _AudioOut:
    """The clip's sound: AAC packets copied as they are, anything else encoded to AAC."""

    def __init__(self, dst: av.container.OutputContainer, ain: av.AudioStream) -> None:
        self.copy = ain.codec_context.name == "aac"
        if self.copy:
            self.stream = dst.add_stream_from_template(ain)
        else:
            self.stream = dst.add_stream("aac", rate=AUDIO_RATE)
            self.stream.codec_context.layout = "stereo"
            self.resampler = av.AudioResampler("fltp", "stereo", AUDIO_RATE, frame_size=1024)
        self.dst = dst
        self.samples = 0

    def take(self, packets: list[av.Packet], zero: float, until: float) -> bool:
        """Mux the packets from `zero` (file time) on, shifted to start there; True once one
        reaches `until` (clip time): the sound is complete."""
        for packet in packets:
            t = float(packet.pts * packet.time_base) - zero
            if t < -1e-3:
                continue
            if t >= until:
                return True
            if self.copy:
                rebase(packet, zero, self.stream)
                self.dst.mux(packet)
                continue
            for frame in packet.decode():
                for chunk in self.resampler.resample(frame):
                    self._encode(chunk)
        return False

    def _encode(self, chunk: av.AudioFrame | None) -> None:
        if chunk is not None:
            chunk.pts = self.samples
            self.samples += chunk.samples
        for p in self.stream.encode(chunk):
            self.dst.mux(p)

    def flush(self) -> None:
        if not self.copy:
            for chunk in self.resampler.resample(None):
                self._encode(chunk)
            self._encode(None)
