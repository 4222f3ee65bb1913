"""A still picture (`image:PATH`): a logo, a product shot, a "be right back" card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from studio.capture.base import Source, SourceError, VideoFrame, path_from_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock


def load_image(path: Path) -> np.ndarray:
    """BGR, or BGRA when the file has alpha; SourceError when it cannot be read."""
    try:
        # imdecode from bytes, not imread: imread cannot open non-ASCII paths on Windows.
        data = np.fromfile(path, np.uint8)
    except OSError as exc:
        raise SourceError(
            f"cannot read image {path}: {exc.strerror or exc}", "unreadable", str(path)
        ) from None
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if image is None:
        raise SourceError(
            f"{path} is not an image OpenCV can read (PNG, JPEG, WebP, BMP...)",
            "not_media",
            str(path),
        )
    if image.dtype == np.uint16:  # 16-bit PNG/TIFF: the compositor works in 8 bits
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise SourceError(f"{path}: unsupported pixel format {image.dtype}", "not_media", str(path))
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 2:  # grey + alpha
        grey, alpha = image[:, :, 0], image[:, :, 1]
        image = np.dstack([grey, grey, grey, alpha])
    return np.ascontiguousarray(image)


class ImageSource(Source):
    """Loads the picture once; `latest_video` always returns that same frame."""

    kind = "image"
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "arg",
            QT_TRANSLATE_NOOP("SourceSettings", "File"),
            "file",
            "",
            file_filter=QT_TRANSLATE_NOOP(
                "SourceSettings", "Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)"
            ),
        ),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,  # no settings beyond "arg": nothing to use
    ) -> None:
        super().__init__(spec, clock)
        self.path = path_from_spec(spec, "image", "image:products/mug.png")
        image = load_image(self.path)
        image.flags.writeable = False  # shared by every consumer: nobody may draw on it
        self._frame = VideoFrame(image, clock.now(), 1)

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def has_alpha(self) -> bool:
        return self._frame.image.shape[2] == 4

    def natural_size(self) -> tuple[int, int]:
        h, w = self._frame.image.shape[:2]
        return w, h

    def latest_video(self) -> VideoFrame:
        return self._frame
