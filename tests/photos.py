"""Real photos of people shipped inside test dependencies (both public domain), as BGR.

Regions below were read off the pictures by eye (rows, columns): where the person is, where the
background is, and where facial features are, for checking masks and landmarks independently of
the models.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Photo:
    name: str
    image: np.ndarray  # BGR
    person: tuple[tuple[slice, slice], ...]  # areas inside the person
    background: tuple[tuple[slice, slice], ...]  # areas of plain background
    features: dict[str, tuple[float, float]]  # x, y of facial features, by eye
    face_width: float  # cheek to cheek, pixels


def astronaut() -> Photo:
    """skimage.data.astronaut(): Eileen Collins, NASA portrait, 512x512."""
    import skimage.data

    return Photo(
        "astronaut",
        cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR),
        person=((slice(90, 160), slice(195, 250)), (slice(300, 480), slice(60, 250))),
        background=(
            (slice(0, 60), slice(40, 140)),
            (slice(0, 40), slice(310, 350)),
            (slice(100, 220), slice(460, 505)),
        ),
        features={
            "right_eye": (204, 101),
            "left_eye": (247, 104),
            "nose": (224, 130),
            "mouth": (224, 145),
            "chin": (222, 175),
        },
        face_width=90,
    )


def grace_hopper() -> Photo:
    """matplotlib's sample grace_hopper.jpg: Rear Admiral Grace Hopper, US Navy, 512x600."""
    import matplotlib

    path = os.path.join(matplotlib.get_data_path(), "sample_data", "grace_hopper.jpg")
    image = cv2.imread(path)
    assert image is not None, path
    return Photo(
        "grace_hopper",
        image,
        person=((slice(220, 330), slice(200, 330)), (slice(470, 600), slice(80, 450))),
        background=(
            (slice(0, 120), slice(400, 510)),
            (slice(150, 260), slice(420, 505)),
            (slice(0, 120), slice(0, 100)),
        ),
        features={
            "right_eye": (221, 191),
            "left_eye": (308, 188),
            "nose": (268, 246),
            "mouth": (269, 278),
            "chin": (272, 334),
        },
        face_width=183,
    )


PHOTOS = (astronaut, grace_hopper)


def portrait(photo: Photo, width: int = 720, height: int = 1280) -> np.ndarray:
    """The photo on a portrait canvas as a phone camera would frame it: scaled to the width,
    top-aligned, the rest below filled by repeating the bottom rows."""
    scale = width / photo.image.shape[1]
    scaled = cv2.resize(photo.image, (width, round(photo.image.shape[0] * scale)))
    canvas = np.empty((height, width, 3), np.uint8)
    rows = min(height, scaled.shape[0])
    canvas[:rows] = scaled[:rows]
    canvas[rows:] = scaled[rows - 1]
    return canvas
