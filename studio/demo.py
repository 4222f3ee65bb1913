"""The first-run set-up: something that works with no questions asked.

The camera when one is there (else the test pattern with its tone), a portrait canvas, a main
scene with a title, a "be right back" scene, recording to the user's videos folder.
"""

from __future__ import annotations

from studio.clock import MediaClock
from studio.profile import LayerSettings, Profile, SceneSettings, default_profile
from studio.scene.placement import place_new
from studio.scene.zones import zones_for
from studio.session import StudioSession, has_camera

# The portrait platforms whose screens a first run's layout keeps clear of.
FIRST_RUN_PLATFORMS = ("douyin", "kuaishou", "taobao", "tiktok")


def first_run_profile(chinese: bool, camera: bool | None = None) -> Profile:
    profile = default_profile()
    camera = has_camera() if camera is None else camera
    main_name, brb_name = ("直播间", "马上回来") if chinese else ("Live room", "Be right back")
    video = LayerSettings(
        "Camera" if not chinese else "摄像头", "camera:0" if camera else "synthetic"
    )
    profile.scenes = [SceneSettings(main_name, [video]), SceneSettings(brb_name, [])]
    profile.current_scene = main_name
    if not camera:
        profile.audio_sources = []  # the test pattern carries its own tone
    session = StudioSession(profile, clock=MediaClock())  # not opened: only lays out layers
    title = "欢迎来到直播间" if chinese else "Welcome to the live room"
    layer = session.add_layer(
        "text",
        {"text": title, "font_size": 64, "background": "#00000099", "padding": 24},
        name="标题" if chinese else "Title",
    )
    # No destination yet: the title goes where titles belong clear of the screens of the
    # portrait platforms our merchants sell on, so adding one of them leaves it in sight.
    canvas = profile.canvas
    zones = [rect for _zone, rect in zones_for(FIRST_RUN_PLATFORMS, canvas.width, canvas.height)]
    size = session.layer_size(layer)
    layer.x, layer.y, layer.width, layer.height = place_new(
        "text", size, canvas.width, canvas.height, [], zones
    )
    session.switch_scene(brb_name)
    session.add_layer(
        "text",
        {"text": "马上回来" if chinese else "Be right back", "font_size": 120},
        name="文字" if chinese else "Text",
    )
    session.switch_scene(main_name)
    return profile
