"""What the effects of one layer are set to: background and beautify, 0-100 as merchants know them.

Kept as plain values (saved in the profile with the layer, typed on the command line) apart from
the code that applies them.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import Field, asdict, dataclass, field, fields, replace
from typing import Any

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting

# The stages that change the picture, in the order they apply (id -> "module:Class", imported
# when used): beautify first, then the background. A background stage's id is a background
# mode. Adding an effect is its stage class plus one line here (and a field below when it has
# a setting of its own: presets and the profile carry it without more code).
BEAUTIFY_STAGES: dict[str, str] = {"beautify": "studio.vision.stages:Beautify"}
BACKGROUND_STAGES: dict[str, str] = {
    "blur": "studio.vision.stages:BlurBackground",
    "replace": "studio.vision.stages:ReplaceBackground",
    "remove": "studio.vision.stages:RemoveBackground",
}
DEFAULT_BLUR = 60
# Labels are English; the window translates them in this context.
LABEL_CONTEXT = "EffectsPanel"


class EffectSettingsError(ValueError):
    """A setting typed or saved wrongly. User-facing English; `code` for the window's sentence:
    "background" | "beautify" | "value"; `subject` the text concerned."""

    def __init__(self, message: str, code: str, subject: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.subject = subject


def background_modes() -> tuple[str, ...]:
    """ "off" and every background stage's id, in the order the window offers them."""
    return ("off", *BACKGROUND_STAGES)


def declared(setting: Setting) -> Any:
    """A settings field declared by `setting` (its default, bounds and label)."""
    return field(default=setting.default, metadata={"setting": setting})


def settings_of(cls: type) -> tuple[Setting, ...]:
    """The declared settings of a settings dataclass, in field order."""
    return tuple(f.metadata["setting"] for f in fields(cls) if "setting" in f.metadata)


def _level_setting(key: str, label: str, default: int = 0) -> Setting:
    return Setting(key, label, "int", default, 0, 100)


@dataclass(frozen=True)
class BackgroundSettings:
    # A choice of background_modes(), read when checked: a stage registered later is one too.
    mode: str = declared(
        Setting("mode", QT_TRANSLATE_NOOP("EffectsPanel", "Effect"), "choice", "off")
    )
    strength: int = declared(
        _level_setting("strength", QT_TRANSLATE_NOOP("EffectsPanel", "Blur"), DEFAULT_BLUR)
    )
    image: str = declared(
        Setting("image", QT_TRANSLATE_NOOP("EffectsPanel", "Picture"), "file")
    )  # replace: a picture or a video file (looped)

    @property
    def on(self) -> bool:
        return self.mode in BACKGROUND_STAGES and background_stage(self.mode).wanted(self)


@dataclass(frozen=True)
class BeautifySettings:
    smooth: int = declared(_level_setting("smooth", QT_TRANSLATE_NOOP("EffectsPanel", "Smoothing")))
    whiten: int = declared(_level_setting("whiten", QT_TRANSLATE_NOOP("EffectsPanel", "Whitening")))
    slim: int = declared(_level_setting("slim", QT_TRANSLATE_NOOP("EffectsPanel", "Face slimming")))
    eyes: int = declared(_level_setting("eyes", QT_TRANSLATE_NOOP("EffectsPanel", "Bigger eyes")))

    @property
    def on(self) -> bool:
        return any(getattr(self, key) > 0 for key in BEAUTIFY_KEYS)


BEAUTIFY_KEYS = tuple(s.key for s in settings_of(BeautifySettings))

