"""The session's parts (studio.session_parts), without Qt: the problems of the scene's layers and
of the audio sources kept apart (a broken sound source stays reported as a broken camera does,
and is tried again when its file is back), the small named views the window reads instead of
the engine, the shop changed through the products part, and the window's wing reaching the
engine and the shop only through them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from studio.profile import SceneSettings
from studio.session import StudioError, StudioSession
from studio.vision.settings import BackgroundSettings, EffectSettings
from tests.profiles import small_profile
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[1]


def write_clip(path: Path, frames: int = 30, size: tuple[int, int] = (160, 120)) -> None:
    """A one-second video (what a music bed or a looping clip would be)."""
    w, h = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=30)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = Fraction(1, 30)
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(np.full((h, w, 3), i * 8, np.uint8), "bgr24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def write_picture(path: Path) -> Path:
    image = np.full((120, 90, 3), 200, np.uint8)
    cv2.circle(image, (45, 50), 25, (90, 140, 220), -1)
    cv2.imwrite(str(path), image)
    return path


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StudioSession]:
    session = StudioSession(small_profile(tmp_path), tmp_path / "profile.json")
    try:
        yield session
    finally:
        session.close()


# --- the problems of layers and of audio sources ------------------------------------------------


def test_a_broken_audio_source_stays_reported_when_the_scene_is_shown_again(
    session: StudioSession, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.png"
    music = f"file:{tmp_path / 'music.mp4'}"
    session.add_layer("synthetic", name="Pattern")
    session.profile.scenes.append(SceneSettings("Second", []))
    session.profile.audio_sources = [music]
    write_picture(gone)
    session.add_layer(f"image:{gone}", name="Logo")
    gone.unlink()  # the picture's drive was unplugged before the show

    opened = session.open()
    assert [p.name for p in opened] == ["Logo", music]
    # Each change that shows the scene again keeps the sound source's problem, as it keeps the
    # layer's: the banner must not lose the microphone when the merchant switches scenes.
    session.add_layer("text", {"text": "Hi"}, name="Hi")
    assert [p.name for p in session.problems] == ["Logo", music]
    assert [p.name for p in session.switch_scene("Second")] == [music]
    assert [p.name for p in session.switch_scene("Main")] == ["Logo", music]
    assert [p.name for p in session.set_layer_effects(0, EffectSettings())] == ["Logo", music]
    assert session.live.layer_problems[0].name == "Logo"
    assert [p.name for p in session.live.audio_problems] == [music]


def test_a_sound_file_that_is_back_is_tried_again_once(
    session: StudioSession, tmp_path: Path
) -> None:
    path = tmp_path / "music.mp4"
    music = f"file:{path}"
    session.profile.audio_sources = [music]
    assert [p.name for p in session.open()] == [music]
    assert session.live.retry_missing_files() is None  # nothing is back: nothing is redone
    write_clip(path)
    assert session.live.retry_missing_files() == []  # it is mixed now, and said to be
    assert [ch.source.spec for ch in session.audio.channels()] == [music]
    assert session.problems == []
    assert session.live.retry_missing_files() is None  # once: not again on every tick


def test_setting_the_audio_sources_reports_their_problems(
    session: StudioSession, tmp_path: Path
) -> None:
    session.open()
    missing = f"file:{tmp_path / 'nope.mp4'}"
    problems = session.set_audio_sources(["synthetic", missing])
    assert [p.name for p in problems] == [missing]
    assert [p.name for p in session.problems] == [missing]
    assert session.profile.audio_sources == ["synthetic", missing]
    assert session.set_audio_sources(["synthetic"]) == [] and session.problems == []


# --- what the window reads through the parts ------------------------------------------------------


def test_the_outputs_and_the_preview_read_closed_then_running(session: StudioSession) -> None:
    outputs, live = session.outputs, session.live
    assert not session.is_open and not outputs.streaming and not outputs.recording
    assert outputs.recorder is None and not outputs.recording_failed
    assert live.preview() == (-1, None) and live.running() == []
    assert session.audio.channels() == [] and session.audio.running is None
    with pytest.raises(StudioError) as refused:
        outputs.start_recording()
    assert refused.value.code == "not_open"

    session.profile.audio_sources = ["synthetic"]
    session.open()
    assert session.is_open
    wait_for(lambda: live.preview()[1] is not None, what="the first composed frame")
    seq, image = live.preview()
    assert seq >= 1 and image.shape[:2] == (640, 360)
    wait_for(lambda: live.latest_picture("synthetic") is not None, what="the pattern's frame")
    assert live.latest_picture("camera:9") is None
    assert [ch.source.spec for ch in session.audio.channels()] == ["synthetic"]
    wait_for(lambda: session.audio.peak_dbfs("synthetic") > -60, what="the tone's level")
    assert session.audio.peak_dbfs("mic:nobody") == float("-inf")

    path = session.start_recording()
    assert outputs.recording and session.busy and outputs.recorder is not None
    assert not outputs.recording_stopped_itself
    session.stop_recording()
    assert not outputs.recording and path.is_file()


def test_the_gain_and_mute_are_kept_and_put_on_the_running_mixer(session: StudioSession) -> None:
    session.profile.audio_sources = ["synthetic"]
    session.audio.set_gain("synthetic", -6.0)
    session.open()
    (channel,) = session.audio.channels()
    assert channel.gain_db == -6.0 and not channel.muted
    session.audio.set_muted("synthetic", True)
    assert channel.muted and session.profile.mixer[0].muted


def test_a_running_layer_and_its_split_view_by_name(session: StudioSession, tmp_path: Path) -> None:
    picture = write_picture(tmp_path / "person.png")
    session.add_layer(f"image:{picture}", name="Person")
    assert session.layer_editor.running("Person") is None  # closed
    assert session.effects.split_frames("Person") == (None, None)
    session.open()
    assert session.layer_editor.running("Person") is not None
    assert session.layer_editor.running("Nobody") is None
    wait_for(lambda: session.effects.split_frames("Person")[0] is not None, what="a frame")
    before, after = session.effects.split_frames("Person")
    assert before is after  # no effects: the source's frame, before and after alike
    session.set_layer_effects(0, EffectSettings(background=BackgroundSettings("blur", 40)))

    def blurred() -> bool:
        before, after = session.effects.split_frames("Person")
        return None not in (before, after) and not np.array_equal(before.image, after.image)

    # The frame the effects were given, and the one they made of it.
    wait_for(blurred, timeout=30, what="the background blurred in the split view")


# --- the shop through the products part ---------------------------------------------------------


def test_the_products_part_changes_the_shop_on_the_studio_clock(session: StudioSession) -> None:
    from studio.commerce.product import Product
    from studio.commerce.run_of_show import ShowItem

    products = session.products
    products.put(Product("cup", "保温杯"))
    products.put(Product("pot", "Teapot"))
    products.move("pot", 0)
    assert [p.id for p in products.products] == ["pot", "cup"]
    products.update("cup", name="Thermos")
    assert products.product("cup").name == "Thermos"

    products.edit_show([ShowItem("pot"), ShowItem("cup")], 0)
    assert products.go(1).id == "cup" and products.explaining.id == "cup"
    assert products.previous().id == "pot"
    products.explain(None)
    assert products.explaining is None
    # Each change is on the show's timeline at the studio's media time.
    assert [e.product_id for e in products.show.timeline][:2] == ["cup", "pot"]

    sale = products.start_sale("cup", 60, 5)
    assert sale.state(session.clock.now()) == "running"
    assert products.sale("cup") is sale and products.sell("cup").left == 4
    products.end_sale("cup")
    assert products.sale("cup") is None

    products.remove("pot")
    products.save()
    again = StudioSession(session.profile)
    assert [p.id for p in again.shop.products] == ["cup"]


# --- the window's wing works through the session ------------------------------------------------


def test_the_window_reaches_the_engine_and_the_shop_only_through_the_session() -> None:
    """The benches measure the engine itself and may read it; nothing else in studio/ui does."""
    reaching = re.compile(r"session\.(engine|shop)\b")
    benches = {"bench_child.py", "chat_bench.py"}
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "studio" / "ui").glob("*.py"))
        if path.name not in benches
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reaching.search(line)
    ]
    assert found == []
