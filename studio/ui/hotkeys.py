"""Keyboard shortcuts: the defaults and the user's overrides (profile.ui.hotkeys)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

# action -> (default key sequence, English label marked for translation)
ACTIONS: dict[str, tuple[str, str]] = {
    "go_live": ("Ctrl+Shift+L", QT_TRANSLATE_NOOP("Hotkeys", "Start / stop streaming")),
    "record": ("Ctrl+Shift+R", QT_TRANSLATE_NOOP("Hotkeys", "Start / stop recording")),
    "next_scene": ("Ctrl+PgDown", QT_TRANSLATE_NOOP("Hotkeys", "Next scene")),
    "previous_scene": ("Ctrl+PgUp", QT_TRANSLATE_NOOP("Hotkeys", "Previous scene")),
    # Ctrl+arrows: text fields keep them (a word left / right) while they have the focus.
    "next_product": ("Ctrl+Right", QT_TRANSLATE_NOOP("Hotkeys", "Next product")),
    "previous_product": ("Ctrl+Left", QT_TRANSLATE_NOOP("Hotkeys", "Previous product")),
}
SCENE_PREFIX = "scene:"


def scene_action(name: str) -> str:
    return SCENE_PREFIX + name


def default_key(action: str, scene_names: list[str]) -> str:
    """The built-in key of an action; scenes get Ctrl+1 ... Ctrl+9 in list order."""
    if action in ACTIONS:
        return ACTIONS[action][0]
    if action.startswith(SCENE_PREFIX):
        name = action.removeprefix(SCENE_PREFIX)
        if name in scene_names and scene_names.index(name) < 9:
            return f"Ctrl+{scene_names.index(name) + 1}"
    return ""


def key_for(action: str, overrides: dict[str, str], scene_names: list[str]) -> str:
    """The key in effect: the user's choice ("" = none) or the default."""
    if action in overrides:
        return overrides[action]
    return default_key(action, scene_names)


def all_actions(scene_names: list[str]) -> list[str]:
    return list(ACTIONS) + [scene_action(n) for n in scene_names]
