"""The main window's effects panel for the selected layer: it follows the selection, its
changes and presets go through the session, the file dialog for a new background, the effects'
status and the before/after split view."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from studio.capture.registry import split_spec
from studio.engine import EngineStats
from studio.session import StudioError
from studio.ui import messages
from studio.vision.effects import EffectsStatus
from studio.vision.settings import BEAUTIFY_PRESETS, EffectSettings

if TYPE_CHECKING:
    from studio.ui.effects_panel import EffectsPanel
    from studio.ui.main_window import MainWindow

# Files that can replace the background: pictures, and videos played in a loop.
BACKDROP_PATTERNS = "*.png *.jpg *.jpeg *.webp *.bmp *.mp4 *.mov *.mkv *.webm *.avi *.flv"  # notr
# Sources with a picture of a person to beautify or cut out: a camera, a video, a picture. Text,
# sound, product cards, lower thirds, comment bubbles and test patterns have none.
EFFECTS_KINDS = ("camera", "file", "image")


def effect_problems(status: EffectsStatus | None) -> list[str]:
    """What the effects' status says is wrong, in the window's language (each once)."""
    if status is None:
        return []
    texts = [messages.effect_problem(error) for error in status.problems]
    if status.notice:
        texts.append(messages.effect_notice())
    return list(dict.fromkeys(texts))


class EffectsControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.target: tuple[str, str] | None = None  # scene, layer the panel edits
        self.split_frames: tuple[object, object] | None = None  # what the split view shows

    @property
    def panel(self) -> EffectsPanel:
        return self.window.effects_panel

    def split_toggled(self, _on: bool) -> None:
        self.split_frames = None

    def _index(self) -> int | None:
        """Where the layer the effects panel edits is now (the panel follows it by name)."""
        if self.target is None or self.target[0] != self.session.profile.current_scene:
            return None
        for index, layer in enumerate(self.session.layers):
            if layer.name == self.target[1]:
                return index
        return None

    def sync_panel(self) -> None:
        """Point the effects panel at the selected layer (after a selection or a change of the
        layers); a layer already shown keeps its widgets, which may be newer than the profile."""
        panel = self.panel
        index = self.window.preview.selected
        layers = self.session.layers
        layer = layers[index] if 0 <= index < len(layers) else None
        scene = self.session.profile.current_scene
        target = (scene, layer.name) if layer is not None else None
        if layer is not None and split_spec(layer.source)[0] not in EFFECTS_KINDS:
            target = None
        if target is not None and target == self.target:
            return
        panel.flush()  # a slider move still waiting belongs to the layer shown until now
        self.target = target
        self.split_frames = None
        if layer is None:
            panel.set_layer(None)
        elif target is None:
            panel.set_layer(layer.name, None, "no_video")
        else:
            panel.set_layer(layer.name, self.session.effects.of(index))
            self.show_status(self.session.stats())

    def refresh_presets(self) -> None:
        self.panel.set_presets(self.session.effects.presets)

    def changed(self, settings: EffectSettings) -> None:
        window = self.window
        index = self._index()
        if index is None:
            return
        mixer = self.session.audio.running
        try:
            problems = self.session.effects.set(index, settings)
        except StudioError as exc:
            window._error(exc, "effect_settings")
            return
        window.banner.clear_message("effect_settings")
        if mixer is not None and self.session.audio.running is not mixer:
            window.mixer_control.refresh()  # the engine re-made its layers: the strips follow
        window._show_problems(problems)
        self.split_frames = None
        window.save_soon()

    def preset_chosen(self, name: str) -> None:
        if self._index() is None:
            return
        try:
            settings = self.session.effects.preset_effects(name, self.panel.settings())
        except StudioError as exc:
            self.window._error(exc, "effect_settings")
            return
        self.panel.set_settings(settings)
        self.changed(settings)

    def save_preset(self) -> None:
        """Ask for a name and keep the panel's settings as the merchant's own preset."""
        window, panel, effects = self.window, self.panel, self.session.effects
        dialog = QInputDialog(window)
        dialog.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Save the effects as a preset")
        )
        dialog.setLabelText(QCoreApplication.translate("MainWindow", "Name of the preset:"))
        dialog.setTextValue(
            panel.current_preset
            if panel.current_preset in self.session.profile.effect_presets
            else ""
        )
        if window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        name = " ".join(dialog.textValue().split())
        builtin_labels = {panel.preset_label_text(key).casefold() for key in BEAUTIFY_PRESETS}
        if name.casefold() in builtin_labels:
            window._error(StudioError("preset_builtin", "built-in", name=name), "effect_settings")
            return
        settings = panel.settings()
        try:
            effects.save_preset(name, settings)
        except StudioError as exc:
            if exc.code != "preset_exists":
                window._error(exc, "effect_settings")
                return
            if not window.ask(
                QCoreApplication.translate("MainWindow", "Replace preset"),
                QCoreApplication.translate(
                    "MainWindow", "A preset named “%1” exists already. Replace it?"
                ).replace("%1", name),
            ):
                return
            effects.save_preset(name, settings, replace=True)
        window.banner.clear_message("effect_settings")
        self.refresh_presets()
        window.save()

    def delete_preset(self, name: str) -> None:
        window = self.window
        if not window.ask(
            QCoreApplication.translate("MainWindow", "Delete preset"),
            QCoreApplication.translate("MainWindow", "Delete the preset “%1”?").replace("%1", name),
        ):
            return
        try:
            self.session.effects.delete_preset(name)
        except StudioError as exc:
            window._error(exc, "effect_settings")
            return
        self.refresh_presets()
        window.save()

    def choose_background_image(self) -> None:
        """The picture or video that replaces the background (a file dialog, through
        exec_dialog so tests can answer it)."""
        current = self.panel.image
        dialog = QFileDialog(
            self.window,
            QCoreApplication.translate("MainWindow", "Choose a background picture or video"),
            str(Path(current).parent) if current else "",
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                QCoreApplication.translate("MainWindow", "Pictures and videos (%1)").replace(
                    "%1", BACKDROP_PATTERNS
                ),
                QCoreApplication.translate("MainWindow", "All files (*)"),
            ]
        )
        if self.window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        files = dialog.selectedFiles()
        if files:
            self.panel.set_image(files[0])

    def show_status(self, stats: EngineStats | None) -> None:
        """The selected layer's effects as running: provider, problems."""
        panel = self.panel
        if panel.layer is None:
            return
        status = stats.effects.get(panel.layer) if stats is not None else None
        panel.show_status(status, effect_problems(status))

    def refresh_split(self) -> None:
        """The before/after view: the selected layer's source before and after its effects."""
        name = self.panel.layer
        before, after = self.session.effects.split_frames(name) if name else (None, None)
        frames = (before, after)
        last = self.split_frames
        if last is not None and last[0] is before and last[1] is after:
            return
        shown = self.panel.show_split(
            before.image if before is not None else None,
            after.image if after is not None else None,
            time.monotonic(),
        )
        if shown:
            self.split_frames = frames
