"""The studio as the window drives it, without Qt: the profile, the running engine, and the
parts that change them (studio.session_parts: scenes, layers, placement, effects, the mixer,
destinations, outputs, products, the chat's set-up). Every change goes to the engine at once
(it shows on the next frame) and to the profile (saved by `save`).

The session owns the engine's life (open, close, new canvas or encoder settings); the window
calls a part directly where it is that part's only caller, and the session keeps the methods
several callers share (the tests, the set-up, the dialogs, the command line).

Problems come back as StudioError with a code, an English text and parameters; the window shows
its own translated sentence for the code.
"""

from __future__ import annotations

from pathlib import Path

from studio import picture_language
from studio.broadcast.encoder import EncoderConfig
from studio.broadcast.platforms.limits import within_destinations
from studio.chat.board import ChatBoard
from studio.chat.connector import ConnectorSettings
from studio.clock import MediaClock
from studio.commerce.catalog import CatalogImport
from studio.commerce.product import Product
from studio.commerce.run_of_show import ShowItem
from studio.commerce.shop import Shop
from studio.engine import DestinationSpec, Engine, EngineConfig, EngineStats, SourceProblem
from studio.profile import (
    CanvasSettings,
    DestinationSettings,
    EncoderSettings,
    LayerSettings,
    Profile,
    SceneSettings,
)
from studio.profile_store import save_profile
from studio.scene.rects import Rect
from studio.scene.zones import Zone
from studio.secrets import secrets_file_beside, use_secrets_file
from studio.session_parts.audio import Mixer
from studio.session_parts.canvas_layout import CanvasLayout
from studio.session_parts.chat import ChatSettings
from studio.session_parts.destinations import Destinations
from studio.session_parts.effects import EffectPreset, LayerEffects
from studio.session_parts.errors import StudioError
from studio.session_parts.layers import LayerEditor
from studio.session_parts.live_sources import LiveSources
from studio.session_parts.outputs import Outputs
from studio.session_parts.placement import Placement
from studio.session_parts.products import Products
from studio.session_parts.scenes import SceneEditor
from studio.session_parts.screens import PlatformScreens
from studio.vision.settings import EffectSettings

__all__ = ["EffectPreset", "StudioError", "StudioSession"]

BUSY = "stop streaming and recording before changing the canvas or encoder"


