"""The layers of the current scene (index 0 is the bottom): added, removed, reordered and
changed in the profile, and the change put onto the running layers in the engine at once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from studio.capture.base import SourceError
from studio.capture.registry import make_source
from studio.profile import LayerSettings
from studio.profile_secrets import seal_layer
from studio.secrets import SecretStoreError
from studio.session_parts.errors import StudioError
from studio.session_parts.scenes import unique_name

if TYPE_CHECKING:
    from studio.engine import SourceProblem
    from studio.scene.compositor import Layer
    from studio.session import StudioSession

log = logging.getLogger("studio.session")


def seal(layer: LayerSettings) -> None:
    """A camera password to the keyring before the engine keys its source by the spec (so
    the save that would move it later does not reopen the camera)."""
    try:
        seal_layer(layer)
    except SecretStoreError as exc:  # the save tries again, and reports it
        log.warning("%s", exc)


class LayerEditor:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    @property
    def layers(self) -> list[LayerSettings]:
        return self.session.scene_editor.current.layers

    def add(self, spec: str, options: dict | None = None, name: str | None = None) -> LayerSettings:
        """Add a source on top of the current scene. Overlays (pictures, text, product cards)
        keep their own size, centred; cameras and videos fill the canvas. Raises StudioError
        when the source cannot be made (a missing file)."""
        session = self.session
        canvas = session.profile.canvas
        options = dict(options or {})
        try:
            probe = make_source(
                spec,
                session.clock,
                size=(canvas.width, canvas.height),
                fps=canvas.fps,
                options=options or None,
                context={"shop": session.shop, "board": session.board},
            )
        except SourceError as exc:
            raise StudioError("source", str(exc), detail=str(exc), error=exc) from None
        layer = LayerSettings(
            name=unique_name(name or probe.label or spec, {x.name for x in self.layers}),
            source=spec,
            options=options,
        )
        size = probe.natural_size()
        probe.stop()
        if size is not None:
            layer.width, layer.height = self._natural_size(*size)
            layer.x, layer.y, layer.width, layer.height = session.placement.new_place(layer)
        self.layers.append(layer)
        seal(layer)
        self._renumber()
        session.live.show()
        return layer

    def _natural_size(self, width: int, height: int) -> tuple[int, int]:
        cw, ch = self.session.profile.canvas.width, self.session.profile.canvas.height
        scale = min(1.0, cw / width, ch / height)  # never larger than the canvas
        return max(1, round(width * scale)), max(1, round(height * scale))

    def _renumber(self) -> None:
        for z, layer in enumerate(self.layers):
            layer.z = z

    def layer(self, index: int) -> LayerSettings:
        """The current scene's layer at `index` (StudioError "no_layer" when it is gone)."""
        if not 0 <= index < len(self.layers):
            raise StudioError("no_layer", "that layer is gone")
        return self.layers[index]

    def remove(self, index: int) -> None:
        self.layer(index)
        del self.layers[index]
        self._renumber()
        self.session.live.show()

    def move(self, index: int, to: int) -> None:
        self.layer(index)
        layer = self.layers.pop(index)
        self.layers.insert(max(0, min(to, len(self.layers))), layer)
        self._renumber()
        self.update_engine_layers()

    def rename(self, index: int, name: str) -> None:
        layer = self.layer(index)
        name = name.strip()
        if not name:
            raise StudioError("name_empty", "a name must not be empty")
        if name != layer.name and name in {x.name for x in self.layers}:
            raise StudioError("layer_exists", f"a layer named {name!r} exists already", name=name)
        old = layer.name
        layer.name = name
        for live in self.engine_layers():
            if live.name == old:
                live.name = name

    def set_visible(self, index: int, visible: bool) -> None:
        self.layer(index).visible = visible
        self.update_engine_layers()

    def set_locked(self, index: int, locked: bool) -> None:
        self.layer(index).locked = locked

    def set_geometry(self, index: int, x: int, y: int, width: int, height: int) -> None:
        layer = self.layer(index)
        canvas = self.session.profile.canvas
        full = (width, height) == (canvas.width, canvas.height)
        layer.x, layer.y = int(x), int(y)
        layer.width, layer.height = (None, None) if full and (x, y) == (0, 0) else (width, height)
        self.update_engine_layers()

    def set_source(self, index: int, spec: str, options: dict | None = None) -> list[SourceProblem]:
        """New properties for a layer's source (another file, other text): the source is
        rebuilt; a broken one leaves the layer out and is reported."""
        layer = self.layer(index)
        layer.source, layer.options = spec, dict(options or {})
        seal(layer)
        return self.session.live.show()

    def set_fit(self, index: int, fit: str) -> None:
        self.layer(index).fit = fit  # type: ignore[assignment]
        self.update_engine_layers()

    def set_opacity(self, index: int, opacity: float) -> None:
        self.layer(index).opacity = max(0.0, min(1.0, opacity))
        self.update_engine_layers()

    def size(self, layer: LayerSettings) -> tuple[int, int]:
        """The layer's size on the canvas (a full-canvas layer has none of its own)."""
        canvas = self.session.profile.canvas
        return layer.width or canvas.width, layer.height or canvas.height

    def engine_layers(self) -> list:
        """The running layers (none while the studio is closed)."""
        engine = self.session.engine
        return list(engine.layers) if engine else []

    def running(self, name: str) -> Layer | None:
        """The running layer called `name`, or None (closed, or left out as broken)."""
        return next((x for x in self.engine_layers() if x.name == name), None)

    def update_engine_layers(self) -> None:
        """Geometry, order and visibility go straight onto the running layers (no source is
        rebuilt, so a drag costs nothing); the engine sorts by z on the next frame."""
        live = {layer.name: layer for layer in self.engine_layers()}
        for spec in self.layers:
            target = live.get(spec.name)
            if target is None:
                continue
            target.x, target.y = spec.x, spec.y
            target.width, target.height = spec.width or 0, spec.height or 0
            target.z, target.visible = spec.z, spec.visible
            target.opacity, target.fit = spec.opacity, spec.fit
