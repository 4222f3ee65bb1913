"""The saved set-up: one versioned JSON file, validated on load and saved atomically.

Stream keys never live here: a destination names its key by `key_ref` (see studio.secrets).
Signed push URLs, server URLs with a key in their path and camera passwords are kept in the
keyring too; the profile holds their masked form and a reference (see studio.profile_secrets).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import platformdirs

from studio.broadcast.platforms.registry import PLATFORMS, validate_push_url
from studio.chat.connector import ConnectorSettings
from studio.scene.canvas import check_size
from studio.scene.layout import ANCHORS
from studio.scene.zones import zone
from studio.settings_schema import (
    APP_NAME,
    AUDIO_BITRATE,
    CANVAS_FPS,
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    ENCODER,
    KEEP_RECORDING,
    KEYFRAME_SECONDS,
    RECORD_WHILE_STREAMING,
    RECORDING,
    RECORDING_FORMAT,
    VIDEO_BITRATE,
    VIDEO_ENCODER,
    X264_PRESET,
    Setting,
    default_recording_folder,
)

# 2: no secret URLs in the file (studio.profile_secrets); 3: layer anchors; 4: platforms' screens
# measured on a phone (ui.measured_screens) and recording.keep_after_stream
PROFILE_VERSION = 4
MAX_MEASURED_SCREENS = 64  # a platform and orientation each: a hostile file stays small
MAX_MEASURED_ZONES = 64
FITS = ("crop", "letterbox", "stretch")
LANGUAGES = ("", "zh_CN", "en")
# Fields that would hold a secret: refused outright so a key can never be saved by mistake.
SECRET_FIELDS = ("key", "stream_key", "password", "token", "secret")
# Bounds for what a hand-edited file may hold. Past 2**53 JSON numbers lose their exactness
# (and 10**400 overflowed float()); a layer side of 16384 already costs 1 GiB of BGRA.
MAX_NUMBER = 2**53
MAX_LAYER_SIDE = 16384
MAX_LAYER_Z = 1_000_000
MAX_PROFILE_BYTES = 64 * 1024 * 1024  # a catalog of thousands of products is a few MB

log = logging.getLogger(__name__)


# Defaults and bounds of the canvas, encoder and recording: studio.settings_schema.
@dataclass
class CanvasSettings:
    width: int = CANVAS_WIDTH.default
    height: int = CANVAS_HEIGHT.default
    fps: int = CANVAS_FPS.default


@dataclass
class EncoderSettings:
    video_encoder: str = VIDEO_ENCODER.default  # "auto" or an FFmpeg encoder name
    preset: str = X264_PRESET.default
    bitrate_kbps: int = VIDEO_BITRATE.default
    audio_bitrate_kbps: int = AUDIO_BITRATE.default
    keyframe_seconds: float = KEYFRAME_SECONDS.default


@dataclass
class LayerSettings:
    name: str
    source: str  # a source spec: "synthetic", "camera:0", "file:/x.mp4", "image:/x.png"
    x: int = 0
    y: int = 0
    width: int | None = None  # None: the full canvas
    height: int | None = None
    z: int = 0
    opacity: float = 1.0
    visible: bool = True
    fit: Literal["crop", "letterbox", "stretch"] = "crop"
    locked: bool = False
    options: dict[str, Any] = field(default_factory=dict)  # the source kind's own settings
    effects: dict[str, Any] = field(default_factory=dict)  # EffectSettings.to_dict(); {} = none
    # The corner, edge or centre (studio.scene.layout.ANCHORS) the layer keeps its place from
    # when the canvas changes; x/y/width/height stay pixels at the profile's canvas. "" (every
    # layer of a profile before version 3): the one it sits nearest to, inferred from its
    # geometry when needed, so it follows where the merchant drags it.
    anchor: str = ""


@dataclass
class SceneSettings:
    name: str
    layers: list[LayerSettings] = field(default_factory=list)


@dataclass
class DestinationSettings:
    name: str
    platform: str = "custom"
    server: str = ""  # the server, or the masked form of a URL kept under server_ref
    key_ref: str = ""  # keyring reference of the stream key, never the key
    # keyring reference of the whole server or push URL when it carries a key or a signature
    # (kept byte for byte there); `server` then shows it masked
    server_ref: str = ""
    ca_file: str = ""  # rtmps: a PEM file of certificates trusted besides the system's
    enabled: bool = True
    adaptive: bool = True  # lower the bitrate on a weak link (adaptive bitrate)


@dataclass
class AudioStripSettings:
    """The mixer's settings for one audio source (by spec)."""

    source: str
    gain_db: float = 0.0
    muted: bool = False