# Built-in presets. "natural" is subtle on purpose: skin evened out, nothing that looks edited.
BEAUTIFY_PRESETS: dict[str, BeautifySettings] = {
    "off": BeautifySettings(),
    "natural": BeautifySettings(smooth=35, whiten=15, slim=10, eyes=10),
    "soft": BeautifySettings(smooth=60, whiten=30, slim=20, eyes=20),
    "glam": BeautifySettings(smooth=80, whiten=45, slim=40, eyes=35),
}
NATURAL = BEAUTIFY_PRESETS["natural"]
# Fields that belong to the computer, not to a look: presets leave them out.
MACHINE_FIELDS = ("provider",)


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

    def look(self) -> EffectSettings:
        """These settings without the machine's (what a preset keeps)."""
        return replace(self, **{name: _default(name) for name in MACHINE_FIELDS})

    def on_machine_of(self, other: EffectSettings) -> EffectSettings:
        """This look with `other`'s machine settings (a preset applied keeps the provider)."""
        return replace(self, **{name: getattr(other, name) for name in MACHINE_FIELDS})

    @classmethod
    def from_dict(cls, data: Any) -> EffectSettings:
        """From the profile, field by declared field (a key not given takes its default);
        raises EffectSettingsError naming the bad value."""
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
        background = _section(BackgroundSettings, bg)
        if background.mode != "off":
            background_stage(background.mode).check(background)
        beautify = _section(BeautifySettings, beauty)
        provider = str(data.get("provider", "auto")).strip().lower() or "auto"
        return cls(background=background, beautify=beautify, provider=provider)


def _default(name: str) -> Any:
    found: Field[Any] = next(f for f in fields(EffectSettings) if f.name == name)
    return found.default


def _section(cls: type, data: dict[str, Any]) -> Any:
    """A settings dataclass from its saved mapping, each field read as its setting declares."""
    values: dict[str, Any] = {}
    for setting in settings_of(cls):
        value = data.get(setting.key, setting.default)
        if setting.type == "int":
            values[setting.key] = _level(value, setting.key)
        elif setting.type == "choice":  # the background's mode, the one choice there is
            if value not in (setting.choices or background_modes()):
                raise _bad_mode(str(value))
            values[setting.key] = value
        else:
            values[setting.key] = str(value)
    return cls(**values)


def background_stage(mode: str) -> type:
    """The stage class of a background mode; EffectSettingsError for an unknown one."""
    if mode not in BACKGROUND_STAGES:
        raise _bad_mode(mode)
    return stage_class(mode)


@functools.cache
def stage_class(stage_id: str) -> type:
    """The class a registry line names, imported when first asked for (as every registry in
    the studio does: the stages build on these settings, never the other way round); KeyError
    for an id no registry lists."""
    target = {**BEAUTIFY_STAGES, **BACKGROUND_STAGES}[stage_id]
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)


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
    usage = ", ".join(stage_class(key).USAGE for key in BACKGROUND_STAGES)
    return EffectSettingsError(
        f"unknown background effect {mode!r}: use {usage} or off", "background", mode
    )


def no_image() -> EffectSettingsError:
    return EffectSettingsError(
        "replace needs a picture or a video: replace:PATH", "background", "replace"
    )


def parse_background(text: str) -> BackgroundSettings:
    """`blur`, `blur:N`, `replace:PATH`, `remove` or `off` (the --background option): a mode,
    and after the colon the value of the one setting its stage takes there (`ARG`), if any."""
    mode, _, arg = text.strip().partition(":")
    mode = mode.strip().lower()
    if mode == "off" and not arg:
        return BackgroundSettings("off")
    if mode not in BACKGROUND_STAGES:
        raise _bad_mode(text.strip())
    stage = background_stage(mode)
    if stage.ARG is None:
        if arg:
            raise _bad_mode(text.strip())
        return BackgroundSettings(mode)
    setting = next(s for s in settings_of(BackgroundSettings) if s.key == stage.ARG)
    if setting.type == "int":  # blur:N (blur alone: the default strength)
        settings = BackgroundSettings(mode, **({stage.ARG: _level(arg, mode)} if arg else {}))
    else:
        settings = BackgroundSettings(mode, **{stage.ARG: arg.strip()})
    stage.check(settings)
    return settings


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
