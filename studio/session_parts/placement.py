"""Where overlays go in the current scene (studio.scene.placement): a new one in its kind's free
slot, clear of the platforms' screens and the other overlays; the ones a new destination's
screen covers moved clear; the pinned comment and the answer card sharing one slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.chat.layer import CommentSource, render_bubble
from studio.profile import LayerSettings
from studio.scene.placement import face_band, overlay_kind, place_new
from studio.scene.rects import Rect, area, inside, intersection, overlaps

if TYPE_CHECKING:
    from studio.session import StudioSession


class Placement:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    def platform_zones(self) -> list[Rect]:
        return self.session.screens.platform_zones()

    def _background(self, layer: LayerSettings) -> bool:
        """A layer the overlays lie on (the camera, a full picture), not one they must avoid."""
        canvas = self.session.profile.canvas
        w, h = self.session.layer_editor.size(layer)
        return layer.width is None or w * h >= canvas.width * canvas.height / 2

    def place_overlay(
        self, kind: str, size: tuple[int, int], ignore: LayerSettings | None = None
    ) -> Rect:
        """Where a new overlay of `kind` (placement.KINDS) and `size` goes in the current scene:
        its kind's free slot, clear of the platforms' screen and the scene's other overlays
        (`ignore`: the layer being placed)."""
        canvas = self.session.profile.canvas
        occupied = self._overlay_rects(ignore)
        return place_new(kind, size, canvas.width, canvas.height, occupied, self.platform_zones())

    def move_clear_of_platforms(self) -> tuple[list[str], list[str]]:
        """The current scene's overlays under an enabled destination's screen (a destination
        added after the scene was made) moved to their kind's free slot, as a new one would be
        placed; largest first, locked and hidden layers left where the merchant put them.
        Returns (the names moved, the names still under a screen for want of room)."""
        editor = self.session.layer_editor
        layers, size_of = editor.layers, editor.size
        zones = self.platform_zones()
        canvas = (self.session.profile.canvas.width, self.session.profile.canvas.height)

        def covered(rect: Rect) -> int:
            return sum(area(r) for r in (intersection(rect, z) for z in zones) if r)

        under = [
            layer
            for layer in layers
            if layer.visible
            and not layer.locked
            and not self._background(layer)
            and covered((layer.x, layer.y, *size_of(layer)))
        ]
        under.sort(key=lambda layer: -area((0, 0, *size_of(layer))))
        moved: set[int] = set()
        for layer in under:
            size = size_of(layer)
            kind = overlay_kind(layer.source, layer.options, size, canvas) or "picture"
            rect = self.place_overlay(kind, size, ignore=layer)
            if covered(rect) < covered((layer.x, layer.y, *size)):
                editor.set_geometry(layers.index(layer), *rect)
                moved.add(id(layer))
        still = {id(x) for x in under if covered((x.x, x.y, *size_of(x)))}
        # named in the sources list's order
        return (
            [x.name for x in layers if id(x) in moved],
            [x.name for x in layers if id(x) in still],
        )

    def _overlay_rects(self, ignore: LayerSettings | None = None) -> list[Rect]:
        """The current scene's overlays' rects (not the layers they lie on), but `ignore`'s."""
        size_of = self.session.layer_editor.size
        return [
            (x.x, x.y, *size_of(x))
            for x in self.session.layer_editor.layers
            if x is not ignore and not self._background(x)
        ]

    def new_place(self, layer: LayerSettings) -> Rect:
        """A new layer's rect: an overlay in its slot, anything else (a full picture) centred."""
        canvas = self.session.profile.canvas
        w, h = self.session.layer_editor.size(layer)
        kind = overlay_kind(layer.source, layer.options, (w, h), (canvas.width, canvas.height))
        if kind is None or self._background(layer):
            return ((canvas.width - w) // 2, (canvas.height - h) // 2, w, h)
        return self.place_overlay(kind, (w, h), ignore=layer)

    def show_comment_layer(self, show: str, name: str, other_name: str = "") -> LayerSettings:
        """The pinned comment ("pinned") and the answer card ("answer") share one slot: the
        scene's comment layer is switched over to `show` in place (added in the comment slot
        when there is none), and the other one leaves the board, so they replace each other
        on the stream instead of stacking. A switched layer still called `other_name` (the
        other one's usual name) is renamed `name`; a name the merchant gave it stays.
        Raises StudioError when the layer cannot be made."""
        editor = self.session.layer_editor
        for layer in editor.layers:
            if layer.source == "comment" and layer.options.get("show", "pinned") == show:
                break
        else:
            layer = next((x for x in editor.layers if x.source == "comment"), None)
            if layer is None:
                layer = editor.add("comment", {"show": show}, name=name)
            else:
                index = editor.layers.index(layer)
                editor.set_source(index, "comment", {**layer.options, "show": show})
                taken = {x.name for x in editor.layers if x is not layer}
                if layer.name == other_name and name not in taken:
                    editor.rename(index, name)
            self._fit_comment(layer, show)
        if show == "answer":
            self.session.board.pin(None)
        else:
            self.session.board.show_answer(None)
        return layer

    def _fit_comment(self, layer: LayerSettings, show: str) -> None:
        """Room for the longest bubble (four lines, and four of answer), kept in the slot (its
        middle, else its top or bottom edge where it was) while that stays clear; placed again
        in the comment slot when none does."""
        session, editor = self.session, self.session.layer_editor
        canvas = session.profile.canvas
        width, old_h = editor.size(layer)
        drawn = CommentSource("comment", session.clock, (canvas.width, canvas.height)).width
        drawn = int(layer.options.get("width", 0)) or drawn  # the bubble's own width
        sample = "长" * 200
        tall = render_bubble("观众", sample, width=drawn, answer=sample if show == "answer" else "")
        h = min(canvas.height, round(tall.shape[0] * width / drawn))  # at the layer's scale
        taken = self._overlay_rects(layer) + self.platform_zones()
        taken.append(face_band(canvas.width, canvas.height))
        for y in (layer.y + (old_h - h) // 2, layer.y, layer.y + old_h - h):
            rect = (layer.x, y, width, h)
            clear = not any(overlaps(rect, r) for r in taken)
            if clear and inside(rect, canvas.width, canvas.height):
                break
        else:
            rect = self.place_overlay("comment", (width, h), ignore=layer)
        index = editor.layers.index(layer)
        editor.set_geometry(index, *rect)
        editor.set_fit(index, "letterbox")