@dataclass
class MeasuredScreenSettings:
    """A platform's screen measured from a phone screenshot of the live room
    (studio.scene.zone_measure): these zones replace the preset's for that orientation."""

    platform: str
    orientation: Literal["portrait", "landscape"]
    # [kind, x, y, w, h]: kind "measured" (drawn over by the app) or "cut_off" (not on the
    # phone's screen), the rest fractions of the canvas
    zones: list[list] = field(default_factory=list)
    source: str = ""  # what was measured: "phone screenshot 1170x2532, 2026-12-07"


@dataclass
class UiSettings:
    language: str = ""  # "" follows the system; "zh_CN" or "en"
    # action -> key sequence ("Ctrl+Shift+L"); scenes use "scene:<name>"
    hotkeys: dict[str, str] = field(default_factory=dict)
    # The platforms' UI zones drawn over the preview (View menu); older profiles: on
    platform_zones: bool = True
    measured_screens: list[MeasuredScreenSettings] = field(default_factory=list)


@dataclass
class RecordingSettings:
    enabled: bool = RECORD_WHILE_STREAMING.default
    folder: str = field(default_factory=default_recording_folder)
    format: Literal["mkv", "mp4"] = RECORDING_FORMAT.default
    # Off: a recording started with the stream stops with it (the merchant may want it on).
    keep_after_stream: bool = KEEP_RECORDING.default


@dataclass
class ChatSettings:
    """The comment pane's settings: connectors, answer rules and shop terms, filters."""

    connectors: list[ConnectorSettings] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)  # rules_to_list(); [] = defaults
    terms: dict[str, str] = field(default_factory=dict)  # ShopTerms.to_dict(); {} = defaults
    blocked_words: list[str] = field(default_factory=list)
    questions_only: bool = False
    show_activity: bool = True  # gifts, likes, joins and follows in the pane


def _default_scenes() -> list[SceneSettings]:
    # The window swaps the synthetic picture for the camera when one is present.
    return [SceneSettings("Main", [LayerSettings("Camera", "synthetic")])]


