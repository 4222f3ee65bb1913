"""A camera-like clip for the tests: a bright square moving down over a grey gradient, encoded
as I420 H.264 (what a decoded camera gives the studio)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

SQUARE_BGR = (40, 200, 240)


def write_square_clip(
    path: Path,
    size: tuple[int, int],
    frames: int,
    square: tuple[int, int, int, int],
    step: int,
    options: dict[str, str],
) -> Path:
    """`frames` frames of width x height at 30 fps; the square's rows top..bottom and columns
    left..right (`square`: top, bottom, left, right) move `step` rows down each frame."""
    width, height = size
    top, bottom, left, right = square
    ramp = np.linspace(30, 220, width, dtype=np.uint8)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = options
        for n in range(frames):
            image = np.zeros((height, width, 3), np.uint8)
            image[:] = ramp[None, :, None]
            image[top + step * n : bottom + step * n, left:right] = SQUARE_BGR
            container.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="bgr24")))
        container.mux(stream.encode())
    return path
