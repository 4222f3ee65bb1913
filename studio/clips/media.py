"""What cutting a clip works with, whichever way it is cut (copied, spliced, re-encoded): the
encoder's settings, the result, stopping, and packets moved to the clip's own time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import av
import numpy as np

from studio.clips.errors import Cancelled

ENCODE_PRESET = "veryfast"  # libx264: see docs/clips.md for the measured alternatives
ENCODE_CRF = "20"
GOP_S = 2  # keyframes in a re-encoded clip: covers are picked among them
MP4_OPTIONS = {"movflags": "+faststart"}
AUDIO_RATE = 48_000

Mode = Literal["copy", "splice", "encode"]
Overlay = Callable[[np.ndarray, float], np.ndarray]  # BGR frame, clip time -> BGR frame


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class Cut:
    mode: Mode
    first_s: float  # the clip's first picture, seconds from the recording's start
    frames: int


def check(cancel: CancelFlag | None) -> None:
    """Cancelled when the export was asked to stop (waits while it is held)."""
    if cancel is not None and cancel.is_set():
        raise Cancelled("stopped")


def rebase(packet: av.Packet, zero: float, stream: av.stream.Stream | None) -> None:
    shift = round(zero / packet.time_base)
    packet.pts -= shift
    if packet.dts is not None:
        packet.dts -= shift
    packet.stream = stream
