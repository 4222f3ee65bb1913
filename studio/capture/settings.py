"""Declared settings of each kind of source: what the properties dialog is built from.

A source class lists its settings in `SETTINGS`. The setting with key "arg" is the part of the
spec after the colon ("camera:0" -> "0", "image:PATH" -> PATH); every other key is stored in the
layer's `options` and handed to the source's constructor as `options`.
Labels are English; the window translates them (context "SourceSettings").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

SettingType = Literal["text", "multiline", "int", "float", "bool", "color", "choice", "file"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a label for the translation files without importing Qt here."""
    return text


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    type: SettingType = "text"
    default: Any = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    file_filter: str = ""  # for "file": e.g. "Images (*.png *.jpg)"
    placeholder: str = ""
    # "camera": an "int" that is a local camera's number; the window offers the cameras found,
    # by name, instead of a bare number
    devices: str = ""
    required: bool = False  # nothing works without it (a comment connector's channel, token)
    secret: bool = False  # typed masked and kept in the keyring, never in the profile
    help: str = ""  # English: what it is, for a tooltip and the command line's message

    def check(self, value: Any) -> str | None:
        """None when `value` suits this setting, else an English reason."""
        if self.type in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"{self.key} must be a number"
            if self.type == "int" and not float(value).is_integer():
                return f"{self.key} must be a whole number"
            if self.minimum is not None and value < self.minimum:
                return f"{self.key} must be at least {self.minimum:g}"
            if self.maximum is not None and value > self.maximum:
                return f"{self.key} must be at most {self.maximum:g}"
        elif self.type == "bool":
            if not isinstance(value, bool):
                return f"{self.key} must be true or false"
        elif self.type == "choice":
            if value not in self.choices:
                return f"{self.key} must be one of {', '.join(self.choices)}"
        elif not isinstance(value, str):
            return f"{self.key} must be text"
        elif self.type == "color" and not _is_colour(value):
            return f"{self.key} must be a colour like #ffffff or #000000c0"
        return None


def _is_colour(value: str) -> bool:
    digits = value[1:]
    return (
        value.startswith("#")
        and len(digits) in (6, 8)
        and all(c in "0123456789abcdefABCDEF" for c in digits)
    )


def parse_colour(value: str) -> tuple[int, int, int, int]:
    """'#rrggbb' or '#rrggbbaa' -> (r, g, b, a)."""
    digits = value.lstrip("#")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    a = int(digits[6:8], 16) if len(digits) == 8 else 255
    return r, g, b, a


def check_values(settings: tuple[Setting, ...], values: Any) -> list[str]:
    """English problems with a source's `options`: bad values and unknown keys. "arg" belongs to
    the spec, so it is never an option."""
    if values is None:
        return []
    if not isinstance(values, dict):
        return ["options must be a mapping of setting names to values"]
    known = {s.key: s for s in settings if s.key != "arg"}
    problems = []
    for key, value in values.items():
        setting = known.get(key)
        if key == "arg":
            problems.append("arg is part of the source spec, not an option")
        elif setting is None:
            names = ", ".join(known) or "none"
            problems.append(f"unknown setting {key!r} (known: {names})")
        elif (reason := setting.check(value)) is not None:
            problems.append(reason)
    return problems


def with_defaults(settings: tuple[Setting, ...], values: dict[str, Any] | None) -> dict[str, Any]:
    """Every option of `settings` (not "arg"): the given value, else the default. Whole-number
    floats become ints for "int" settings (JSON and spin boxes may hand over 64.0)."""
    given = values or {}
    out: dict[str, Any] = {}
    for s in settings:
        if s.key == "arg":
            continue
        value = given.get(s.key, s.default)
        if s.type == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        out[s.key] = value
    return out
