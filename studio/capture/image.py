"""A still picture (`image:PATH`): a logo, a product shot, a "be right back" card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from studio.capture.base import Source, SourceError, VideoFrame, path_from_spec
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock

# A picture's size is read from its header before it is decoded: a 20000x20000 PNG of a few
# KB decodes to gigabytes (and a product picture or a layer is decoded in the streaming
# process). 50 megapixels takes an 8000x6000 phone photo; decoded, at most 256 MB.
MAX_PIXELS = 50_000_000
MAX_DECODED_BYTES = 256 << 20
MAX_FILE_BYTES = 200 << 20


def picture_size(path: Path, data: bytes | memoryview) -> tuple[int, int]:
    """(width, height) from the picture's header, without decoding it; SourceError when it is
    no picture Pillow knows (the formats the picture source offers: PNG, JPEG, WebP, BMP,
    TIFF...) or when it is too big to decode."""
    import io

    from PIL import Image, UnidentifiedImageError

    too_large = f"{path} is too large a picture (%s): at most {MAX_PIXELS // 1_000_000} megapixels"
    try:
        with Image.open(io.BytesIO(data)) as header:  # reads the header only
            width, height = header.size
            bands = len(header.getbands())
            depth = 2 if header.mode in ("I;16", "I;16B", "I;16L", "I", "F") else 1
    except Image.DecompressionBombError:  # Pillow's own limit, on even larger ones
        raise SourceError(too_large % "hundreds of megapixels", "too_large", str(path)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise SourceError(
            f"{path} is not an image OpenCV can read (PNG, JPEG, WebP, BMP...)",
            "not_media",
            str(path),
        ) from None
    decoded = width * height * max(bands, 3) * depth
    if width * height > MAX_PIXELS or decoded > MAX_DECODED_BYTES:
        raise SourceError(too_large % f"{width}x{height} pixels", "too_large", str(path))
    return width, height


def load_image(path: Path) -> np.ndarray:
    """BGR, or BGRA when the file has alpha; SourceError when it cannot be read or is too
    large a picture (see MAX_PIXELS)."""
    try:
        # imdecode from bytes, not imread: imread cannot open non-ASCII paths on Windows.
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(
                f"{path} is too large a file for a picture ({size >> 20} MB)",
                "too_large",
                str(path),
            )
        data = np.fromfile(path, np.uint8)
    except OSError as exc:
        raise SourceError(
            f"cannot read image {path}: {exc.strerror or exc}", "unreadable", str(path)
        ) from None
    if data.size:
        picture_size(path, data.data)
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
