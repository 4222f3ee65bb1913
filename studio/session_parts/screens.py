"""The platforms' viewer screens on this canvas: the presets' zones, or the ones measured on
the merchant's phone from a screenshot of the streamed calibration card."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import cv2

from studio.broadcast.platforms.screens import zones_for
from studio.files import write_atomic
from studio.profile import MAX_MEASURED_ZONES, LayerSettings, MeasuredScreenSettings
from studio.scene.rects import Rect
from studio.scene.zone_measure import calibration_card
from studio.scene.zones import Zone, measured_zones
from studio.session_parts.errors import StudioError

if TYPE_CHECKING:
    from studio.session import StudioSession


class PlatformScreens:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    def platform_zones(self) -> list[Rect]:
        """What the enabled destinations' viewer apps cover on this canvas (their union)."""
        profile = self.session.profile
        canvas = profile.canvas
        ids = [d.platform for d in profile.destinations if d.enabled]
        return [r for _, r in zones_for(ids, canvas.width, canvas.height, self.measured_zones())]

    def measured_zones(self) -> dict[tuple[str, bool], tuple[Zone, ...]]:
        """The platforms' screens measured on the merchant's phone (they replace the presets')."""
        return measured_zones(self.session.profile.ui.measured_screens)

    def set_measured_screen(
        self, platform: str, portrait: bool, zones: tuple[Zone, ...] | None, source: str = ""
    ) -> None:
        """Keep a platform's screen as measured on the phone for this orientation (None: back
        to the preset's zones)."""
        ui = self.session.profile.ui
        orientation = "portrait" if portrait else "landscape"
        screens = [
            x for x in ui.measured_screens if (x.platform, x.orientation) != (platform, orientation)
        ]
        if zones is not None:
            kept = [[z.name, *z.fraction] for z in zones[:MAX_MEASURED_ZONES]]
            screens.append(MeasuredScreenSettings(platform, orientation, kept, source[:200]))
        ui.measured_screens = screens

    def calibration_card_spec(self) -> str:
        """The calibration card's source spec for this canvas (a picture beside the profile)."""
        session = self.session
        canvas = session.profile.canvas
        folder = session.profile_path.parent if session.profile_path is not None else None
        folder = (folder or Path(tempfile.gettempdir())) / "calibration"
        return f"image:{folder / f'card_{canvas.width}x{canvas.height}.png'}"

    def show_calibration_card(self, name: str) -> LayerSettings:
        """The calibration card (studio.scene.zone_measure) on top of the current scene, over
        the whole canvas, called `name`: streamed, it is what a phone's screenshot measures.
        Written afresh each time (a file left there may have been changed). Raises StudioError
        ("calibration_card") when it cannot be written."""
        session = self.session
        canvas = session.profile.canvas
        spec = self.calibration_card_spec()
        path = Path(spec.removeprefix("image:"))
        card = calibration_card(canvas.width, canvas.height)
        ok, data = cv2.imencode(".png", card)
        try:
            if not ok:
                raise OSError("the picture could not be encoded")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data.tobytes())
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise StudioError(
                "calibration_card",
                f"the calibration card could not be written: {detail}",
                detail=detail,
            ) from None
        editor = session.layer_editor
        layer = editor.add(spec, name=name)
        editor.set_geometry(editor.layers.index(layer), 0, 0, canvas.width, canvas.height)
        return layer
