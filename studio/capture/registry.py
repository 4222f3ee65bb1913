"""Source specs ("synthetic", "camera:0", "file:PATH"...) to source objects, and what the window
needs to offer them: the "Add source" choices and each kind's declared settings.

Adding a kind of source is a new module plus one line in SOURCE_KINDS (and one in
_CHOICE_KINDS to offer it in the menu).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.capture import camera_url
from studio.capture.base import SourceError
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting, check_values, with_defaults

if TYPE_CHECKING:
    from studio.capture.base import Source
    from studio.clock import MediaClock

# kind -> "module:Class"; imported lazily so a missing optional library only affects its kind.
SOURCE_KINDS: dict[str, str] = {
    "synthetic": "studio.capture.synthetic:SyntheticSource",
    "camera": "studio.capture.camera:CameraSource",
    "file": "studio.capture.video_file:VideoFileSource",
    "image": "studio.capture.image:ImageSource",
    "mic": "studio.capture.microphone:MicrophoneSource",
    "text": "studio.capture.text:TextSource",
    "product": "studio.commerce.source:ProductSource",
    "lower_third": "studio.commerce.lower_third:LowerThirdSource",
    "comment": "studio.chat.layer:CommentSource",
}
ALIASES = {"microphone": "mic"}


def split_spec(spec: str) -> tuple[str, str]:
    """'camera:rtsp://host/x' -> ('camera', 'rtsp://host/x'); 'synthetic' -> ('synthetic', '')."""
    kind, _, arg = spec.partition(":")
    kind = kind.strip().lower()
    return ALIASES.get(kind, kind), arg


def spec_for(kind: str, arg: str | int = "") -> str:
    """('camera', 0) -> 'camera:0'; ('text', '') -> 'text'. The inverse of split_spec."""
    kind = ALIASES.get(kind.strip().lower(), kind.strip().lower())
    text = str(arg).strip()
    return f"{kind}:{text}" if text else kind


def arg_of(spec: str) -> str:
    """The part after the colon, what the "arg" setting edits: 'image:/a.png' -> '/a.png'."""
    return split_spec(spec)[1].strip()


def _source_class(kind: str) -> type[Source]:
    target = SOURCE_KINDS.get(kind)
    if target is None:
        known = ", ".join(sorted(SOURCE_KINDS))
        raise SourceError(f"unknown source kind {kind!r} (known kinds: {known})")
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # an optional library is missing: only this kind is affected
        raise SourceError(f"{kind} sources are unavailable here: {exc}") from None
    return getattr(module, class_name)


def source_settings(kind: str) -> tuple[Setting, ...]:
    """The declared settings of a kind ("arg" first when it has one); SourceError if unknown."""
    kind = ALIASES.get(kind, kind)
    return tuple(getattr(_source_class(kind), "SETTINGS", ()))


def check_options(kind: str, options: Any) -> list[str]:
    """English problems with a layer's `options` for this kind; [] when they are fine."""
    try:
        settings = source_settings(kind)
    except SourceError as exc:
        return [str(exc)]
    if ALIASES.get(kind, kind) == "camera" and isinstance(options, dict):
        options = {k: v for k, v in options.items() if k != camera_url.URL_REF}
    return check_values(settings, options)


def _camera_address(spec: str, ref: Any) -> str:
    """The camera spec with its whole address back from the keyring. The profile keeps the
    masked address and a reference (see studio.profile_secrets); an address typed over the
    masked one since is used as it is."""
    from studio.secrets import SecretStoreError, load_secret  # keyring: only when needed

    arg = split_spec(spec)[1].strip()
    shown = camera_url.masked(arg)  # never the password, even for a new address
    if not isinstance(ref, str) or not ref.strip():
        raise SourceError(f"{shown}: {camera_url.URL_REF} must name a keyring entry")
    try:
        whole = load_secret(ref)
    except SecretStoreError as exc:
        raise SourceError(f"{shown}: {exc}", "secret_missing", shown) from None
    if whole is not None and camera_url.masked(whole) == arg:
        return spec_for("camera", whole)
    if camera_url.is_masked(arg):
        raise SourceError(
            f"{shown}: the camera's password is no longer kept on this computer; enter the "
            "whole address again in the source's properties",
            "secret_missing",
            shown,
        )
    return spec


