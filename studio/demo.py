"""The first-run set-up: something that works with no questions asked, and true to what is there.

The camera when one is found, with a title; with none, a slate (the shop's name and "Starting
soon") and never a test pattern: viewers must not see colour bars or hear a tone. The sound is
the microphone, silence when there is none. A portrait canvas, a main scene, a "be right back"
scene, recording to the user's videos folder.

The set-up (studio.ui.setup_wizard) changes the same scene through `choose_camera`, so a camera
chosen or lost later swaps the slate and the camera in place.
"""

from __future__ import annotations

from studio.broadcast.platforms.screens import zones_for
from studio.capture.base import SourceError
from studio.capture.devices import list_cameras
from studio.capture.registry import make_source, split_spec
from studio.clock import MediaClock
from studio.engine import SourceProblem
from studio.profile import LayerSettings, Profile, SceneSettings, default_profile
from studio.scene.placement import place_new
from studio.session import StudioSession

# The portrait platforms whose screens a first run's layout keeps clear of.
FIRST_RUN_PLATFORMS = ("douyin", "kuaishou", "taobao", "tiktok")

# The slate's two lines, by layer name in either language: how the set-up finds them again.
SLATE_SHOP = {True: "店名", False: "Shop name"}
SLATE_SOON = {True: "马上开始", False: "Starting soon"}
SLATE_LAYERS = frozenset({*SLATE_SHOP.values(), *SLATE_SOON.values()})
CAMERA_NAME = {True: "摄像头", False: "Camera"}
TITLE_NAME = {True: "标题", False: "Title"}
WELCOME = {True: "欢迎来到直播间", False: "Welcome to the live room"}
SHOP_FONT, SOON_FONT = 110, 72


def first_run_profile(chinese: bool, camera: bool | str | None = None) -> Profile:
    """`camera`: None looks for one (instant on Linux), True means camera 0, False none, or the
    camera's spec ("camera:2")."""
    profile = default_profile()
    if camera is None:
        found = list_cameras()
        spec = found[0].spec if found else ""
    elif isinstance(camera, str):
        spec = camera
    else:
        spec = "camera:0" if camera else ""
    main_name, brb_name = ("直播间", "马上回来") if chinese else ("Live room", "Be right back")
    profile.scenes = [SceneSettings(main_name, []), SceneSettings(brb_name, [])]
    profile.current_scene = main_name
    profile.audio_sources = ["mic"]  # the merchant's voice; a silent track when there is none
    session = StudioSession(profile, clock=MediaClock())  # not opened: only lays out layers
    choose_camera(session, spec, chinese)
    session.switch_scene(brb_name)
    session.add_layer(
        "text",
        {"text": "马上回来" if chinese else "Be right back", "font_size": 120},
        name="文字" if chinese else "Text",
    )
    session.switch_scene(main_name)
    return profile


def is_local_camera(layer: LayerSettings) -> bool:
    """A layer the camera step owns: a local camera, or an older first run's test pattern."""
    kind, arg = split_spec(layer.source)
    return kind == "synthetic" or (kind == "camera" and arg.strip().isdigit())


def chosen_camera(session: StudioSession) -> str:
    """The main scene's local camera spec, "" when it shows the slate (or nothing)."""
    for layer in session.scenes[0].layers if session.scenes else []:
        if is_local_camera(layer) and split_spec(layer.source)[0] == "camera":
            return layer.source
    return ""


def shop_name(session: StudioSession) -> str:
    """The shop's name as the slate shows it ("" when there is no slate or it shows none)."""
    for layer in session.scenes[0].layers if session.scenes else []:
        if layer.name in SLATE_SHOP.values() and layer.source == "text":
            text = str(layer.options.get("text", ""))
            return "" if text in WELCOME.values() else text
    return ""