@dataclass
class Profile:
    version: int = PROFILE_VERSION
    canvas: CanvasSettings = field(default_factory=CanvasSettings)
    encoder: EncoderSettings = field(default_factory=EncoderSettings)
    scenes: list[SceneSettings] = field(default_factory=_default_scenes)
    current_scene: str = "Main"
    audio_sources: list[str] = field(default_factory=lambda: ["mic"])
    destinations: list[DestinationSettings] = field(default_factory=list)
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    mixer: list[AudioStripSettings] = field(default_factory=list)
    ui: UiSettings = field(default_factory=UiSettings)
    # The merchant's own effect presets, by name (EffectSettings.to_dict() without the provider).
    effect_presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The products on sale (Product.to_dict(), in the merchant's order) and the run-of-show
    # (ShowItem.to_dict(): product id, role, target seconds).
    catalog: list[dict[str, Any]] = field(default_factory=list)
    run_of_show: list[dict[str, Any]] = field(default_factory=list)
    chat: ChatSettings = field(default_factory=ChatSettings)


class ProfileError(Exception):
    """A profile that cannot be used. `str()` is user-facing; `errors` lists field problems.

    reason: "missing" | "unreadable" | "json" | "invalid" | "newer".
    """

    def __init__(self, message: str, reason: str = "invalid", errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.errors = errors or []


def default_profile() -> Profile:
    return Profile()


def default_profile_path() -> Path:
    # appauthor=False: no "Shopcast Studio\Shopcast Studio" nesting on Windows.
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "profile.json"


# --- reading a dict, collecting every problem -------------------------------------------------

_MISSING: Any = object()


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Reader:
    """Typed getters that record a message and fall back to the default instead of raising."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def obj(self, value: Any, where: str, cls: type) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.errors.append(f"{where} must be an object {{...}}")
            return {}
        known = {f.name for f in dataclasses.fields(cls)}
        for key in value:
            if key in known:
                continue
            if str(key).lower() in SECRET_FIELDS:
                self.errors.append(
                    f"{_at(where, key)}: stream keys and tokens are kept in the system keyring, "
                    "never in the profile (use key_ref)"
                )
            else:
                self.errors.append(f"{_at(where, key)} is not a known setting")
        return value

    def get(self, d: dict[str, Any], key: str, where: str, default: Any) -> Any:
        if key in d:
            return d[key]
        if default is _MISSING:
            self.errors.append(f"{_at(where, key)} is missing")
        return default

    def integer(
        self,
        d: dict[str, Any],
        key: str,
        where: str,
        default: int | None,
        lo: int | None = None,
        hi: int | None = None,
    ) -> int | None:
        """A whole number; None is accepted only when it is the default (optional settings)."""
        value = self.get(d, key, where, default)
        if value is None and default is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors.append(f"{_at(where, key)} must be a whole number")
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bound = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
            self.errors.append(f"{_at(where, key)} must be {bound}")
        return value

    def number(
        self,
        d: dict[str, Any],
        key: str,
        where: str,
        default: float,
        lo: float,
        hi: float,
        lo_open: bool = False,
    ) -> float:
        value = self.get(d, key, where, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.errors.append(f"{_at(where, key)} must be a number")
            return default
        if value < lo or value > hi or (lo_open and value == lo):
            low = f"above {lo:g}" if lo_open else f"at least {lo:g}"
            self.errors.append(f"{_at(where, key)} must be {low} and at most {hi:g}")
        return float(value)

    def boolean(self, d: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = self.get(d, key, where, default)
        if not isinstance(value, bool):
            self.errors.append(f"{_at(where, key)} must be true or false")
            return default
        return value

    def text(
        self,
        d: dict[str, Any],
        key: str,
        where: str,
        default: Any = _MISSING,
        required: bool = False,
    ) -> str:
        """Text; with no default the setting must be present, `required` also refuses blanks."""
        value = self.get(d, key, where, default)
        if value is _MISSING:
            return ""
        if not isinstance(value, str):
            self.errors.append(f"{_at(where, key)} must be text")
            return "" if default is _MISSING else default
        if required and not value.strip():
            self.errors.append(f"{_at(where, key)} must not be empty")
        return value

    def choice(
        self, d: dict[str, Any], key: str, where: str, default: Any, choices: tuple[Any, ...]
    ) -> Any:
        value = self.get(d, key, where, default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 30.0 in JSON means 30
        if isinstance(value, bool) or value not in choices:
            listed = ", ".join(str(c) for c in choices)
            self.errors.append(f"{_at(where, key)} must be one of {listed}")
            return default
        return value

    def items(self, d: dict[str, Any], key: str, where: str) -> list[Any]:
        value = self.get(d, key, where, [])
        if not isinstance(value, list):
            self.errors.append(f"{_at(where, key)} must be a list [...]")
            return []
        return value

    def unique(self, names: list[str], where: str, what: str) -> None:
        seen: set[str] = set()
        for name in names:
            if name in seen:
                self.errors.append(f"{where}: two {what} are named {name!r}; names must differ")
            seen.add(name)


def _setting(r: _Reader, d: dict[str, Any], s: Setting) -> Any:
    """One schema setting read from its section's object, with the schema's bounds."""
    default, w = s.default_value(), s.section
    if s.choices:
        return r.choice(d, s.name, w, default, s.choices)
    if s.kind is bool:
        return r.boolean(d, s.name, w, default)
    if s.kind is str:
        value = r.text(d, s.name, w, default, required=s.required)
        problem = s.problem(value) if isinstance(value, str) and s.pattern else None
        if problem:
            r.errors.append(f"{s.key} {problem}")
        return value
    if s.kind is int:
        return r.integer(d, s.name, w, default, lo=int(s.minimum), hi=int(s.maximum))
    return r.number(d, s.name, w, default, s.minimum, s.maximum)


def _section(r: _Reader, value: Any, settings: tuple[Setting, ...], cls: type) -> Any:
    d = r.obj(value, settings[0].section, cls)
    return cls(**{s.name: _setting(r, d, s) for s in settings})


def _canvas(r: _Reader, value: Any) -> CanvasSettings:
    d = r.obj(value, "canvas", CanvasSettings)
    # The sides' bounds and evenness are checked together, in one message, by check_size.
    width = r.integer(d, "width", "canvas", CANVAS_WIDTH.default)
    height = r.integer(d, "height", "canvas", CANVAS_HEIGHT.default)
    fps = _setting(r, d, CANVAS_FPS)
    try:
        check_size(width, height)
    except ValueError as exc:
        r.errors.append(f"canvas.width/height: {exc}")
    return CanvasSettings(width, height, fps)


def _encoder(r: _Reader, value: Any) -> EncoderSettings:
    return _section(r, value, ENCODER, EncoderSettings)


def _layer(r: _Reader, value: Any, w: str) -> LayerSettings:
    d = r.obj(value, w, LayerSettings)
    layer = LayerSettings(
        name=r.text(d, "name", w, required=True),
        source=r.text(d, "source", w, required=True),
        x=r.integer(d, "x", w, 0),
        y=r.integer(d, "y", w, 0),
        width=r.integer(d, "width", w, None, lo=1),
        height=r.integer(d, "height", w, None, lo=1),
        z=r.integer(d, "z", w, 0),
        opacity=r.number(d, "opacity", w, 1.0, 0, 1),
        visible=r.boolean(d, "visible", w, True),
        fit=r.choice(d, "fit", w, "crop", FITS),
        locked=r.boolean(d, "locked", w, False),
        options=_options(r, d, w),
        effects=_effects(r, d.get("effects", {}), f"{w}.effects"),
        anchor=_anchor(r, d, w),
    )
    _layer_bounds(r, layer, w)
    return layer


def _anchor(r: _Reader, d: dict[str, Any], w: str) -> str:
    value = r.get(d, "anchor", w, "")
    if value in ("", *ANCHORS) and isinstance(value, str):
        return value
    r.errors.append(f"{w}.anchor must be one of {', '.join(ANCHORS)}")
    return ""


def _layer_bounds(r: _Reader, layer: LayerSettings, w: str) -> None:
    """Geometry the compositor can afford: a side of 10**9 would ask for exabytes."""
    limits = {"x": MAX_LAYER_SIDE, "y": MAX_LAYER_SIDE, "width": MAX_LAYER_SIDE}
    limits |= {"height": MAX_LAYER_SIDE, "z": MAX_LAYER_Z}
    for name, limit in limits.items():
        value = getattr(layer, name)
        if isinstance(value, int) and abs(value) > limit:
            bound = (
                f"at most {limit}"
                if name in ("width", "height")
                else f"between {-limit} and {limit}"
            )
            r.errors.append(f"{w}.{name} must be {bound}")


def _effects(r: _Reader, value: Any, w: str) -> dict[str, Any]:
    from studio.vision.settings import EffectSettings, EffectSettingsError

    try:
        return EffectSettings.from_dict(value).to_dict() if value else {}
    except EffectSettingsError as exc:
        r.errors.append(f"{w}: {exc}")
        return {}


def _options(r: _Reader, d: dict[str, Any], w: str) -> dict[str, Any]:
    value = r.get(d, "options", w, {})
    if not isinstance(value, dict):
        r.errors.append(f"{w}.options must be an object {{...}}")
        return {}
    for key, item in value.items():
        if str(key).lower() in SECRET_FIELDS:
            r.errors.append(f"{w}.options.{key}: secrets belong in the system keyring")
        elif isinstance(item, (dict, list)) or item is None:
            r.errors.append(f"{w}.options.{key} must be text, a number or true/false")
    return dict(value)


def _strip(r: _Reader, value: Any, w: str) -> AudioStripSettings:
    d = r.obj(value, w, AudioStripSettings)
    return AudioStripSettings(
        source=r.text(d, "source", w, required=True),
        gain_db=r.number(d, "gain_db", w, 0.0, -60, 30),
        muted=r.boolean(d, "muted", w, False),
    )


def _ui(r: _Reader, value: Any) -> UiSettings:
    d, w = r.obj(value, "ui", UiSettings), "ui"
    language = r.choice(d, "language", w, "", LANGUAGES)
    hotkeys = r.get(d, "hotkeys", w, {})
    if not isinstance(hotkeys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in hotkeys.items()
    ):
        r.errors.append(f'{w}.hotkeys must map actions to keys, e.g. {{"go_live": "Ctrl+L"}}')
        hotkeys = {}
    platform_zones = r.boolean(d, "platform_zones", w, True)
    measured = [
        _measured_screen(r, item, f"{w}.measured_screens[{i}]")
        for i, item in enumerate(r.items(d, "measured_screens", w)[:MAX_MEASURED_SCREENS])
    ]
    return UiSettings(language, dict(hotkeys), platform_zones, measured)


def _measured_screen(r: _Reader, value: Any, w: str) -> MeasuredScreenSettings:
    d = r.obj(value, w, MeasuredScreenSettings)
    zones = []
    for i, item in enumerate(r.items(d, "zones", w)[:MAX_MEASURED_ZONES]):
        ok = isinstance(item, list) and len(item) == 5 and item[0] in ("measured", "cut_off")
        numbers = item[1:] if ok else []
        ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers)
        if ok:
            try:
                zone(item[0], *numbers)  # on the canvas, as the zones' own check says
            except ValueError:
                ok = False
        if not ok:
            r.errors.append(
                f"{w}.zones[{i}] must be [kind, x, y, w, h]: kind measured or cut_off, then "
                "fractions of the canvas inside it"
            )
            continue
        zones.append([item[0], *(float(v) for v in numbers)])
    return MeasuredScreenSettings(
        platform=r.text(d, "platform", w, required=True),
        orientation=r.choice(d, "orientation", w, "portrait", ("portrait", "landscape")),
        zones=zones,
        source=r.text(d, "source", w, "")[:200],
    )


def _scene(r: _Reader, value: Any, w: str) -> SceneSettings:
    d = r.obj(value, w, SceneSettings)
    name = r.text(d, "name", w, required=True)
    layers = [_layer(r, v, f"{w}.layers[{i}]") for i, v in enumerate(r.items(d, "layers", w))]
    r.unique([layer.name for layer in layers], f"{w}.layers", "layers")
    return SceneSettings(name, layers)


def _destination(r: _Reader, value: Any, w: str) -> DestinationSettings:
    d = r.obj(value, w, DestinationSettings)
    name = r.text(d, "name", w, required=True)
    platform = r.text(d, "platform", w, "custom")
    if platform not in PLATFORMS:
        r.errors.append(
            f"{w}.platform {platform!r} is not a known platform; known: {', '.join(PLATFORMS)}"
        )
    server = r.text(d, "server", w, "")
    problem = validate_push_url(server) if server else None
    if problem:  # the message never repeats the URL: it may carry a signature
        r.errors.append(f"{w}.server: {problem}")
    return DestinationSettings(
        name=name,
        platform=platform,
        server=server,
        key_ref=r.text(d, "key_ref", w, ""),
        server_ref=r.text(d, "server_ref", w, ""),
        ca_file=r.text(d, "ca_file", w, ""),  # a missing file is reported when going live
        enabled=r.boolean(d, "enabled", w, True),
        adaptive=r.boolean(d, "adaptive", w, True),
    )


def _recording(r: _Reader, value: Any) -> RecordingSettings:
    return _section(r, value, RECORDING, RecordingSettings)


# Product dicts the session made with Product.to_dict from the shop's products, as they were then:
# valid by construction, so a save of 100,000 products does not check each one again.
_vouched: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def vouch_for_catalog(items: list[dict[str, Any]]) -> None:
    """These catalog dicts are Product.to_dict output: saving them skips re-checking each one
    while it still equals what it was now."""
    _vouched.clear()
    _vouched.update((id(item), (item, dict(item))) for item in items)


def _catalog(r: _Reader, items: list[Any]) -> list[dict[str, Any]]:
    from studio.commerce.product import Product

    products: list[dict[str, Any]] = []
    for i, value in enumerate(items):
        vouched = _vouched.get(id(value))
        if vouched is not None and vouched[0] is value and vouched[1] == value:
            products.append(value)
            continue
        try:
            products.append(Product.from_dict(value).to_dict())
        except ValueError as exc:
            r.errors.append(f"catalog[{i}]: {exc}")
    r.unique([p["id"] for p in products], "catalog", "product ids")
    return products


def _run_of_show(r: _Reader, items: list[Any], ids: set[str]) -> list[dict[str, Any]]:
    from studio.commerce.run_of_show import ShowItem

    show: list[dict[str, Any]] = []
    for i, value in enumerate(items):
        try:
            item = ShowItem.from_dict(value)
        except ValueError as exc:
            r.errors.append(f"run_of_show[{i}]: {exc}")
            continue
        if item.product_id not in ids:
            r.errors.append(f"run_of_show[{i}]: no product {item.product_id!r} in the catalog")
        show.append(item.to_dict())
    return show


def _chat_connector(r: _Reader, value: Any, w: str) -> ConnectorSettings:
    from studio.chat.registry import connector_kinds

    d = r.obj(value, w, ConnectorSettings)
    kind = r.choice(d, "kind", w, "demo", connector_kinds())
    options = _options(r, d, w)
    return ConnectorSettings(
        kind=kind,
        server=r.text(d, "server", w, ""),
        tls=r.boolean(d, "tls", w, False),
        channel=r.text(d, "channel", w, ""),
        nick=r.text(d, "nick", w, ""),
        token_ref=r.text(d, "token_ref", w, ""),
        options={str(k): str(v) for k, v in options.items()},
        enabled=r.boolean(d, "enabled", w, True),
    )


def _chat(r: _Reader, value: Any) -> ChatSettings:
    from studio.chat.answers import ShopTerms, rules_from_list, rules_to_list

    d, w = r.obj(value, "chat", ChatSettings), "chat"
    connectors = [
        _chat_connector(r, v, f"{w}.connectors[{i}]")
        for i, v in enumerate(r.items(d, "connectors", w))
    ]
    try:
        rules = rules_to_list(rules_from_list(r.get(d, "rules", w, [])))
    except ValueError as exc:
        r.errors.append(f"{w}.rules: {exc}")
        rules = []
    try:
        terms = ShopTerms.from_dict(r.get(d, "terms", w, {})).to_dict()
    except ValueError as exc:
        r.errors.append(f"{w}.terms: {exc}")
        terms = {}
    if not d.get("terms"):
        terms = {}
    blocked = r.items(d, "blocked_words", w)
    if not all(isinstance(word, str) for word in blocked):
        r.errors.append(f"{w}.blocked_words must be a list of texts")
        blocked = []
    return ChatSettings(
        connectors=connectors,
        rules=rules,
        terms=terms,
        blocked_words=list(blocked),
        questions_only=r.boolean(d, "questions_only", w, False),
        show_activity=r.boolean(d, "show_activity", w, True),
    )


# --- numbers a hand-edited file may hold -------------------------------------------------------


def unusable_numbers(data: Any) -> list[str]:
    """Where the parsed JSON holds NaN, an infinity or a number past MAX_NUMBER, by path
    ("scenes[0].layers[1].opacity is NaN"). Walked without recursion: nesting is the parser's
    limit, not ours."""
    if not _any_unusable_number(data):  # the common case, without building any path
        return []
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((_at(where, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, float) and math.isnan(value):
            problems.append(f"{where or 'the profile'} is NaN (not a number)")
        elif isinstance(value, float) and math.isinf(value):
            problems.append(f"{where or 'the profile'} is infinite")
        elif (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and abs(value) > MAX_NUMBER
        ):
            problems.append(f"{where or 'the profile'} is too large (at most {MAX_NUMBER})")
    return problems


def _any_unusable_number(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, float):
            if not -MAX_NUMBER <= value <= MAX_NUMBER:  # NaN fails every comparison
                return True
        elif isinstance(value, int) and not -MAX_NUMBER <= value <= MAX_NUMBER:
            return True
    return False


def _newer_message(version: int) -> str:
    return (
        f"made by a newer Shopcast Studio (version {version}); "
        f"this version reads up to {PROFILE_VERSION}"
    )


def profile_from_dict(d: Any) -> Profile:
    """Build a Profile from parsed JSON; raises ProfileError listing every problem found.

    Missing optional settings take their defaults; unknown settings are errors, so a typo is
    reported rather than silently ignored.
    """
    if not isinstance(d, dict):
        msg = "a profile must be a JSON object {...}"
        raise ProfileError(msg, "invalid", [msg])
    version = d.get("version", _MISSING)
    if version is _MISSING:
        raise ProfileError("version is missing", "invalid", ["version is missing"])
    if isinstance(version, bool) or not isinstance(version, int):
        msg = "version must be a whole number"
        raise ProfileError(msg, "invalid", [msg])
    if version > PROFILE_VERSION:
        raise ProfileError(_newer_message(version), "newer")
    if version < 1:
        msg = f"version must be {PROFILE_VERSION}"
        raise ProfileError(msg, "invalid", [msg])
    bad_numbers = unusable_numbers(d)
    if bad_numbers:  # checked first: the typed getters below assume finite, sane numbers
        raise ProfileError("; ".join(bad_numbers), "invalid", bad_numbers)

    r = _Reader()
    top = r.obj(d, "", Profile)
    canvas = _canvas(r, top.get("canvas", {}))
    encoder = _encoder(r, top.get("encoder", {}))
    if "scenes" in top:
        scenes = [_scene(r, v, f"scenes[{i}]") for i, v in enumerate(r.items(top, "scenes", ""))]
        if not scenes:
            r.errors.append("scenes must hold at least one scene")
    else:
        scenes = _default_scenes()
    r.unique([s.name for s in scenes], "scenes", "scenes")
    current = r.text(top, "current_scene", "", scenes[0].name if scenes else "")
    if scenes and current not in {s.name for s in scenes}:
        r.errors.append(f"current_scene {current!r} is not the name of one of the scenes")

    audio = r.items(top, "audio_sources", "") if "audio_sources" in top else ["mic"]
    if not all(isinstance(a, str) and a.strip() for a in audio):
        r.errors.append('audio_sources must be a list of source specs, e.g. ["mic"]')
        audio = []

    destinations = [
        _destination(r, v, f"destinations[{i}]")
        for i, v in enumerate(r.items(top, "destinations", ""))
    ]
    r.unique([x.name for x in destinations], "destinations", "destinations")
    recording = _recording(r, top.get("recording", {}))
    mixer = [_strip(r, v, f"mixer[{i}]") for i, v in enumerate(r.items(top, "mixer", ""))]
    ui = _ui(r, top.get("ui", {}))
    presets = r.get(top, "effect_presets", "", {})
    if not isinstance(presets, dict):
        r.errors.append("effect_presets must be an object {name: effects}")
        presets = {}
    presets = {str(k): _effects(r, v, f"effect_presets.{k}") for k, v in presets.items()}

    catalog = _catalog(r, r.items(top, "catalog", ""))
    show = _run_of_show(r, r.items(top, "run_of_show", ""), {p["id"] for p in catalog})
    chat = _chat(r, top.get("chat", {}))

    if r.errors:
        raise ProfileError("; ".join(r.errors), "invalid", r.errors)
    return Profile(
        version=version,
        canvas=canvas,
        encoder=encoder,
        scenes=scenes,
        current_scene=current,
        audio_sources=list(audio),
        destinations=destinations,
        recording=recording,
        mixer=mixer,
        ui=ui,
        effect_presets=presets,
        catalog=catalog,
        run_of_show=show,
        chat=chat,
    )


def profile_to_dict(p: Profile) -> dict[str, Any]:
    """A JSON-ready dict; raises ProfileError when the profile would not load back."""
    # The catalog is plain dicts already: not walked by asdict (which deep copies each of
    # thousands of products); the list is new, its product dicts are the profile's own.
    catalog, p.catalog = p.catalog, []
    try:
        d = dataclasses.asdict(p)
    finally:
        p.catalog = catalog
    d["catalog"] = list(catalog)
    d["version"] = PROFILE_VERSION
    profile_from_dict(d)
    return d


def profile_to_json(d: dict[str, Any]) -> bytes:
    """The profile's file: indented for a person to read, one product a line (json's C encoder
    writes those; an indented dump of 100,000 products takes seconds in its Python one)."""
    rest = {k: v for k, v in d.items() if k != "catalog"}
    head = json.dumps(rest, indent=2, ensure_ascii=False)
    if d.get("catalog"):
        items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in d["catalog"])
        head = f'{head[:-2]},\n  "catalog": [\n{items}\n  ]\n}}'
    return (head + "\n").encode()


# --- files ---------------------------------------------------------------------------------


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")
