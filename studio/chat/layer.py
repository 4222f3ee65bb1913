"""A comment layer (`comment`): the pinned comment as a speech bubble with the viewer's name, or
(show "answer") the answer card: a viewer's question and the host's answer under it.

The text is drawn as plain text, on one safe line per paragraph: control, zero-width and bidi
override characters are dropped and length is capped, so no comment can break the layout or
smuggle formatting onto the stream. Drawn once per change of the board.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.capture.base import Source, SourceError, VideoFrame
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting, check_values, with_defaults
from studio.chat.board import ChatBoard
from studio.chat.moderation import sanitize_for_display
from studio.clock import MediaClock
from studio.commerce.overlays import ACCENT, TEXT, Painter, ellipsize, wrap

SHOWS = (
    QT_TRANSLATE_NOOP("SourceSettings", "pinned"),
    QT_TRANSLATE_NOOP("SourceSettings", "answer"),
)
DESIGN_WIDTH = 420
_AUTO_WIDTH = (0.7, 0.36)  # share of a portrait / landscape canvas's width
ANSWER_ACCENT = (255, 196, 0, 255)


def render_bubble(user: str, text: str, *, width: int, answer: str = "") -> np.ndarray:
    """A rounded bubble: the user's name (accent), their words (up to 4 lines), and with
    `answer` a divider and the host's answer (up to 4 lines). BGRA."""
    p = Painter(width, DESIGN_WIDTH)
    u = p.u
    pad = u(16)
    inner = width - 2 * pad
    name_type = p.type(18, bold=True)
    text_type = p.type(22)
    answer_type = p.type(22, bold=True)
    y = pad
    line = u(30)
    name = ellipsize(sanitize_for_display(user, 60) or "?", name_type, inner)
    p.text((pad, name_type.baseline(y, u(24))), name, name_type, ACCENT)
    y += u(26)
    for row in wrap(sanitize_for_display(text), text_type, inner, 4):
        p.text((pad, text_type.baseline(y, line)), row, text_type, TEXT)
        y += line
    if answer:
        y += u(6)
        p.box((pad, y, width - pad, y + max(1.0, u(1.5))), 0, (255, 255, 255, 60))
        y += u(10)
        for row in wrap(sanitize_for_display(answer), answer_type, inner, 4):
            p.text((pad, answer_type.baseline(y, line)), row, answer_type, ANSWER_ACCENT)
            y += line
    p.panel(u(18))
    return p.finish(y + pad)


class CommentSource(Source):
    kind = "comment"
    has_video = True
    has_audio = False
    NEEDS = ("board",)  # the pinned comment and answer card, from the engine
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "show",
            QT_TRANSLATE_NOOP("SourceSettings", "Shows"),
            "choice",
            "pinned",
            choices=SHOWS,
        ),
        Setting("width", QT_TRANSLATE_NOOP("SourceSettings", "Width"), "int", 0, 0, 4096),
    )

    def __init__(
        self,
        spec: str,
        clock: MediaClock,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30,
        options: dict[str, Any] | None = None,
        board: ChatBoard | None = None,
    ) -> None:
        super().__init__(spec, clock)
        problems = check_values(self.SETTINGS, options)
        if problems:
            raise SourceError(f"comment layer: {'; '.join(problems)}")
        self.options = with_defaults(self.SETTINGS, options)
        self.board = board if board is not None else ChatBoard()
        self.show = str(self.options["show"])
        w, h = size
        self.width = int(self.options["width"]) or round(w * _AUTO_WIDTH[0 if h >= w else 1])
        self.width = max(80, min(self.width, 4096))
        self._key: int | None = None
        self._frame: VideoFrame | None = None
        self._seq = 0

    @property
    def label(self) -> str:
        return "Answer card" if self.show == "answer" else "Pinned comment"

    @property
    def has_alpha(self) -> bool:
        return True

    def natural_size(self) -> tuple[int, int]:
        frame = self.latest_video()
        if frame is not None:
            return frame.image.shape[1], frame.image.shape[0]
        sample = render_bubble("观众", "这件有红色吗？", width=self.width, answer="")
        return sample.shape[1], sample.shape[0]

    def latest_video(self) -> VideoFrame | None:
        board = self.board
        if board.version != self._key:
            self._key = board.version
            self._frame = self._draw(board)
        return self._frame

    def _draw(self, board: ChatBoard) -> VideoFrame | None:
        if self.show == "answer":
            card = board.answer
            if card is None:
                return None
            image = render_bubble(
                card.question.user, card.question.text, width=self.width, answer=card.answer
            )
        else:
            event = board.pinned
            if event is None:
                return None
            image = render_bubble(event.user, event.text, width=self.width)
        image = np.ascontiguousarray(image)
        image.flags.writeable = False  # shared by every consumer: nobody may draw on it
        self._seq += 1
        return VideoFrame(image, self.clock.now(), self._seq)
