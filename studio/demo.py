"""The first-run set-up: something that works with no questions asked.

The camera when one is there (else the test pattern with its tone), a portrait canvas, a main
scene with a title, a "be right back" scene, recording to the user's videos folder.
"""

from __future__ import annotations

from studio.clock import MediaClock
from studio.profile import LayerSettings, Profile, SceneSettings, default_profile
from studio.session import StudioSession, has_camera


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
    # Placed where a title belongs (the top band, clear of the platforms' screens).
    session.add_layer(
        "text",
        {"text": title, "font_size": 64, "background": "#00000099", "padding": 24},
        name="标题" if chinese else "Title",
    )
    session.switch_scene(brb_name)
    session.add_layer(
        "text",
        {"text": "马上回来" if chinese else "Be right back", "font_size": 120},
        name="文字" if chinese else "Text",
    )
    session.switch_scene(main_name)
    return profile
