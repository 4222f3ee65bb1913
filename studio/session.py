"""The studio as the window drives it, without Qt: the profile, the running engine, scenes,
layers, the mixer and the outputs. Every change goes to the engine at once (it shows on the next
frame) and to the profile (saved by `save`).

Problems come back as StudioError with a code, an English text and parameters; the window shows
its own translated sentence for the code.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cv2

from studio import picture_language
from studio.broadcast.ca_file import PROBLEMS, ca_file_problem
from studio.broadcast.destination import Destination
from studio.broadcast.encoder import EncoderConfig, EncoderError
from studio.broadcast.platforms.limits import within_destinations
from studio.broadcast.platforms.registry import get_platform, validate_push_url
from studio.broadcast.platforms.screens import zones_for
from studio.broadcast.recorder import RecorderError
from studio.capture.base import SourceError
from studio.capture.registry import make_source
from studio.chat.answers import DEFAULT_RULES, ShopTerms, rules_from_list, rules_to_list
from studio.chat.board import ChatBoard
from studio.chat.layer import CommentSource, render_bubble
from studio.chat.moderation import ChatFilter
from studio.chat.room import ChatRoom, RoomConnector
from studio.clock import MediaClock
from studio.commerce.catalog import CatalogImport
from studio.commerce.import_worker import read_catalog
from studio.commerce.product import Product
from studio.commerce.run_of_show import ShowItem
from studio.commerce.shop import Shop
from studio.engine import DestinationSpec, Engine, EngineConfig, EngineStats, SourceProblem
from studio.files import write_atomic
from studio.profile import (
    MAX_MEASURED_ZONES,
    AudioStripSettings,
    CanvasSettings,
    ChatConnectorSettings,
    DestinationSettings,
    EncoderSettings,
    LayerSettings,
    MeasuredScreenSettings,
    Profile,
    SceneSettings,
    save_profile,
    vouch_for_catalog,
)
from studio.profile_secrets import SecretMissing, push_server, seal_destination, seal_layer
from studio.scene.layout import LayoutItem, relayout
from studio.scene.placement import face_band, keeps_off_face, overlay_kind, place_new
from studio.scene.rects import Rect, area, inside, intersection, overlaps
from studio.scene.zone_measure import calibration_card
from studio.scene.zones import Zone, measured_zones
from studio.secrets import (
    SecretStoreError,
    delete_secret,
    load_secret,
    secret_errors_as,
    secrets_file_beside,
    store_secret,
    use_secrets_file,
)
from studio.session_log import SessionLog, log_path_for
from studio.vision.settings import (
    BEAUTIFY_PRESETS,
    MACHINE_FIELDS,
    EffectSettings,
    EffectSettingsError,
)
from studio.vision.source import EffectsSource

log = logging.getLogger(__name__)


class StudioError(Exception):
    """A user-facing problem. `code` picks the window's translated sentence; `params` fill it."""

    def __init__(self, code: str, text: str, **params: object) -> None:
        super().__init__(text)
        self.code = code
        self.text = text
        self.params = params


def keyring_problem(text: str) -> StudioError:
    """The window's "keyring" sentence for a secret the keyring would not keep or give back."""
    return StudioError("keyring", text, detail=text)


def key_ref_for(destination: str) -> str:
    return f"destination:{destination}"


def chat_token_ref() -> str:
    """A fresh keyring reference for a chat connector's token."""
    import uuid

    return f"chat:{uuid.uuid4().hex[:12]}"


def room_connector(settings: ChatConnectorSettings) -> RoomConnector:
    """The room's own copy of a saved connector (the same record; later edits do not leak)."""
    return dataclasses.replace(settings, options=dict(settings.options))


def unique_name(wanted: str, taken: set[str]) -> str:
    """'Scene' -> 'Scene 2' -> 'Scene 3' ... the first not taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


def recording_file_name(fmt: str, when: float | None = None) -> str:
    # Sortable, no characters Windows forbids.
    return time.strftime("%Y-%m-%d %H-%M-%S", time.localtime(when)) + f".{fmt}"


def unused_path(path: Path) -> Path:
    """`path`, or "name (2).ext", "name (3).ext"... the first that does not exist: two
    recordings started within one second must not overwrite each other."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


@dataclass(frozen=True)
class EffectPreset:
    name: str  # a built-in's key ("natural") or the merchant's own name
    settings: EffectSettings
    builtin: bool


