"""A lower third (`lower_third`): the host's name and a line under it, the shop's slogan, this
week's offer; a bar drawn once with the bundled font, placed like any other layer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.capture.base import Source, SourceError, VideoFrame
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting, check_values, with_defaults
from studio.clock import MediaClock
from studio.commerce.overlays import render_lower_third

# Share of the canvas width the bar takes: most of a portrait canvas, half a landscape one.
_AUTO_WIDTH = (0.86, 0.5)


class LowerThirdSource(Source):
    kind = "lower_third"
    has_video = True
    has_audio = False
    SETTINGS: tuple[Setting, ...] = (
        Setting("title", QT_TRANSLATE_NOOP("SourceSettings", "Title"), "text", "主播小美"),
        Setting(
            "subtitle",
            QT_TRANSLATE_NOOP("SourceSettings", "Subtitle"),
            "text",
            "全场包邮 · 7天无理由",
        ),
        Setting("accent", QT_TRANSLATE_NOOP("SourceSettings", "Accent colour"), "color", "#ff3b5c"),
        Setting("width", QT_TRANSLATE_NOOP("SourceSettings", "Width"), "int", 0, 0, 4096),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(spec, clock)
        problems = check_values(self.SETTINGS, options)
        if problems:
            raise SourceError(f"lower third: {'; '.join(problems)}")
        self.options = with_defaults(self.SETTINGS, options)
        w, h = size
        width = int(self.options["width"]) or round(w * _AUTO_WIDTH[0 if h >= w else 1])
        try:
            image = render_lower_third(
                str(self.options["title"]),
                str(self.options["subtitle"]),
                width=max(80, min(width, 4096)),
                accent=str(self.options["accent"]),
            )
        except ValueError as exc:
            raise SourceError(f"lower third: {exc}") from None
        image = np.ascontiguousarray(image)
        image.flags.writeable = False  # shared by every consumer: nobody may draw on it
        self._frame = VideoFrame(image, clock.now(), 1)

    @property
    def label(self) -> str:
        return str(self.options["title"]).strip()[:30] or "Lower third"

    @property
    def has_alpha(self) -> bool:
        return True

    def natural_size(self) -> tuple[int, int]:
        h, w = self._frame.image.shape[:2]
        return w, h

    def latest_video(self) -> VideoFrame:
        return self._frame
