"""The one encode that feeds every output: H.264 video (hardware when present, else x264) + AAC.

The encoders live in a container of FFmpeg's "null" format that is never muxed into: it only
opens the codecs, so their streams (with SPS/PPS and AudioSpecificConfig as global headers) can
serve as templates for the recorder and every relay.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import av
import numpy as np

from studio.broadcast.packets import EncodedPacket
from studio.capture.base import SAMPLE_RATE, Decoded
from studio.settings_schema import (
    AUDIO_BITRATE,
    CANVAS_FPS,
    KEYFRAME_SECONDS,
    VIDEO_BITRATE,
    VIDEO_ENCODER,
    X264_PRESET,
)

AUDIO_FRAME = 1024  # AAC-LC frame size in samples
HARDWARE_ENCODERS = ("h264_nvenc", "h264_qsv", "h264_videotoolbox")


# What the encoder takes: I420 planes (H*3/2 x W), or a decoder's frame (a PyAV VideoFrame:
# studio.capture.base.Decoded) passed on as it was decoded.
Picture = np.ndarray | Decoded


class EncoderError(Exception):
    """The encoder cannot be set up (unknown encoder, bad settings). The text is user-facing."""


H264Profile = Literal["high", "main"]


@dataclass(frozen=True)
class EncoderConfig:
    """What the encoder is opened with. Defaults and bounds: studio.settings_schema (checked when
    the Encoder opens); a platform's limits are laid on by platforms.limits.within_platforms."""

    width: int
    height: int
    fps: int = CANVAS_FPS.default
    bitrate_kbps: int = VIDEO_BITRATE.default
    audio_bitrate_kbps: int = AUDIO_BITRATE.default
    keyframe_seconds: float = KEYFRAME_SECONDS.default
    preset: str = X264_PRESET.default
    video_encoder: str = VIDEO_ENCODER.default  # "auto" | "libx264" | one of HARDWARE_ENCODERS
    h264_profile: H264Profile = "high"  # "main" when a destination's platform asks for it
    # Adaptive bitrate: libx264 opens without nal-hrd=cbr filler (VBV-capped at bitrate_kbps) so
    # set_bitrate() can lower and raise the rate live. Off: strict CBR with HRD signalling.
    adaptive: bool = True

    @property
    def gop(self) -> int:
        return max(1, round(self.fps * self.keyframe_seconds))

    def problem(self) -> str | None:
        """The first setting outside the settings schema's bounds, as a user-facing sentence."""
        checks = (
            (CANVAS_FPS, self.fps, "frame rate"),
            (VIDEO_BITRATE, self.bitrate_kbps, "video bitrate"),
            (AUDIO_BITRATE, self.audio_bitrate_kbps, "audio bitrate"),
            (KEYFRAME_SECONDS, self.keyframe_seconds, "keyframe interval"),
        )
        for setting, value, what in checks:
            problem = setting.problem(value)
            if problem:
                return f"{what} {value:g}{' ' + setting.unit if setting.unit else ''} {problem}"
        if self.h264_profile not in ("high", "main"):
            return f"H.264 profile {self.h264_profile!r} must be high or main"
        return None


_probe_lock = threading.Lock()
_probed: dict[str, bool] = {}


def hardware_encoder_works(name: str) -> bool:
    """Open the encoder once on a tiny picture: compiled in is not the same as usable."""
    with _probe_lock:
        if name not in _probed:
            try:
                ctx = av.CodecContext.create(name, "w")
                ctx.width, ctx.height = 256, 256
                ctx.pix_fmt = "nv12" if name == "h264_qsv" else "yuv420p"
                ctx.time_base = Fraction(1, 30)
                ctx.open()
                _probed[name] = True
            except Exception:  # any failure means "not usable here"
                _probed[name] = False
        return _probed[name]


def available_h264_encoders() -> list[str]:
    """Usable H.264 encoders, best first (hardware before x264)."""
    found = [name for name in HARDWARE_ENCODERS if hardware_encoder_works(name)]
    return [*found, "libx264"]