def _builtin_preset(name: str) -> bool:
    return name.strip().casefold() in BEAUTIFY_PRESETS


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
        self.problems: list[SourceProblem] = []  # layers or audio sources that could not be made
        self.recording_path: Path | None = None
        self._session_log: SessionLog | None = None  # beside the recording
        self._recording_started: float | None = None  # media time, for the show's timeline
        self.shop = Shop(
            [Product.from_dict(d) for d in profile.catalog],
            [ShowItem.from_dict(d) for d in profile.run_of_show],
        )
        self.board = ChatBoard()  # the comment and answer pinned on screen
        # the canvas size every scene's layers are laid out for (studio.scene.layout)
        self._laid_out_for = (profile.canvas.width, profile.canvas.height)
        # per scene: the canvas and layout the merchant made, and what the last re-layout
        # made of it (studio.scene.layout)
        self._made_layouts: dict[int, tuple[SceneSettings, tuple[int, int], list, list]] = {}
        self.chat = self._make_chat_room()
        self.set_overlay_language(profile.ui.language)

    def set_overlay_language(self, language: str) -> None:
        """The language overlays and the camera-lost card speak ("zh_CN", "en"; "" the
        system's): layers that follow the studio redraw in it from the next frame."""
        picture_language.set_current(picture_language.for_profile(language))

    # --- the live room's chat -------------------------------------------------------------------
    def _make_chat_room(self) -> ChatRoom:
        settings = self.profile.chat
        try:
            rules = rules_from_list(settings.rules) if settings.rules else DEFAULT_RULES
        except ValueError:
            log.warning("the saved answer rules are not usable; using the defaults")
            rules = DEFAULT_RULES
        try:
            terms = ShopTerms.from_dict(settings.terms)
        except ValueError:
            terms = ShopTerms()
        return ChatRoom(
            self.shop,
            self.board,
            rules=rules,
            terms=terms,
            chat_filter=ChatFilter(
                questions_only=settings.questions_only,
                blocked_words=tuple(settings.blocked_words),
            ),
            connectors=[room_connector(c) for c in settings.connectors],
            token_for=self._chat_token,
            clock=self.clock,
        )

    @staticmethod
    def _chat_token(ref: str) -> str | None:
        with secret_errors_as(keyring_problem):
            return load_secret(ref)

    def start_chat(self) -> None:
        self.chat.start()

    def stop_chat(self) -> None:
        self.chat.stop()

    def save_chat(self) -> None:
        """The room's rules, terms and filters into the profile (and the profile to disk)."""
        settings, room = self.profile.chat, self.chat
        rules = rules_to_list(room.rules)
        settings.rules = [] if rules == rules_to_list(DEFAULT_RULES) else rules
        terms = room.terms.to_dict()
        settings.terms = {} if terms == ShopTerms().to_dict() else terms
        settings.blocked_words = list(room.filter.blocked_words)
        settings.questions_only = room.filter.questions_only
        self.save()

    def set_chat_connectors(
        self, connectors: list[ChatConnectorSettings], tokens: dict[int, str | None]
    ) -> None:
        """The connectors to read (the settings dialog's list). `tokens[i]` is the token typed
        for connector i: a text is stored in the keyring (the profile keeps only its
        reference), "" forgets the stored one, None (or absent) keeps it. Tokens of removed
        connectors are forgotten. Running connectors restart with the new settings."""
        old_refs = {c.token_ref for c in self.profile.chat.connectors if c.token_ref}
        with secret_errors_as(keyring_problem):
            for index, settings in enumerate(connectors):
                token = tokens.get(index)
                if token is None:
                    continue
                if token:
                    settings.token_ref = settings.token_ref or chat_token_ref()
                    store_secret(settings.token_ref, token)
                elif settings.token_ref:
                    delete_secret(settings.token_ref)
                    settings.token_ref = ""
        kept = {c.token_ref for c in connectors if c.token_ref}
        for ref in old_refs - kept:
            self._forget(ref)
        self.profile.chat.connectors = list(connectors)
        self.chat.set_connectors([room_connector(c) for c in connectors])
        self.save()

    def has_chat_token(self, settings: ChatConnectorSettings) -> bool:
        if not settings.token_ref:
            return False
        try:
            return bool(load_secret(settings.token_ref))
        except SecretStoreError:
            return False

    # --- engine ---------------------------------------------------------------------------------
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

    def _fit_encoder(self, engine: Engine) -> None:
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
        self.problems = engine.set_layers(self.current_scene.layers)
        self.problems += engine.set_audio_sources(self.profile.audio_sources)
        self._apply_mixer()
        engine.start()
        return list(self.problems)

    def close(self) -> None:
        """Stop every output (finalising the recording, with the show's timeline beside it)
        and the preview."""
        if self.engine is not None:
            recording = self.engine.recording
            self.engine.stop()
            self._stop_session_log()
            self.engine = None
            if recording:  # quitting mid-show keeps what was presented, as Stop recording does
                self.save_timeline()

    def reopen(self) -> list[SourceProblem]:
        """Apply canvas or encoder settings: only while nothing is live or recording."""
        if self.busy:
            raise StudioError(
                "busy", "stop streaming and recording before changing the canvas or encoder"
            )
        self.close()
        self._follow_canvas()
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
            raise StudioError(
                "busy", "stop streaming and recording before changing the canvas or encoder"
            )
        profile.canvas, profile.encoder = canvas, encoder
        if self.engine is not None:
            return self.reopen()
        self._follow_canvas()
        return []

    def _follow_canvas(self) -> None:
        """Every scene's layers re-laid out for the profile's canvas when it is not the one they
        were laid out for: anchored, in proportion, on the canvas, apart and out of the enabled
        destinations' platform UI where room allows; full-canvas layers stay full-canvas."""
        old = self._laid_out_for
        new = (self.profile.canvas.width, self.profile.canvas.height)
        if new == old:
            return
        zones = self.platform_zones()
        for scene in self.profile.scenes:
            now = self._layout_of(scene, old)
            # Untouched since the last change of canvas: laid out again from the layout the
            # merchant made, so landscape and back again gives that layout, not one moved twice.
            made = self._made_layouts.get(id(scene))
            if made is None or made[0] is not scene or made[3] != now:
                made = (scene, old, now, now)
            canvas, base = made[1], made[2]
            items = []
            for layer, (_, rect) in zip(scene.layers, base, strict=True):
                full = rect == (0, 0, *canvas)
                kind = "full" if full else overlay_kind(layer.source, layer.options) or "other"
                # off the host's face, as placement keeps comments and boxes (cards, sheets...)
                face = (face_band(*new),) if keeps_off_face(kind) else ()
                items.append(LayoutItem(layer.name, rect, layer.anchor, kind, keep_off=face))
            for layer, item, rect in zip(
                scene.layers, items, relayout(items, canvas, new, zones), strict=True
            ):
                layer.x, layer.y = rect[0], rect[1]
                full = item.kind == "full"
                layer.width, layer.height = (None, None) if full else (rect[2], rect[3])
            self._made_layouts[id(scene)] = (scene, canvas, base, self._layout_of(scene, new))
        self._laid_out_for = new

    @staticmethod
    def _layout_of(scene: SceneSettings, canvas: tuple[int, int]) -> list:
        """Each layer (by identity) and its rect on this canvas."""
        w, h = canvas
        return [(id(x), (x.x, x.y, x.width or w, x.height or h)) for x in scene.layers]

    @property
    def busy(self) -> bool:
        e = self.engine
        return bool(e and (e.streaming or e.recording))

    @property
    def busy_recording(self) -> bool:
        return bool(self.engine and self.engine.recording)

    @property
    def recording_stopped_itself(self) -> bool:
        """The recorder gave up (a full disk, the folder gone) and is still attached: stopping
        the recording takes it off (nothing more is written either way)."""
        engine = self.engine
        recorder = engine.recorder if engine is not None and engine.recording else None
        return recorder is not None and recorder.state == "failed"

    def stats(self) -> EngineStats | None:
        return self.engine.stats() if self.engine else None

    # --- scenes ---------------------------------------------------------------------------------
    @property
    def scenes(self) -> list[SceneSettings]:
        return self.profile.scenes

    @property
    def current_scene(self) -> SceneSettings:
        return self.scene(self.profile.current_scene)

    def scene(self, name: str) -> SceneSettings:
        for scene in self.profile.scenes:
            if scene.name == name:
                return scene
        raise StudioError("no_scene", f"there is no scene named {name!r}", name=name)

    def switch_scene(self, name: str) -> list[SourceProblem]:
        scene = self.scene(name)
        self.profile.current_scene = scene.name
        return self._show()

    def _show(self) -> list[SourceProblem]:
        """Hand the current scene's layers to the engine (shown from the next frame)."""
        if self.engine is None:
            return []
        self.problems = self.engine.set_layers(self.current_scene.layers)
        self._apply_mixer()
        return list(self.problems)

    def retry_missing_files(self) -> list[SourceProblem] | None:
        """Layers left out because their file was not there are tried again once it is back
        (copied back, the drive plugged in again): the scene's problems then, or None when no
        missing file came back. Running sources are reused, so this costs a stat per file."""
        back = [
            p
            for p in self.problems
            if p.error.code == "not_found" and p.error.subject and Path(p.error.subject).is_file()
        ]
        if not back or self.engine is None:
            return None
        audio = [p for p in self.problems if p.name in self.profile.audio_sources]
        self._show()
        self.problems += audio  # the scene's rebuild leaves the audio sources' problems as they are
        return list(self.problems)

    def _check_scene_name(self, name: str, allow: str | None = None) -> str:
        name = name.strip()
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if name != allow and name in {s.name for s in self.profile.scenes}:
            raise StudioError("scene_exists", f"a scene named {name!r} exists already", name=name)
        return name

    def add_scene(self, name: str = "Scene") -> SceneSettings:
        name = unique_name(name.strip() or "Scene", {s.name for s in self.profile.scenes})
        scene = SceneSettings(name, [])
        self.profile.scenes.append(scene)
        return scene

    def rename_scene(self, old: str, new: str) -> None:
        scene = self.scene(old)
        scene.name = self._check_scene_name(new, allow=old)
        if self.profile.current_scene == old:
            self.profile.current_scene = scene.name
        hotkeys = self.profile.ui.hotkeys
        if f"scene:{old}" in hotkeys:
            hotkeys[f"scene:{scene.name}"] = hotkeys.pop(f"scene:{old}")

    def duplicate_scene(self, name: str) -> SceneSettings:
        original = self.scene(name)
        copy_ = copy.deepcopy(original)
        copy_.name = unique_name(f"{original.name} copy", {s.name for s in self.profile.scenes})
        self.profile.scenes.insert(self.profile.scenes.index(original) + 1, copy_)
        return copy_

    def delete_scene(self, name: str) -> None:
        scene = self.scene(name)
        if len(self.profile.scenes) == 1:
            raise StudioError("last_scene", "the last scene cannot be deleted")
        index = self.profile.scenes.index(scene)
        self.profile.scenes.remove(scene)
        self.profile.ui.hotkeys.pop(f"scene:{name}", None)
        if self.profile.current_scene == name:
            self.switch_scene(self.profile.scenes[max(0, index - 1)].name)

    def move_scene(self, name: str, index: int) -> None:
        scene = self.scene(name)
        self.profile.scenes.remove(scene)
        self.profile.scenes.insert(max(0, min(index, len(self.profile.scenes))), scene)

    # --- layers of the current scene (index 0 is the bottom) -----------------------------------
    @property
    def layers(self) -> list[LayerSettings]:
        return self.current_scene.layers

    def add_layer(
        self, spec: str, options: dict | None = None, name: str | None = None
    ) -> LayerSettings:
        """Add a source on top of the current scene. Overlays (pictures, text, product cards)
        keep their own size, centred; cameras and videos fill the canvas. Raises StudioError
        when the source cannot be made (a missing file)."""
        options = dict(options or {})
        try:
            probe = make_source(
                spec,
                self.clock,
                size=(self.profile.canvas.width, self.profile.canvas.height),
                fps=self.profile.canvas.fps,
                options=options or None,
                context={"shop": self.shop, "board": self.board},
            )
        except SourceError as exc:
            raise StudioError("source", str(exc), detail=str(exc), error=exc) from None
        layer = LayerSettings(
            name=unique_name(name or probe.label or spec, {x.name for x in self.layers}),
            source=spec,
            options=options,
        )
        size = probe.natural_size()
        probe.stop()
        if size is not None:
            layer.width, layer.height = self._natural_size(*size)
            layer.x, layer.y, layer.width, layer.height = self._new_place(layer)
        self.layers.append(layer)
        self._seal(layer)
        self._renumber()
        self._show()
        return layer

    # --- where new overlays go (studio.scene.placement) ------------------------------------------
    def platform_zones(self) -> list[Rect]:
        """What the enabled destinations' viewer apps cover on this canvas (their union)."""
        canvas = self.profile.canvas
        ids = [d.platform for d in self.profile.destinations if d.enabled]
        return [r for _, r in zones_for(ids, canvas.width, canvas.height, self.measured_zones())]

    def measured_zones(self) -> dict[tuple[str, bool], tuple[Zone, ...]]:
        """The platforms' screens measured on the merchant's phone (they replace the presets')."""
        return measured_zones(self.profile.ui.measured_screens)

    def set_measured_screen(
        self, platform: str, portrait: bool, zones: tuple[Zone, ...] | None, source: str = ""
    ) -> None:
        """Keep a platform's screen as measured on the phone for this orientation (None: back
        to the preset's zones)."""
        orientation = "portrait" if portrait else "landscape"
        screens = [
            x
            for x in self.profile.ui.measured_screens
            if (x.platform, x.orientation) != (platform, orientation)
        ]
        if zones is not None:
            kept = [[z.name, *z.fraction] for z in zones[:MAX_MEASURED_ZONES]]
            screens.append(MeasuredScreenSettings(platform, orientation, kept, source[:200]))
        self.profile.ui.measured_screens = screens

    def calibration_card_spec(self) -> str:
        """The calibration card's source spec for this canvas (a picture beside the profile)."""
        canvas = self.profile.canvas
        folder = self.profile_path.parent if self.profile_path is not None else None
        folder = (folder or Path(tempfile.gettempdir())) / "calibration"
        return f"image:{folder / f'card_{canvas.width}x{canvas.height}.png'}"

    def show_calibration_card(self, name: str) -> LayerSettings:
        """The calibration card (studio.scene.zone_measure) on top of the current scene, over
        the whole canvas, called `name`: streamed, it is what a phone's screenshot measures.
        Written afresh each time (a file left there may have been changed). Raises StudioError
        ("calibration_card") when it cannot be written."""
        canvas = self.profile.canvas
        spec = self.calibration_card_spec()
        path = Path(spec.removeprefix("image:"))
        card = calibration_card(canvas.width, canvas.height)
        ok, data = cv2.imencode(".png", card)
        try:
            if not ok:
                raise OSError("the picture could not be encoded")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data.tobytes())
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise StudioError(
                "calibration_card",
                f"the calibration card could not be written: {detail}",
                detail=detail,
            ) from None
        layer = self.add_layer(spec, name=name)
        self.set_layer_geometry(self.layers.index(layer), 0, 0, canvas.width, canvas.height)
        return layer

    def _background(self, layer: LayerSettings) -> bool:
        """A layer the overlays lie on (the camera, a full picture), not one they must avoid."""
        canvas = self.profile.canvas
        w, h = self.layer_size(layer)
        return layer.width is None or w * h >= canvas.width * canvas.height / 2

    def place_overlay(
        self, kind: str, size: tuple[int, int], ignore: LayerSettings | None = None
    ) -> Rect:
        """Where a new overlay of `kind` (placement.KINDS) and `size` goes in the current scene:
        its kind's free slot, clear of the platforms' screen and the scene's other overlays
        (`ignore`: the layer being placed)."""
        canvas = self.profile.canvas
        occupied = self._overlay_rects(ignore)
        return place_new(kind, size, canvas.width, canvas.height, occupied, self.platform_zones())

    def move_clear_of_platforms(self) -> tuple[list[str], list[str]]:
        """The current scene's overlays under an enabled destination's screen (a destination
        added after the scene was made) moved to their kind's free slot, as a new one would be
        placed; largest first, locked and hidden layers left where the merchant put them.
        Returns (the names moved, the names still under a screen for want of room)."""
        zones = self.platform_zones()
        canvas = (self.profile.canvas.width, self.profile.canvas.height)

        def covered(rect: Rect) -> int:
            return sum(area(r) for r in (intersection(rect, z) for z in zones) if r)

        under = [
            layer
            for layer in self.layers
            if layer.visible
            and not layer.locked
            and not self._background(layer)
            and covered((layer.x, layer.y, *self.layer_size(layer)))
        ]
        under.sort(key=lambda layer: -area((0, 0, *self.layer_size(layer))))
        moved: set[int] = set()
        for layer in under:
            size = self.layer_size(layer)
            kind = overlay_kind(layer.source, layer.options, size, canvas) or "picture"
            rect = self.place_overlay(kind, size, ignore=layer)
            if covered(rect) < covered((layer.x, layer.y, *size)):
                self.set_layer_geometry(self.layers.index(layer), *rect)
                moved.add(id(layer))
        still = {id(x) for x in under if covered((x.x, x.y, *self.layer_size(x)))}
        # named in the sources list's order
        return (
            [x.name for x in self.layers if id(x) in moved],
            [x.name for x in self.layers if id(x) in still],
        )

    def _overlay_rects(self, ignore: LayerSettings | None = None) -> list[Rect]:
        """The current scene's overlays' rects (not the layers they lie on), but `ignore`'s."""
        return [
            (x.x, x.y, *self.layer_size(x))
            for x in self.layers
            if x is not ignore and not self._background(x)
        ]

    def _new_place(self, layer: LayerSettings) -> Rect:
        """A new layer's rect: an overlay in its slot, anything else (a full picture) centred."""
        canvas = self.profile.canvas
        w, h = self.layer_size(layer)
        kind = overlay_kind(layer.source, layer.options, (w, h), (canvas.width, canvas.height))
        if kind is None or self._background(layer):
            return ((canvas.width - w) // 2, (canvas.height - h) // 2, w, h)
        return self.place_overlay(kind, (w, h), ignore=layer)

    def show_comment_layer(self, show: str, name: str, other_name: str = "") -> LayerSettings:
        """The pinned comment ("pinned") and the answer card ("answer") share one slot: the
        scene's comment layer is switched over to `show` in place (added in the comment slot
        when there is none), and the other one leaves the board, so they replace each other
        on the stream instead of stacking. A switched layer still called `other_name` (the
        other one's usual name) is renamed `name`; a name the merchant gave it stays.
        Raises StudioError when the layer cannot be made."""
        for layer in self.layers:
            if layer.source == "comment" and layer.options.get("show", "pinned") == show:
                break
        else:
            layer = next((x for x in self.layers if x.source == "comment"), None)
            if layer is None:
                layer = self.add_layer("comment", {"show": show}, name=name)
            else:
                index = self.layers.index(layer)
                self.set_layer_source(index, "comment", {**layer.options, "show": show})
                taken = {x.name for x in self.layers if x is not layer}
                if layer.name == other_name and name not in taken:
                    self.rename_layer(index, name)
            self._fit_comment(layer, show)
        if show == "answer":
            self.board.pin(None)
        else:
            self.board.show_answer(None)
        return layer

    def _fit_comment(self, layer: LayerSettings, show: str) -> None:
        """Room for the longest bubble (four lines, and four of answer), kept in the slot (its
        middle, else its top or bottom edge where it was) while that stays clear; placed again
        in the comment slot when none does."""
        canvas = self.profile.canvas
        width, old_h = self.layer_size(layer)
        drawn = CommentSource("comment", self.clock, (canvas.width, canvas.height)).width
        drawn = int(layer.options.get("width", 0)) or drawn  # the bubble's own width
        sample = "长" * 200
        tall = render_bubble("观众", sample, width=drawn, answer=sample if show == "answer" else "")
        h = min(canvas.height, round(tall.shape[0] * width / drawn))  # at the layer's scale
        taken = self._overlay_rects(layer) + self.platform_zones()
        taken.append(face_band(canvas.width, canvas.height))
        for y in (layer.y + (old_h - h) // 2, layer.y, layer.y + old_h - h):
            rect = (layer.x, y, width, h)
            clear = not any(overlaps(rect, r) for r in taken)
            if clear and inside(rect, canvas.width, canvas.height):
                break
        else:
            rect = self.place_overlay("comment", (width, h), ignore=layer)
        index = self.layers.index(layer)
        self.set_layer_geometry(index, *rect)
        self.set_layer_fit(index, "letterbox")

    @staticmethod
    def _seal(layer: LayerSettings) -> None:
        """A camera password to the keyring before the engine keys its source by the spec (so
        the save that would move it later does not reopen the camera)."""
        try:
            seal_layer(layer)
        except SecretStoreError as exc:  # the save tries again, and reports it
            log.warning("%s", exc)

    def _natural_size(self, width: int, height: int) -> tuple[int, int]:
        cw, ch = self.profile.canvas.width, self.profile.canvas.height
        scale = min(1.0, cw / width, ch / height)  # never larger than the canvas
        return max(1, round(width * scale)), max(1, round(height * scale))

    def _renumber(self) -> None:
        for z, layer in enumerate(self.layers):
            layer.z = z

    def _layer(self, index: int) -> LayerSettings:
        if not 0 <= index < len(self.layers):
            raise StudioError("no_layer", "that layer is gone")
        return self.layers[index]

    def remove_layer(self, index: int) -> None:
        del self.layers[self._check_index(index)]
        self._renumber()
        self._show()

    def _check_index(self, index: int) -> int:
        self._layer(index)
        return index

    def move_layer(self, index: int, to: int) -> None:
        layer = self.layers.pop(self._check_index(index))
        self.layers.insert(max(0, min(to, len(self.layers))), layer)
        self._renumber()
        self._update_engine_layers()

    def rename_layer(self, index: int, name: str) -> None:
        layer = self._layer(index)
        name = name.strip()
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if name != layer.name and name in {x.name for x in self.layers}:
            raise StudioError("layer_exists", f"a layer named {name!r} exists already", name=name)
        old = layer.name
        layer.name = name
        for live in self._engine_layers():
            if live.name == old:
                live.name = name

    def set_layer_visible(self, index: int, visible: bool) -> None:
        self._layer(index).visible = visible
        self._update_engine_layers()

    def set_layer_locked(self, index: int, locked: bool) -> None:
        self._layer(index).locked = locked

    def set_layer_geometry(self, index: int, x: int, y: int, width: int, height: int) -> None:
        layer = self._layer(index)
        full = (width, height) == (self.profile.canvas.width, self.profile.canvas.height)
        layer.x, layer.y = int(x), int(y)
        layer.width, layer.height = (None, None) if full and (x, y) == (0, 0) else (width, height)
        self._update_engine_layers()

    def set_layer_source(
        self, index: int, spec: str, options: dict | None = None
    ) -> list[SourceProblem]:
        """New properties for a layer's source (another file, other text): the source is
        rebuilt; a broken one leaves the layer out and is reported."""
        layer = self._layer(index)
        layer.source, layer.options = spec, dict(options or {})
        self._seal(layer)
        return self._show()

    def set_layer_fit(self, index: int, fit: str) -> None:
        self._layer(index).fit = fit  # type: ignore[assignment]
        self._update_engine_layers()

    def set_layer_opacity(self, index: int, opacity: float) -> None:
        self._layer(index).opacity = max(0.0, min(1.0, opacity))
        self._update_engine_layers()

    def layer_size(self, layer: LayerSettings) -> tuple[int, int]:
        return (
            layer.width or self.profile.canvas.width,
            layer.height or self.profile.canvas.height,
        )

    def _engine_layers(self) -> list:
        return list(self.engine.layers) if self.engine else []

    def _update_engine_layers(self) -> None:
        """Geometry, order and visibility go straight onto the running layers (no source is
        rebuilt, so a drag costs nothing); the engine sorts by z on the next frame."""
        live = {layer.name: layer for layer in self._engine_layers()}
        for spec in self.layers:
            target = live.get(spec.name)
            if target is None:
                continue
            target.x, target.y = spec.x, spec.y
            target.width, target.height = spec.width or 0, spec.height or 0
            target.z, target.visible = spec.z, spec.visible
            target.opacity, target.fit = spec.opacity, spec.fit

    # --- effects (beautify and background) of a layer ----------------------------------------
    def layer_effects(self, index: int) -> EffectSettings:
        """The layer's effects as saved ({} in the profile: every effect off)."""
        return EffectSettings.from_dict(self._layer(index).effects)

    def set_layer_effects(self, index: int, settings: EffectSettings) -> list[SourceProblem]:
        """Give a layer new effects: saved with the layer (by `save`) and shown from the next
        frame. A slider move only reconfigures the running effects (no model reloads, no source
        rebuilt, no new mixer); the first effect turned on wraps the source, through the
        engine's set_layers. Returns the sources left out, as `open` does. Raises StudioError
        "effects" for settings that cannot be used (replace without a picture)."""
        layer = self._layer(index)
        try:
            settings = EffectSettings.from_dict(settings.to_dict())
        except EffectSettingsError as exc:
            raise StudioError("effects", str(exc), detail=exc.subject, error=exc) from None
        layer.effects = {} if settings == EffectSettings() else settings.to_dict()
        live = [x for x in self._engine_layers() if x.name == layer.name]
        wrapped = [x.source for x in live if isinstance(x.source, EffectsSource)]
        for source in wrapped:
            if source.effects.settings != settings:
                source.effects.configure(settings)
        if live and not wrapped and settings.on:
            return self._show()  # the engine wraps the source in its effects
        # Not running, left out as broken (the profile has it for later), reconfigured above,
        # or never wrapped and still nothing to do.
        return list(self.problems)

    @property
    def effect_presets(self) -> dict[str, EffectPreset]:
        """Built-in presets first (beautify looks: natural, soft, glam, off), then the
        merchant's own (background and beautify), by name."""
        presets = {
            name: EffectPreset(name, EffectSettings(beautify=look), builtin=True)
            for name, look in BEAUTIFY_PRESETS.items()
        }
        for name, data in self.profile.effect_presets.items():
            try:
                presets[name] = EffectPreset(name, EffectSettings.from_dict(data), builtin=False)
            except EffectSettingsError:
                log.warning("effect preset %r is not usable; skipped", name)
        return presets

    def save_effect_preset(
        self, name: str, settings: EffectSettings, replace: bool = False
    ) -> EffectPreset:
        """Keep `settings` (background and beautify; not the provider, which belongs to the
        machine) as the merchant's preset `name`. A built-in name is refused; an own preset of
        that name is replaced only when `replace` is true."""
        name = " ".join(name.split())
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if _builtin_preset(name):
            raise StudioError(
                "preset_builtin", f"{name!r} is a built-in preset and cannot be changed", name=name
            )
        if name in self.profile.effect_presets and not replace:
            raise StudioError("preset_exists", f"a preset named {name!r} exists already", name=name)
        try:
            kept = EffectSettings.from_dict(settings.look().to_dict())
        except EffectSettingsError as exc:
            raise StudioError("effects", str(exc), detail=exc.subject, error=exc) from None
        data = kept.to_dict()
        for machine_field in MACHINE_FIELDS:
            data.pop(machine_field, None)
        self.profile.effect_presets[name] = data
        return EffectPreset(name, kept, builtin=False)

    def delete_effect_preset(self, name: str) -> None:
        if _builtin_preset(name):
            raise StudioError(
                "preset_builtin", f"{name!r} is a built-in preset and cannot be deleted", name=name
            )
        if self.profile.effect_presets.pop(name, None) is None:
            raise StudioError("no_preset", f"there is no preset named {name!r}", name=name)

    def preset_effects(self, name: str, current: EffectSettings) -> EffectSettings:
        """`current` with the preset applied: a built-in look changes beautify only; an own
        preset sets background and beautify. The provider stays."""
        preset = self.effect_presets.get(name)
        if preset is None:
            raise StudioError("no_preset", f"there is no preset named {name!r}", name=name)
        if preset.builtin:
            return dataclasses.replace(current, beautify=preset.settings.beautify)
        return preset.settings.on_machine_of(current)

    def apply_effect_preset(self, index: int, name: str) -> EffectSettings:
        settings = self.preset_effects(name, self.layer_effects(index))
        self.set_layer_effects(index, settings)
        return settings

    # --- audio ----------------------------------------------------------------------------------
    def _strip(self, spec: str) -> AudioStripSettings:
        for strip in self.profile.mixer:
            if strip.source == spec:
                return strip
        strip = AudioStripSettings(spec)
        self.profile.mixer.append(strip)
        return strip

    def _apply_mixer(self) -> None:
        if self.engine is None:
            return
        saved = {s.source: s for s in self.profile.mixer}
        for channel in self.engine.mixer.channels:
            strip = saved.get(channel.source.spec)
            if strip is not None:
                channel.gain_db, channel.muted = strip.gain_db, strip.muted

    def set_gain(self, spec: str, gain_db: float) -> None:
        self._strip(spec).gain_db = gain_db
        self._apply_mixer()

    def set_muted(self, spec: str, muted: bool) -> None:
        self._strip(spec).muted = muted
        self._apply_mixer()

    def set_audio_sources(self, specs: list[str]) -> list[SourceProblem]:
        self.profile.audio_sources = list(specs)
        problems = self.engine.set_audio_sources(specs) if self.engine else []
        self._apply_mixer()
        return problems

    # --- destinations ---------------------------------------------------------------------------
    def save_destination(
        self, dest: DestinationSettings, key: str | None = None, replacing: str | None = None
    ) -> None:
        """Add or replace a destination. `key` (when given) goes to the keyring; an empty key
        forgets the stored one. The profile only ever holds the reference."""
        dest.name = dest.name.strip()
        if not dest.name:
            raise StudioError("name_empty", "a name must not be empty")
        taken = {d.name for d in self.profile.destinations if d.name != replacing}
        if dest.name in taken:
            raise StudioError(
                "destination_exists", f"a destination named {dest.name!r} exists", name=dest.name
            )
        get_platform(dest.platform)
        problem = validate_push_url(dest.server) if dest.server else None
        if problem:
            raise StudioError("bad_url", problem, detail=problem)
        self._check_ca_file(dest)
        old = next((d for d in self.profile.destinations if d.name == replacing), None)
        # a signed or keyed URL to the keyring; the profile keeps it masked
        with secret_errors_as(keyring_problem):
            seal_destination(dest)
        if old and old.server_ref and old.server_ref != dest.server_ref:
            self._forget(old.server_ref)
        if key is not None:
            ref = key_ref_for(dest.name)
            with secret_errors_as(keyring_problem):
                if key:
                    store_secret(ref, key)
                    dest.key_ref = ref
                else:
                    dest.key_ref = ""
                    delete_secret(ref)
            if old and old.key_ref and old.key_ref != dest.key_ref:
                self._forget(old.key_ref)
        elif old is not None:
            if old.key_ref and old.name != dest.name:  # a rename moves the key along
                self._move_key(old.key_ref, dest)
            else:
                dest.key_ref = old.key_ref
        if old is not None:
            self.profile.destinations[self.profile.destinations.index(old)] = dest
        else:
            self.profile.destinations.append(dest)

    def _move_key(self, old_ref: str, dest: DestinationSettings) -> None:
        with secret_errors_as(keyring_problem):
            value = load_secret(old_ref)
            dest.key_ref = key_ref_for(dest.name) if value else ""
            if value:
                store_secret(dest.key_ref, value)
        self._forget(old_ref)

    @staticmethod
    def _forget(ref: str) -> None:
        try:
            delete_secret(ref)
        except SecretStoreError as exc:
            log.warning("could not delete an old stream key from the keyring: %s", exc)

    def remove_destination(self, name: str) -> None:
        dest = next((d for d in self.profile.destinations if d.name == name), None)
        if dest is None:
            return
        self.profile.destinations.remove(dest)
        for ref in (dest.key_ref, dest.server_ref):
            if ref:
                self._forget(ref)

    def has_key(self, dest: DestinationSettings) -> bool:
        if not dest.key_ref:
            return False
        try:
            return bool(load_secret(dest.key_ref))
        except SecretStoreError:
            return False

    def _push_urls(self) -> list[DestinationSpec]:
        enabled = [d for d in self.profile.destinations if d.enabled]
        if not enabled:
            raise StudioError(
                "no_destinations", "add a destination (platform and stream key) first"
            )
        specs = []
        for dest in enabled:
            try:
                with secret_errors_as(keyring_problem):
                    key = load_secret(dest.key_ref) if dest.key_ref else ""
                    server = push_server(dest)  # a kept signed URL comes back whole
            except SecretMissing as exc:
                raise StudioError("no_server", str(exc), name=dest.name) from None
            preset = get_platform(dest.platform)
            if not (server or preset.default_server):
                raise StudioError(
                    "no_server", f"{dest.name}: enter the server or push URL", name=dest.name
                )
            try:
                url = preset.push_url(server, key or "")
            except ValueError as exc:
                raise StudioError("no_server", str(exc), name=dest.name) from None
            problem = validate_push_url(url)
            if problem:
                raise StudioError("bad_url", f"{dest.name}: {problem}", detail=problem)
            self._check_ca_file(dest)
            specs.append(
                DestinationSpec(
                    dest.name,
                    url,
                    dest.adaptive,
                    preset.min_bitrate_kbps,
                    ca_file=dest.ca_file or None,
                )
            )
        return specs

    @staticmethod
    def _check_ca_file(dest: DestinationSettings) -> None:
        code = ca_file_problem(dest.ca_file) if dest.ca_file else None
        if code:  # the code goes with the error: the window words it without reading it again
            text = f"{dest.name}: {PROBLEMS[code]} ({dest.ca_file})"
            raise StudioError("ca_file", text, name=dest.name, detail=dest.ca_file, problem=code)

    # --- outputs --------------------------------------------------------------------------------
    def _engine(self) -> Engine:
        if self.engine is None:
            raise StudioError("not_open", "the studio is not running")
        return self.engine

    def start_streaming(self) -> list[Destination]:
        engine = self._engine()
        if engine.streaming:
            return engine.destinations
        specs = self._push_urls()
        self._fit_encoder(engine)
        try:
            return engine.start_streaming(specs)
        except EncoderError as exc:
            raise StudioError("encoder", str(exc), detail=str(exc)) from None

    def check_destinations(self) -> None:
        """Raise the StudioError going live would raise for the destinations as set now (none
        enabled, no server, a bad URL, a certificate file): the window re-checks its message."""
        self._push_urls()

    def stop_streaming(self) -> None:
        """Blocks while the connections close: call it off the UI thread."""
        if self.engine is not None:
            self.engine.stop_streaming()

    def start_recording(self) -> Path:
        engine = self._engine()
        rec = self.profile.recording
        folder = Path(rec.folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise StudioError(
                "recording", f"cannot create {folder}: {reason}", detail=f"{folder}: {reason}"
            ) from None
        path = unused_path(folder / recording_file_name(rec.format))
        self._fit_encoder(engine)
        try:
            engine.start_recording(path)
        except (RecorderError, EncoderError) as exc:
            raise StudioError("recording", str(exc), detail=str(exc)) from None
        self.recording_path = path
        self._recording_started = self.clock.now()
        self._start_session_log(path)
        return path

    def _start_session_log(self, recording: Path) -> None:
        """Figures per second and events, beside the recording (show.log.jsonl)."""
        self._stop_session_log()
        self._session_log = SessionLog(log_path_for(recording), self.stats, chat=self.chat.figures)
        self._session_log.start()

    def _stop_session_log(self) -> None:
        session_log, self._session_log = self._session_log, None
        if session_log is not None:
            session_log.stop()

    def stop_recording(self) -> None:
        """Blocks while the file is finalised: call it off the UI thread. The run-of-show's
        timeline is written beside the recording (times from the recording's start)."""
        if self.engine is not None:
            self.engine.stop_recording()
        self._stop_session_log()
        self.save_timeline()

    def save_timeline(self) -> list[Path]:
        """The timeline of the products explained during the recording, beside it; [] when there
        was no recording or nothing was explained. A full disk is logged, never raised: the
        recording itself is already safe."""
        path, origin = self.recording_path, self._recording_started
        if path is None or origin is None or not self.shop.show.timeline:
            return []
        try:
            return self.shop.show.save_timeline(path, now=self.clock.now(), origin=origin)
        except OSError as exc:
            log.warning("could not save the show timeline beside %s: %s", path.name, exc)
            return []

    def reconnect(self, name: str) -> None:
        for dest in self.engine.destinations if self.engine else []:
            if dest.name == name:
                dest.reconnect_now()

    # --- products and the run-of-show -----------------------------------------------------------
    def import_catalog(self, path: Path | str, replace: bool = False) -> CatalogImport:
        """Products from a CSV / XLSX / JSON file into the shop: a product with a known id is
        updated, a new one added at the end (`replace`: the file's products only). Raises
        CatalogError for a file that is not a catalog; rejected rows are in the result."""
        found = read_catalog(path)  # in a worker process: a hostile file cannot abort us
        self.apply_catalog(found, replace)
        return found

    def apply_catalog(self, found: CatalogImport, replace: bool = False) -> None:
        """An imported catalog's products into the shop in one change, then saved (OSError when
        the profile cannot be written; the shop has them anyway)."""
        if found.products:
            if replace:
                self.shop.set_products(found.products)
            else:
                self.shop.put_many(found.products)
            self.save_shop()

    def save_shop(self) -> None:
        """The shop's products and run-of-show into the profile (and the profile to disk)."""
        self.profile.catalog = [p.to_dict() for p in self.shop.products]
        vouch_for_catalog(self.profile.catalog)  # made from valid products just now
        ids = {p.id for p in self.shop.products}
        self.profile.run_of_show = [
            item.to_dict() for item in self.shop.show.items if item.product_id in ids
        ]
        self.save()

    def next_product(self) -> Product | None:
        return self.shop.next(self.clock.now())

    def previous_product(self) -> Product | None:
        return self.shop.previous(self.clock.now())

    # --- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        if self.profile_path is not None:
            save_profile(self.profile, self.profile_path)
