"""Chinese everywhere, help at hand (issue 17), on the real window: Qt's own dialogs speak the
studio's language (and English again after switching back); effects are offered only for a
camera, a video or a picture, and the before/after labels never cover each other; the add-picture
dialog keeps what was typed when the picture cannot be added; Help → Quick start shows one page,
in Chinese or English, naming the buttons the window really has."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from profiles import small_profile
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QRect
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QMenu
from pytestqt.qtbot import QtBot
from windows import WindowHarness

from studio.session import StudioSession
from studio.ui.add_source_dialog import AddSourceDialog
from studio.ui.effects_panel import BeforeAfterView
from studio.ui.main_window import MainWindow
from studio.ui.quick_start import QuickStartDialog


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "主播.png"
    frame = np.zeros((320, 180, 3), np.uint8)
    frame[:, :, 1] = 200
    assert cv2.imwrite(str(path), frame)
    return path


class Studio(WindowHarness):
    def open(self, picture: Path | None = None) -> MainWindow:
        session = StudioSession(small_profile(self.tmp_path), self.profile_path)
        if picture is not None:
            session.add_layer(f"image:{picture}", name="Host")
            session.add_layer("comment", {}, name="Comments")
            session.add_layer("text", {"text": "SALE"}, name="Title")
            session.add_layer("product", {"show": "card"}, name="Card")
        return self.show(session)


@pytest.fixture
def studio_harness() -> type[Studio]:
    return Studio


def _file_dialog_labels() -> list[str]:
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    try:
        return [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    finally:
        dialog.deleteLater()


# --- Qt's own dialogs ---------------------------------------------------------------------------
def test_qt_dialogs_follow_the_studios_language(studio: Studio, qtbot: QtBot) -> None:
    window = studio.open()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.products_dock.windowTitle() == "商品", timeout=2000)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert Path(folder, "qtbase_zh_CN.qm").is_file()
    labels = _file_dialog_labels()
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："], labels
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："

    window.set_language("en")
    qtbot.waitUntil(lambda: window.products_dock.windowTitle() == "Products", timeout=2000)
    assert _file_dialog_labels() == ["&Look in:", "File &name:", "Files of &type:"]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


# --- effects where they apply -------------------------------------------------------------------
def test_effects_are_offered_only_for_a_camera_a_video_or_a_picture(
    studio: Studio, qtbot: QtBot, picture: Path
) -> None:
    window = studio.open(picture)
    panel = window.effects_panel
    names = [layer.name for layer in window.session.layers]
    for name in ("Comments", "Title", "Card"):
        window.preview.select(names.index(name))
        window._sync_effects_panel()
        assert panel.layer is None and not panel.body.isEnabled(), name
        assert panel.hint.isVisibleTo(panel) and "camera, a video or an image" in panel.hint.text()
    window.preview.select(names.index("Host"))
    window._sync_effects_panel()
    assert panel.layer == "Host" and panel.body.isEnabled()


def test_before_and_after_labels_never_cover_each_other(qtbot: QtBot, qapp) -> None:
    view = BeforeAfterView()
    qtbot.addWidget(view)
    view.before_text, view.after_text = "美颜前对比原图", "美颜后效果"
    view.resize(276, 480)
    view.show()
    portrait = np.full((1280, 400, 3), 90, np.uint8)  # a narrow portrait picture
    view.set_images(portrait, portrait)
    before, after = view.label_boxes()
    picture = view.picture_rect()
    assert not before.intersects(after), (before, after)
    assert picture.contains(before) and picture.contains(after)
    # Wide enough: side by side along the top.
    view.resize(600, 300)
    view.set_images(np.full((300, 600, 3), 90, np.uint8), None)
    before, after = view.label_boxes()
    assert before.top() == after.top() and not before.intersects(after)
    # The pictures are drawn at the size of the picture's frame, also after a resize.
    view.resize(400, 300)
    qtbot.wait(10)
    r: QRect = view.picture_rect()
    image = view._before
    assert image is not None
    ratio = image.devicePixelRatio()
    assert (round(image.width() / ratio), round(image.height() / ratio)) == (r.width(), r.height())


# --- the add-picture dialog ---------------------------------------------------------------------
def test_the_add_picture_dialog_keeps_what_was_typed(
    studio: Studio, qtbot: QtBot, tmp_path: Path, picture: Path
) -> None:
    window = studio.open()
    before = len(window.session.layers)
    typed = str(tmp_path / "店铺" / "主图-最终版-2024.png")  # a long path, one folder wrong
    seen: list[tuple[str, str, bool]] = []

    def run(dialog: AddSourceDialog) -> int:
        field = dialog.editors["arg"].edit
        field.setText(typed)
        dialog.accept()  # OK: the picture is not there
        seen.append((field.text(), dialog.problem.text(), dialog.isVisible() or dialog.result()))
        assert dialog.result() != AddSourceDialog.DialogCode.Accepted
        assert field.text() == typed  # still there, to be corrected
        assert "is not there" in dialog.problem.text()
        field.setText(str(picture))  # corrected
        dialog.accept()
        return dialog.result()

    window.exec_dialog = run  # type: ignore[method-assign]
    window.add_source("image")
    assert seen and len(window.session.layers) == before + 1
    assert window.session.layers[-1].source == f"image:{picture}"
    assert "add_source" not in window.banner.messages  # the failed try is no longer reported


# --- the quick start ----------------------------------------------------------------------------
# The buttons the page names, as the window shows them ((context, English source)).
NAMED = [
    ("OutputsPanel", "Go live"),
    ("OutputsPanel", "Stop streaming"),
    ("OutputsPanel", "Settings…"),
    ("ProductsPanel", "Import…"),
    ("ProductsPanel", "Show on stream"),
    ("ShowSection", "Add to show"),
    ("ShowSection", "Next ▶"),
    ("ShowSection", "◀ Previous"),
    ("SaleSection", "Start"),
    ("SaleSection", "Sold 1"),
    ("SaleSection", "End"),
    ("SaleSection", "Duration"),
    ("SaleSection", "Quantity"),
    ("ChatPanel", "Pin"),
    ("ChatPanel", "Unpin"),
    ("ChatPanel", "Answer on screen"),
    ("ChatPanel", "Take answer off"),
    ("ChatPanel", "Questions"),
    ("ChatPanel", "Start a demo room"),
    ("ChatPanel", "Chat connections…"),
]


def _window_words(window: MainWindow) -> set[str]:
    words = {b.text() for b in window.findChildren(QAbstractButton)}
    words |= {label.text() for label in window.findChildren(QLabel)}
    words |= {a.text() for a in window.findChildren(QAction)}
    words |= {m.title() for m in window.findChildren(QMenu)}
    return {w for w in words if w}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_help_opens_a_one_page_quick_start(studio: Studio, qtbot: QtBot, lang: str) -> None:
    window = studio.open()
    window.set_language(lang)
    qtbot.wait(50)
    actions = [a for a in window.help_menu.actions() if a.text()]
    assert len(actions) >= 2 and actions[0] is window.quick_start_action
    window.quick_start_action.trigger()
    dialog = window.quick_start
    assert isinstance(dialog, QuickStartDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()  # the merchant follows it with the window usable
    text = dialog.browser.toPlainText()
    zh = lang == "zh_CN"
    assert dialog.lang == ("zh" if zh else "en")
    headings = (
        ["设置", "开播", "商品卡片", "限时秒杀", "评论", "下播和录像"]
        if zh
        else ["Set-up", "Going live", "product card", "Flash sale", "Comments", "recording"]
    )
    for heading in headings:
        assert heading in text, heading
    if zh:
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 500
    # Every button the page names is one the window has, by the name the window shows.
    words = _window_words(window)
    for context, source in NAMED:
        shown = QCoreApplication.translate(context, source)
        assert shown in text, (source, shown)
        if source not in ("Start a demo room", "Chat connections…", "Stop streaming"):
            assert shown in words, (source, shown)  # (those are in a menu, or shown when live)
    # Switching the language while it is open shows the other page.
    window.set_language("en" if zh else "zh_CN")
    qtbot.waitUntil(lambda: dialog.lang == ("en" if zh else "zh"), timeout=2000)
    other = dialog.browser.toPlainText()
    assert ("Quick start: your first show" if zh else "快速上手") in other
    assert dialog.windowTitle() == ("Quick start" if zh else "快速上手")
