"""One schema for the canvas, encoder and recording settings.

Each setting's default, bounds or choices, unit and label are written here once, and every place
that takes one of these values reads them from here: the profile loader (`studio.profile`), the
settings dialog (`studio.ui.settings_dialog`), the command line (`studio.cli`: --canvas, --fps,
--bitrate, --keyframe, --preset) and the encoder (`studio.broadcast.encoder.EncoderConfig`).
Before, five places kept their own copies and disagreed (the dialog's keyframe minimum was
0.5 s, the loader took anything above 0 and the encoder anything at all).

It imports nothing from the studio, so every layer may read it. Labels and spin-box suffixes
are English, marked for the translation files in the "SettingsDialog" context; the window
translates them, the command line and the loader use `unit` in their messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "Shopcast Studio"  # also the recordings' folder under the user's Videos


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a label for the translation files without importing Qt here."""
    return text


def default_recording_folder() -> str:
    return str(Path(platformdirs.user_videos_dir()) / APP_NAME)


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting of the profile's `section`: its type is the type of its default (or of
    `factory()`'s result)."""

    section: str  # "canvas" | "encoder" | "recording": the profile's object it sits in
    name: str  # the field's name there
    default: Any
    label: str  # English, for the settings dialog's form (context "SettingsDialog")
    unit: str = ""  # English, for messages: "kbps", "s", "px"
    suffix: str = ""  # the dialog's spin-box suffix (context "SettingsDialog")
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    step: float = 1  # the dialog's spin-box step
    decimals: int = 0  # the dialog shows (and keeps) this many decimals
    even: bool = False  # 4:2:0 video halves both sides for its colour planes
    pattern: str = ""  # a regular expression a text value must match...
    pattern_hint: str = ""  # ...and what to say when it does not ("must be ...")
    factory: Callable[[], Any] | None = None  # a default that depends on the machine
    required: bool = False  # text that must not be blank

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    def default_value(self) -> Any:
        return self.factory() if self.factory is not None else self.default

    @property
    def kind(self) -> type:
        return type(self.default_value())

    @property
    def bounds_text(self) -> str:
        """'from 200 to 50000 kbps', or the choices: how every message words the bounds."""
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        unit = f" {self.unit}" if self.unit else ""
        return f"from {self.minimum:g} to {self.maximum:g}{unit}"

    def problem(self, value: Any) -> str | None:
        """Why `value` cannot be this setting (English, to follow its name), None when fine."""
        kind = self.kind
        if self.choices:
            if isinstance(value, bool) or value not in self.choices:
                return f"must be {self.bounds_text}"
            return None
        if kind is bool:
            return None if isinstance(value, bool) else "must be true or false"
        if kind is str:
            if not isinstance(value, str):
                return "must be text"
            if self.required and not value.strip():
                return "must not be empty"
            if self.pattern and not re.fullmatch(self.pattern, value):
                return self.pattern_hint or "is not valid"
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if kind is int and not float(value).is_integer():
            return "must be a whole number"
        if math.isnan(value) or not self.minimum <= value <= self.maximum:
            return f"must be {self.bounds_text}"
        if self.even and int(value) % 2:
            return "must be an even number"
        return None


_SIDE = {"unit": "px", "suffix": QT_TRANSLATE_NOOP("SettingsDialog", " px"), "step": 2}
CANVAS_WIDTH = Setting(
    "canvas",
    "width",
    1080,
    QT_TRANSLATE_NOOP("SettingsDialog", "Canvas width"),
    minimum=320,
    maximum=3840,
    even=True,
    **_SIDE,
)
CANVAS_HEIGHT = Setting(
    "canvas",
    "height",
    1920,
    QT_TRANSLATE_NOOP("SettingsDialog", "Canvas height"),
    minimum=320,
    maximum=3840,
    even=True,
    **_SIDE,
)
CANVAS_FPS = Setting(
    "canvas",
    "fps",
    30,
    QT_TRANSLATE_NOOP("SettingsDialog", "Frame rate:"),
    unit="fps",
    choices=(25, 30, 60),
)

