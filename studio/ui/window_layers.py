"""The main window's layers (sources) of the current scene: the sources panel's and the
preview's requests (add, edit, remove, reorder, show, lock, rename, move and resize) carried out
through the session, and the sources list and preview boxes that show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from studio.capture.registry import (
    SOURCE_CHOICES,
    choice_for,
    spec_and_options,
    split_spec,
    values_for,
)
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.session import StudioError
from studio.ui import messages
from studio.ui.add_source_dialog import AddSourceDialog
from studio.ui.preview import LayerBox
from studio.ui.properties_dialog import PropertiesDialog

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

# How a layer's picture fills its box; marked so the properties dialog shows them translated.
FIT_CHOICES = (
    QT_TRANSLATE_NOOP("SourceSettings", "crop"),
    QT_TRANSLATE_NOOP("SourceSettings", "letterbox"),
    QT_TRANSLATE_NOOP("SourceSettings", "stretch"),
)

# Settings every layer has, whatever its source (shown under the source's own settings).
LAYER_SETTINGS = (
    Setting(
        "fit",
        QT_TRANSLATE_NOOP("SourceSettings", "Fit"),
        "choice",
        "crop",
        choices=FIT_CHOICES,
    ),
    Setting("opacity", QT_TRANSLATE_NOOP("SourceSettings", "Opacity (%)"), "int", 100, 0, 100),
)


def choice_label(label: str) -> str:
    """A source choice's label in the window's language."""
    return QCoreApplication.translate("SourceSettings", label)


class LayerControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.layers = window.session.layer_editor

    def refresh(self) -> None:
        """The sources list and the preview's boxes from the current scene."""
        window = self.window
        layers = self.session.layers
        broken = {p.name for p in self.session.problems}
        window.layers_panel.set_layers(layers, broken)
        boxes = []
        for layer in layers:
            w, h = self.layers.size(layer)
            # A sound-only source (a microphone) has nothing to grab in the preview.
            shown = layer.visible and split_spec(layer.source)[0] != "mic"
            boxes.append(LayerBox(layer.name, layer.x, layer.y, w, h, shown, layer.locked))
        canvas = self.session.profile.canvas
        window.preview.set_canvas_size(canvas.width, canvas.height)
        window.preview.set_layers(boxes)
        window.effects_control.sync_panel()

    def select_top(self) -> None:
        """The top layer (one just added) selected in the list and the preview."""
        top = len(self.session.layers) - 1
        self.window.layers_panel.select(top)
        self.window.preview.select(top)

    def added_elsewhere(self) -> None:
        """A panel (products, comments) added a layer: shown, selected, saved."""
        self.window.scene_control.shown()
        self.select_top()
        self.window.save_soon()

    def add_source(self, choice_id: str) -> None:
        window = self.window
        choice = next((c for c in SOURCE_CHOICES if c.id == choice_id), None)
        if choice is None:
            return

        def add(values: dict[str, Any]) -> str | None:
            """The layer added (None), or why not: on the banner, and in the dialog, which
            stays open with what was typed."""
            spec, options = spec_and_options(choice, values)
            try:
                self.layers.add(spec, options, name=choice_label(choice.label))
            except StudioError as exc:
                window._error(exc, "add_source")
                return messages.studio_error(exc)
            window.banner.clear_message("add_source")
            return None

        if choice.settings:
            title = QCoreApplication.translate("MainWindow", "Add: %1").replace(
                "%1", choice_label(choice.label)
            )
            dialog = AddSourceDialog(title, choice.settings, choice.defaults(), add, window)
            if window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                window.banner.clear_message("add_source")  # a try given up: no longer current
                return
        elif add(choice.defaults()) is not None:
            return
        window._show_problems(self.session.problems)
        self.refresh()
        window.mixer_control.refresh()
        self.select_top()
        window.save_soon()

    def edit(self, index: int) -> None:
        window = self.window
        layer = self.session.layers[index]
        choice = choice_for(layer.source)
        settings = (choice.settings if choice else ()) + LAYER_SETTINGS
        values = values_for(choice, layer.source, layer.options) if choice else {}
        values.update(fit=layer.fit, opacity=round(layer.opacity * 100))
        dialog = PropertiesDialog(
            QCoreApplication.translate("MainWindow", "Properties: %1").replace("%1", layer.name),
            settings,
            values,
            window,
        )
        if window.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        edited = dialog.values()
        self.layers.set_fit(index, edited.pop("fit"))
        self.layers.set_opacity(index, edited.pop("opacity") / 100)
        if choice is not None:
            spec, options = spec_and_options(choice, edited)
            broken = layer.name in {p.name for p in self.session.problems}
            # A broken layer is tried again even unchanged: its file may be back now.
            if broken or (spec, options) != (layer.source, layer.options):
                window._show_problems(self.layers.set_source(index, spec, options))
        self.refresh()
        window.mixer_control.refresh()
        window.save_soon()

    def remove(self, index: int) -> None:
        try:
            self.layers.remove(index)
        except StudioError as exc:
            self.window._error(exc)
            return
        self.window.scene_control.shown()
        self.window.save_soon()

    def move(self, index: int, to: int) -> None:
        self.layers.move(index, to)
        self.refresh()
        self.window.layers_panel.select(to)
        self.window.preview.select(to)
        self.window.save_soon()

    def set_visible(self, index: int, visible: bool) -> None:
        if self.session.layers[index].visible != visible:
            self.layers.set_visible(index, visible)
            self.refresh()
            self.window.save_soon()

    def set_locked(self, index: int, locked: bool) -> None:
        self.layers.set_locked(index, locked)
        self.refresh()
        self.window.save_soon()

    def rename(self, index: int, name: str) -> None:
        if self.session.layers[index].name == name:
            return
        try:
            self.layers.rename(index, name)
        except StudioError as exc:
            self.refresh()  # the list shows the name kept
            self.window._error(exc)
            return
        self.refresh()
        self.window.save_soon()

    def geometry_changed(self, index: int, x: int, y: int, w: int, h: int) -> None:
        self.layers.set_geometry(index, x, y, w, h)
