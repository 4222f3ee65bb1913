"""The scenes of the profile: added, renamed (their hotkey follows), copied, deleted, ordered,
and switched to (the engine shows the new one from the next frame)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from studio.profile import SceneSettings
from studio.session_parts.errors import StudioError

if TYPE_CHECKING:
    from studio.engine import SourceProblem
    from studio.session import StudioSession


def unique_name(wanted: str, taken: set[str]) -> str:
    """'Scene' -> 'Scene 2' -> 'Scene 3' ... the first not taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


class SceneEditor:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    @property
    def _scenes(self) -> list[SceneSettings]:
        return self.session.profile.scenes

    @property
    def current(self) -> SceneSettings:
        return self.scene(self.session.profile.current_scene)

    def scene(self, name: str) -> SceneSettings:
        for scene in self._scenes:
            if scene.name == name:
                return scene
        raise StudioError("no_scene", f"there is no scene named {name!r}", name=name)

    def switch(self, name: str) -> list[SourceProblem]:
        scene = self.scene(name)
        self.session.profile.current_scene = scene.name
        return self.session.live.show()

    def _check_name(self, name: str, allow: str | None = None) -> str:
        name = name.strip()
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if name != allow and name in {s.name for s in self._scenes}:
            raise StudioError("scene_exists", f"a scene named {name!r} exists already", name=name)
        return name

    def add(self, name: str = "Scene") -> SceneSettings:
        name = unique_name(name.strip() or "Scene", {s.name for s in self._scenes})
        scene = SceneSettings(name, [])
        self._scenes.append(scene)
        return scene

    def rename(self, old: str, new: str) -> None:
        profile = self.session.profile
        scene = self.scene(old)
        scene.name = self._check_name(new, allow=old)
        if profile.current_scene == old:
            profile.current_scene = scene.name
        hotkeys = profile.ui.hotkeys
        if f"scene:{old}" in hotkeys:
            hotkeys[f"scene:{scene.name}"] = hotkeys.pop(f"scene:{old}")

    def duplicate(self, name: str) -> SceneSettings:
        original = self.scene(name)
        copy_ = copy.deepcopy(original)
        copy_.name = unique_name(f"{original.name} copy", {s.name for s in self._scenes})
        self._scenes.insert(self._scenes.index(original) + 1, copy_)
        return copy_

    def delete(self, name: str) -> None:
        profile = self.session.profile
        scene = self.scene(name)
        if len(self._scenes) == 1:
            raise StudioError("last_scene", "the last scene cannot be deleted")
        index = self._scenes.index(scene)
        self._scenes.remove(scene)
        profile.ui.hotkeys.pop(f"scene:{name}", None)
        if profile.current_scene == name:
            self.switch(self._scenes[max(0, index - 1)].name)

    def move(self, name: str, index: int) -> None:
        scene = self.scene(name)
        self._scenes.remove(scene)
        self._scenes.insert(max(0, min(index, len(self._scenes))), scene)