class StudioSession:
    def __init__(
        self, profile: Profile, profile_path: Path | None = None, clock: MediaClock | None = None
    ) -> None:
        self.profile = profile
        self.profile_path = profile_path
        if profile_path is not None:  # without a keyring, secrets go beside the profile
            use_secrets_file(secrets_file_beside(profile_path))
        self.clock = clock or MediaClock()
        self.engine: Engine | None = None
        self.shop = Shop(
            [Product.from_dict(d) for d in profile.catalog],
            [ShowItem.from_dict(d) for d in profile.run_of_show],
        )
        self.board = ChatBoard()  # the comment and answer pinned on screen
        # The parts, each given the session: they reach one another through it.
        self.scene_editor = SceneEditor(self)
        self.layer_editor = LayerEditor(self)
        self.live = LiveSources(self)
        self.canvas_layout = CanvasLayout(self)
        self.screens = PlatformScreens(self)
        self.placement = Placement(self)
        self.effects = LayerEffects(self)
        self.audio = Mixer(self)
        self.destinations = Destinations(self)
        self.outputs = Outputs(self)
        self.products = Products(self)
        self.chat_settings = ChatSettings(self)
        self.chat = self.chat_settings.make_room()
        self.set_overlay_language(profile.ui.language)

    def set_overlay_language(self, language: str) -> None:
        """The language overlays and the camera-lost card speak ("zh_CN", "en"; "" the
        system's): layers that follow the studio redraw in it from the next frame."""
        picture_language.set_current(picture_language.for_profile(language))

    # --- the engine's life ----------------------------------------------------------------------
    def encoder_config(self) -> EncoderConfig:
        c, e = self.profile.canvas, self.profile.encoder
        cfg = EncoderConfig(
            width=c.width,
            height=c.height,
            fps=c.fps,
            bitrate_kbps=e.bitrate_kbps,
            audio_bitrate_kbps=e.audio_bitrate_kbps,
            keyframe_seconds=e.keyframe_seconds,
            preset=e.preset,
            video_encoder=e.video_encoder,
        )
        # One encode feeds every destination: the strictest enabled platform's limits apply.
        return within_destinations(cfg, self.profile.destinations)

    def fit_encoder(self, engine: Engine) -> None:
        """Before an encode starts: the destinations enabled now set its limits (they may have
        changed since the preview opened). A running encode is shared and stays as it is."""
        fresh, now = self.encoder_config(), engine.config.encoder
        same_picture = (fresh.width, fresh.height, fresh.fps) == (now.width, now.height, now.fps)
        if not (engine.streaming or engine.recording) and same_picture:
            engine.config.encoder = fresh

    def open(self) -> list[SourceProblem]:
        """Start the preview: sources and scene run, nothing is encoded until an output starts.
        Returns the layers and audio sources that could not be made (readable, English)."""
        engine = Engine(
            EngineConfig(self.encoder_config(), layers=[]),
            clock=self.clock,
            shop=self.shop,
            board=self.board,
        )
        self.engine = engine
        problems = self.live.start()
        engine.start()
        return problems

    def close(self) -> None:
        """Stop every output (finalising the recording, with the show's timeline beside it)
        and the preview."""
        if self.engine is not None:
            recording = self.engine.recording
            self.engine.stop()
            self.outputs.stop_session_log()
            self.engine = None
            if recording:  # quitting mid-show keeps what was presented, as Stop recording does
                self.outputs.save_timeline()

    def reopen(self) -> list[SourceProblem]:
        """Apply canvas or encoder settings: only while nothing is live or recording."""
        if self.busy:
            raise StudioError("busy", BUSY)
        self.close()
        self.canvas_layout.follow_canvas()
        return self.open()

    def apply_settings(
        self, canvas: CanvasSettings, encoder: EncoderSettings | None = None
    ) -> list[SourceProblem]:
        """New canvas (and encoder) settings: on a new canvas size or orientation every scene's
        layers are laid out again for it, and a running preview restarts with them. Only while
        nothing is live or recording (StudioError "busy")."""
        profile = self.profile
        encoder = encoder if encoder is not None else profile.encoder
        if (canvas, encoder) == (profile.canvas, profile.encoder):
            return []
        if self.busy:
            raise StudioError("busy", BUSY)
        profile.canvas, profile.encoder = canvas, encoder
        if self.engine is not None:
            return self.reopen()
        self.canvas_layout.follow_canvas()
        return []

    @property
    def is_open(self) -> bool:
        """The preview runs (between `open` and `close`)."""
        return self.engine is not None

    @property
    def busy(self) -> bool:
        """Live or recording: the canvas and encoder cannot change now."""
        return self.outputs.streaming or self.outputs.recording

    @property
    def busy_recording(self) -> bool:
        return self.outputs.recording

    @property
    def recording_stopped_itself(self) -> bool:
        return self.outputs.recording_stopped_itself

    def stats(self) -> EngineStats | None:
        return self.engine.stats() if self.engine else None

    @property
    def problems(self) -> list[SourceProblem]:
        """The layers and audio sources that could not be made (readable, English)."""
        return self.live.problems

    # --- the chat -------------------------------------------------------------------------------
    def start_chat(self) -> None:
        self.chat.start()

    def stop_chat(self) -> None:
        self.chat.stop()

    def save_chat(self) -> None:
        self.chat_settings.save()

    def set_chat_connectors(
        self, connectors: list[ConnectorSettings], tokens: dict[int, str | None]
    ) -> None:
        self.chat_settings.set_connectors(connectors, tokens)

    def has_chat_token(self, settings: ConnectorSettings) -> bool:
        return self.chat_settings.has_token(settings)

    # --- scenes ---------------------------------------------------------------------------------
    @property
    def scenes(self) -> list[SceneSettings]:
        return self.profile.scenes

    def scene(self, name: str) -> SceneSettings:
        return self.scene_editor.scene(name)

    def switch_scene(self, name: str) -> list[SourceProblem]:
        return self.scene_editor.switch(name)

    # --- layers of the current scene (index 0 is the bottom) -----------------------------------
    @property
    def layers(self) -> list[LayerSettings]:
        return self.layer_editor.layers

    def add_layer(
        self, spec: str, options: dict | None = None, name: str | None = None
    ) -> LayerSettings:
        return self.layer_editor.add(spec, options, name)

    def remove_layer(self, index: int) -> None:
        self.layer_editor.remove(index)

    def rename_layer(self, index: int, name: str) -> None:
        self.layer_editor.rename(index, name)

    def set_layer_geometry(self, index: int, x: int, y: int, width: int, height: int) -> None:
        self.layer_editor.set_geometry(index, x, y, width, height)

    def set_layer_source(
        self, index: int, spec: str, options: dict | None = None
    ) -> list[SourceProblem]:
        return self.layer_editor.set_source(index, spec, options)

    def set_layer_fit(self, index: int, fit: str) -> None:
        self.layer_editor.set_fit(index, fit)

    def layer_size(self, layer: LayerSettings) -> tuple[int, int]:
        return self.layer_editor.size(layer)

    # --- where overlays go, the platforms' screens ----------------------------------------------
    def platform_zones(self) -> list[Rect]:
        return self.screens.platform_zones()

    def measured_zones(self) -> dict[tuple[str, bool], tuple[Zone, ...]]:
        return self.screens.measured_zones()

    def set_measured_screen(
        self, platform: str, portrait: bool, zones: tuple[Zone, ...] | None, source: str = ""
    ) -> None:
        self.screens.set_measured_screen(platform, portrait, zones, source)

    def calibration_card_spec(self) -> str:
        return self.screens.calibration_card_spec()

    def show_calibration_card(self, name: str) -> LayerSettings:
        return self.screens.show_calibration_card(name)

    def show_comment_layer(self, show: str, name: str, other_name: str = "") -> LayerSettings:
        return self.placement.show_comment_layer(show, name, other_name)

    # --- effects of a layer ---------------------------------------------------------------------
    def layer_effects(self, index: int) -> EffectSettings:
        return self.effects.of(index)

    def set_layer_effects(self, index: int, settings: EffectSettings) -> list[SourceProblem]:
        return self.effects.set(index, settings)

    @property
    def effect_presets(self) -> dict[str, EffectPreset]:
        return self.effects.presets

    def save_effect_preset(
        self, name: str, settings: EffectSettings, replace: bool = False
    ) -> EffectPreset:
        return self.effects.save_preset(name, settings, replace)

    def delete_effect_preset(self, name: str) -> None:
        self.effects.delete_preset(name)

    def preset_effects(self, name: str, current: EffectSettings) -> EffectSettings:
        return self.effects.preset_effects(name, current)

    def apply_effect_preset(self, index: int, name: str) -> EffectSettings:
        return self.effects.apply_preset(index, name)

    # --- audio ----------------------------------------------------------------------------------
    def set_audio_sources(self, specs: list[str]) -> list[SourceProblem]:
        return self.live.set_audio_sources(specs)

    # --- destinations (a read-only session refuses these two) ----------------------------------
    def save_destination(
        self, dest: DestinationSettings, key: str | None = None, replacing: str | None = None
    ) -> None:
        self.destinations.save(dest, key, replacing)

    def remove_destination(self, name: str) -> None:
        self.destinations.remove(name)

    def has_key(self, dest: DestinationSettings) -> bool:
        return self.destinations.has_key(dest)

    def _push_urls(self) -> list[DestinationSpec]:
        return self.destinations.push_urls()

    # --- outputs --------------------------------------------------------------------------------
    @property
    def recording_path(self) -> Path | None:
        return self.outputs.recording_path

    @recording_path.setter
    def recording_path(self, path: Path | None) -> None:
        self.outputs.recording_path = path

    @property
    def _recording_started(self) -> float | None:
        return self.outputs.recording_started

    @_recording_started.setter
    def _recording_started(self, media_time: float | None) -> None:
        self.outputs.recording_started = media_time  # a timeline's origin, set by tests

    def save_timeline(self) -> list[Path]:
        return self.outputs.save_timeline()

    def start_recording(self) -> Path:
        return self.outputs.start_recording()

    def stop_recording(self) -> None:
        self.outputs.stop_recording()

    # --- products and the run-of-show -----------------------------------------------------------
    def import_catalog(self, path: Path | str, replace: bool = False) -> CatalogImport:
        return self.products.import_catalog(path, replace)

    def save_shop(self) -> None:
        self.products.save()

    def next_product(self) -> Product | None:
        return self.products.next()

    # --- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        if self.profile_path is not None:
            save_profile(self.profile, self.profile_path)