def choose_camera(
    session: StudioSession, spec: str, chinese: bool, shop: str = ""
) -> list[SourceProblem]:
    """Show camera `spec` in the main scene (the first), or the slate when `spec` is "".

    The camera replaces the scene's local camera (or an old test pattern) in place, at the
    bottom, and the slate goes; with no camera the camera layers go and the slate comes, with
    `shop` (or a welcome) on it. Other layers the merchant added stay as they are."""
    scene = session.scenes[0]
    layers = scene.layers
    if spec:
        layers[:] = [x for x in layers if x.name not in SLATE_LAYERS]
        mine = next((x for x in layers if is_local_camera(x)), None)
        if mine is None:
            name = _free_name(CAMERA_NAME[chinese], layers)
            layers.insert(0, LayerSettings(name, spec))
        else:
            mine.source, mine.options = spec, {}
        if len(layers) == 1:
            _add_title(session, scene, chinese)
    else:
        # The camera goes, and the welcome put over it (the slate says it already), unless the
        # merchant wrote something else on it.
        layers[:] = [x for x in layers if not is_local_camera(x) and not _welcome_title(x)]
        if not any(x.name in SLATE_LAYERS for x in layers):
            _add_slate(session, scene, chinese, shop)
        elif shop:
            set_shop_name(session, shop)
    for z, layer in enumerate(layers):
        layer.z = z
    if session.profile.current_scene == scene.name:
        return session.switch_scene(scene.name)  # the engine shows the new layers
    return []


def _welcome_title(layer: LayerSettings) -> bool:
    """The title `_add_title` puts over a camera, as it put it."""
    return (
        layer.name in TITLE_NAME.values()
        and layer.source == "text"
        and layer.options.get("text") in WELCOME.values()
    )


def set_shop_name(session: StudioSession, shop: str) -> None:
    """Write the shop's name on the slate (nothing when the main scene has none)."""
    scene = session.scenes[0]
    for layer in scene.layers:
        if layer.name in SLATE_SHOP.values() and layer.source == "text" and shop.strip():
            layer.options = {**layer.options, "text": shop.strip()}
            w, h = _text_size(session, layer.options)
            canvas = session.profile.canvas
            layer.width, layer.height = w, h
            layer.x = (canvas.width - w) // 2
    if session.profile.current_scene == scene.name:
        session.switch_scene(scene.name)


def _free_name(wanted: str, layers: list[LayerSettings]) -> str:
    taken = {x.name for x in layers}
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted} {n}", n + 1
    return name


def _text_size(session: StudioSession, options: dict) -> tuple[int, int]:
    """The natural size of a text layer with these options, no larger than the canvas."""
    canvas = session.profile.canvas
    try:
        source = make_source("text", session.clock, options=options)
    except SourceError:
        return canvas.width, canvas.height // 10
    size = source.natural_size() or (canvas.width, canvas.height // 10)
    source.stop()
    scale = min(1.0, canvas.width / size[0], canvas.height / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _add_slate(session: StudioSession, scene: SceneSettings, chinese: bool, shop: str) -> None:
    """The shop's name and "Starting soon", one above the other above the middle: clear of
    the portrait platforms' buttons and comments."""
    canvas = session.profile.canvas
    lines = (
        (SLATE_SHOP[chinese], {"text": shop.strip() or WELCOME[chinese], "font_size": SHOP_FONT}),
        (SLATE_SOON[chinese], {"text": SLATE_SOON[chinese], "font_size": SOON_FONT}),
    )
    sized = []
    for name, options in lines:
        options = {**options, "bold": True}
        sized.append((name, options, _text_size(session, options)))
    top = round(canvas.height * 0.38) - sum(h for *_, (_, h) in sized) // 2
    for name, options, (w, h) in sized:
        layer = LayerSettings(name, "text", (canvas.width - w) // 2, top, w, h, options=options)
        scene.layers.append(layer)
        top += h


def _add_title(session: StudioSession, scene: SceneSettings, chinese: bool) -> None:
    """A welcome over the camera, where titles belong clear of the screens of the portrait
    platforms our merchants sell on, so adding one of them leaves it in sight."""
    options = {"text": WELCOME[chinese], "font_size": 64, "background": "#00000099", "padding": 24}
    size = _text_size(session, options)
    canvas = session.profile.canvas
    zones = [rect for _zone, rect in zones_for(FIRST_RUN_PLATFORMS, canvas.width, canvas.height)]
    x, y, w, h = place_new("text", size, canvas.width, canvas.height, [], zones)
    name = _free_name(TITLE_NAME[chinese], scene.layers)
    scene.layers.append(LayerSettings(name, "text", x, y, w, h, options=options))
