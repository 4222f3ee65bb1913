"""A cover picture for each clip: a sharp frame with the host's face in it.

Only keyframes are decoded (the decoder skips the rest: a minute of 1080x1920 costs a few
dozen pictures), SAMPLES of them spread over the clip are looked at, and the sharpest one
(variance of the Laplacian) that shows a face wins; with no face in any, the sharpest. The face
detector is loaded once for all the clips of an export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

from studio.files import write_atomic
from studio.scene.resize import shrink
from studio.vision.face import DETECTOR, FaceDetector
from studio.vision.models import load_model

log = logging.getLogger(__name__)
SAMPLES = 8  # keyframes looked at per clip
MEASURE_WIDTH = 360  # sharpness is measured at this width, so every size scores alike
JPEG_QUALITY = 90


@dataclass(frozen=True)
class Cover:
    image: np.ndarray  # BGR
    t: float  # seconds into the clip
    sharpness: float
    face: bool


def sharpness(image: np.ndarray) -> float:
    """Variance of the Laplacian of the picture in grey, at MEASURE_WIDTH: blur lowers it."""
    h, w = image.shape[:2]
    if w > MEASURE_WIDTH:
        image = shrink(image, (MEASURE_WIDTH, max(1, round(h * MEASURE_WIDTH / w))))
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


class CoverPicker:
    """Picks and writes covers; `detector` None: by sharpness alone (the face model could not
    be loaded, and `problem` says why)."""

    def __init__(self, detector: FaceDetector | None, problem: str | None = None) -> None:
        self.detector = detector
        self.problem = problem

    @classmethod
    def load(cls) -> CoverPicker:
        try:
            return cls(FaceDetector(load_model(DETECTOR, "cpu", 1)))
        except Exception as exc:  # a missing or damaged model: covers without the face check
            log.warning("clip covers: the face model cannot be loaded: %s", exc)
            return cls(None, str(exc))

    def pick(self, clip: Path) -> Cover | None:
        """The best of SAMPLES keyframes of the clip; None when none decodes."""
        candidates = [self._judge(image, t) for image, t in _keyframes(clip)]
        if not candidates:
            return None
        return max(candidates, key=lambda c: (c.face, c.sharpness))

    def _judge(self, image: np.ndarray, t: float) -> Cover:
        face = self.detector is not None and bool(self.detector.detect(image))
        return Cover(image, t, sharpness(image), face)

    def write(self, clip: Path, out: Path) -> Cover | None:
        """Pick the cover of `clip` and write it to `out` as a JPEG; None when no picture."""
        cover = self.pick(clip)
        if cover is None:
            return None
        ok, data = cv2.imencode(".jpg", cover.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            return None
        write_atomic(out, data.tobytes(), private=False)
        return cover


def _keyframes(clip: Path) -> list[tuple[np.ndarray, float]]:
    """SAMPLES keyframes spread over the clip, as BGR pictures with their time. The keyframes
    are counted from the packets first, so only the chosen ones become pictures."""
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        count = sum(1 for p in container.demux(stream) if p.size and p.is_keyframe)
    step = max(1.0, count / SAMPLES)
    wanted = {int(i * step + step / 2) for i in range(min(SAMPLES, count))}
    found: list[tuple[np.ndarray, float]] = []
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        for n, frame in enumerate(container.decode(stream)):
            if n in wanted:
                found.append((frame.to_ndarray(format="bgr24"), float(frame.time or 0.0)))
    return found
