"""Measuring a platform's screen from a phone screenshot of the streamed calibration card
(studio.scene.zone_measure, `studio zones`, View → Measure a platform's screen on a phone…):
the app's bars, buttons and comments and the strips a tall phone cuts off become the
platform's zones, kept in the profile, used by the guide, placement and re-layout."""

from __future__ import annotations

import json
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from phone_shots import phone_screenshot
from profiles import small_profile
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.broadcast.platforms.screens import zones_for
from studio.cli import main
from studio.profile import (
    DestinationSettings,
    MeasuredScreenSettings,
    ProfileError,
    profile_from_dict,
    profile_to_dict,
)
from studio.profile_store import load_profile
from studio.scene.placement import place_new
from studio.scene.rects import area, intersection, overlaps
from studio.scene.zone_measure import ZoneMeasureError, as_zones, calibration_card, measure
from studio.scene.zones import measured_zones
from studio.session import StudioSession
from studio.ui.zone_measure_dialog import ZoneMeasureDialog

PORTRAIT = (1080, 1920)
# A live room's screen as drawn for these tests (canvas pixels): a top bar, a column of side
# buttons, the comment scroll at the lower left and the bottom bar.
ROOM = [
    ((0, 0, 1080, 200), "bar"),
    ((900, 260, 160, 400), "buttons"),
    ((0, 1100, 700, 560), "comments"),
    ((0, 1740, 1080, 180), "bar"),
]
IPHONE = (1170, 2532)  # taller than 9:16: the sides of the stream are cut off


def _covered_share(rect, zones) -> float:
    """How much of `rect` the zones cover (their union), on a pixel mask."""
    x, y, w, h = rect
    mask = np.zeros((h, w), bool)
    for z in zones:
        part = intersection(rect, z)
        if part:
            px, py, pw, ph = part
            mask[py - y : py - y + ph, px - x : px - x + pw] = True
    return float(mask.mean()) if mask.size else 1.0


def test_a_tall_phones_screenshot_gives_the_apps_bars_buttons_comments_and_cut_sides() -> None:
    card = calibration_card(*PORTRAIT)
    shot = phone_screenshot(card, IPHONE, ROOM)
    screen = measure(shot.image, *PORTRAIT)
    assert screen.scale == pytest.approx(shot.scale, rel=0.005)
    cut = round(-shot.corner[0] / shot.scale)  # canvas pixels off each side of the phone
    assert cut > 80
    assert len(screen.cut_off) == 2
    left, right = sorted(screen.cut_off)
    assert left[0] == 0 and abs(left[2] - cut) <= 3 and left[3] == PORTRAIT[1]
    assert abs(right[0] - (PORTRAIT[0] - cut)) <= 3 and right[0] + right[2] == PORTRAIT[0]
    for box in shot.drawn:
        assert _covered_share(box, screen.covered) >= 0.95, (box, screen.covered)
    drawn = shot.drawn
    # One zone per part of the room (the buttons' column is one, not four), and little more
    # than what was drawn: the free middle of the screen stays free.
    assert len(screen.covered) == len(ROOM)
    assert sum(map(area, screen.covered)) <= 1.15 * sum(map(area, drawn))
    middle = (150, 700, 700, 350)
    assert not any(overlaps(middle, z) for z in screen.covered)


def test_a_landscape_stream_fitted_on_a_turned_phone_has_nothing_cut_off() -> None:
    canvas = (1920, 1080)
    card = calibration_card(*canvas)
    room = [((0, 0, 1920, 130), "bar"), ((0, 950, 1920, 130), "bar")]
    shot = phone_screenshot(card, (2532, 1170), room, fill=False)
    screen = measure(shot.image, *canvas)
    assert screen.scale == pytest.approx(shot.scale, rel=0.005)
    assert screen.cut_off == []  # the bars beside the picture are the phone's, not the canvas
    assert len(screen.covered) == 2
    for box, zone in zip(shot.drawn, sorted(screen.covered, key=lambda r: r[1]), strict=True):
        assert _covered_share(box, [zone]) >= 0.97


