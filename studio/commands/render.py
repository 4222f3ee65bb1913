"""`studio render`: one composed frame of a scene, as the engine makes it, written as a PNG.

The scene's sources are made by the engine's own registry and composed by its compositor, each
at its first frame (a camera that is not there shows what the stream would: its reconnecting
card). The show is on: the run-of-show's first product is explained, a countdown runs at its
full length and a sample comment and answer are pinned, so every overlay of the scene is seen
where it sits. With --canvas the layers are laid out as the window lays them out after that
change (the session's own re-layout, clear of the platforms' zones). --guides draws the zones
of the platforms in use; --json says where each layer is, whether it is wholly on the canvas,
under a platform's UI or over another overlay. Bad input is one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from studio.commands.effects import write_image
from studio.commands.outcome import EXIT_OK, UserError
from studio.scene.rects import Rect, inside, overlaps

if TYPE_CHECKING:
    from studio.capture.base import Source
    from studio.chat.board import ChatBoard
    from studio.commerce.shop import Shop
    from studio.engine import SourceProblem
    from studio.profile import LayerSettings, Profile
    from studio.scene.zones import Zone
    from studio.session import StudioSession

FIRST_FRAME_WAIT_S = 5.0  # a network camera gives up opening after 3 s: its card is shown then
POLL_S = 0.02
COUNTDOWN_S = 60  # a countdown layer shows a flash sale at its full length
COUNTDOWN_QUANTITY = 100  # pieces when the product's stock is not tracked
GUIDE_BGR = (0, 140, 255)  # amber: the platform's UI, not the merchant's picture
GUIDE_FILL = 0.35
SAMPLE_COMMENT = {
    True: ("观众", "这件有红色吗？", "有的，红色和黑色都有现货，今天下单明天发货。"),
    False: ("Viewer", "Is this in red?", "Yes, red and black are both in stock; ships tomorrow."),
}


@dataclasses.dataclass
class LaidOut:
    """A layer of the scene where it sits on the rendered canvas."""

    settings: LayerSettings
    kind: str  # "full" for a layer filling the canvas (camera, video, backdrop), else its kind
    rect: Rect


def run_render(args: argparse.Namespace) -> int:
    from studio.broadcast.platforms.screens import zones_for
    from studio.profile import CanvasSettings

    out = check_out(args.out)
    if args.platform is not None:
        _check_platform(args.platform)
    profile = _open_profile(getattr(args, "render_profile", None) or args.profile)
    name = _scene(profile, args.scene).name
    platforms = [args.platform] if args.platform is not None else destination_platforms(profile)
    session = studio_session(profile, platforms)
    old = (profile.canvas.width, profile.canvas.height)
    if args.canvas is not None and tuple(args.canvas) != old:
        width, height = args.canvas  # every scene laid out again, as the window does it
        session.apply_settings(CanvasSettings(width, height, profile.canvas.fps))
    canvas = (session.profile.canvas.width, session.profile.canvas.height)
    zones = zones_for(platforms, *canvas, session.measured_zones())
    layers = [
        LaidOut(layer, layer_kind(layer, *canvas), layer_rect(layer, *canvas))
        for layer in session.scene(name).layers
    ]
    image, problems = compose(session, [item.settings for item in layers])
    if args.guides:
        draw_guides(image, zones, zone_labels(session.profile.ui.language))
    write_image(out, image, "--out")  # check_out made sure it is a .png

    report = describe(layers, canvas, platforms, zones)
    report["scene"] = name
    report["left_out"] = [{"name": p.name, "problem": str(p.error)} for p in problems]
    for problem in problems:  # the engine leaves such a layer out; the rest is rendered
        print(f"studio: layer {problem.name} left out: {problem.error}", file=sys.stderr)
    if args.guides and not zones:
        named = ", ".join(platforms) or "no destination"
        print(f"studio: --guides: {named} has no platform UI zones to draw", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(summary(out, report))
    return EXIT_OK


# --- input ---------------------------------------------------------------------------------


def check_out(text: str) -> Path:
    """The PNG to write, checked before any work: the right name, a folder that takes it."""
    path = Path(text).expanduser()
    if path.suffix.lower() != ".png":
        raise UserError(f"--out {path}: the frame is written as a PNG; give a name ending in .png")
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(f"--out {path} is a folder")
    if not folder.is_dir():
        raise UserError(f"--out {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserError(f"--out {path}: cannot write there (permission denied)")
    return path


def _check_platform(platform_id: str) -> None:
    from studio.broadcast.platforms.registry import UnknownPlatformError, get_platform

    try:
        get_platform(platform_id)
    except UnknownPlatformError as exc:
        raise UserError(f"--platform: {exc}") from None


def _open_profile(given: str | None) -> Profile:
    """The profile asked for, else the user's own, else the one a first start makes (in the
    system's language, as the window makes it)."""
    from studio.profile import ProfileError, default_profile_path
    from studio.profile_store import load_profile_as_is
    from studio.secrets import secrets_file_beside, use_secrets_file

    path = Path(given).expanduser() if given else default_profile_path()
    if not path.is_file():
        if given:
            raise UserError(f"--profile {path}: no such file")
        from studio.demo import first_run_profile
        from studio.ui.i18n import system_language  # QtCore only: the window's own choice

        return first_run_profile(system_language() == "zh_CN")
    use_secrets_file(secrets_file_beside(path))  # a camera's password, where no keyring is
    try:
        profile = load_profile_as_is(path)  # read only: nothing is migrated or written
    except ProfileError as exc:
        head, *items = str(exc).splitlines()
        detail = "; ".join(i.lstrip("- ") for i in items)
        raise UserError(f"--profile {path}: {head} {detail}".strip()) from None
    return profile


