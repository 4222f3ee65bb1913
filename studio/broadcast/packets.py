"""Encoded packets as they travel from the one encoder to every output."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import av


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    """One encoded video or audio packet, independent of any container.

    `media_time` is the media-clock time of the frame's capture (video) or of its first sample
    (audio): what latency and send-queue delay are measured against.
    """

    kind: str  # "video" | "audio"
    data: bytes
    pts: int
    dts: int
    time_base: Fraction
    keyframe: bool
    media_time: float

    @property
    def seconds(self) -> float:
        """Presentation time in seconds on the output timeline."""
        return float(self.pts * self.time_base)

    def to_av(self, stream: av.stream.Stream) -> av.Packet:
        """A fresh av.Packet for one output stream (muxing rebases timestamps in place)."""
        packet = av.Packet(self.data)
        packet.pts = self.pts
        packet.dts = self.dts
        packet.time_base = self.time_base
        packet.is_keyframe = self.keyframe
        packet.stream = stream
        return packet


class KeyframeGate:
    """Starts an output on a video keyframe and rebases its timeline to zero.

    Every output (the recording, each destination's connection) may start mid-stream; a player
    or platform needs the first video packet to be a keyframe, and timestamps that start at 0.
    """

    def __init__(self) -> None:
        self._base_seconds: float | None = None

    @property
    def open(self) -> bool:
        return self._base_seconds is not None

    def reset(self) -> None:
        self._base_seconds = None

    def admit(self, packet: EncodedPacket) -> EncodedPacket | None:
        """The packet rebased to this output's timeline, or None while waiting for a keyframe."""
        if self._base_seconds is None:
            if packet.kind != "video" or not packet.keyframe:
                return None
            self._base_seconds = packet.seconds
        base = round(self._base_seconds / packet.time_base)
        if packet.pts < base:  # audio from before the first picture
            return None
        return EncodedPacket(
            packet.kind,
            packet.data,
            packet.pts - base,
            packet.dts - base,
            packet.time_base,
            packet.keyframe,
            packet.media_time,
        )
