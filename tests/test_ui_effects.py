"""The effects panel on a real window and a real engine: a photo of a person (skimage's
astronaut) as an image layer, beautify sliders and the background written through to the layer,
the running effects and the saved profile; the preview really changes; presets saved, recalled and
deleted; the provider and the per-frame cost shown; a broken model told in words while the preview
goes on; the before/after view; the panel in Chinese.

The canvas is small (360x640) and the scene holds one picture and one text, so a 2-core machine
keeps up; every wait is a waitUntil on what the user would see.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import pytest
from dialogs import answer_dialogs
from profiles import small_profile
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot
from skimage import data
from windows import WindowHarness, start_probe

from studio.profile import Profile
from studio.profile_store import load_profile
from studio.session import StudioSession
from studio.ui.effects_panel import EffectsPanel
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow
from studio.vision import available_providers, models
from studio.vision.settings import BEAUTIFY_PRESETS, NATURAL, EffectSettings
from studio.vision.source import EffectsSource

PERSON = "Astronaut"
WORST_LATENESS_MS = 100.0  # the event loop runs a 50 ms timer at most this late
MODELS = Path(__file__).resolve().parents[1] / "models"


# --- the studio under test ----------------------------------------------------------------------
@pytest.fixture
def astronaut(tmp_path: Path) -> Path:
    path = tmp_path / "astronaut.png"
    cv2.imwrite(str(path), cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))
    return path


class Studio(WindowHarness):
    def __init__(
        self, qtbot: QtBot, tmp_path: Path, translations: Translations, astronaut: Path
    ) -> None:
        super().__init__(qtbot, tmp_path, translations)
        self.astronaut = astronaut

    def profile(self, language: str = "en") -> Profile:
        profile = small_profile(self.tmp_path)
        profile.ui.language = language
        return profile

    def open(self, profile: Profile | None = None, with_layers: bool = True) -> MainWindow:
        session = StudioSession(profile or self.profile(), self.profile_path)
        if with_layers:
            session.add_layer("text", {"text": "SALE"}, name="Title")
            session.add_layer(f"image:{self.astronaut}", name=PERSON)
        return self.show(session)


@pytest.fixture
def studio_harness(astronaut: Path) -> Callable[..., Studio]:
    return partial(Studio, astronaut=astronaut)


# --- helpers ------------------------------------------------------------------------------------
def select_layer(window: MainWindow, name: str) -> EffectsPanel:
    """Click the source in the Sources list; the effects panel follows."""
    tree = window.layers_panel.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    item = next(i for i in items if i.text(0) == name)
    rect = tree.visualRect(tree.indexFromItem(item, 0))  # the name, not the lock column
    QtBot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.preview.selected == layer_index(window, name)
    assert window.effects_panel.layer_label.text() == name
    return window.effects_panel


def layer_index(window: MainWindow, name: str = PERSON) -> int:
    return next(i for i, x in enumerate(window.session.layers) if x.name == name)


def saved_effects(window: MainWindow, name: str = PERSON) -> dict:
    return window.session.layers[layer_index(window, name)].effects


def live_source(window: MainWindow, name: str = PERSON):
    return next(x.source for x in window.session.engine.layers if x.name == name)


def live_settings(window: MainWindow, name: str = PERSON) -> EffectSettings | None:
    source = live_source(window, name)
    return source.effects.settings if isinstance(source, EffectsSource) else None


def person_region(window: MainWindow) -> np.ndarray:
    """The astronaut's box in the newest preview frame."""
    layer = window.session.layers[layer_index(window)]
    w, h = window.session.layer_size(layer)
    frame = window.session.engine.preview
    return frame[layer.y : layer.y + h, layer.x : layer.x + w, :3].astype(np.int16)


def provider_shown(window: MainWindow, name: str = PERSON) -> str | None:
    status = window.session.engine.stats().effects.get(name)
    return status.provider if status is not None else None


def set_mode(panel: EffectsPanel, mode: str) -> None:
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData(mode))


def image_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3].copy()


