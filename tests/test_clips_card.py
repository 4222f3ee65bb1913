"""`studio clips --card` on real engine recordings: the studio records the program with its layers,
so a show that had the product card on screen already holds it (the clip is kept as recorded,
copied), and a show recorded without one gets the card drawn by the real product layer and
compositor at the profile's place for it (re-encoded). Checked on the clips' own pictures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import av
import numpy as np
import pytest
from clip_pictures import RecordedShow, read_code, record_show
from streaming import studio

from studio.clips.recording import read_recording
from studio.commerce.overlay_kinds import render_kind
from studio.commerce.product import Product
from studio.commerce.run_of_show import RunOfShow, ShowItem
from studio.commerce.shop import Shop
from studio.profile import LayerSettings, Profile, profile_to_dict, profile_to_json

SECONDS = 6.0
SCARF = Product(
    "A",
    "真丝丝巾 Silk scarf",
    Decimal("199"),
    Decimal("129"),
    stock=50,
    selling_points=("桑蚕丝", "手工卷边"),
)
CARD_WIDTH = 220
CARD_AT = (120, 380)  # clear of the clock code at the top left


@dataclass
class Shows:
    with_card: RecordedShow
    clean: RecordedShow
    profile: Path
    card: tuple[int, int, int, int]  # x, y, width, height on the canvas


def _card_layer() -> LayerSettings:
    h, w = render_kind("card", SCARF, width=CARD_WIDTH, lang="zh").shape[:2]
    return LayerSettings(
        name="商品卡",
        source="product",
        x=CARD_AT[0],
        y=CARD_AT[1],
        width=w,
        height=h,
        z=1,
        options={"show": "card", "lang": "zh", "width": CARD_WIDTH},
    )


@pytest.fixture(scope="module")
def shows(tmp_path_factory: pytest.TempPathFactory) -> Shows:
    folder = tmp_path_factory.mktemp("card")
    layer = _card_layer()
    shop = Shop([SCARF])
    shop.explain("A")
    with_card = record_show(folder, SECONDS, overlays=[layer], shop=shop, name="with card.mkv")
    clean = record_show(folder, SECONDS, name="clean.mkv")
    profile = Profile()
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.catalog = [SCARF.to_dict()]
    profile.scenes[0].layers = [LayerSettings(name="camera", source="synthetic"), layer]
    profile.current_scene = profile.scenes[0].name
    profile.ui.language = "zh_CN"
    path = folder / "profile.json"
    path.write_bytes(profile_to_json(profile_to_dict(profile)))
    for show in (with_card, clean):
        # A from a keyframe: a clip that can be copied unless something is drawn on it.
        start = next(k for k in read_recording(show.path).keyframes if k >= 0.5)
        run = RunOfShow([ShowItem("A")])
        run.go(0, show.origin + start + 0.1, SCARF.name)
        run.save_timeline(show.path, now=show.origin + SECONDS - 0.5, origin=show.origin)
    assert layer.width is not None and layer.height is not None
    return Shows(with_card, clean, path, (layer.x, layer.y, layer.width, layer.height))


def _clips(recording: Path, profile: Path, out: Path) -> tuple[dict, str]:
    done = studio(
        "clips", str(recording), "--card", "--profile", str(profile), "--json", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def _middle_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    return frames[len(frames) // 2]


def _frames_by_code(path: Path, rows: int) -> dict[int, np.ndarray]:
    """The top `rows` of each frame of a recording, by the capture time it carries."""
    found = {}
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            image = frame.to_ndarray(format="bgr24")
            found[read_code(image)] = image[:rows].astype(np.int16)
    return found


def _card_difference(picture: np.ndarray, shows: Shows) -> float:
    """Mean difference from the card as the studio draws it, where the card is opaque."""
    x, y, w, h = shows.card
    card = render_kind("card", SCARF, width=CARD_WIDTH, lang="zh")[:h, :w]
    opaque = card[:, :, 3] >= 250
    region = picture[y : y + h, x : x + w].astype(np.int16)
    return float(np.abs(region - card[:, :, :3]).mean(axis=2)[opaque].mean())


def test_a_clean_recording_gets_the_card_at_its_layers_place(shows: Shows, tmp_path: Path) -> None:
    before = _middle_frame(shows.clean.path)
    assert _card_difference(before, shows) > 40  # the camera's picture there, no card
    report, stderr = _clips(shows.clean.path, shows.profile, tmp_path)
    (clip,) = report["clips"]
    assert clip["mode"] == "encode"  # drawn on every frame: re-encoded
    assert "already" not in stderr
    picture = _middle_frame(Path(clip["file"]))
    assert _card_difference(picture, shows) < 12
    assert read_code(picture) > 0  # the picture under it is the recording's own
    # Above the card, the picture is the recording's own frame of the same moment.
    top = shows.card[1] - 10
    same = _frames_by_code(shows.clean.path, top)[read_code(picture)]
    assert np.abs(picture[:top].astype(np.int16) - same).mean() < 8


def test_a_recording_that_shows_the_card_is_kept_as_recorded(shows: Shows, tmp_path: Path) -> None:
    recorded = _middle_frame(shows.with_card.path)
    assert _card_difference(recorded, shows) < 12  # the engine recorded the card with the show
    report, stderr = _clips(shows.with_card.path, shows.profile, tmp_path)
    (clip,) = report["clips"]
    assert f"{SCARF.name}: the card is already in the recording: kept" in stderr
    assert clip["mode"] == "copy"  # nothing drawn: the recording's own packets
    assert _card_difference(_middle_frame(Path(clip["file"])), shows) < 12


def test_card_without_a_profile_is_a_clear_message(shows: Shows, tmp_path: Path) -> None:
    done = studio(
        "clips", str(shows.clean.path), "--card", "--profile", str(tmp_path / "none.json")
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"studio: error: --card needs the profile with the products: no file {tmp_path}/none.json"
    )