def _scene(profile: Profile, name: str | None):
    wanted = profile.current_scene if name is None else name
    for scene in profile.scenes:
        if scene.name == wanted:
            return scene
    names = ", ".join(repr(s.name) for s in profile.scenes) or "none"
    raise UserError(f"--scene: there is no scene named {wanted!r} (scenes: {names})")


def destination_platforms(profile: Profile) -> list[str]:
    """The platforms of the enabled destinations, once each, in the profile's order."""
    return list(dict.fromkeys(d.platform for d in profile.destinations if d.enabled))


# --- layout --------------------------------------------------------------------------------


def layer_rect(layer: LayerSettings, width: int, height: int) -> Rect:
    return (layer.x, layer.y, layer.width or width, layer.height or height)


def layer_kind(layer: LayerSettings, width: int, height: int) -> str:
    """ "full" for a layer covering the canvas, else the overlay kind placement speaks of (a
    camera or video in a box: its source kind)."""
    from studio.capture.registry import split_spec
    from studio.scene.placement import overlay_kind

    x, y, w, h = layer_rect(layer, width, height)
    if x <= 0 and y <= 0 and x + w >= width and y + h >= height:
        return "full"
    kind = overlay_kind(layer.source, layer.options, (w, h), (width, height))
    return kind or split_spec(layer.source)[0]


def studio_session(profile: Profile, platforms: list[str]) -> StudioSession:
    """The window's session on a copy of the profile, never opened or saved: the same layout
    after a change of canvas (out of these platforms' zones), the same language on the
    picture, the same shop and pinned comments."""
    from studio.profile import DestinationSettings
    from studio.session import StudioSession

    work = dataclasses.replace(
        profile,
        canvas=dataclasses.replace(profile.canvas),
        scenes=copy.deepcopy(profile.scenes),
        destinations=[DestinationSettings(p, platform=p) for p in platforms],
    )
    return StudioSession(work)


# --- the frame -----------------------------------------------------------------------------


def compose(
    session: StudioSession, layers: list[LayerSettings]
) -> tuple[np.ndarray, list[SourceProblem]]:
    """The canvas frame (BGR) the engine composes for these layers, each source at its first
    frame, the show on; and the layers left out because their source cannot be made."""
    from dataclasses import replace

    from studio import picture_language
    from studio.engine import Engine, EngineConfig

    # OpenCV's own warnings (a camera it cannot open) are not for the merchant: the
    # reconnecting card and the "left out" lines say what matters.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    clock = session.clock
    chinese = picture_language.current() == "zh"
    put_show_on(session.shop, session.board, layers, clock.now(), chinese)
    # Nothing is encoded: the encoder the engine checks on start is the cheapest sure one.
    encoder = replace(session.encoder_config(), preset="ultrafast", video_encoder="libx264")
    engine = Engine(EngineConfig(encoder, layers=[]), clock, shop=session.shop, board=session.board)
    try:
        problems = engine.set_layers(layers)
        for source in engine.sources:
            source.start()
        wait_for_first_frames([layer.source for layer in engine.layers if layer.visible])
        frame = engine.compositor.compose(engine.layers)
        return np.array(frame[:, :, :3], copy=True), problems
    finally:
        engine.stop()


