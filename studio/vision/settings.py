"""What the effects of one layer are set to: background and beautify, 0-100 as merchants know them.

Kept as plain values (saved in the profile with the layer, typed on the command line) apart from
the code that applies them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

BACKGROUND_MODES = ("off", "blur", "replace", "remove")
BEAUTIFY_KEYS = ("smooth", "whiten", "slim", "eyes")
DEFAULT_BLUR = 60


class EffectSettingsError(ValueError):
    """A setting typed or saved wrongly. User-facing English; `code` for the window's sentence:
    "background" | "beautify" | "value"; `subject` the text concerned."""

    def __init__(self, message: str, code: str, subject: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.subject = subject


@dataclass(frozen=True)
class BackgroundSettings:
    mode: str = "off"  # off | blur | replace | remove
    strength: int = DEFAULT_BLUR  # blur 0-100
    image: str = ""  # replace: a picture or a video file (looped)

    @property
    def on(self) -> bool:
        if self.mode == "blur":
            return self.strength > 0
        return self.mode in ("replace", "remove")


@dataclass(frozen=True)
class BeautifySettings:
    smooth: int = 0
    whiten: int = 0
    slim: int = 0
    eyes: int = 0

    @property
    def on(self) -> bool:
        return any(getattr(self, key) > 0 for key in BEAUTIFY_KEYS)


# Built-in presets. "natural" is subtle on purpose: skin evened out, nothing that looks edited.
BEAUTIFY_PRESETS: dict[str, BeautifySettings] = {
    "off": BeautifySettings(),
    "natural": BeautifySettings(smooth=35, whiten=15, slim=10, eyes=10),
    "soft": BeautifySettings(smooth=60, whiten=30, slim=20, eyes=20),
    "glam": BeautifySettings(smooth=80, whiten=45, slim=40, eyes=35),
}
NATURAL = BEAUTIFY_PRESETS["natural"]


@dataclass(frozen=True)
class EffectSettings:
    background: BackgroundSettings = field(default_factory=BackgroundSettings)
    beautify: BeautifySettings = field(default_factory=BeautifySettings)
    provider: str = "auto"  # auto | cpu | cuda | directml | coreml

    @property
    def on(self) -> bool:
        return self.background.on or self.beautify.on

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> EffectSettings:
        """From the profile; raises EffectSettingsError naming the bad value."""
        if not data:
            return cls()
        if not isinstance(data, dict):
            raise EffectSettingsError("effects must be an object", "value", repr(data)[:40])
        bg = data.get("background") or {}
        beauty = data.get("beautify") or {}
        if not isinstance(bg, dict) or not isinstance(beauty, dict):
            raise EffectSettingsError(
                "effects.background and effects.beautify must be objects", "value"
            )
        mode = bg.get("mode", "off")
        if mode not in BACKGROUND_MODES:
            raise _bad_mode(str(mode))
        background = BackgroundSettings(
            mode, _level(bg.get("strength", DEFAULT_BLUR), "strength"), str(bg.get("image", ""))
        )
        if background.mode == "replace" and not background.image:
            raise _no_image()
        beautify = BeautifySettings(
            **{key: _level(beauty.get(key, 0), key) for key in BEAUTIFY_KEYS}
        )
        provider = str(data.get("provider", "auto")).strip().lower() or "auto"
        return cls(background, beautify, provider)


def _level(value: Any, name: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise EffectSettingsError(
            f"{name} must be a whole number from 0 to 100, not {value!r}", "value", name
        ) from None
    if not 0 <= number <= 100:
        raise EffectSettingsError(f"{name} must be from 0 to 100, not {number}", "value", name)
    return number


def _bad_mode(mode: str) -> EffectSettingsError:
    return EffectSettingsError(
        f"unknown background effect {mode!r}: use blur, blur:N (0-100), replace:IMAGE, remove "
        "or off",
        "background",
        mode,
    )


def _no_image() -> EffectSettingsError:
    return EffectSettingsError(
        "replace needs a picture or a video: replace:PATH", "background", "replace"
    )


def parse_background(text: str) -> BackgroundSettings:
    """`blur`, `blur:N`, `replace:PATH`, `remove` or `off` (the --background option)."""
    mode, _, arg = text.strip().partition(":")
    mode = mode.strip().lower()
    if mode == "blur":
        return BackgroundSettings("blur", _level(arg, "blur") if arg else DEFAULT_BLUR)
    if mode == "replace":
        if not arg.strip():
            raise _no_image()
        return BackgroundSettings("replace", image=arg.strip())
    if mode in ("remove", "off") and not arg:
        return BackgroundSettings(mode)
    raise _bad_mode(text.strip())


def parse_beautify(text: str) -> BeautifySettings:
    """A preset name (natural, soft, glam, off) or `smooth=N,whiten=N,slim=N,eyes=N` (any of
    them; the rest 0). A preset may be adjusted: `natural,slim=30`."""
    settings = BeautifySettings()
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep and key in BEAUTIFY_PRESETS:
            settings = BEAUTIFY_PRESETS[key]
        elif sep and key in BEAUTIFY_KEYS:
            settings = replace(settings, **{key: _level(value, key)})
        else:
            raise EffectSettingsError(
                f"unknown beautify setting {part!r}: use smooth=N, whiten=N, slim=N, eyes=N "
                f"(0-100) or a preset: {', '.join(BEAUTIFY_PRESETS)}",
                "beautify",
                part,
            )
    return settings