VIDEO_ENCODER = Setting(
    "encoder",
    "video_encoder",
    "auto",
    QT_TRANSLATE_NOOP("SettingsDialog", "Video encoder:"),
    pattern=r"[a-z0-9_]+",
    pattern_hint="must be 'auto' or an FFmpeg encoder name such as libx264",
)
X264_PRESET = Setting(
    "encoder",
    "preset",
    "veryfast",
    QT_TRANSLATE_NOOP("SettingsDialog", "x264 preset:"),
    choices=(
        "ultrafast",
        "superfast",
        "veryfast",
        "faster",
        "fast",
        "medium",
        "slow",
        "slower",
        "veryslow",
    ),
)
_KBPS = {"unit": "kbps", "suffix": QT_TRANSLATE_NOOP("SettingsDialog", " kbps")}
VIDEO_BITRATE = Setting(
    "encoder",
    "bitrate_kbps",
    2500,
    QT_TRANSLATE_NOOP("SettingsDialog", "Video bitrate:"),
    minimum=200,
    maximum=50_000,
    step=100,
    **_KBPS,
)
AUDIO_BITRATE = Setting(
    "encoder",
    "audio_bitrate_kbps",
    128,
    QT_TRANSLATE_NOOP("SettingsDialog", "Audio bitrate:"),
    minimum=32,
    maximum=512,
    step=32,
    **_KBPS,
)
# Platforms ask for a keyframe every 2 s (YouTube takes up to 4 s). Below 0.5 s almost every
# frame is a keyframe and the picture starves; above 10 s a viewer joining waits too long.
KEYFRAME_SECONDS = Setting(
    "encoder",
    "keyframe_seconds",
    2.0,
    QT_TRANSLATE_NOOP("SettingsDialog", "Keyframe interval:"),
    unit="s",
    suffix=QT_TRANSLATE_NOOP("SettingsDialog", " s"),
    minimum=0.5,
    maximum=10.0,
    step=0.5,
    decimals=1,
)

RECORD_WHILE_STREAMING = Setting(
    "recording",
    "enabled",
    True,
    QT_TRANSLATE_NOOP("SettingsDialog", "Record while streaming"),
)
RECORDING_FOLDER = Setting(
    "recording",
    "folder",
    "",
    QT_TRANSLATE_NOOP("SettingsDialog", "Folder:"),
    factory=default_recording_folder,
    required=True,
)
RECORDING_FORMAT = Setting(
    "recording",
    "format",
    "mkv",
    QT_TRANSLATE_NOOP("SettingsDialog", "Format:"),
    choices=("mkv", "mp4"),
)
# Off: a recording started with the stream stops with it (the merchant may want it on).
KEEP_RECORDING = Setting(
    "recording",
    "keep_after_stream",
    False,
    QT_TRANSLATE_NOOP("SettingsDialog", "Keep recording after the stream stops"),
)

CANVAS: tuple[Setting, ...] = (CANVAS_WIDTH, CANVAS_HEIGHT, CANVAS_FPS)
ENCODER: tuple[Setting, ...] = (
    VIDEO_ENCODER,
    X264_PRESET,
    VIDEO_BITRATE,
    AUDIO_BITRATE,
    KEYFRAME_SECONDS,
)
RECORDING: tuple[Setting, ...] = (
    RECORD_WHILE_STREAMING,
    RECORDING_FOLDER,
    RECORDING_FORMAT,
    KEEP_RECORDING,
)
SCHEMA: dict[str, tuple[Setting, ...]] = {
    "canvas": CANVAS,
    "encoder": ENCODER,
    "recording": RECORDING,
}


def setting(key: str) -> Setting:
    """A setting by its 'section.name' key: setting('encoder.bitrate_kbps')."""
    section, _, name = key.partition(".")
    found = next((s for s in SCHEMA.get(section, ()) if s.name == name), None)
    if found is None:
        raise KeyError(f"no setting {key!r} in the schema")
    return found
