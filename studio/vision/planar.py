"""Pictures as a decoder gives them and the encoder takes them: planar I420.

A decoded camera or file arrives as I420 (Y at full size, U and V at half size in both
directions) and the encoder wants I420: the effects work on those planes directly instead of
converting to BGR and back. Half the bytes per pixel, and no conversion (at 1080x1920 each way
costs about 0.9 ms a frame on this machine kind).

An I420 picture here is one uint8 array of (H * 3 / 2) x W: H rows of Y, then U's H / 2 rows of
W / 2 packed two to a row, then V's likewise (FFmpeg's yuv420p, as PyAV's to_ndarray gives it
and from_ndarray takes it). A BGR picture is H x W x 3. Width and height are even.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.capture.base import i420_planes


def is_i420(picture: np.ndarray) -> bool:
    """An I420 picture (2-D) rather than BGR (H x W x 3)."""
    return picture.ndim == 2


def size(picture: np.ndarray) -> tuple[int, int]:
    """Width and height of the picture shown, either layout."""
    if is_i420(picture):
        return picture.shape[1], picture.shape[0] * 2 // 3
    return picture.shape[1], picture.shape[0]


def fits(width: int, height: int) -> bool:
    """Whether a picture of this size can be held as I420 here (both even)."""
    return width % 2 == 0 and height % 2 == 0 and width > 0 and height > 0


def planes(picture: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y (H x W), U and V (H/2 x W/2): views into the picture (writing them writes it)."""
    return i420_planes(picture, *size(picture))


def scaled(picture: np.ndarray) -> list[tuple[np.ndarray, int]]:
    """The picture's planes, each with how many picture pixels one of its pixels spans across
    (1: full size; 2: a chroma plane). BGR is one plane of three channels."""
    if is_i420(picture):
        y, u, v = planes(picture)
        return [(y, 1), (u, 2), (v, 2)]
    return [(picture, 1)]


def from_bgr(bgr: np.ndarray) -> np.ndarray:
    """BGR (or BGRA) to I420 (BT.601, limited range, as FFmpeg's own conversion)."""
    return cv2.cvtColor(np.ascontiguousarray(bgr[..., :3]), cv2.COLOR_BGR2YUV_I420)


def to_bgr(picture: np.ndarray) -> np.ndarray:
    """I420 to BGR."""
    return cv2.cvtColor(picture, cv2.COLOR_YUV2BGR_I420)


def even_box(x0: int, y0: int, x1: int, y1: int, width: int, height: int) -> tuple[int, ...]:
    """A box grown to even edges (inside width x height): its chroma box is exactly half."""
    return x0 - x0 % 2, y0 - y0 % 2, min(width, x1 + x1 % 2), min(height, y1 + y1 % 2)
