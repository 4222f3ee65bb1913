"""A lower third (`lower_third`): the host's name and a line under it, the shop's slogan, this
week's offer; a bar drawn once with the bundled font, placed like any other layer.
"""

from __future__ import annotations

from typing import Any

from studio.capture.base import SourceError, VideoFrame
from studio.capture.overlay import WIDTH_SETTING, OverlaySource
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.clock import MediaClock
from studio.commerce.overlays import render_lower_third


class LowerThirdSource(OverlaySource):
    kind = "lower_third"
    WHAT = "lower third"
    SETTINGS: tuple[Setting, ...] = (
        Setting("title", QT_TRANSLATE_NOOP("SourceSettings", "Title"), "text", "主播小美"),
        Setting(
            "subtitle",
            QT_TRANSLATE_NOOP("SourceSettings", "Subtitle"),
            "text",
            "全场包邮 · 7天无理由",
        ),
        Setting("accent", QT_TRANSLATE_NOOP("SourceSettings", "Accent colour"), "color", "#ff3b5c"),
        WIDTH_SETTING,
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(spec, clock, options)
        # Most of a portrait canvas's width, half a landscape one's.
        width = self.width_for(size, 0.86, 0.5)
        try:
            image = render_lower_third(
                str(self.options["title"]),
                str(self.options["subtitle"]),
                width=width,
                accent=str(self.options["accent"]),
            )
        except ValueError as exc:
            raise SourceError(f"lower third: {exc}") from None
        self._frame = self.frame(image)

    @property
    def label(self) -> str:
        return str(self.options["title"]).strip()[:30] or "Lower third"

    def latest_video(self) -> VideoFrame:
        return self._frame