def put_show_on(
    shop: Shop, board: ChatBoard, layers: list[LayerSettings], now: float, chinese: bool
) -> None:
    """What the layers show while selling: the run-of-show's first product (else the
    catalog's), a flash sale for each countdown, a pinned comment and an answer card."""
    from studio.capture.registry import split_spec
    from studio.chat.events import ChatEvent

    if shop.explaining is None and shop.products:
        if shop.show.items:
            shop.go(0, now)
        if shop.explaining is None:
            shop.explain(shop.products[0].id)
    for layer in layers:
        kind, arg = split_spec(layer.source)
        if kind == "product" and _needs_sale(layer.options):
            product = shop.find(arg.strip()) if arg.strip() else shop.explaining
            if product is not None and shop.sale(product.id) is None:
                stock = product.stock if product.stock and product.stock > 0 else 0
                shop.start_sale(product.id, COUNTDOWN_S, stock or COUNTDOWN_QUANTITY, now)
    if any(split_spec(layer.source)[0] == "comment" for layer in layers):
        user, question, answer = SAMPLE_COMMENT[chinese]
        event = ChatEvent("comment", "demo", user, question, time.time(), "render-sample")
        board.pin(event)
        board.show_answer(event, answer)


def _ready(source: Source) -> bool:
    from studio.capture.base import ThreadedVideoSource
    from studio.vision.source import EffectsSource

    effected = source if isinstance(source, EffectsSource) else None
    inner = effected.inner if effected is not None else source
    if not isinstance(inner, ThreadedVideoSource):
        return True  # drawn on demand (pictures, text, cards): ready now
    if getattr(inner, "state", "") == "connecting" or source.latest_video() is None:
        return False
    if effected is not None and effected.effects.active:
        return effected.effects.latest(source.clock.now()) is not None
    return True


def wait_for_first_frames(sources: list[Source], limit: float = FIRST_FRAME_WAIT_S) -> None:
    """Until each capturing source has its first picture (a camera: its picture or its
    reconnecting card; with effects, the first analysis applied), at most `limit` seconds."""
    deadline = time.monotonic() + limit
    while not all(_ready(s) for s in sources) and time.monotonic() < deadline:
        time.sleep(POLL_S)


def zone_labels(language: str) -> dict[str, str]:
    """The zones' labels in the studio's language (the window's own translations)."""
    from studio.scene.zones import LABELS
    from studio.ui.i18n import translated  # QtCore only

    return translated("PlatformZones", LABELS, language)


def draw_guides(
    image: np.ndarray, zones: list[tuple[Zone, Rect]], labels: dict[str, str] | None = None
) -> None:
    """The platforms' UI zones, translucent and outlined, each with its label (`labels`: by
    zone name, in the studio's language; else the English one)."""
    height, width = image.shape[:2]
    scale = max(0.4, min(width, height) / 1080 * 0.9)
    thick = max(1, round(scale * 2))
    labelled: set[str] = set()  # several platforms' zones of a kind: one label says it
    for zone, (x, y, w, h) in zones:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(width, x + w), min(height, y + h)
        if x1 <= x0 or y1 <= y0:
            continue
        part = image[y0:y1, x0:x1]
        tint = np.empty_like(part)
        tint[:] = GUIDE_BGR
        cv2.addWeighted(tint, GUIDE_FILL, part, 1 - GUIDE_FILL, 0.0, dst=part)
        cv2.rectangle(image, (x0, y0), (x1 - 1, y1 - 1), GUIDE_BGR, thick)
        if zone.name not in labelled:
            labelled.add(zone.name)
            text = (labels or {}).get(zone.name) or zone.label
            _label(image, text, (x0, y0, x1 - x0, y1 - y0), scale)


