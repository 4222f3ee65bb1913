"""Face detection and the 468-point face mesh, with tracking between frames.

Detection (BlazeFace short range) runs only when no face is being tracked: once the mesh is
found, the next frame's crop is taken from the previous mesh, as MediaPipe's own face-mesh graph
does, which costs one landmark run per frame instead of two models. The mesh is smoothed over time
with a One Euro filter: steady when the head is still (no wobble of the warps), quick when it moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from studio.scene.resize import shrink
from studio.vision.model_input import ModelInput
from studio.vision.models import Manifest, load_manifest, load_model
from studio.vision.runtime import VisionSession

DETECTOR = "face_detection_short_range"
MESH = "face_landmark"
_DET_SIZE = 128
_MESH_SIZE = 192
_CROP_SCALE = 1.5  # the face box enlarged this much for the mesh crop (MediaPipe's own value)
_MIN_PRESENCE = 0.5

# Indexes into the 468-point mesh (MediaPipe's canonical face-mesh topology).
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
             377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67,
             109)  # fmt: skip
# The eyes (lids), brows and lips, kept sharp by skin smoothing.
RIGHT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
LEFT_EYE = (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249)
RIGHT_BROW = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
LEFT_BROW = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
LIPS = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91,
        146)  # fmt: skip
NOSE_TIP = 1
CHIN = 152
# Cheek and jaw points, from the temple down to the chin, on each side (slimming pulls these in).
RIGHT_JAW = (234, 93, 132, 58, 172, 136, 150, 149, 176, 148)
LEFT_JAW = (454, 323, 361, 288, 397, 365, 379, 378, 400, 377)
_EYE_CORNERS = (33, 263)  # right and left outer corners: they set the face's roll


@dataclass(frozen=True)
class Detection:
    """A face box and its six key points, in image pixels."""

    box: tuple[float, float, float, float]  # centre x, centre y, width, height
    keypoints: np.ndarray  # 6x2: right eye, left eye, nose tip, mouth, right ear, left ear
    score: float


@dataclass(frozen=True)
class Face:
    """The face mesh in image pixels: 468 x, y (z in the same pixel scale)."""

    points: np.ndarray  # 468x3 float32
    presence: float

    @property
    def xy(self) -> np.ndarray:
        return self.points[:, :2]

    def width(self) -> float:
        return float(np.linalg.norm(self.xy[454] - self.xy[234]))

    def bounds(self, margin: float = 0.0) -> tuple[int, int, int, int]:
        """x0, y0, x1, y1 of the face oval, grown by `margin` times the face width."""
        oval = self.xy[list(FACE_OVAL)]
        grow = margin * self.width()
        x0, y0 = oval.min(axis=0) - grow
        x1, y1 = oval.max(axis=0) + grow
        return math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.clip(x, -100, 100)))  # no overflow for large logits


def _anchors() -> np.ndarray:
    """The detector's 896 anchor centres (0..1), in the order of its outputs."""
    rows = []
    for cells, per_cell in ((16, 2), (8, 6)):
        ys, xs = np.mgrid[0:cells, 0:cells]
        centres = np.stack([(xs + 0.5) / cells, (ys + 0.5) / cells], axis=-1).reshape(-1, 2)
        rows.append(np.repeat(centres, per_cell, axis=0))
    return np.concatenate(rows).astype(np.float32)


