"""Screenshots of a live room as a phone shows the streamed calibration card: the card scaled to
fill the screen (the sides cut off on a phone taller than 9:16) or to fit it (bars beside it),
with a viewer app's bars, buttons and comments drawn over it, saved as JPEG like a phone does."""

from __future__ import annotations

import math

import cv2
import numpy as np

Rect = tuple[int, int, int, int]


class Shot:
    """A phone's screenshot (BGR), its phone pixels per canvas pixel, where the canvas's corner
    lands on the phone, and the box of what each part of the room drew, in canvas pixels."""

    def __init__(self, image: np.ndarray, scale: float, corner: tuple[int, int]) -> None:
        self.image, self.scale, self.corner = image, scale, corner
        self.drawn: list[Rect] = []


def phone_screenshot(
    card: np.ndarray,
    phone: tuple[int, int],
    ui: list[tuple[Rect, str]],
    fill: bool = True,
    quality: int = 80,
) -> Shot:
    """The screenshot of `card` on a phone of this size (pixels). `ui`: rects in canvas pixels
    with a style: "bar" (a darkened strip with text), "buttons" (a column of white circles),
    "comments" (rows of dark bubbles), clipped to the phone's screen."""
    ch, cw = card.shape[:2]
    pw, ph = phone
    s = max(pw / cw, ph / ch) if fill else min(pw / cw, ph / ch)
    big = cv2.resize(card, (round(cw * s), round(ch * s)), interpolation=cv2.INTER_LINEAR)
    ox, oy = (pw - big.shape[1]) // 2, (ph - big.shape[0]) // 2
    shot = np.zeros((ph, pw, 3), np.uint8)
    sx0, sy0 = max(0, -ox), max(0, -oy)
    dx0, dy0 = max(0, ox), max(0, oy)
    w = min(pw - dx0, big.shape[1] - sx0)
    h = min(ph - dy0, big.shape[0] - sy0)
    shot[dy0 : dy0 + h, dx0 : dx0 + w] = big[sy0 : sy0 + h, sx0 : sx0 + w]
    drawn = []
    for (x, y, rw, rh), style in ui:
        before = shot.copy()
        x0, y0 = max(0, round(x * s + ox)), max(0, round(y * s + oy))
        x1, y1 = min(pw, round((x + rw) * s + ox)), min(ph, round((y + rh) * s + oy))
        if style == "bar":
            shot[y0:y1, x0:x1] = (shot[y0:y1, x0:x1] * 0.45).astype(np.uint8)
            cv2.putText(shot, "Host 12.3w", (x0 + 20, (y0 + y1) // 2), 0, 1.5, (255, 255, 255), 3)
        elif style == "buttons":
            for i in range(4):
                cy = round(y0 + (i + 0.5) * (y1 - y0) / 4)
                cv2.circle(shot, ((x0 + x1) // 2, cy), (x1 - x0) // 3, (255, 255, 255), -1)
        elif style == "comments":
            for i in range(6):
                top = round(y0 + i * (y1 - y0) / 6) + 6
                low = round(y0 + (i + 1) * (y1 - y0) / 6) - 6
                end = round(x0 + (x1 - x0) * (0.6 + 0.04 * ((i * 37) % 10)))
                shot[top:low, x0:end] = (shot[top:low, x0:end] * 0.5).astype(np.uint8)
                cv2.putText(
                    shot, f"user{i}: nice!", (x0 + 14, low - 14), 0, 1.2, (255, 255, 255), 3
                )
        else:
            raise ValueError(style)
        ys, xs = np.nonzero((shot != before).any(axis=2))
        px0, py0, px1, py1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
        x0, y0 = math.floor((px0 - ox) / s), math.floor((py0 - oy) / s)
        drawn.append((x0, y0, math.ceil((px1 - ox) / s) - x0, math.ceil((py1 - oy) / s) - y0))
    ok, data = cv2.imencode(".jpg", shot, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    result = Shot(cv2.imdecode(data, cv2.IMREAD_COLOR), s, (ox, oy))
    result.drawn = drawn
    return result
