"""File names for clips that every system the merchant copies them to accepts: no characters
Windows, macOS or Linux refuse, no reserved device names, no trailing dot or space, and short
enough for the deepest folder a merchant is likely to keep them in."""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 120  # of UTF-8 in the name without its extension (file systems allow 255)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10))} | {
    f"LPT{n}" for n in range(10)
}


def safe_name(text: str, fallback: str = "clip") -> str:
    """`text` made into a file name (without extension) valid on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in ("Zl", "Zp", "Cc", "Cf") else c for c in text)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip()
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    if not text or text.strip("_") == "":
        return fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def clip_name(number: int, title: str) -> str:
    """'3 Silk scarf' for the third clip: the number first, so the folder lists them in order."""
    return f"{number} {safe_name(title)}"
