"""A layer's effects (beautify and background), saved with the layer and put onto the running
effects, and the effect presets: the built-in beautify looks and the merchant's own."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.session_parts.errors import StudioError
from studio.vision.settings import (
    BEAUTIFY_PRESETS,
    MACHINE_FIELDS,
    EffectSettings,
    EffectSettingsError,
)
from studio.vision.source import EffectsSource

if TYPE_CHECKING:
    from studio.capture.base import VideoFrame
    from studio.engine import SourceProblem
    from studio.session import StudioSession

log = logging.getLogger("studio.session")


@dataclass(frozen=True)
class EffectPreset:
    name: str  # a built-in's key ("natural") or the merchant's own name
    settings: EffectSettings
    builtin: bool


def _builtin_preset(name: str) -> bool:
    return name.strip().casefold() in BEAUTIFY_PRESETS


class LayerEffects:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    def of(self, index: int) -> EffectSettings:
        """The layer's effects as saved ({} in the profile: every effect off)."""
        return EffectSettings.from_dict(self.session.layer_editor.layer(index).effects)

    def set(self, index: int, settings: EffectSettings) -> list[SourceProblem]:
        """Give a layer new effects: saved with the layer (by `save`) and shown from the next
        frame. A slider move only reconfigures the running effects (no model reloads, no source
        rebuilt, no new mixer); the first effect turned on wraps the source, through the
        engine's set_layers. Returns the sources left out, as `open` does. Raises StudioError
        "effects" for settings that cannot be used (replace without a picture)."""
        session = self.session
        layer = session.layer_editor.layer(index)
        try:
            settings = EffectSettings.from_dict(settings.to_dict())
        except EffectSettingsError as exc:
            raise StudioError("effects", str(exc), detail=exc.subject, error=exc) from None
        layer.effects = {} if settings == EffectSettings() else settings.to_dict()
        live = [x for x in session.layer_editor.engine_layers() if x.name == layer.name]
        wrapped = [x.source for x in live if isinstance(x.source, EffectsSource)]
        for source in wrapped:
            if source.effects.settings != settings:
                source.effects.configure(settings)
        if live and not wrapped and settings.on:
            return session.live.show()  # the engine wraps the source in its effects
        # Not running, left out as broken (the profile has it for later), reconfigured above,
        # or never wrapped and still nothing to do.
        return session.live.problems

    def split_frames(self, layer_name: str) -> tuple[VideoFrame | None, VideoFrame | None]:
        """The before/after view of the running layer called `layer_name`: what the render
        thread last made and the frame it was made from, read, never rendered here (no effects
        work on the window's thread); a layer without effects: its source's latest frame twice;
        (None, None) when it is not running."""
        live = self.session.layer_editor.running(layer_name)
        if live is None:
            return None, None
        source = live.source
        if isinstance(source, EffectsSource):
            return source.original, source.shown
        frame = source.latest_video()
        return frame, frame

    @property
    def presets(self) -> dict[str, EffectPreset]:
        """Built-in presets first (beautify looks: natural, soft, glam, off), then the
        merchant's own (background and beautify), by name."""
        presets = {
            name: EffectPreset(name, EffectSettings(beautify=look), builtin=True)
            for name, look in BEAUTIFY_PRESETS.items()
        }
        for name, data in self.session.profile.effect_presets.items():
            try:
                presets[name] = EffectPreset(name, EffectSettings.from_dict(data), builtin=False)
            except EffectSettingsError:
                log.warning("effect preset %r is not usable; skipped", name)
        return presets

    def save_preset(
        self, name: str, settings: EffectSettings, replace: bool = False
    ) -> EffectPreset:
        """Keep `settings` (background and beautify; not the provider, which belongs to the
        machine) as the merchant's preset `name`. A built-in name is refused; an own preset of
        that name is replaced only when `replace` is true."""
        own = self.session.profile.effect_presets
        name = " ".join(name.split())
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if _builtin_preset(name):
            raise StudioError(
                "preset_builtin", f"{name!r} is a built-in preset and cannot be changed", name=name
            )
        if name in own and not replace:
            raise StudioError("preset_exists", f"a preset named {name!r} exists already", name=name)
        try:
            kept = EffectSettings.from_dict(settings.look().to_dict())
        except EffectSettingsError as exc:
            raise StudioError("effects", str(exc), detail=exc.subject, error=exc) from None
        data = kept.to_dict()
        for machine_field in MACHINE_FIELDS:
            data.pop(machine_field, None)
        own[name] = data
        return EffectPreset(name, kept, builtin=False)

    def delete_preset(self, name: str) -> None:
        if _builtin_preset(name):
            raise StudioError(
                "preset_builtin", f"{name!r} is a built-in preset and cannot be deleted", name=name
            )
        if self.session.profile.effect_presets.pop(name, None) is None:
            raise StudioError("no_preset", f"there is no preset named {name!r}", name=name)

    def preset_effects(self, name: str, current: EffectSettings) -> EffectSettings:
        """`current` with the preset applied: a built-in look changes beautify only; an own
        preset sets background and beautify. The provider stays."""
        preset = self.presets.get(name)
        if preset is None:
            raise StudioError("no_preset", f"there is no preset named {name!r}", name=name)
        if preset.builtin:
            return dataclasses.replace(current, beautify=preset.settings.beautify)
        return preset.settings.on_machine_of(current)

    def apply_preset(self, index: int, name: str) -> EffectSettings:
        settings = self.preset_effects(name, self.of(index))
        self.set(index, settings)
        return settings
