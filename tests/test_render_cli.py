"""`studio render` run for real, as a subprocess: one composed frame of a scene to a PNG, where
each layer sits (--json), another canvas (--canvas), the platforms' UI zones (--guides), and bad
input as one line, exit 2.

The scenes here stand on a still backdrop picture, so two renders of one scene are the same
picture pixel for pixel wherever nothing else is drawn.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest
from profiles import small_profile
from streaming import assert_clean_error, studio

from studio.capture.registry import make_source
from studio.chat.board import ChatBoard
from studio.clock import MediaClock
from studio.commands.render import layer_rect
from studio.commerce.product import Product
from studio.commerce.shop import Shop
from studio.profile import CanvasSettings, DestinationSettings, LayerSettings, Profile
from studio.profile_store import load_profile_as_is, save_profile
from studio.scene.rects import inside, overlaps
from studio.session import StudioSession

W, H = 720, 1280
# name -> (source, options, where): a full selling scene, each overlay at its own size (as the
# window adds it) and apart from the others.
OVERLAYS = {
    "Title": ("text", {"text": "Spring sale", "font_size": 48, "background": "#000000cc"},
              (220, 300)),
    "Logo": ("image:LOGO", {}, (600, 300)),
    "Card": ("product:p1", {"show": "card"}, (30, 420)),
    "Countdown": ("product:p1", {"show": "countdown"}, (30, 780)),
    "Pinned": ("comment", {"show": "pinned"}, (30, 1010)),
}  # fmt: skip
MUG = Product(
    "p1",
    "Ceramic mug",
    Decimal("99"),
    Decimal("59"),
    stock=20,
    link="https://shop.example/p1",
    selling_points=("Dishwasher safe", "350 ml"),
)


def picture(path: Path, width: int, height: int) -> Path:
    """A still gradient (no flat colour: every region is different)."""
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    image = np.dstack([x + 0 * y, y + 0 * x, (x + y) / 2]).astype(np.uint8)
    assert cv2.imwrite(str(path), image)
    return path


def selling_profile(tmp_path: Path) -> Profile:
    profile = small_profile(tmp_path)
    profile.canvas.width, profile.canvas.height = W, H
    backdrop = picture(tmp_path / "backdrop.png", W, H)
    logo = picture(tmp_path / "logo.png", 90, 90)
    layers = [LayerSettings("Backdrop", f"image:{backdrop}")]
    context = {"shop": Shop([MUG]), "board": ChatBoard()}
    for name, (source, options, (x, y)) in OVERLAYS.items():
        source = source.replace("LOGO", str(logo))
        probe = make_source(source, MediaClock(), (W, H), options=dict(options), context=context)
        w, h = probe.natural_size()
        layers.append(LayerSettings(name, source, x, y, w, h, options=dict(options)))
    rects = [(la.x, la.y, la.width, la.height) for la in layers[1:]]
    assert all(inside(r, W, H) for r in rects)
    assert not any(overlaps(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    layers.append(LayerSettings("Hidden", "text", 0, 0, 200, 60, visible=False))
    for z, layer in enumerate(layers):
        layer.z = z
    profile.scenes[0].layers = layers
    profile.catalog = [MUG.to_dict()]
    profile.destinations = [
        DestinationSettings("Douyin", platform="douyin"),
        DestinationSettings("TikTok", platform="tiktok"),
        DestinationSettings("Off", platform="youtube", enabled=False),
    ]
    return profile


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    save_profile(selling_profile(tmp_path), path)
    return path


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    assert image is not None, path
    return image


def render(*args: str) -> tuple[dict, str]:
    run = studio("render", *args, "--json", timeout=60)
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    return json.loads(run.stdout), run.stderr


def by_name(report: dict) -> dict[str, dict]:
    return {layer["name"]: layer for layer in report["layers"]}


def saved_rects(path: Path) -> dict[str, list[int]]:
    layers = load_profile_as_is(path).scenes[0].layers
    return {la.name: [la.x, la.y, la.width, la.height] for la in layers}


def box(image: np.ndarray, rect: list[int]) -> np.ndarray:
    x, y, w, h = rect
    return image[y : y + h, x : x + w].astype(np.int16)


def test_a_frame_of_the_scene_at_the_profiles_canvas(profile_file: Path, tmp_path: Path):
    out = tmp_path / "frame.png"
    report, _ = render("--profile", str(profile_file), "--out", str(out))
    image = read(out)
    assert image.shape == (H, W, 3)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 1000  # not blank

    assert report["canvas"] == [W, H]
    assert report["platform"] == ["douyin", "tiktok"]  # the enabled destinations'
    layers = by_name(report)
    assert list(layers) == ["Backdrop", *OVERLAYS, "Hidden"]
    kinds = {name: layer["kind"] for name, layer in layers.items()}
    assert kinds == {
        "Backdrop": "full",
        "Title": "text",
        "Logo": "logo",
        "Card": "product_card",
        "Countdown": "countdown",
        "Pinned": "comment",
        "Hidden": "text",
    }
    saved = saved_rects(profile_file)
    for name in OVERLAYS:  # at its own canvas, exactly as saved
        assert layers[name]["rect"] == saved[name], name
        assert layers[name]["inside_canvas"] is True
        assert layers[name]["overlaps"] == [], name
        assert isinstance(layers[name]["under_platform_ui"], bool)
    assert layers["Backdrop"]["rect"] == [0, 0, W, H]
    assert layers["Backdrop"]["under_platform_ui"] is False  # meant to be under everything
    assert layers["Hidden"]["visible"] is False

    # Every overlay is drawn where the report says: the card, the running countdown and the
    # pinned comment (the show is on) cover the backdrop there.
    backdrop = read(Path(profile_file.parent / "backdrop.png")).astype(np.int16)
    for name in OVERLAYS:
        rect = layers[name]["rect"]
        changed = np.abs(box(image, rect) - box(backdrop, rect)).max(axis=2) > 24
        assert changed.mean() > 0.2, name
    rest = np.ones((H, W), bool)
    for name in OVERLAYS:
        x, y, w, h = layers[name]["rect"]
        rest[y : y + h, x : x + w] = False
    assert np.abs(image.astype(np.int16) - backdrop)[rest].max() <= 1  # nothing else drawn


def test_the_profile_by_default_and_before_the_command(profile_file: Path, tmp_path: Path):
    out, config = str(tmp_path / "frame.png"), tmp_path / "config"
    env = {"XDG_CONFIG_HOME": str(config), "LANGUAGE": None, "LC_ALL": None, "LANG": "en_US.UTF-8"}
    # No profile yet: the one a first start makes (English here), nothing written: the title
    # over the camera, or with no camera (as on a test machine) the "Starting soon" slate.
    run = studio("render", "--out", out, "--json", env=env)
    assert run.returncode == 0, run.output
    first = json.loads(run.stdout)
    top = [la["name"] for la in first["layers"]][-1]
    assert first["scene"] == "Live room" and top in ("Title", "Starting soon")
    assert not config.exists()
    # The user's own profile, where the window keeps it.
    (config / "Shopcast Studio").mkdir(parents=True)
    (config / "Shopcast Studio" / "profile.json").write_bytes(profile_file.read_bytes())
    run = studio("render", "--out", out, "--json", env=env)
    assert run.returncode == 0, run.output
    assert json.loads(run.stdout)["scene"] == "Main"
    # `studio --profile FILE render` is the same as `studio render --profile FILE`.
    (config / "Shopcast Studio" / "profile.json").unlink()
    run = studio("--profile", str(profile_file), "render", "--out", out, "--json", env=env)
    assert run.returncode == 0, run.output
    assert json.loads(run.stdout)["platform"] == ["douyin", "tiktok"]


def test_an_overlay_over_another_and_under_the_platform_ui_is_reported(tmp_path: Path):
    profile = selling_profile(tmp_path)
    card = next(layer for layer in profile.scenes[0].layers if layer.name == "Card")
    card.x, card.y = 400, 1000  # down over Douyin's bottom bar, and off the bottom edge
    title = next(layer for layer in profile.scenes[0].layers if layer.name == "Title")
    title.x, title.y = 100, 800  # over the countdown
    path = tmp_path / "moved.json"
    save_profile(profile, path)
    out = tmp_path / "moved.png"
    run = studio("render", "--profile", str(path), "--platform", "douyin", "--out", str(out))
    assert run.returncode == 0, run.output
    report, _ = render("--profile", str(path), "--platform", "douyin", "--out", str(out))
    assert report["platform"] == "douyin"
    layers = by_name(report)
    assert layers["Card"]["inside_canvas"] is False
    assert layers["Card"]["under_platform_ui"] is True
    assert "Countdown" in layers["Title"]["overlaps"]
    assert "Title" in layers["Countdown"]["overlaps"]
    # ... and the merchant reads it in plain words without --json.
    assert "Card: partly off the canvas, under the platform's UI" in run.stdout, run.stdout
    assert "Title: " in run.stdout and "over Countdown" in run.stdout


def test_another_canvas_keeps_every_layer_on_it_and_apart(profile_file: Path, tmp_path: Path):
    out = tmp_path / "landscape.png"
    report, _ = render("--profile", str(profile_file), "--canvas", "1280x720", "--out", str(out))
    assert read(out).shape == (720, 1280, 3)
    assert report["canvas"] == [1280, 720]
    layers = by_name(report)
    assert layers["Backdrop"]["rect"] == [0, 0, 1280, 720]
    for name in OVERLAYS:
        x, y, w, h = layers[name]["rect"]
        assert layers[name]["inside_canvas"] is True, (name, layers[name]["rect"])
        assert x >= 0 and x + w <= 1280 and y >= 0 and y + h <= 720
        assert layers[name]["overlaps"] == [], name
    # The saved profile is not touched: rendering it again at its canvas gives its own rects.
    again, _ = render("--profile", str(profile_file), "--out", str(tmp_path / "again.png"))
    saved = saved_rects(profile_file)
    assert {n: la["rect"] for n, la in by_name(again).items()} == {
        **saved,
        "Backdrop": [0, 0, W, H],
    }


def test_another_canvas_is_laid_out_as_the_window_lays_it_out(tmp_path: Path):
    profile = selling_profile(tmp_path)
    path = tmp_path / "profile.json"
    save_profile(profile, path)
    report, _ = render(
        "--profile", str(path), "--canvas", "1080x1920", "--out", str(tmp_path / "big.png")
    )
    session = StudioSession(load_profile_as_is(path))  # the window's, same destinations
    session.apply_settings(CanvasSettings(1080, 1920, profile.canvas.fps))
    expected = {la.name: list(layer_rect(la, 1080, 1920)) for la in session.layers}
    assert {name: layer["rect"] for name, layer in by_name(report).items()} == expected


def test_the_picture_speaks_the_profiles_language(tmp_path: Path):
    frames = {}
    for language in ("zh_CN", "en"):
        profile = selling_profile(tmp_path)
        profile.ui.language = language
        path = tmp_path / f"{language}.json"
        save_profile(profile, path)
        out = tmp_path / f"{language}.png"
        report, _ = render("--profile", str(path), "--out", str(out))
        frames[language] = (read(out).astype(np.int16), by_name(report))
    (zh, layers), (en, _) = frames["zh_CN"], frames["en"]
    # The card and the countdown follow the studio's language; the backdrop does not change.
    for name in ("Card", "Countdown"):
        assert np.abs(box(zh, layers[name]["rect"]) - box(en, layers[name]["rect"])).max() > 100
    x, y, w, h = layers["Logo"]["rect"]
    assert np.array_equal(zh[y : y + h, x : x + w], en[y : y + h, x : x + w])


def test_guides_draw_the_platforms_zones_and_nothing_else(profile_file: Path, tmp_path: Path):
    plain, guided = tmp_path / "plain.png", tmp_path / "guided.png"
    render("--profile", str(profile_file), "--platform", "douyin", "--out", str(plain))
    report, _ = render(
        "--profile", str(profile_file), "--platform", "douyin", "--guides", "--out", str(guided)
    )
    zones = report["zones"]
    assert zones and {"top_bar", "bottom_bar"} <= {z["name"] for z in zones}
    a, b = read(plain).astype(np.int16), read(guided).astype(np.int16)
    in_zones = np.zeros(a.shape[:2], bool)
    for zone in zones:
        x, y, w, h = zone["rect"]
        in_zones[y : y + h, x : x + w] = True
        changed = np.abs(box(b, zone["rect"]) - box(a, zone["rect"])).max(axis=2) > 10
        assert changed.mean() > 0.5, zone  # tinted
    assert np.abs(a - b)[~in_zones].max() <= 1  # outside the zones, the same frame


def test_a_camera_that_is_not_there_shows_what_the_stream_would(tmp_path: Path):
    profile = small_profile(tmp_path)
    profile.scenes[0].layers = [LayerSettings("Camera", "camera:63")]
    path = tmp_path / "camera.json"
    save_profile(profile, path)
    out = tmp_path / "camera.png"
    report, stderr = render("--profile", str(path), "--out", str(out))
    assert not stderr.strip(), stderr  # no OpenCV noise about the camera it cannot open
    image = read(out)
    assert image.shape == (640, 360, 3)
    # The reconnecting card: a dark picture with light words on it, not a black frame.
    assert (image.max(axis=2) > 150).sum() > 200
    assert np.median(image) < 80
    assert report["platform"] is None and report["zones"] == []


def test_a_layer_whose_source_is_gone_is_left_out_and_said(profile_file: Path, tmp_path: Path):
    (profile_file.parent / "logo.png").unlink()
    out = tmp_path / "frame.png"
    report, stderr = render("--profile", str(profile_file), "--out", str(out))
    assert out.is_file()
    assert [item["name"] for item in report["left_out"]] == ["Logo"]
    assert "layer Logo left out" in stderr and "logo.png" in stderr


BAD = {
    "unknown scene": (["--scene", "Nope"], "no scene named 'Nope'"),
    "unknown platform": (["--platform", "myspace"], "unknown platform 'myspace'"),
    "canvas not a size": (["--canvas", "big"], "is not a canvas size"),
    "canvas odd": (["--canvas", "1281x720"], "even numbers"),
    "canvas too large": (["--canvas", "99999x720"], "between 320 and 3840"),
    "out not png": (["--out", "{tmp}/frame.jpg"], "give a name ending in .png"),
    "out folder missing": (["--out", "{tmp}/nowhere/frame.png"], "does not exist"),
    "out is a folder": (["--out", "{tmp}/folder.png"], "is a folder"),
    "out unwritable": (["--out", "/proc/shopcast-frame.png"], "cannot write"),
    "no profile": (["--profile", "{tmp}/missing.json"], "no such file"),
    "damaged profile": (["--profile", "{tmp}/damaged.json"], "damaged.json"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_one_line_and_exit_2(case: str, profile_file: Path, tmp_path: Path):
    (tmp_path / "folder.png").mkdir()
    (tmp_path / "damaged.json").write_text('{"version": 3, "canvas": {"width": "wide"')
    extra, expected = BAD[case]
    extra = [arg.replace("{tmp}", str(tmp_path)) for arg in extra]
    args = ["--profile", str(profile_file), "--out", str(tmp_path / "frame.png")]
    for option in ("--profile", "--out"):
        if option in extra:
            i = args.index(option)
            del args[i : i + 2]
    run = studio("render", *args, *extra, timeout=60)
    assert run.returncode == 2, run.output
    assert_clean_error(run)
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert expected in run.stderr, run.stderr
    assert not (tmp_path / "frame.png").exists() and not (tmp_path / "frame.jpg").exists()


def test_the_guides_labels_speak_the_studios_language(qapp):
    """--guides writes each zone's label in the profile's language (the window's translations),
    with the studio's font, Chinese included. (`qapp`: in this process the tests' application
    must be the one Qt has; the command makes a core one of its own.)"""
    from studio.commands.render import zone_labels
    from studio.scene.zones import LABELS

    chinese = zone_labels("zh_CN")
    assert chinese["top_bar"] == "顶部栏：主播、关注、观看人数"
    assert all(text != LABELS[name] for name, text in chinese.items())
    assert zone_labels("en") == LABELS
