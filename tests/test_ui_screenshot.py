"""The window rendered for real: not blank, and its Chinese labels drawn with a CJK font (no
missing-glyph boxes). The PNGs are kept in the test's folder for a person to look at."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.demo import first_run_profile
from studio.session import StudioSession
from studio.ui.i18n import Translations
from studio.ui.main_window import MainWindow

TOFU = "\U000f0000"  # a private-use code point no font here draws: the missing-glyph box


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _glyph(font: QFont, ch: str) -> np.ndarray:
    metrics = QFontMetrics(font)
    size = max(8, metrics.height())
    image = QImage(size * 2, size, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QPoint(0, metrics.ascent()), ch)
    painter.end()
    bits = image.constBits()
    return np.frombuffer(bits, np.uint8).reshape(size, image.bytesPerLine())[:, : size * 2].copy()


@pytest.fixture
def chinese_window(
    studio: WindowHarness,
    dark: QApplication,
    translations: Translations,
    qtbot: QtBot,
    tmp_path: Path,
) -> MainWindow:
    # The test pattern stands in for a camera (none here): the preview has a moving picture.
    profile = first_run_profile(True, camera="synthetic")
    profile.canvas.width, profile.canvas.height = 360, 640
    profile.ui.language = "zh_CN"
    profile.recording.folder = str(tmp_path / "rec")
    translations.apply(dark, "zh_CN")
    window = studio.show(StudioSession(profile, studio.profile_path))
    deadline = time.monotonic() + 5
    while window.session.engine.preview_seq < 5 and time.monotonic() < deadline:
        qtbot.wait(50)
    qtbot.wait(200)
    return window


def test_window_renders_and_is_not_blank(chinese_window, tmp_path: Path):
    shot = chinese_window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    shot.save(str(tmp_path / "window-zh.png"))
    if os.environ.get("STUDIO_SCREENSHOTS"):  # a copy to look at: STUDIO_SCREENSHOTS=/some/dir
        shot.save(str(Path(os.environ["STUDIO_SCREENSHOTS"]) / "window-zh.png"))
    h, w = shot.height(), shot.width()
    pixels = np.frombuffer(shot.constBits(), np.uint8).reshape(h, shot.bytesPerLine())
    pixels = pixels[:, : w * 3].reshape(h, w, 3)
    assert pixels.std() > 20, "the window is a flat colour"
    colours = np.unique(pixels[::4, ::4].reshape(-1, 3), axis=0)
    assert len(colours) > 200, "too few colours for a preview with a test pattern"
    # The preview area shows the canvas (the test pattern's colour bars), not black.
    preview = chinese_window.preview
    rect = preview.canvas_rect()
    top_left = preview.mapTo(chinese_window, rect.topLeft())
    inside = pixels[
        top_left.y() + 10 : top_left.y() + rect.height() - 10,
        top_left.x() + 10 : top_left.x() + rect.width() - 10,
    ]
    assert inside.mean() > 30 and inside.std() > 30


def test_chinese_labels_use_a_real_cjk_font(chinese_window):
    texts: list[tuple[QWidget, str]] = []
    for widget in chinese_window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisible():
            text = widget.text()
            if _has_cjk(text):
                texts.append((widget, text))
    titles = [
        chinese_window.scenes_dock.windowTitle(),
        chinese_window.menuBar().actions()[0].text(),
    ]
    assert any(_has_cjk(t) for t in titles), "the docks and menus are translated"
    assert len(texts) >= 4, f"expected Chinese labels, found {[t for _, t in texts]}"
    checked = set()
    for widget, text in texts:
        font = widget.font()
        raw = QRawFont.fromFont(font)
        tofu = _glyph(font, TOFU)
        for ch in {c for c in text if _has_cjk(c)}:
            if (font.family(), ch) in checked:
                continue
            checked.add((font.family(), ch))
            assert raw.supportsCharacter(ch) or QFontMetrics(font).inFontUcs4(ord(ch)), (
                f"{ch!r} in {text!r}: font {font.family()} has no glyph"
            )
            glyph = _glyph(font, ch)
            assert glyph.sum() > 0, f"{ch!r} draws nothing"
            assert not np.array_equal(glyph, tofu), f"{ch!r} is drawn as a missing-glyph box"
    assert checked


def test_status_bar_and_controls_are_chinese(chinese_window):
    button = chinese_window.outputs.stream_button
    assert _has_cjk(button.text()), button.text()
    assert _has_cjk(chinese_window.status.live.text()), chinese_window.status.live.text()
    assert chinese_window.windowTitle() == "Shopcast Studio"
    assert chinese_window.outputs.stream_button.isVisible()
    assert chinese_window.preview.isVisible()
    assert Qt.WindowState.WindowMinimized not in chinese_window.windowState()