def test_a_blurry_heavily_compressed_screenshot_is_still_measured() -> None:
    card = calibration_card(720, 1280)
    shot = cv2.GaussianBlur(
        phone_screenshot(card, (720, 1560), ROOM_720, quality=35).image, (0, 0), 1.2
    )
    screen = measure(shot, 720, 1280)
    assert len(screen.covered) == len(ROOM_720)


ROOM_720 = [((x * 2 // 3, y * 2 // 3, w * 2 // 3, h * 2 // 3), s) for (x, y, w, h), s in ROOM]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda card: np.full((2532, 1170, 3), 128, np.uint8), "not_the_card"),
        (
            lambda card: np.random.default_rng(1).integers(0, 255, (2532, 1170, 3), np.uint8),
            "not_the_card",
        ),
        (lambda card: cv2.resize(card, (120, 213)), "not_the_card"),
        (
            lambda card: cv2.warpAffine(
                cv2.resize(card, (1170, 2080)),
                cv2.getRotationMatrix2D((585, 1040), 4, 1.0),
                (1170, 2080),
            ),
            "turned",
        ),
        (lambda card: np.zeros((9000, 5000, 3), np.uint8), "too_large"),
    ],
)
def test_what_is_not_a_screenshot_of_the_card_is_refused_with_a_reason(make, reason) -> None:
    card = calibration_card(*PORTRAIT)
    with pytest.raises(ZoneMeasureError) as caught:
        measure(make(card), *PORTRAIT)
    assert caught.value.reason == reason


def test_the_card_on_a_small_part_of_the_screen_is_too_small_to_measure() -> None:
    card = calibration_card(*PORTRAIT)
    shot = np.zeros((2532, 1170, 3), np.uint8)
    small = cv2.resize(card, (180, 320), interpolation=cv2.INTER_AREA)
    shot[100:420, 100:280] = small
    with pytest.raises(ZoneMeasureError) as caught:
        measure(shot, *PORTRAIT)
    assert caught.value.reason in ("too_small", "not_the_card")


def test_the_card_is_the_same_picture_every_time_and_fills_the_canvas() -> None:
    a, b = calibration_card(720, 1280), calibration_card(720, 1280)
    assert a.shape == (1280, 720, 3) and np.array_equal(a, b)
    assert int(a.min()) >= 60 and int(a.max()) < 200  # white text and dark bars both differ
    with pytest.raises(ValueError):
        calibration_card(0, 10)


# ----- kept in the profile, used everywhere ------------------------------------------------


def _measured():
    card = calibration_card(*PORTRAIT)
    return as_zones(measure(phone_screenshot(card, IPHONE, ROOM).image, *PORTRAIT), *PORTRAIT)


def test_measured_zones_replace_the_presets_for_that_platform_and_orientation_only(
    tmp_path: Path,
) -> None:
    zones = _measured()
    assert {z.name for z in zones} == {"measured", "cut_off"}
    profile = small_profile(tmp_path)
    profile.canvas.width, profile.canvas.height = PORTRAIT
    profile.destinations = [DestinationSettings("Douyin shop", platform="douyin")]
    session = StudioSession(profile, tmp_path / "profile.json")
    estimated = session.platform_zones()
    session.set_measured_screen("douyin", True, zones, "phone screenshot 1170x2532, 2026-12-07")
    now = session.platform_zones()
    assert now != estimated and now == [z.rect(*PORTRAIT) for z in zones]
    # Landscape and other platforms keep their presets' zones.
    landscape = measured_zones(profile.ui.measured_screens)
    assert zones_for(["douyin"], 1920, 1080, landscape) == zones_for(["douyin"], 1920, 1080)
    assert zones_for(["kuaishou"], *PORTRAIT, landscape) == zones_for(["kuaishou"], *PORTRAIT)
    # A card placed now keeps out of the measured zones.
    card = place_new("product_card", (630, 480), *PORTRAIT, [], now)
    assert not any(overlaps(card, z) for z in now)
    # Kept across a save, and measured again it replaces (not adds to) the old one.
    session.save()
    saved = load_profile(tmp_path / "profile.json").ui.measured_screens
    assert [(s.platform, s.orientation, len(s.zones)) for s in saved] == [
        ("douyin", "portrait", len(zones))
    ]
    assert saved[0].source == "phone screenshot 1170x2532, 2026-12-07"
    session.set_measured_screen("douyin", True, zones[:2])
    assert len(session.profile.ui.measured_screens) == 1
    session.set_measured_screen("douyin", True, None)
    assert session.platform_zones() == estimated


@pytest.mark.parametrize(
    "entry",
    [
        {"platform": "douyin", "orientation": "portrait", "zones": [["hat", 0, 0, 1, 0.1]]},
        {"platform": "douyin", "orientation": "portrait", "zones": [["measured", 0.5, 0, 0.6, 1]]},
        {"platform": "douyin", "orientation": "portrait", "zones": [["measured", -1, 0, 1, 1]]},
        {"platform": "douyin", "orientation": "portrait", "zones": [["measured", 0, 0, 1]]},
        {"platform": "douyin", "orientation": "portrait", "zones": [["measured", 0, 0, "1", 1]]},
        {"platform": "douyin", "orientation": "upside", "zones": []},
        {"platform": "", "orientation": "portrait", "zones": []},
        {"platform": "douyin", "orientation": "portrait", "zones": [], "key": "x"},
    ],
)
def test_a_broken_measured_screen_in_the_profile_is_named(entry: dict) -> None:
    with pytest.raises(ProfileError):
        profile_from_dict({"version": 4, "ui": {"measured_screens": [entry]}})


def test_a_measured_screen_round_trips_and_nan_is_refused(tmp_path: Path) -> None:
    profile = small_profile(tmp_path)
    profile.ui.measured_screens = [
        MeasuredScreenSettings("douyin", "portrait", [["measured", 0.0, 0.0, 1.0, 0.1]], "x")
    ]
    again = profile_from_dict(json.loads(json.dumps(profile_to_dict(profile))))
    assert again.ui.measured_screens == profile.ui.measured_screens
    d = profile_to_dict(profile)
    d["ui"]["measured_screens"][0]["zones"][0][1] = math.nan
    with pytest.raises(ProfileError):
        profile_from_dict(d)


# ----- the command line --------------------------------------------------------------------


def test_studio_zones_writes_the_card_and_measures_a_screenshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "card.png"
    assert main(["zones", "card", "--canvas", "1080x1920", "--out", str(out)]) == 0
    card = cv2.imread(str(out))
    assert np.array_equal(card, calibration_card(*PORTRAIT))
    shot_path = tmp_path / "shot.jpg"
    cv2.imwrite(str(shot_path), phone_screenshot(card, IPHONE, ROOM).image)
    capsys.readouterr()
    drawn = tmp_path / "zones.png"
    args = ["zones", "measure", str(shot_path), "--platform", "douyin", "--canvas", "1080x1920"]
    assert main([*args, "--json", "--out", str(drawn)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["platform"] == "douyin" and report["orientation"] == "portrait"
    assert report["canvas"] == [1080, 1920]
    kinds = [z[0] for z in report["zones"]]
    assert kinds.count("cut_off") == 2 and kinds.count("measured") == len(ROOM)
    assert cv2.imread(str(drawn)).shape == (1920, 1080, 3)
    assert main(args) == 0
    assert "measured" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["measure", "{missing}", "--platform", "douyin"], "no such file"),
        (["measure", "{text}", "--platform", "douyin"], "not an image"),
        (["measure", "{grey}", "--platform", "douyin"], "calibration card is not in"),
        (["measure", "{grey}", "--platform", "nowhere"], "--platform"),
        (["card", "--out", "{folder}/card.jpg"], ".png"),
    ],
)
def test_studio_zones_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    (tmp_path / "notes.png").write_text("not a picture")
    cv2.imwrite(str(tmp_path / "grey.png"), np.full((2532, 1170, 3), 128, np.uint8))
    values = {
        "missing": str(tmp_path / "gone.png"),
        "text": str(tmp_path / "notes.png"),
        "grey": str(tmp_path / "grey.png"),
        "folder": str(tmp_path),
    }
    words = [a.format(**values) for a in args]
    code = main(["zones", *words, "--canvas", "1080x1920"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and says in err and len(err.splitlines()) == 1 and "Traceback" not in err


# ----- the window --------------------------------------------------------------------------


def test_the_window_measures_a_screenshot_and_its_guide_follows(
    studio: WindowHarness, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = small_profile(tmp_path)
    profile.destinations = [DestinationSettings("Douyin shop", platform="douyin")]
    session = StudioSession(profile, studio.profile_path)
    window = studio.show(session)
    assert window.measure_zones_action in window.view_menu.actions()
    estimated = [g.rect for g in window.preview.zones()]
    seen: list[ZoneMeasureDialog] = []

    def run(dialog: ZoneMeasureDialog) -> int:
        seen.append(dialog)
        assert dialog.platform() == "douyin"  # the destination's platform comes first
        assert not dialog.reset_button.isEnabled()  # nothing measured yet
        # Step 1: the card goes on top of the scene, over the whole canvas.
        dialog.toggle_card()
        top = session.layers[-1]
        assert top.name == "Calibration card" and top.source.startswith("image:")
        assert (top.x, top.y, *session.layer_size(top)) == (0, 0, 360, 640)
        assert dialog.card_button.text() == "Take the card off the stream"
        # Steps 2 and 3: the phone's screenshot of it (as streamed at 360x640).
        card = calibration_card(360, 640)
        room = [((x // 3, y // 3, w // 3, h // 3), s) for (x, y, w, h), s in ROOM]
        path = tmp_path / "shot.jpg"
        cv2.imwrite(str(path), phone_screenshot(card, IPHONE, room).image)
        dialog.measure_file(path, wait=True)
        qtbot.waitUntil(lambda: dialog.keep_button.isEnabled())
        assert "Found 4 parts the app draws over and 2 strips" in dialog.result.text()
        dialog.toggle_card()  # off the stream again
        assert all(x.name != "Calibration card" for x in session.layers)
        dialog.keep()
        return 1

    window.exec_dialog = run
    window.measure_zones_action.trigger()
    assert seen
    measured = [g.rect for g in window.preview.zones()]
    assert measured != estimated and len(measured) == 6
    assert {g.zone.name for g in window.preview.zones()} == {"measured", "cut_off"}
    window.save()
    saved = load_profile(studio.profile_path).ui.measured_screens
    assert [(s.platform, s.orientation) for s in saved] == [("douyin", "portrait")]


def test_the_card_is_known_by_its_picture_and_rewritten_each_time(
    studio: WindowHarness, tmp_path: Path
) -> None:
    session = StudioSession(small_profile(tmp_path), studio.profile_path)
    window = studio.show(session)
    # A layer of the merchant's own with the card's name is not the card.
    session.add_layer("text", {"text": "mine"}, name="Calibration card")
    dialog = ZoneMeasureDialog(session, window)
    assert dialog.card_button.text() == "Put the card on the stream"
    path = Path(session.calibration_card_spec().removeprefix("image:"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"a picture left there, changed since")
    dialog.toggle_card()
    assert np.array_equal(cv2.imread(str(path)), calibration_card(360, 640))
    assert session.layers[-1].source == session.calibration_card_spec()
    dialog.toggle_card()  # takes the card off, not the merchant's layer
    assert [x.options.get("text") for x in session.layers] == ["mine"]
    dialog.close()


def test_a_card_that_cannot_be_written_is_said_in_the_dialog(
    studio: WindowHarness, tmp_path: Path
) -> None:
    session = StudioSession(small_profile(tmp_path), studio.profile_path)
    window = studio.show(session)
    blocked = Path(session.calibration_card_spec().removeprefix("image:")).parent
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the folder should be")
    dialog = ZoneMeasureDialog(session, window)
    dialog.toggle_card()
    assert dialog.result.text().startswith("The calibration card cannot be written: ")
    assert all(x.source != session.calibration_card_spec() for x in session.layers)
    dialog.close()


def test_the_dialog_says_why_a_picture_cannot_be_measured(
    studio: WindowHarness, qtbot: QtBot, tmp_path: Path
) -> None:
    profile = small_profile(tmp_path)
    window = studio.show(StudioSession(profile, studio.profile_path))
    dialog = ZoneMeasureDialog(window.session, window)
    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.full((1000, 500, 3), 128, np.uint8))
    dialog.measure_file(grey, wait=True)
    qtbot.waitUntil(lambda: dialog.choose_button.isEnabled())
    assert dialog.result.text().startswith("The calibration card is not in this screenshot")
    assert not dialog.keep_button.isEnabled()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    dialog.measure_file(broken, wait=True)
    qtbot.waitUntil(lambda: "broken.png" in dialog.result.text())
    assert dialog.result.text() == "broken.png is not a picture the studio can read."
    # The card as the studio's own preview shows it: nothing drawn over it, so no app's
    # screen: never kept as "no zones at all".
    bare = tmp_path / "preview.png"
    cv2.imwrite(str(bare), phone_screenshot(calibration_card(360, 640), IPHONE, []).image)
    dialog.measure_file(bare, wait=True)
    qtbot.waitUntil(lambda: dialog.result.text().startswith("Nothing in this screenshot"))
    assert not dialog.keep_button.isEnabled() and dialog.zones is None
    dialog.close()


def test_a_fault_while_measuring_is_said_and_the_dialog_measures_again(
    studio: WindowHarness, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import studio.ui.zone_measure_dialog as dialog_module

    def broken(*_args):
        raise RuntimeError("a fault of ours")

    window = studio.show(StudioSession(small_profile(tmp_path), studio.profile_path))
    dialog = ZoneMeasureDialog(window.session, window)
    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.full((1000, 500, 3), 128, np.uint8))
    monkeypatch.setattr(dialog_module, "measure", broken)
    dialog.measure_file(grey, wait=True)
    qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=5000)
    assert dialog.result.text() == (
        "Measuring went wrong (RuntimeError); details are in the studio’s log."
    )
    assert not dialog.keep_button.isEnabled()
    dialog.close()


def test_a_screenshot_with_alpha_or_in_grey_is_read_as_colour(tmp_path: Path) -> None:
    from studio.scene.zone_measure import load_screenshot

    cv2.imwrite(str(tmp_path / "alpha.png"), np.full((40, 20, 4), 200, np.uint8))
    cv2.imwrite(str(tmp_path / "grey.png"), np.full((40, 20), 90, np.uint8))
    assert load_screenshot(tmp_path / "alpha.png").shape == (40, 20, 3)
    grey = load_screenshot(tmp_path / "grey.png")
    assert grey.shape == (40, 20, 3) and int(grey.max()) == 90


def test_the_question_names_the_platform_the_zones_would_be_kept_for(
    studio: WindowHarness, qtbot: QtBot, tmp_path: Path
) -> None:
    session = StudioSession(small_profile(tmp_path), studio.profile_path)
    window = studio.show(session)
    dialog = ZoneMeasureDialog(window.session, window)
    canvas = session.profile.canvas
    card = calibration_card(canvas.width, canvas.height)
    room = [((x // 3, y // 3, w // 3, h // 3), s) for (x, y, w, h), s in ROOM]
    path = tmp_path / "shot.jpg"
    cv2.imwrite(str(path), phone_screenshot(card, IPHONE, room).image)
    dialog.measure_file(path, wait=True)
    qtbot.waitUntil(lambda: dialog.keep_button.isEnabled())
    first = dialog.platform_box.currentText()
    assert dialog.result.text().endswith(f"Use these zones for {first}?")
    # The merchant took the screenshot in another platform's app: chosen after measuring.
    other = dialog.platform_box.findData("kuaishou")
    dialog.platform_box.setCurrentIndex(other)
    name = dialog.platform_box.itemText(other)
    assert name != first and dialog.result.text().endswith(f"Use these zones for {name}?")
    dialog.keep()
    saved = session.profile.ui.measured_screens
    assert [(s.platform, s.orientation) for s in saved] == [("kuaishou", "portrait")]


def test_a_card_that_cannot_go_on_the_stream_is_said_in_the_dialog(
    studio: WindowHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.session import StudioError

    session = StudioSession(small_profile(tmp_path), studio.profile_path)
    window = studio.show(session)
    dialog = ZoneMeasureDialog(window.session, window)

    def refused(name: str):
        raise StudioError("layer_exists", f"{name} exists", name=name)

    monkeypatch.setattr(session, "show_calibration_card", refused)
    dialog.toggle_card()
    assert dialog.result.text() == "A source named “Calibration card” exists already in this scene."
    assert dialog.card_button.text() == "Put the card on the stream"
    dialog.close()