def _label(image: np.ndarray, text: str, box: Rect, scale: float) -> None:
    """The label inside its zone's top left, in the studio's font (Chinese included), shrunk
    to fit the zone's width, white on dark."""
    from PIL import Image, ImageDraw, ImageFont

    from studio.fonts import find_font_face

    pad = max(2, round(6 * scale))
    size = max(10, round(26 * scale))
    face = find_font_face(bold=True)
    font = (
        ImageFont.truetype(str(face.path), size, index=face.index)
        if face
        else ImageFont.load_default(size)
    )
    left, top, right, bottom = font.getbbox(text)
    if right - left > box[2] - 2 * pad:  # shrink to the zone's width, down to a quarter
        fit = (box[2] - 2 * pad) / max(1, right - left)
        if fit < 0.25:
            return  # a sliver of a zone: its outline says enough
        size = max(8, int(size * fit))
        font = ImageFont.truetype(str(face.path), size, index=face.index) if face else font
        left, top, right, bottom = font.getbbox(text)
    x, y = box[0] + pad, box[1] + pad
    w, h = right - left + 6, bottom - top + 6
    region = image[y : y + h, x : x + w]
    if region.size == 0:
        return
    canvas = Image.new("RGB", (region.shape[1], region.shape[0]), (0, 0, 0))
    ImageDraw.Draw(canvas).text((3 - left, 3 - top), text, font=font, fill=(255, 255, 255))
    region[:] = np.asarray(canvas)[:, :, ::-1]


# --- the report ----------------------------------------------------------------------------


def describe(
    layers: list[LaidOut],
    canvas: tuple[int, int],
    platforms: list[str],
    zones: list[tuple[Zone, Rect]],
) -> dict[str, Any]:
    """Where each layer is: wholly on the canvas or not, under a platform's UI, over which other
    overlays. Layers filling the canvas (the camera, a backdrop) are meant to be under the rest
    and count as neither; hidden layers cover nothing."""
    from studio.scene.zones import zone_hits

    overlays = [item for item in layers if item.kind != "full" and item.settings.visible]
    described = []
    for item in layers:
        shown = item in overlays
        hits = zone_hits(item.rect, zones) if shown else []
        described.append(
            {
                "name": item.settings.name,
                "kind": item.kind,
                "rect": list(item.rect),
                "visible": item.settings.visible,
                "inside_canvas": inside(item.rect, *canvas),
                "under_platform_ui": bool(hits),
                "platform_ui": list(dict.fromkeys(zone.name for zone in hits)),
                "overlaps": [
                    other.settings.name
                    for other in overlays
                    if shown and other is not item and overlaps(item.rect, other.rect)
                ],
            }
        )
    platform = platforms[0] if len(platforms) == 1 else platforms or None
    return {
        "canvas": list(canvas),
        "platform": platform,
        "layers": described,
        "zones": [{"name": z.name, "label": z.label, "rect": list(r)} for z, r in zones],
    }


def summary(out: Path, report: dict[str, Any]) -> str:
    """Plain lines for the merchant: the file, then each layer that is in trouble."""
    w, h = report["canvas"]
    platform = report["platform"]
    shown = ", ".join(platform) if isinstance(platform, list) else platform or "no platform"
    lines = [f"{out} ({w}x{h}, scene {report['scene']}, {shown})"]
    labels = {z["name"]: z["label"] for z in report["zones"]}
    for layer in report["layers"]:
        if not layer["visible"]:
            continue
        problems = []
        if not layer["inside_canvas"]:
            problems.append("partly off the canvas")
        if layer["under_platform_ui"]:
            names = "; ".join(labels.get(n, n) for n in layer["platform_ui"])
            problems.append(f"under the platform's UI ({names})")
        if layer["overlaps"]:
            problems.append("over " + ", ".join(layer["overlaps"]))
        if problems:
            lines.append(f"  {layer['name']}: {', '.join(problems)}")
    if len(lines) == 1:
        lines.append("  every layer is on the canvas, apart and clear of the platform's UI")
    return "\n".join(lines)


def _needs_sale(options: dict) -> bool:
    """Whether a product layer shows a kind that needs a flash sale running (a countdown)."""
    from studio.commerce.overlay_kinds import OVERLAY_KINDS

    declared = OVERLAY_KINDS.get(str(options.get("show", "")))
    return declared is not None and declared.needs_sale