def make_source(
    spec: str,
    clock: MediaClock,
    size: tuple[int, int] = (1280, 720),
    fps: float = 30,
    options: dict[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Source:
    """Build a source; raises SourceError with a readable message for unknown or broken specs
    and for options the kind does not declare or accept. `context`: the live room's shared
    state by name ("shop": the products, "board": the pinned comment), handed to the kinds that
    show it (their NEEDS)."""
    kind, _ = split_spec(spec)
    if kind not in SOURCE_KINDS:
        known = ", ".join(sorted(SOURCE_KINDS))
        raise SourceError(f"unknown source {spec!r} (known kinds: {known})")
    if kind == "camera" and options and camera_url.URL_REF in options:
        options = dict(options)
        spec = _camera_address(spec, options.pop(camera_url.URL_REF))
        options = options or None
    cls = _source_class(kind)
    problems = check_values(tuple(getattr(cls, "SETTINGS", ())), options)
    if problems:
        raise SourceError(f"{spec}: {'; '.join(problems)}")
    needs = {name: (context or {}).get(name) for name in getattr(cls, "NEEDS", ())}
    return cls(spec, clock, size=size, fps=fps, options=options, **needs)


# -- the "Add source" menu ----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceChoice:
    """One entry of the window's "Add source" menu. Several may share a kind (a local camera and
    an IP camera are both "camera"); `settings` is what its dialog asks, "arg" first."""

    id: str
    label: str
    kind: str
    settings: tuple[Setting, ...]

    def defaults(self) -> dict[str, Any]:
        return {s.key: s.default for s in self.settings}


if TYPE_CHECKING:
    SOURCE_CHOICES: list[SourceChoice]  # made on first use by __getattr__ below

# Local cameras are chosen by name from those found (the number is what is kept); the class's
# own "arg" takes an index or a URL as text.
_LOCAL_CAMERA = (
    Setting(
        "arg", QT_TRANSLATE_NOOP("SourceSettings", "Camera"), "int", 0, 0, 63, devices="camera"
    ),
)
_IP_CAMERA = (
    Setting(
        "arg",
        QT_TRANSLATE_NOOP("SourceSettings", "Address"),
        "text",
        "",
        placeholder="rtsp://192.168.1.20:8554/live",
    ),
)
# id, label, kind, settings (None: the class's SETTINGS), in menu order.
_CHOICE_KINDS: tuple[tuple[str, str, str, tuple[Setting, ...] | None], ...] = (
    ("camera", QT_TRANSLATE_NOOP("SourceSettings", "Camera"), "camera", _LOCAL_CAMERA),
    ("ip_camera", QT_TRANSLATE_NOOP("SourceSettings", "IP camera or phone"), "camera", _IP_CAMERA),
    ("microphone", QT_TRANSLATE_NOOP("SourceSettings", "Microphone"), "mic", None),
    ("image", QT_TRANSLATE_NOOP("SourceSettings", "Image"), "image", None),
    ("video_file", QT_TRANSLATE_NOOP("SourceSettings", "Video file"), "file", None),
    ("text", QT_TRANSLATE_NOOP("SourceSettings", "Text"), "text", None),
    ("product", QT_TRANSLATE_NOOP("SourceSettings", "Product card"), "product", None),
    ("lower_third", QT_TRANSLATE_NOOP("SourceSettings", "Lower third"), "lower_third", None),
    ("comment", QT_TRANSLATE_NOOP("SourceSettings", "Pinned comment"), "comment", None),
)


@functools.cache
def source_choices() -> tuple[SourceChoice, ...]:
    """The menu; kinds whose module cannot be imported here are left out."""
    choices = []
    for id_, label, kind, settings in _CHOICE_KINDS:
        try:
            declared = settings if settings is not None else source_settings(kind)
        except SourceError:
            continue
        choices.append(SourceChoice(id_, label, kind, declared))
    return tuple(choices)


def __getattr__(name: str) -> Any:
    # SOURCE_CHOICES is built on first use: building it imports the source modules, which import
    # this module (split_spec), and would defeat their lazy import.
    if name == "SOURCE_CHOICES":
        return list(source_choices())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def choice_for(spec: str) -> SourceChoice | None:
    """The menu entry that edits `spec` (a camera with a URL is the IP camera entry)."""
    kind, arg = split_spec(spec)
    if kind == "camera":
        wanted = "camera" if arg.strip().isdigit() or not arg.strip() else "ip_camera"
        return next((c for c in source_choices() if c.id == wanted), None)
    return next((c for c in source_choices() if c.kind == kind), None)


def values_for(choice: SourceChoice, spec: str, options: dict[str, Any] | None) -> dict[str, Any]:
    """What a settings dialog shows for an existing layer: "arg" from the spec (as a number for
    an "int" setting) and every option, defaults filling the gaps."""
    values = with_defaults(choice.settings, options)
    if options and camera_url.URL_REF in options:  # kept through the dialog, never shown
        values[camera_url.URL_REF] = options[camera_url.URL_REF]
    arg_setting = next((s for s in choice.settings if s.key == "arg"), None)
    if arg_setting is not None:
        arg: Any = arg_of(spec)
        if arg_setting.type == "int":
            arg = int(arg) if arg.isdigit() else arg_setting.default
        values = {"arg": arg, **values}
    return values


def spec_and_options(choice: SourceChoice, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A dialog's values -> (spec, options) for the layer."""
    options = {k: v for k, v in values.items() if k != "arg"}
    return spec_for(choice.kind, values.get("arg", "")), options
