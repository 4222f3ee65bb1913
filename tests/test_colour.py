"""CIEDE2000 against the published test pairs (Sharma, Wu and Dalal 2005)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.vision.colour import bgr_to_lab, delta_e_2000, max_delta_e

SHARMA = [  # L1 a1 b1, L2 a2 b2, dE00
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_published_pairs(lab1, lab2, expected):
    assert delta_e_2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_pictures():
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, (32, 32, 3), np.uint8)
    assert max_delta_e(image, image) == 0.0
    shifted = image.copy()
    shifted[:16] = np.clip(shifted[:16].astype(int) + 12, 0, 255).astype(np.uint8)
    assert max_delta_e(image, shifted) > 1.0
    untouched = np.zeros((32, 32), bool)
    untouched[16:] = True
    assert max_delta_e(image, shifted, untouched) == 0.0
    white = bgr_to_lab(np.full((1, 1, 3), 255, np.uint8))[0, 0]
    assert white[0] == pytest.approx(100, abs=0.01) and abs(white[1]) < 0.01