def choose_video_encoder(wanted: str) -> str:
    if wanted == "auto":
        return available_h264_encoders()[0]
    if wanted != "libx264" and wanted not in HARDWARE_ENCODERS:
        raise EncoderError(f"unknown video encoder {wanted!r}: use auto, libx264 or a hardware one")
    if wanted != "libx264" and not hardware_encoder_works(wanted):
        raise EncoderError(f"the hardware encoder {wanted} is not usable on this machine")
    return wanted


def _video_options(codec: str, cfg: EncoderConfig) -> dict[str, str]:
    rate = f"{cfg.bitrate_kbps}k"
    common = {"maxrate": rate, "minrate": rate, "bufsize": f"{2 * cfg.bitrate_kbps}k"}
    if codec == "libx264":
        if X264_PRESET.problem(cfg.preset):
            raise EncoderError(
                f"unknown x264 preset {cfg.preset!r}: use one of {X264_PRESET.choices}"
            )
        # Platforms reject streams whose keyframes wander: fixed GOP, no scene-cut keyframes,
        # CBR with HRD signalling. zerolatency: no lookahead or B-frames, so a frame is muxed
        # the moment it is encoded (capture-to-mux stays within a few frames).
        # With nal-hrd=cbr x264 pads to the first maxrate and a lower live bit_rate does nothing,
        # so adaptive bitrate keeps maxrate/bufsize as the ceiling and drops the HRD filler.
        hrd = "" if cfg.adaptive else ":nal-hrd=cbr"
        params = f"keyint={cfg.gop}:min-keyint={cfg.gop}:scenecut=0{hrd}:force-cfr=1"
        return {
            **common,
            "preset": cfg.preset,
            "tune": "zerolatency",
            "profile": cfg.h264_profile,
            "x264-params": params,
        }
    # Every hardware encoder here names Main and High the way x264 does.
    common["profile"] = cfg.h264_profile
    if codec == "h264_nvenc":
        return {**common, "rc": "cbr", "preset": "p4", "tune": "ll", "bf": "0", "forced-idr": "1"}
    if codec == "h264_qsv":
        return {**common, "look_ahead": "0"}
    return common


