"""The main window's scenes: the scenes panel's requests (switch, add, copy, rename, delete,
reorder) carried out through the session, and the panels that follow a scene change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from studio.engine import SourceProblem
from studio.session import StudioError
from studio.ui.hotkeys import key_for, scene_action

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class SceneControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.scenes = window.session.scene_editor

    def refresh(self) -> None:
        """The scenes panel: the scenes, the current one, their keys."""
        names = [s.name for s in self.session.scenes]
        overrides = self.session.profile.ui.hotkeys
        keys = {n: key_for(scene_action(n), overrides, names) for n in names}
        self.window.scenes_panel.set_scenes(names, self.session.profile.current_scene, keys)

    def switch(self, name: str) -> None:
        if name == self.session.profile.current_scene:
            return
        try:
            problems = self.scenes.switch(name)
        except StudioError as exc:
            self.window._error(exc)
            return
        self.refresh()
        self.shown(problems)
        self.window.save_soon()

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) scene, round the list."""
        names = [s.name for s in self.session.scenes]
        index = names.index(self.session.profile.current_scene)
        self.switch(names[(index + step) % len(names)])

    def add(self) -> None:
        scene = self.scenes.add(QCoreApplication.translate("MainWindow", "Scene"))
        self.changed()
        self.switch(scene.name)

    def duplicate(self, name: str) -> None:
        try:
            scene = self.scenes.duplicate(name)
        except StudioError as exc:
            self.window._error(exc)
            return
        self.changed()
        self.switch(scene.name)

    def rename(self, old: str, new: str) -> None:
        try:
            self.scenes.rename(old, new)
        except StudioError as exc:
            self.refresh()  # the list shows the name kept
            self.window._error(exc)
            return
        self.changed()

    def delete(self, name: str) -> None:
        window = self.window
        if len(self.session.scenes) == 1:
            window._error(StudioError("last_scene", "the last scene cannot be deleted"))
            return
        if not window.ask(
            QCoreApplication.translate("MainWindow", "Delete scene"),
            QCoreApplication.translate(
                "MainWindow", "Delete the scene “%1” and its sources?"
            ).replace("%1", name),
        ):
            return
        try:
            self.scenes.delete(name)
        except StudioError as exc:
            window._error(exc)
            return
        self.shown()
        self.changed()

    def move(self, name: str, index: int) -> None:
        self.scenes.move(name, index)
        self.changed()

    def changed(self) -> None:
        """The list of scenes changed: their list, their hotkeys, the saved profile."""
        self.refresh()
        self.window.settings_control.apply_hotkeys()
        self.window.save_soon()

    def shown(self, problems: list[SourceProblem] | None = None) -> None:
        """The current scene's layers changed: the banner, the sources list, the mixer."""
        window = self.window
        window._show_problems(self.session.problems if problems is None else problems)
        window.layer_control.refresh()
        window.mixer_control.refresh()
