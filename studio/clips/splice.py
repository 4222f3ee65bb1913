"""A clip whose start is far from a keyframe, cut exactly at little cost: the head, from the
explanation's start up to the recording's next keyframe (at most one keyframe interval, 2 s in
the studio's recordings), is re-encoded; from that keyframe on, the recording's own packets are
copied. The head's encoder numbers its parameter sets apart from the recording's and the clip's
avcC carries both (studio.clips.h264); the recording's keyframe is an IDR, so the decoder starts
afresh there. The sound is the recording's AAC from the clip's first picture."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av

from studio.clips import h264
from studio.clips.media import (
    ENCODE_CRF,
    ENCODE_PRESET,
    MP4_OPTIONS,
    CancelFlag,
    Cut,
    check,
    rebase,
)
from studio.clips.recording import Recording

PROFILES = {66: "baseline", 77: "main"}  # the recording's profile_idc -> x264's; else high


def next_keyframe(rec: Recording, start_s: float, end_s: float) -> float | None:
    """The recording's first keyframe after start_s, when the clip goes on past it."""
    frame = 1.0 / rec.fps
    return next((k for k in rec.keyframes if start_s + frame / 2 < k < end_s - frame), None)


def can_splice(rec: Recording, start_s: float, end_s: float) -> bool:
    return rec.packets_fit_mp4 and next_keyframe(rec, start_s, end_s) is not None


def splice(
    rec: Recording,
    start_s: float,
    end_s: float,
    out: Path,
    progress: Callable[[float], None] | None,
    cancel: CancelFlag | None,
) -> Cut | None:
    """Write the spliced clip to `out`; None when the recording's H.264 description cannot
    take a second set of parameters, or its keyframe is no IDR: the caller removes what `out`
    may hold and re-encodes instead."""
    k = next_keyframe(rec, start_s, end_s)
    if k is None:
        return None
    with av.open(str(rec.path)) as src:
        vin = src.streams.video[0]
        config = h264.read_avcc(bytes(vin.codec_context.extradata or b""))
        free = None if config is None else h264.free_id(config)
        if config is None or free is None or config.length_size != 4:
            return None  # the head's samples carry 4-byte lengths, as x264's and FFmpeg's do
        ain = src.streams.audio[0] if src.streams.audio else None
        head = _Head(rec, config, free, start_s)
        tb = vin.time_base
        src.seek(round((rec.zero_s + start_s) / tb), stream=vin)  # the keyframe before
        with av.open(str(out), "w", format="mp4", options=MP4_OPTIONS) as dst:
            vout = dst.add_stream_from_template(vin)
            aout = dst.add_stream_from_template(ain) if ain is not None else None
            waiting: list[av.Packet] = []  # the sound, until the head's description is known
            zero: float | None = None  # file time of the clip's first picture
            copied = 0
            video_done = False
            for packet in src.demux(*[s for s in (vin, ain) if s is not None]):
                check(cancel)
                if packet.pts is None or packet.size == 0:
                    continue
                t = float(packet.pts * packet.time_base) - rec.zero_s
                if packet.stream is not vin:
                    if t < start_s - 1e-3 or t >= end_s:
                        if video_done and t >= end_s:
                            break
                        continue
                    if zero is None:
                        waiting.append(packet)
                    else:
                        rebase(packet, zero, aout)
                        dst.mux(packet)
                    continue
                if video_done:
                    continue
                if t < k - 1e-3:
                    head.take(packet)
                    continue
                if zero is None:  # the recording's keyframe: the head is whole
                    if h264.IDR not in h264.sample_nal_types(bytes(packet)):
                        return None  # not a fresh start: pictures after it may look back
                    zero = head.finish(vin, dst, vout)
                    for early in waiting:
                        rebase(early, zero, aout)
                        dst.mux(early)
                    waiting = []
                if t >= end_s - 1e-3:
                    video_done = True
                    continue
                rebase(packet, zero, vout)
                dst.mux(packet)
                copied += 1
                if progress is not None and copied % 30 == 0:
                    progress(min(1.0, (t - start_s) / max(end_s - start_s, 1e-3)))
    if zero is None:
        return None
    return Cut("splice", zero - rec.zero_s, head.frames + copied)


class _Head:
    """The head's pictures, decoded from the keyframe before the start and encoded by x264 with
    parameter-set ids of their own."""

    def __init__(self, rec: Recording, config: h264.AvcConfig, free: int, start_s: float) -> None:
        self.rec = rec
        self.start_s = start_s
        self.config = config
        self.fps = Fraction(rec.fps).limit_denominator(1001)
        enc = av.CodecContext.create("libx264", "w")
        enc.width, enc.height, enc.pix_fmt = rec.width, rec.height, "yuv420p"
        enc.time_base = 1 / self.fps
        enc.framerate = self.fps
        enc.options = {
            "preset": ENCODE_PRESET,
            "crf": ENCODE_CRF,
            "profile": PROFILES.get(config.profile, "high"),
            # one IDR then P pictures (no B: nothing refers past the recording's keyframe)
            "x264-params": f"sps-id={free}:bframes=0:keyint=infinite:scenecut=0",
        }
        self.encoder = enc
        self.times: list[float] = []  # file time of each head picture
        self.packets: list[av.Packet] = []
        self.frames = 0

    def take(self, packet: av.Packet) -> None:
        for frame in packet.decode():
            self._encode(frame, self.start_s)

    def _encode(self, frame: av.VideoFrame, start_s: float) -> None:
        t = float(frame.pts * frame.time_base)
        if t - self.rec.zero_s < start_s - 0.5 / self.rec.fps:
            return
        picture = frame.reformat(format="yuv420p")
        picture.pts = self.frames
        picture.time_base = self.encoder.time_base
        picture.pict_type = av.video.frame.PictureType.NONE
        self.times.append(t)
        self.frames += 1
        self.packets += self.encoder.encode(picture)

    def finish(
        self, vin: av.VideoStream, dst: av.container.OutputContainer, vout: av.VideoStream
    ) -> float:
        """Flush the head, give the clip its avcC, mux the head; the clip's zero (file time)."""
        for frame in vin.codec_context.decode(None):  # pictures the decoder still held
            self._encode(frame, self.start_s)
        self.packets += self.encoder.encode(None)
        if not self.times:
            raise ValueError("no picture before the keyframe")
        sps = pps = None
        samples = []
        for packet in self.packets:
            kept = []
            for nal in h264.annexb_nals(bytes(packet)):
                kind = h264.nal_type(nal)
                if kind == h264.SPS:
                    sps = sps or nal
                elif kind == h264.PPS:
                    pps = pps or nal
                else:
                    kept.append(nal)
            samples.append((packet, h264.avcc_sample(kept)))
        if sps is None or pps is None:
            raise ValueError("the head's encoder gave no parameter sets")
        vout.codec_context.extradata = h264.write_avcc(h264.joined(self.config, sps, pps))
        zero = self.times[0]
        tb = vin.time_base
        for packet, data in samples:
            out = av.Packet(data)
            at = self.times[int(packet.pts)] - zero
            out.pts = out.dts = round(at / tb)
            out.time_base = tb
            out.is_keyframe = bool(packet.is_keyframe)
            out.stream = vout
            dst.mux(out)
        return zero