class Encoder:
    """Encodes canvas frames (I420) and audio blocks into EncodedPackets. Thread-safe per kind:
    one thread may encode video while another encodes audio."""

    def __init__(self, cfg: EncoderConfig) -> None:
        if cfg.width % 2 or cfg.height % 2:
            raise EncoderError(f"canvas {cfg.width}x{cfg.height}: H.264 needs even sizes")
        problem = cfg.problem()
        if problem:
            raise EncoderError(problem)
        self.cfg = cfg
        self.video_codec = choose_video_encoder(cfg.video_encoder)
        self._holder = av.open(os.devnull, "w", format="null")
        self.video_stream = self._holder.add_stream(self.video_codec, rate=cfg.fps)
        vctx = self.video_stream.codec_context
        vctx.width, vctx.height = cfg.width, cfg.height
        vctx.pix_fmt = "nv12" if self.video_codec == "h264_qsv" else "yuv420p"
        vctx.time_base = Fraction(1, cfg.fps)
        vctx.framerate = Fraction(cfg.fps, 1)
        vctx.bit_rate = cfg.bitrate_kbps * 1000
        vctx.gop_size = cfg.gop
        vctx.max_b_frames = 0
        vctx.options = _video_options(self.video_codec, cfg)
        vctx.flags |= av.codec.context.Flags.global_header

        self.audio_stream = self._holder.add_stream("aac", rate=SAMPLE_RATE)
        actx = self.audio_stream.codec_context
        actx.layout = "stereo"
        actx.format = "fltp"
        actx.bit_rate = cfg.audio_bitrate_kbps * 1000
        actx.time_base = Fraction(1, SAMPLE_RATE)
        actx.flags |= av.codec.context.Flags.global_header
        try:
            self._holder.start_encoding()
        except (av.FFmpegError, ValueError) as exc:
            raise EncoderError(f"cannot open the {self.video_codec} encoder: {exc}") from exc
        self._video_times: dict[int, float] = {}
        self._keyframe_wanted = False
        self.bitrate_kbps = cfg.bitrate_kbps  # what the video encoder aims at now

    @property
    def can_adapt(self) -> bool:
        """Whether set_bitrate() works: libx264 opened for adaptive bitrate. Hardware encoders
        are not known to take a live change, so they stay at the configured rate."""
        return self.cfg.adaptive and self.video_codec == "libx264"

    def set_bitrate(self, kbps: int) -> bool:
        """Aim the video at `kbps` from the next frame (clamped to the configured bitrate, the
        VBV ceiling). False when this encoder cannot change its rate live. Call it from the
        thread that encodes video. Audio is not touched."""
        if not self.can_adapt:
            return False
        kbps = max(1, min(int(kbps), self.cfg.bitrate_kbps))
        if kbps != self.bitrate_kbps:
            # FFmpeg's libx264 wrapper compares this with x264's rate at each frame and calls
            # x264_encoder_reconfig when they differ.
            self.video_stream.codec_context.bit_rate = kbps * 1000
            self.bitrate_kbps = kbps
        return True

    # --- outputs copy their streams from these ---
    def add_streams_to(self, container: av.container.OutputContainer) -> tuple:
        video = container.add_stream_from_template(self.video_stream)
        audio = container.add_stream_from_template(self.audio_stream)
        return video, audio

    def encode_video(
        self, i420: Picture | None, index: int, media_time: float
    ) -> list[EncodedPacket]:
        """Encode canvas frame number `index` (pts = index at 1/fps); None flushes. `i420`: the
        planes (H*3/2 x W), or a decoder's frame of the canvas size, encoded without a copy."""
        if i420 is None:
            frame = None
        else:
            if isinstance(i420, av.VideoFrame):
                frame = i420
                size = (self.cfg.width, self.cfg.height)
                if frame.format.name != "yuv420p" or (frame.width, frame.height) != size:
                    frame = frame.reformat(width=size[0], height=size[1], format="yuv420p")
                # A decoder's frame: its picture type was the file's; keyframes are ours to say.
                frame.pict_type = av.video.frame.PictureType.NONE
            elif i420.flags.c_contiguous:
                # The planes themselves, no copy (0.42 ms at 1080x1920): each canvas is a fresh
                # array nobody writes once handed over, and x264 copies it in as it encodes.
                frame = av.VideoFrame.from_numpy_buffer(i420, format="yuv420p")
            else:
                frame = av.VideoFrame.from_ndarray(i420, format="yuv420p")
            if self.video_codec == "h264_qsv":
                frame = frame.reformat(format="nv12")
            frame.pts = index
            frame.time_base = self.video_stream.codec_context.time_base
            if self._keyframe_wanted:
                self._keyframe_wanted = False
                frame.pict_type = av.video.frame.PictureType.I
            self._video_times[index] = media_time
        out = []
        for p in self.video_stream.encode(frame):
            t = self._video_times.pop(p.pts, media_time)
            out.append(
                EncodedPacket(
                    "video", bytes(p), p.pts, p.dts, p.time_base, p.is_keyframe, media_time=t
                )
            )
        return out

    def request_keyframe(self) -> None:
        """Make the next frame a keyframe (an output joined and waits for one)."""
        self._keyframe_wanted = True

    def encode_audio(
        self, samples: np.ndarray | None, first_sample: int, media_time: float
    ) -> list[EncodedPacket]:
        """Encode (n, 2) float32 samples whose first is sample number `first_sample`."""
        if samples is None:
            frame = None
        else:
            planar = np.ascontiguousarray(samples.T, dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout="stereo")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = first_sample
            frame.time_base = Fraction(1, SAMPLE_RATE)
        out = []
        for p in self.audio_stream.encode(frame):
            out.append(
                EncodedPacket(
                    "audio", bytes(p), p.pts, p.dts, p.time_base, True, media_time=media_time
                )
            )
        return out

    def close(self) -> None:
        try:
            self._holder.close()
        except av.FFmpegError:
            pass
