"""Layers composed into the canvas frame: position, size, z-order, opacity, visibility, fit.

Frames are BGR (or BGRA for sources with transparency). The common case, one opaque source
filling the canvas at canvas size, costs nothing: the source's frame is the canvas frame.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from studio.capture.base import Source, VideoFrame
from studio.scene.resize import shrink

log = logging.getLogger(__name__)


@dataclass
class Layer:
    """A source placed on the canvas. x, y, width, height are canvas pixels."""

    name: str
    source: Source
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0
    z: int = 0
    opacity: float = 1.0
    visible: bool = True
    fit: str = "crop"
    _cache_key: tuple = field(default=(), repr=False)
    _cache: np.ndarray | None = field(default=None, repr=False)
    _blend_key: tuple = field(default=(), repr=False)
    _blend: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)


def opacity_of(layer: Layer) -> float:
    """The layer's opacity as the compositor applies it: within 0..1, and a NaN or an infinity
    (a hand-edited profile, a bad slider value) counts as opaque rather than blacking the
    picture out."""
    value = layer.opacity
    if not isinstance(value, int | float) or not math.isfinite(value):
        return 1.0
    return min(1.0, max(0.0, float(value)))


def fit_image(image: np.ndarray, width: int, height: int, fit: str) -> np.ndarray:
    """Scale a picture into a width x height box.

    crop: fill the box, cutting the overflow evenly (a landscape camera in a portrait canvas
    keeps its centre); letterbox: show all of it, transparent bars (BGRA) where it does not
    reach; stretch: fill, ignoring the aspect.
    """
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return image
    if fit == "stretch":
        return shrink(image, (width, height))
    if fit == "crop":
        # Crop the source to the box's aspect first, then scale only what is kept.
        if w * height > h * width:
            cw = max(1, round(h * width / height))
            x0 = (w - cw) // 2
            image = image[:, x0 : x0 + cw]
        else:
            ch = max(1, round(w * height / width))
            y0 = (h - ch) // 2
            image = image[y0 : y0 + ch]
        return shrink(image, (width, height))
    scale = min(width / w, height / h)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    scaled = shrink(image, (sw, sh))
    if scaled.shape[2] == 3:
        scaled = cv2.cvtColor(scaled, cv2.COLOR_BGR2BGRA)
    boxed = np.zeros((height, width, 4), np.uint8)
    x0, y0 = (width - sw) // 2, (height - sh) // 2
    boxed[y0 : y0 + sh, x0 : x0 + sw] = scaled
    return boxed


class Compositor:
    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.newest_capture: float | None = None  # capture time of the newest frame last composed
        self._warned: set[str] = set()  # layers a problem was logged for (once each)

    def compose(self, layers: list[Layer]) -> np.ndarray:
        """The canvas frame (HxWx3 BGR) for this instant. Never mutates a source's frame."""
        made = self.compose_lazily(layers)
        return made.image if isinstance(made, VideoFrame) else made

    def compose_lazily(self, layers: list[Layer]) -> VideoFrame | np.ndarray:
        """The canvas for this instant: the source's own frame when it is the whole canvas (one
        opaque layer filling it; its BGR picture not made yet: a decoded frame can go to the
        encoder as it was decoded), else the composed canvas (HxWx3 BGR)."""
        shown = [
            (layer, frame)
            for layer in sorted(layers, key=lambda item: item.z)
            if layer.visible
            and opacity_of(layer) > 0
            and (frame := layer.source.latest_video()) is not None
        ]
        self.newest_capture = max((frame.time for _, frame in shown), default=None)
        if len(shown) == 1 and self._fills_canvas(*shown[0]):
            return shown[0][1]  # passthrough: no copy, no blend
        canvas = np.zeros((self.height, self.width, 3), np.uint8)
        for layer, frame in shown:
            try:
                self._draw(canvas, layer, frame)
            except (cv2.error, ValueError) as exc:  # one bad layer must not stop the stream
                self._warn(layer, f"could not be drawn: {exc}")
        return canvas

    def _fills_canvas(self, layer: Layer, frame: VideoFrame) -> bool:
        shape = frame.shape
        h, w = shape[:2]
        return (
            opacity_of(layer) >= 1.0
            and shape[2] == 3
            and (layer.x, layer.y) == (0, 0)
            and (w, h) == (self.width, self.height)
            and self._size(layer) == (w, h)
        )

    def _warn(self, layer: Layer, problem: str) -> None:
        if layer.name not in self._warned:
            self._warned.add(layer.name)
            log.warning("layer %s %s", layer.name, problem)

    def _size(self, layer: Layer) -> tuple[int, int]:
        return (layer.width or self.width, layer.height or self.height)

    @staticmethod
    def _premultiplied(layer: Layer, picture: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A BGRA picture as (colour x alpha, 255 - alpha per channel), made once per picture
        and opacity: an overlay that does not change costs only its two passes per frame."""
        opacity = opacity_of(layer)
        key = (layer._cache_key, opacity)  # a new picture has a new cache key
        made = layer._blend
        if layer._blend_key != key or made is None or made[1].shape[:2] != picture.shape[:2]:
            alpha = picture[:, :, 3].astype(np.float32) * np.float32(opacity / 255.0)
            colour = picture[:, :, :3] * alpha[:, :, None] + 0.5
            keep = cv2.merge([np.round(255.0 - alpha * 255.0).astype(np.uint8)] * 3)
            layer._blend = (colour.astype(np.uint8), keep)
            layer._blend_key = key
        return layer._blend

    def _draw(self, canvas: np.ndarray, layer: Layer, frame: VideoFrame) -> None:
        width, height = self._size(layer)
        key = (frame.seq, id(frame.image), width, height, layer.fit)
        if layer._cache_key != key:  # scale once per new frame (still images: once)
            layer._cache = fit_image(frame.image, width, height, layer.fit)
            layer._cache_key = key
        picture = layer._cache
        assert picture is not None
        # Clip to the canvas: layers may hang over the edges.
        x0, y0 = max(layer.x, 0), max(layer.y, 0)
        x1, y1 = min(layer.x + width, self.width), min(layer.y + height, self.height)
        if x1 <= x0 or y1 <= y0:
            return
        box = (slice(y0 - layer.y, y1 - layer.y), slice(x0 - layer.x, x1 - layer.x))
        part = picture[box]
        target = canvas[y0:y1, x0:x1]
        if part.shape[:2] != target.shape[:2]:  # a picture not of the layer's size: skip it
            self._warn(layer, f"picture {picture.shape} does not fit its box")
            return
        if part.shape[2] == 4:
            colour, keep = self._premultiplied(layer, picture)
            # target * (1 - alpha) + colour * alpha, in two 8-bit passes (no float copies): a
            # card over the camera costs a fraction of a millisecond.
            cv2.multiply(target, keep[box], dst=target, scale=1.0 / 255.0)
            cv2.add(target, colour[box], dst=target)
        elif (opacity := opacity_of(layer)) < 1.0:
            cv2.addWeighted(part, opacity, target, 1.0 - opacity, 0.0, dst=target)
        else:
            target[:] = part
