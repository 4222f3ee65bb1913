"""Every scene's layers laid out again when the canvas changes size or orientation
(studio.scene.layout): anchored, in proportion, apart, and out of the enabled destinations'
platform screens where room allows; full-canvas layers stay full-canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.profile import SceneSettings
from studio.scene.layout import LayoutItem, relayout
from studio.scene.placement import face_band, keeps_off_face, overlay_kind

if TYPE_CHECKING:
    from studio.session import StudioSession


def layout_of(scene: SceneSettings, canvas: tuple[int, int]) -> list:
    """Each layer (by identity) and its rect on this canvas."""
    w, h = canvas
    return [(id(x), (x.x, x.y, x.width or w, x.height or h)) for x in scene.layers]


class CanvasLayout:
    def __init__(self, session: StudioSession) -> None:
        self.session = session
        canvas = session.profile.canvas
        # the canvas size every scene's layers are laid out for
        self._laid_out_for = (canvas.width, canvas.height)
        # per scene: the canvas and layout the merchant made, and what the last re-layout
        # made of it
        self._made_layouts: dict[int, tuple[SceneSettings, tuple[int, int], list, list]] = {}

    def follow_canvas(self) -> None:
        """Every scene's layers re-laid out for the profile's canvas when it is not the one they
        were laid out for."""
        profile = self.session.profile
        old = self._laid_out_for
        new = (profile.canvas.width, profile.canvas.height)
        if new == old:
            return
        zones = self.session.placement.platform_zones()
        for scene in profile.scenes:
            now = layout_of(scene, old)
            # Untouched since the last change of canvas: laid out again from the layout the
            # merchant made, so landscape and back again gives that layout, not one moved twice.
            made = self._made_layouts.get(id(scene))
            if made is None or made[0] is not scene or made[3] != now:
                made = (scene, old, now, now)
            canvas, base = made[1], made[2]
            items = []
            for layer, (_, rect) in zip(scene.layers, base, strict=True):
                full = rect == (0, 0, *canvas)
                kind = "full" if full else overlay_kind(layer.source, layer.options) or "other"
                # off the host's face, as placement keeps comments and boxes (cards, sheets...)
                face = (face_band(*new),) if keeps_off_face(kind) else ()
                items.append(LayoutItem(layer.name, rect, layer.anchor, kind, keep_off=face))
            for layer, item, rect in zip(
                scene.layers, items, relayout(items, canvas, new, zones), strict=True
            ):
                layer.x, layer.y = rect[0], rect[1]
                full = item.kind == "full"
                layer.width, layer.height = (None, None) if full else (rect[2], rect[3])
            self._made_layouts[id(scene)] = (scene, canvas, base, layout_of(scene, new))
        self._laid_out_for = new
