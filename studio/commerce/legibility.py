"""Text contrast on the stream, as WCAG 2 measures it (relative luminance, ratio at least 4.5:1
for body text), for words drawn on a semi-transparent panel over a picture we do not know.

A panel of alpha a over a picture shows a*panel + (1-a)*picture in each channel, so its
luminance lies between the panel over black and the panel over white, and takes every value in
between for some picture. The worst case for a text colour is therefore one of those two ends,
or a ratio of 1 when the text's own luminance lies between them (some picture matches it).

`measure(draw)` runs a drawing call and returns, for every word painted, the worst ratio against
the pixels that were under it: measured on the layer as drawn, not on the design's colours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.commerce import overlays

WCAG_TEXT = 4.5  # AA for normal text
MIN_SHARE = 0.05  # a colour under less of a word's box (a rim's antialiasing) is not its backdrop


def _linear(channel: np.ndarray) -> np.ndarray:
    c = np.asarray(channel, np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb: np.ndarray | tuple[float, ...]) -> np.ndarray:
    """WCAG relative luminance of sRGB colours (last axis R, G, B; 0..255), 0..1."""
    lin = _linear(np.asarray(rgb, np.float64)[..., :3])
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def ratio(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """The contrast ratio of two luminances (1..21)."""
    hi, lo = np.maximum(a, b), np.minimum(a, b)
    return (hi + 0.05) / (lo + 0.05)


def over(rgba: np.ndarray, behind: tuple[int, int, int]) -> np.ndarray:
    """Straight-alpha colours (..., 4) composited over a flat picture `behind` (R, G, B)."""
    rgba = np.asarray(rgba, np.float64)
    alpha = rgba[..., 3:4] / 255.0
    return rgba[..., :3] * alpha + np.asarray(behind, np.float64) * (1.0 - alpha)


def worst_ratio(text: tuple[int, ...], backdrop: np.ndarray) -> np.ndarray:
    """The worst contrast of an opaque `text` colour (R, G, B) on backdrop colours (..., 4,
    straight alpha) over any picture behind them."""
    lt = luminance(text)
    dark = luminance(over(backdrop, (0, 0, 0)))
    light = luminance(over(backdrop, (255, 255, 255)))
    worst = np.minimum(ratio(lt, dark), ratio(lt, light))
    return np.where((dark <= lt) & (lt <= light), 1.0, worst)


@dataclass(frozen=True)
class WordContrast:
    text: str
    fill: tuple[int, int, int, int]
    worst: float  # the worst ratio over the backdrop colours under it, over any picture


def word_contrast(word: overlays.PaintedText) -> WordContrast:
    """The worst ratio of a painted word against each colour under at least MIN_SHARE of its
    box (the word's own fill is opaque: the backdrop is what was there before it)."""
    pixels = word.backdrop.reshape(-1, 4)
    if pixels.size == 0:
        return WordContrast(word.text, word.fill, 0.0)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    common = colours[counts >= MIN_SHARE * len(pixels)]
    if len(common) == 0:  # a busy picture under the word: judge every pixel
        common = colours
    worst = float(worst_ratio(word.fill[:3], common).min())
    return WordContrast(word.text, word.fill, worst)


def measure(draw: Callable[[], object]) -> list[WordContrast]:
    """Run `draw` (a render_* call) and return every word it painted with its worst ratio."""
    with overlays.recording_words() as words:
        draw()
    return [word_contrast(w) for w in words]