# --- 1. the panel follows the selection ---------------------------------------------------------
def test_the_panel_edits_the_selected_source_with_a_picture(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = window.effects_panel
    assert window.effects_dock.windowTitle() == "Effects"
    assert window.effects_dock.isVisible() and panel.isVisible()
    assert not panel.body.isEnabled()
    assert panel.hint.text() == "Select a source in the Sources list to give it effects."

    select_layer(window, "Title")  # text has no person to beautify
    assert panel.layer is None and not panel.body.isEnabled()
    assert "no picture of a person" in panel.hint.text()

    select_layer(window, PERSON)
    assert panel.body.isEnabled() and not panel.hint.isVisible()
    assert panel.layer_label.text() == PERSON
    assert not panel.beautify_box.isChecked() and panel.mode_combo.currentData() == "off"
    assert panel.status_label.text() == "The effects are off for this source."
    # Clicking in the preview selects too; clicking outside every layer deselects.
    window.preview.select(-1)
    assert panel.layer is None and panel.hint.isVisible()


# --- 2. sliders write through, coalesced --------------------------------------------------------
def test_sliders_reach_the_layer_the_engine_and_the_saved_profile(
    studio: Studio, qtbot: QtBot
) -> None:
    window = studio.open()
    panel = select_layer(window, PERSON)
    emitted: list[EffectSettings] = []
    panel.changed.connect(emitted.append)

    # Turning beautify on starts from the natural look merchants expect.
    panel.beautify_box.setChecked(True)
    assert [panel.levels[k].slider.value() for k in ("smooth", "whiten", "slim", "eyes")] == [
        NATURAL.smooth,
        NATURAL.whiten,
        NATURAL.slim,
        NATURAL.eyes,
    ]
    assert saved_effects(window)["beautify"] == NATURAL.__dict__
    assert live_settings(window).beautify == NATURAL
    assert panel.current_preset == "natural"

    # A drag: many value changes, one reconfiguration once it pauses.
    emitted.clear()
    slider = panel.smooth_slider
    slider.setFocus()
    for _ in range(5):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # +10 each, as a user would
    panel.whiten_slider.setValue(42)
    assert panel.levels["smooth"].value.text() == str(NATURAL.smooth + 50)
    assert saved_effects(window)["beautify"]["smooth"] == NATURAL.smooth  # not yet
    qtbot.waitUntil(lambda: len(emitted) == 1, timeout=2000)
    qtbot.wait(100)
    assert len(emitted) == 1, "a drag is applied once, when it pauses"
    want = {"smooth": NATURAL.smooth + 50, "whiten": 42, "slim": NATURAL.slim, "eyes": NATURAL.eyes}
    assert saved_effects(window)["beautify"] == want
    assert live_settings(window).beautify.__dict__ == want
    assert panel.current_preset == ""  # "Custom"

    # Saved once it settles (debounced), and the engine keeps running the same effects object.
    qtbot.waitUntil(
        lambda: (
            studio.profile_path.exists()
            and load_profile(studio.profile_path)
            .scenes[0]
            .layers[layer_index(window)]
            .effects.get("beautify")
            == want
        ),
        timeout=3000,
    )
    effects = live_source(window).effects
    panel.eyes_slider.setValue(60)
    qtbot.waitUntil(lambda: live_settings(window).beautify.eyes == 60, timeout=2000)
    assert live_source(window).effects is effects, "a slider never rebuilds the effects"

    # Beautify off keeps the sliders where they were (greyed) and stops the effect.
    panel.beautify_box.setChecked(False)
    assert not panel.smooth_slider.isEnabled() and panel.smooth_slider.value() == want["smooth"]
    assert saved_effects(window) == {}
    assert not live_source(window).effects.active
    panel.beautify_box.setChecked(True)
    assert saved_effects(window)["beautify"]["smooth"] == want["smooth"]

    # Dragging while beautify and blur run: the window stays responsive, the preview goes on.
    set_mode(panel, "blur")
    qtbot.waitUntil(lambda: provider_shown(window) == "cpu", timeout=10000)
    qtbot.wait(200)
    start_probe(window)
    seq = window.session.engine.preview_seq
    for value in range(0, 100, 3):
        panel.smooth_slider.setValue(value)
        qtbot.wait(15)
    qtbot.wait(200)
    assert window.probe.worst_ms < WORST_LATENESS_MS, window.probe.worst_ms
    assert window.session.engine.preview_seq - seq >= 15
    assert live_settings(window).beautify.smooth == 99


# --- 3. the background blur changes the picture; provider and cost are shown -----------------
def test_background_blur_changes_the_preview_and_the_provider_is_shown(
    studio: Studio, qtbot: QtBot
) -> None:
    window = studio.open()
    panel = select_layer(window, PERSON)
    assert [panel.mode_combo.itemData(i) for i in range(panel.mode_combo.count())] == [
        "off",
        "blur",
        "replace",
        "remove",
    ]
    assert [panel.mode_combo.itemText(i) for i in range(4)] == ["Off", "Blur", "Replace", "Remove"]
    assert not panel.strength_slider.isEnabled()
    before = person_region(window)

    set_mode(panel, "blur")
    assert panel.strength_slider.isEnabled() and not panel.choose_image_button.isEnabled()
    assert saved_effects(window)["background"]["mode"] == "blur"
    qtbot.waitUntil(lambda: provider_shown(window) == "cpu", timeout=10000)
    frames: list[np.ndarray] = []

    def blurred() -> bool:
        frames.append(person_region(window))
        return np.abs(frames[-1] - before).mean() > 3.0

    qtbot.waitUntil(blurred, timeout=10000)
    # The person stays sharp, the background behind is blurred: the top-left corner (the flag)
    # changes far more than the face.
    after = frames[-1]
    h, w = after.shape[:2]
    corner = np.abs(after[: h // 4, : w // 6] - before[: h // 4, : w // 6]).mean()
    face = np.abs(
        after[h // 8 : h // 3, w * 2 // 5 : w * 3 // 5]
        - before[h // 8 : h // 3, w * 2 // 5 : w * 3 // 5]
    ).mean()
    assert corner > 3 * face, (corner, face)

    # The read-out, once a second: the provider really used and the cost per frame.
    qtbot.waitUntil(lambda: "CPU" in panel.status_label.text(), timeout=3000)
    text = panel.status_label.text()
    assert text.startswith("Running on CPU · ") and "ms per frame (model " in text, text
    assert [panel.provider_combo.itemText(i) for i in range(panel.provider_combo.count())][:1] == [
        "Auto"
    ]
    assert panel.provider_combo.findData("cpu") >= 0
    panel.provider_combo.setCurrentIndex(panel.provider_combo.findData("cpu"))
    assert saved_effects(window)["provider"] == "cpu"
    qtbot.waitUntil(lambda: provider_shown(window) == "cpu", timeout=10000)

    # Stronger blur: the slider reaches the running effect.
    panel.strength_slider.setValue(100)
    qtbot.waitUntil(lambda: live_settings(window).background.strength == 100, timeout=2000)
    assert not panel.problems_label.isVisible()
    assert not any(k.startswith("effects") for k in window.banner.messages)


# --- 4. before / after --------------------------------------------------------------------------
def test_before_after_split_view(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = select_layer(window, PERSON)
    set_mode(panel, "blur")
    qtbot.waitUntil(lambda: provider_shown(window) == "cpu", timeout=10000)
    view = panel.split_view
    assert not view.isVisible()
    panel.split_button.click()
    assert view.isVisible() and panel.split_on
    qtbot.waitUntil(
        lambda: view._before is not None and view._after is not view._before, timeout=5000
    )

    def halves() -> tuple[float, float]:
        """How far what is drawn differs from the original picture, left and right of the
        divider (below the Before/After labels, away from the divider's knob)."""
        shot = image_array(view.grab().toImage())
        before = image_array(view._before).astype(np.int16)
        bh, bw = before.shape[:2]
        r = view.picture_rect()
        ratio = shot.shape[1] / view.width()
        top, left = round(r.top() * ratio), round(r.left() * ratio)
        drawn = shot[top : top + bh, left : left + bw].astype(np.int16)
        d = np.abs(drawn - before).mean(axis=2)[bh // 5 :]
        cut = round(bw * view.divider)
        return float(d[:, 4 : cut - 10].mean()), float(d[:, cut + 10 : -4].mean())

    # Left of the divider the original is drawn as it is; right of it, the blurred one.
    seen: list[tuple[float, float]] = []
    qtbot.waitUntil(lambda: seen.append(halves()) or seen[-1][1] > 2.0, timeout=5000)
    left, right = seen[-1]
    assert left < 1.0 < right, (left, right)

    # The divider follows the mouse.
    r = view.picture_rect()
    qtbot.mousePress(
        view, Qt.MouseButton.LeftButton, pos=QPoint(r.left() + r.width() // 4, r.center().y())
    )
    qtbot.mouseRelease(
        view, Qt.MouseButton.LeftButton, pos=QPoint(r.left() + r.width() // 4, r.center().y())
    )
    assert view.divider == pytest.approx(0.25, abs=0.02)

    panel.split_button.click()
    assert not view.isVisible() and view._before is None


# --- 5. presets ---------------------------------------------------------------------------------
def test_presets_save_recall_delete_and_persist(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    panel = select_layer(window, PERSON)
    combo = panel.preset_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names == ["", "natural", "soft", "glam", "off"]
    assert [combo.itemText(i) for i in range(5)] == [
        "Custom",
        "Natural",
        "Soft",
        "Glam",
        "No beautify",
    ]
    assert not panel.delete_preset_button.isEnabled()  # built-ins cannot be deleted

    panel.select_preset("soft")
    assert live_settings(window).beautify == BEAUTIFY_PRESETS["soft"]
    assert saved_effects(window)["beautify"] == BEAUTIFY_PRESETS["soft"].__dict__
    assert panel.beautify_box.isChecked() and panel.smooth_slider.value() == 60
    set_mode(panel, "blur")
    panel.strength_slider.setValue(25)
    qtbot.waitUntil(lambda: saved_effects(window)["background"]["strength"] == 25, timeout=2000)

    # Save as… "Evening look".
    dialogs = answer_dialogs(window, lambda d: (d.setTextValue("Evening look"), True)[1])
    panel.save_preset_button.click()
    assert isinstance(dialogs[0], QInputDialog)
    assert dialogs[0].windowTitle() == "Save the effects as a preset"
    stored = load_profile(studio.profile_path).effect_presets  # saved at once
    assert stored["Evening look"]["background"]["strength"] == 25
    assert stored["Evening look"]["beautify"] == BEAUTIFY_PRESETS["soft"].__dict__
    assert panel.current_preset == "Evening look" and panel.delete_preset_button.isEnabled()

    # Elsewhere, then recalled.
    panel.select_preset("natural")
    set_mode(panel, "off")
    assert live_settings(window).beautify == NATURAL and not live_settings(window).background.on
    panel.select_preset("Evening look")
    assert panel.mode_combo.currentData() == "blur" and panel.strength_slider.value() == 25
    assert live_settings(window).background.strength == 25
    assert live_settings(window).beautify == BEAUTIFY_PRESETS["soft"]

    # A built-in name is refused; the same name again asks before replacing.
    answer_dialogs(window, lambda d: (d.setTextValue("Natural"), True)[1])
    panel.save_preset_button.click()
    assert "built-in preset" in " ".join(t for _s, t in window.banner.messages.values())
    questions: list[str] = []
    window.ask = lambda title, text: questions.append(text) or True
    panel.eyes_slider.setValue(70)
    panel.flush()
    answer_dialogs(window, lambda d: (d.setTextValue("Evening look"), True)[1])
    panel.save_preset_button.click()
    assert questions == ["A preset named “Evening look” exists already. Replace it?"]
    assert (
        load_profile(studio.profile_path).effect_presets["Evening look"]["beautify"]["eyes"] == 70
    )

    # A new window on the saved profile offers it.
    window.ask = lambda _t, _x: True
    studio.close_all()
    again = studio.open(load_profile(studio.profile_path), with_layers=False)
    panel = select_layer(again, PERSON)
    assert panel.preset_combo.findData("Evening look") >= 0
    assert panel.current_preset == "Evening look"  # the layer kept those effects

    # Delete (asked first).
    questions.clear()
    again.ask = lambda title, text: questions.append(text) or True
    panel.select_preset("Evening look")
    panel.delete_preset_button.click()
    assert questions == ["Delete the preset “Evening look”?"]
    assert panel.preset_combo.findData("Evening look") < 0
    assert "Evening look" not in load_profile(studio.profile_path).effect_presets
    assert panel.current_preset == ""  # the layer keeps its look, now "Custom"


# --- 6. the replacement background, through the file dialog -------------------------------------
def test_replace_background_through_the_file_dialog(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    backdrop = tmp_path / "shop.png"
    cv2.imwrite(str(backdrop), np.full((300, 300, 3), (40, 160, 40), np.uint8))
    window = studio.open()
    panel = select_layer(window, PERSON)

    # Cancelled: nothing to put behind the person, the mode stays.
    dialogs = answer_dialogs(window, lambda d: False)
    set_mode(panel, "replace")
    assert isinstance(dialogs[0], QFileDialog)
    assert panel.mode_combo.currentData() == "off" and saved_effects(window) == {}

    def choose(path: Path) -> Callable[[QDialog], bool]:
        def fill(dialog: QDialog) -> bool:
            assert isinstance(dialog, QFileDialog)
            dialog.selectFile(str(path))
            return True

        return fill

    answer_dialogs(window, choose(backdrop))
    set_mode(panel, "replace")
    assert panel.mode_combo.currentData() == "replace"
    assert panel.image_name.text() == "shop.png" and panel.choose_image_button.isEnabled()
    assert saved_effects(window)["background"] == {
        "mode": "replace",
        "strength": 60,
        "image": str(backdrop),
    }
    qtbot.waitUntil(lambda: provider_shown(window) == "cpu", timeout=10000)
    # Green shows through where the flag was.
    qtbot.waitUntil(
        lambda: (
            person_region(window)[5:60, 5:40, 1].mean() > 140
            and person_region(window)[5:60, 5:40, 2].mean() < 90
        ),
        timeout=10000,
    )

    # A file that is no picture: told in words, the layer goes on.
    junk = tmp_path / "broken.png"
    junk.write_bytes(b"not a picture at all")
    answer_dialogs(window, choose(junk))
    panel.choose_image_button.click()
    expected = "The background picture cannot be used"
    qtbot.waitUntil(lambda: expected in panel.problems_label.text(), timeout=3000)
    assert "broken.png" in panel.problems_label.text()
    assert panel.problems_label.isVisible()
    assert any(expected in t for _s, t in window.banner.messages.values())
    seq = window.session.engine.preview_seq
    qtbot.waitUntil(lambda: window.session.engine.preview_seq > seq + 5, timeout=3000)


# --- 7. a broken model: told in words, the preview goes on --------------------------------------
def test_a_broken_model_is_told_and_the_preview_goes_on(
    studio: Studio, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "models"
    shutil.copytree(MODELS, folder)
    damaged = folder / "selfie_segmentation.onnx"
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 64] = bytes(64)  # same size, other bytes
    damaged.write_bytes(bytes(raw))
    (folder / "face_landmark.onnx").unlink()
    monkeypatch.setattr(models, "models_dirs", lambda: [folder])
    assert models.models_dir() == folder

    window = studio.open()
    panel = select_layer(window, PERSON)
    set_mode(panel, "blur")
    damaged_text = (
        "The model selfie_segmentation.onnx is damaged; the effect is off — "
        "reinstall Shopcast Studio."
    )
    qtbot.waitUntil(lambda: damaged_text in panel.problems_label.text(), timeout=5000)
    assert panel.problems_label.isVisible()
    qtbot.waitUntil(
        lambda: any(damaged_text in t for _s, t in window.banner.messages.values()), timeout=3000
    )
    assert window.banner.messages[f"effects:{PERSON}"][1].startswith(f"Effects of “{PERSON}”: ")

    panel.beautify_box.setChecked(True)
    missing_text = (
        "The model face_landmark.onnx is missing; the effect is off — reinstall Shopcast Studio."
    )
    qtbot.waitUntil(lambda: missing_text in panel.problems_label.text(), timeout=5000)
    assert "Traceback" not in panel.problems_label.text()

    # The preview goes on, with the picture as it is.
    seq = window.session.engine.preview_seq
    qtbot.waitUntil(lambda: window.session.engine.preview_seq > seq + 10, timeout=3000)
    source = live_source(window)
    frame = source.latest_video()
    assert frame is source.original  # nothing applied: the source's own frame

    # Effects off: the problem goes away.
    panel.beautify_box.setChecked(False)
    set_mode(panel, "off")
    qtbot.waitUntil(lambda: not panel.problems_label.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: f"effects:{PERSON}" not in window.banner.messages, timeout=3000)


def test_a_provider_this_computer_lacks_is_told(studio: Studio, qtbot: QtBot) -> None:
    if "cuda" in available_providers():
        pytest.skip("CUDA is available here")
    profile = studio.profile()
    session = StudioSession(profile)
    session.add_layer(f"image:{studio.astronaut}", name=PERSON)
    session.set_layer_effects(0, EffectSettings(beautify=NATURAL, provider="cuda"))
    window = studio.open(profile, with_layers=False)
    panel = select_layer(window, PERSON)
    assert panel.provider_combo.currentText() == "CUDA (not available)"
    expected = "CUDA is not available on this computer, so the effects are off."
    qtbot.waitUntil(lambda: expected in panel.problems_label.text(), timeout=5000)
    seq = window.session.engine.preview_seq
    qtbot.waitUntil(lambda: window.session.engine.preview_seq > seq + 5, timeout=3000)
    panel.provider_combo.setCurrentIndex(panel.provider_combo.findData("auto"))
    qtbot.waitUntil(lambda: provider_shown(window) is not None, timeout=10000)
    qtbot.waitUntil(lambda: not panel.problems_label.isVisible(), timeout=3000)


# --- 8. Chinese ---------------------------------------------------------------------------------
def test_the_panel_in_chinese(studio: Studio, qtbot: QtBot, qapp: QApplication) -> None:
    studio.translations.apply(qapp, "zh_CN")
    window = studio.open(studio.profile("zh_CN"))
    panel = window.effects_panel
    assert window.effects_dock.windowTitle() == "美颜特效"
    assert panel.hint.text() == "在“来源”列表中选择一个来源，为它加上特效。"
    panel = select_layer(window, PERSON)
    assert panel.beautify_box.title() == "美颜"
    assert [panel.levels[k].label.text() for k in ("smooth", "whiten", "slim", "eyes")] == [
        "磨皮",
        "美白",
        "瘦脸",
        "大眼",
    ]
    assert panel.background_box.title() == "背景"
    assert [panel.mode_combo.itemText(i) for i in range(4)] == ["关闭", "虚化", "替换", "抠除"]
    assert [panel.preset_combo.itemText(i) for i in range(5)] == [
        "自定义",
        "自然",
        "柔和",
        "精致",
        "不美颜",
    ]
    assert panel.provider_combo.itemText(0) == "自动"
    assert panel.split_button.text() == "美颜前后对比"
    assert panel.status_label.text() == "此来源的特效已关闭。"

    panel.beautify_box.setChecked(True)
    set_mode(panel, "blur")
    panel.split_button.click()
    qtbot.waitUntil(lambda: "CPU" in panel.status_label.text(), timeout=10000)
    assert panel.status_label.text().startswith("运行于 CPU · 每帧 "), panel.status_label.text()
    qtbot.wait(300)  # a few frames into the before/after view
    window.grab().save(str(studio.tmp_path / "effects_panel_zh_CN.png"))

    # Back to English on the fly.
    window.set_language("en")
    qtbot.waitUntil(lambda: panel.beautify_box.title() == "Beautify", timeout=2000)
    assert panel.levels["smooth"].label.text() == "Smoothing"
    assert panel.mode_combo.currentData() == "blur" and panel.mode_combo.currentText() == "Blur"
    assert window.effects_dock.windowTitle() == "Effects"
