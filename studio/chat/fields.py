"""Fields of what a platform or relay sends (JSON decoded), read without trusting their types:
one reading for every connector, so an id given as a number or a count given as its digits
means the same whichever connector reads it."""

from __future__ import annotations

import math
from typing import Any

MAX_AMOUNT = 1_000_000_000  # likes in a batch, gifts of a kind: more is a sender's nonsense
MAX_DIGITS = 18  # a count written as more digits than this is nonsense too (and a slow int())


def text_field(value: Any) -> str:
    """A text exactly as given; a number (ids often are) as its decimal digits, a whole float
    without its ".0"; anything else (true/false, null, objects) empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return ""


def count_field(value: Any) -> int | None:
    """A count from 0 to MAX_AMOUNT, from a number or its digits; None when absent or not a
    count (true/false, text that is not digits, infinity)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        digits = value.strip()
        if not digits.isdigit() or len(digits) > MAX_DIGITS:
            return None
        value = int(digits)
    if isinstance(value, float) and math.isfinite(value):
        value = int(value)
    if not isinstance(value, int):
        return None
    return max(0, min(MAX_AMOUNT, value))