def _letterbox(image: np.ndarray, size: int) -> tuple[np.ndarray, float, float, float]:
    """The picture scaled into a size x size square, padded evenly; scale and padding returned."""
    h, w = image.shape[:2]
    scale = size / max(w, h)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    square = np.zeros((size, size, 3), np.uint8)
    px, py = (size - sw) // 2, (size - sh) // 2
    square[py : py + sh, px : px + sw] = shrink(image[..., :3], (sw, sh))
    return square, scale, px, py


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of box a (x0, y0, x1, y1) with each of boxes b."""
    x0, y0 = np.maximum(a[0], b[:, 0]), np.maximum(a[1], b[:, 1])
    x1, y1 = np.minimum(a[2], b[:, 2]), np.minimum(a[3], b[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area - inter, 1e-9)


def _windows(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """x, y, width, height of the parts of a frame the detector looks at, in order."""
    whole = (0, 0, width, height)
    if height > 1.3 * width:  # portrait: top, middle, bottom squares
        side, spare = width, height - width
        return [(0, 0, side, side), (0, spare // 2, side, side), (0, spare, side, side), whole]
    if width > 1.3 * height:  # landscape: the whole frame, then centre, left, right squares
        side, spare = height, width - height
        return [whole, (spare // 2, 0, side, side), (0, 0, side, side), (spare, 0, side, side)]
    return [whole]


def _shifted(d: Detection, dx: int, dy: int) -> Detection:
    cx, cy, w, h = d.box
    return Detection((cx + dx, cy + dy, w, h), d.keypoints + np.float32([dx, dy]), d.score)


def _scaled(d: Detection, factor: float) -> Detection:
    cx, cy, w, h = d.box
    box = (cx * factor, cy * factor, w * factor, h * factor)
    return Detection(box, d.keypoints * np.float32(factor), d.score)


class FaceDetector:
    def __init__(self, session: VisionSession, min_score: float = 0.5) -> None:
        self.session = session
        self.min_score = min_score
        self._anchors = _anchors()

    def detect(self, image: np.ndarray) -> list[Detection]:
        """Faces in a BGR picture, best first (weighted non-maximum suppression, IoU 0.3).

        The model sees 128x128 and finds faces down to about a sixth of that. A tall portrait
        frame squeezed whole into it would make a merchant's face too small, so square windows
        are tried first (for portrait frames from the top, where the face is), then the whole."""
        for x0, y0, side_w, side_h in _windows(image.shape[1], image.shape[0]):
            window = image[y0 : y0 + side_h, x0 : x0 + side_w]
            found = self._detect(window)
            if found:
                return [_shifted(d, x0, y0) for d in found]
        return []

    def find(self, view: ModelInput) -> list[Detection]:
        """`detect` on a frame as the models see it: on a small copy (the model sees 128x128
        whatever it is given), the faces in frame pixels."""
        small, factor = view.small(_DET_SIZE, _DET_SIZE)
        found = self.detect(small)
        return found if factor == 1 else [_scaled(d, factor) for d in found]

    def _detect(self, image: np.ndarray) -> list[Detection]:
        square, scale, px, py = _letterbox(image, _DET_SIZE)
        tensor = cv2.cvtColor(square, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1.0
        regressors, logits = self.session.run(tensor[None])
        raw = regressors.reshape(-1, 16) / _DET_SIZE
        scores = _sigmoid(logits.reshape(-1))
        keep = np.flatnonzero(scores >= self.min_score)
        if keep.size == 0:
            return []
        anchors = self._anchors[keep]
        raw, scores = raw[keep], scores[keep]
        centres = anchors + raw[:, 0:2]
        sizes = raw[:, 2:4]
        boxes = np.concatenate([centres - sizes / 2, centres + sizes / 2], axis=1)
        keypoints = anchors[:, None, :] + raw[:, 4:].reshape(-1, 6, 2)
        found: list[Detection] = []
        order = list(np.argsort(-scores))
        while order:
            best = order[0]
            overlap = _iou(boxes[best], boxes[order]) > 0.3
            group = [order[i] for i in np.flatnonzero(overlap)]
            order = [order[i] for i in np.flatnonzero(~overlap)]
            weights = scores[group][:, None]
            box = (boxes[group] * weights).sum(axis=0) / weights.sum()
            kps = (keypoints[group] * weights[:, :, None]).sum(axis=0) / weights.sum()
            # From 0..1 of the letterboxed square back to picture pixels.
            box_px = (box * _DET_SIZE - [px, py, px, py]) / scale
            kps_px = (kps * _DET_SIZE - [px, py]) / scale
            x0, y0, x1, y1 = box_px
            found.append(
                Detection(
                    ((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0),
                    kps_px.astype(np.float32),
                    float(scores[best]),
                )
            )
        return found


def _roi_from_detection(det: Detection) -> tuple[float, float, float, float]:
    """Crop centre x, y, side and roll (radians) for the mesh, from a detection."""
    right_eye, left_eye = det.keypoints[0], det.keypoints[1]
    angle = math.atan2(left_eye[1] - right_eye[1], left_eye[0] - right_eye[0])
    cx, cy, w, h = det.box
    return cx, cy, max(w, h) * _CROP_SCALE, angle


def _roi_from_face(face: Face) -> tuple[float, float, float, float]:
    """The next frame's crop from this frame's mesh (tracking: no detection needed)."""
    xy = face.xy
    right, left = xy[_EYE_CORNERS[0]], xy[_EYE_CORNERS[1]]
    angle = math.atan2(left[1] - right[1], left[0] - right[0])
    # The mesh's extent in the face's own (unrolled) frame.
    centre = (xy.min(axis=0) + xy.max(axis=0)) / 2
    cos, sin = math.cos(-angle), math.sin(-angle)
    rel = xy - centre
    rx = rel[:, 0] * cos - rel[:, 1] * sin
    ry = rel[:, 0] * sin + rel[:, 1] * cos
    x_mid, y_mid = (rx.max() + rx.min()) / 2, (ry.max() + ry.min()) / 2
    side = max(rx.max() - rx.min(), ry.max() - ry.min()) * _CROP_SCALE
    cos, sin = math.cos(angle), math.sin(angle)
    cx = centre[0] + x_mid * cos - y_mid * sin
    cy = centre[1] + x_mid * sin + y_mid * cos
    return float(cx), float(cy), float(side), angle


def _crop_transform(roi: tuple[float, float, float, float]) -> np.ndarray:
    """The 2x3 affine mapping picture pixels into the 192x192 mesh crop."""
    cx, cy, side, angle = roi
    scale = _MESH_SIZE / side
    matrix = cv2.getRotationMatrix2D((cx, cy), math.degrees(angle), scale)
    matrix[:, 2] += (_MESH_SIZE / 2 - cx, _MESH_SIZE / 2 - cy)
    return matrix


class FaceMesh:
    def __init__(self, session: VisionSession) -> None:
        self.session = session

    def run(
        self, picture: np.ndarray | ModelInput, roi: tuple[float, float, float, float]
    ) -> Face | None:
        """The mesh inside a crop of a picture (BGR, or a frame as the models see it), mapped
        back to picture pixels; None when no face is there."""
        view = ModelInput.of(picture)
        matrix = _crop_transform(roi)
        crop = view.crop_rgb(matrix, _MESH_SIZE)
        tensor = crop.astype(np.float32) / 255.0
        mesh, presence = self.session.run(tensor[None])
        score = float(_sigmoid(presence.reshape(-1)[:1])[0])
        if score < _MIN_PRESENCE:
            return None
        points = mesh.reshape(468, 3).astype(np.float32)
        inverse = cv2.invertAffineTransform(matrix)
        xy = points[:, :2] @ inverse[:, :2].T + inverse[:, 2]
        z = points[:, 2:3] / (_MESH_SIZE / roi[2])
        return Face(np.hstack([xy, z]).astype(np.float32), score)


class OneEuro:
    """The One Euro filter (Casiez et al. 2012) over an array of coordinates.

    Slow movement is smoothed hard (no jitter); fast movement lowers the smoothing (no lag)."""

    def __init__(self, min_cutoff: float = 1.0, beta: float = 0.05, d_cutoff: float = 1.0) -> None:
        self.min_cutoff, self.beta, self.d_cutoff = min_cutoff, beta, d_cutoff
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t = 0.0

    @staticmethod
    def _alpha(cutoff: np.ndarray | float, dt: float) -> np.ndarray | float:
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    def reset(self) -> None:
        self._x = None

    def __call__(self, x: np.ndarray, t: float) -> np.ndarray:
        if self._x is None or self._x.shape != x.shape or t <= self._t:
            self._x, self._dx, self._t = x.copy(), np.zeros_like(x), t
            return self._x
        dt = t - self._t
        self._t = t
        dx = (x - self._x) / dt
        a_d = self._alpha(self.d_cutoff, dt)
        self._dx = self._dx + a_d * (dx - self._dx)  # type: ignore[operator]
        cutoff = self.min_cutoff + self.beta * np.abs(self._dx)
        a = self._alpha(cutoff, dt)
        self._x = self._x + a * (x - self._x)
        return self._x


class FaceTracker:
    """The face mesh of the most prominent face, frame after frame."""

    def __init__(self, detector: FaceDetector, mesh: FaceMesh, smooth: bool = True) -> None:
        self.detector, self.mesh = detector, mesh
        self._roi: tuple[float, float, float, float] | None = None
        self._filter = OneEuro() if smooth else None
        self.detections = 0  # how often the detector had to run

    @classmethod
    def load(
        cls,
        provider: str | None = "auto",
        threads: int = 1,
        manifest: Manifest | None = None,
        smooth: bool = True,
    ) -> FaceTracker:
        manifest = manifest if manifest is not None else load_manifest()
        return cls(
            FaceDetector(load_model(DETECTOR, provider, threads, manifest=manifest)),
            FaceMesh(load_model(MESH, provider, threads, manifest=manifest)),
            smooth,
        )

    def reset(self) -> None:
        self._roi = None
        if self._filter:
            self._filter.reset()

    def track(self, picture: np.ndarray | ModelInput, t: float = 0.0) -> Face | None:
        """The face in a picture (BGR, or a frame as the models see it: BGR or I420)."""
        view = ModelInput.of(picture)
        face = self.mesh.run(view, self._roi) if self._roi is not None else None
        if face is None:
            self.detections += 1
            found = self.detector.find(view)
            face = self.mesh.run(view, _roi_from_detection(found[0])) if found else None
        if face is None:
            self.reset()
            return None
        self._roi = _roi_from_face(face)
        if self._filter is not None:
            face = Face(self._filter(face.points, t), face.presence)
        return face
