"""The language of the words drawn onto the picture: product cards, countdowns, the camera-lost
card. It is the studio's language (the window's, or the profile's for the command line), set by
the session; a layer may keep a language of its own (a B2B seller's English card in a Chinese
studio). Headless: no Qt here.

One setting for the process (one studio runs per process). Layers compare `version()` with the
one they drew at, so a switch shows from the next frame without anyone re-adding layers.
"""

from __future__ import annotations

import os
import threading

LANGUAGES = ("zh", "en")
FOLLOW = "auto"  # a layer's language choice meaning "the studio's"

_lock = threading.Lock()
_current = "zh"  # the studio's default until a session says otherwise
_version = 0


def normalize(tag: str) -> str | None:
    """A locale or window language tag ("zh_CN", "zh-Hans", "en_US.UTF-8", "en") -> "zh" or
    "en"; None for tags that name no language ("", "C", "POSIX")."""
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_")
    if base in ("", "C", "POSIX"):
        return None
    return "zh" if base.lower().split("_")[0] == "zh" else "en"


def from_environment() -> str:
    """The system's language as the POSIX variables say (LANGUAGE first, then LC_ALL,
    LC_MESSAGES, LANG); English when none names one, as the window does."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalize(os.environ.get(name, "").split(":")[0])
        if found is not None:
            return found
    return "en"


def for_profile(ui_language: str) -> str:
    """The studio's language for a profile's ui.language ("" follows the system)."""
    return normalize(ui_language) or from_environment()


def current() -> str:
    return _current


def version() -> int:
    """Goes up at every change of the studio's language."""
    return _version


def set_current(tag: str) -> bool:
    """Make `tag` ("zh_CN", "en", "zh"...) the studio's language; True when it changed."""
    global _current, _version
    language = normalize(tag) or "en"
    with _lock:
        if language == _current:
            return False
        _current = language
        _version += 1
        return True


def resolve(choice: str) -> str:
    """A layer's language choice -> the language it draws in: FOLLOW (or nothing) is the
    studio's; "zh", "en" (and "both" for spec sheets) are kept."""
    return _current if choice in (FOLLOW, "") else choice
