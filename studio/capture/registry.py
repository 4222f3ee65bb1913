"""Source specs ("synthetic", "camera:0", "file:PATH"...) to source objects.

Adding a kind of source is a new module plus one line in SOURCE_KINDS.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from studio.capture.base import SourceError

if TYPE_CHECKING:
    from studio.capture.base import Source
    from studio.clock import MediaClock

# kind -> "module:Class"; imported lazily so a missing optional library only affects its kind.
SOURCE_KINDS: dict[str, str] = {
    "synthetic": "studio.capture.synthetic:SyntheticSource",
    "camera": "studio.capture.camera:CameraSource",
    "file": "studio.capture.video_file:VideoFileSource",
    "image": "studio.capture.image:ImageSource",
    "mic": "studio.capture.microphone:MicrophoneSource",
}
ALIASES = {"microphone": "mic"}


def split_spec(spec: str) -> tuple[str, str]:
    """'camera:rtsp://host/x' -> ('camera', 'rtsp://host/x'); 'synthetic' -> ('synthetic', '')."""
    kind, _, arg = spec.partition(":")
    kind = kind.strip().lower()
    return ALIASES.get(kind, kind), arg


def make_source(
    spec: str, clock: MediaClock, size: tuple[int, int] = (1280, 720), fps: float = 30
) -> Source:
    """Build a source; raises SourceError with a readable message for unknown or broken specs."""
    kind, _ = split_spec(spec)
    target = SOURCE_KINDS.get(kind)
    if target is None:
        known = ", ".join(sorted(SOURCE_KINDS))
        raise SourceError(f"unknown source {spec!r} (known kinds: {known})")
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(spec, clock, size=size, fps=fps)
