"""A comment layer (`comment`): the pinned comment as a speech bubble with the viewer's name, or
(show "answer") the answer card: a viewer's question and the host's answer under it.

The text is drawn as plain text, on one safe line per paragraph: control, zero-width and bidi
override characters are dropped and length is capped, so no comment can break the layout or
smuggle formatting onto the stream. Drawn once per change of the board.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.capture.base import VideoFrame
from studio.capture.overlay import WIDTH_SETTING, OverlaySource
from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.chat.board import ChatBoard
from studio.chat.moderation import sanitize_for_display
from studio.clock import MediaClock
from studio.commerce.overlays import ACCENT_TEXT, TEXT, Painter
from studio.text_runs import right_to_left
from studio.typesetting import ellipsize, wrap

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

    def start(words: str) -> tuple[float, str]:
        """Where a block's lines start: at the right for Arabic or Hebrew words."""
        return (width - pad, "rs") if right_to_left(words) else (pad, "ls")

    name = ellipsize(sanitize_for_display(user, 60) or "?", name_type, inner)
    x, anchor = start(name)
    p.text((x, name_type.baseline(y, u(24))), name, name_type, ACCENT_TEXT, anchor)
    y += u(26)
    shown = sanitize_for_display(text)
    x, anchor = start(shown)
    for row in wrap(shown, text_type, inner, 4):
        p.text((x, text_type.baseline(y, line)), row, text_type, TEXT, anchor)
        y += line
    if answer:
        y += u(6)
        p.box((pad, y, width - pad, y + max(1.0, u(1.5))), 0, (255, 255, 255, 60))
        y += u(10)
        shown = sanitize_for_display(answer)
        x, anchor = start(shown)
        for row in wrap(shown, answer_type, inner, 4):
            p.text((x, answer_type.baseline(y, line)), row, answer_type, ANSWER_ACCENT, anchor)
            y += line
    p.panel(u(18))
    return p.finish(y + pad)


class CommentSource(OverlaySource):
    kind = "comment"
    WHAT = "comment layer"
    NEEDS = ("board",)  # the pinned comment and answer card, from the engine
    SETTINGS: tuple[Setting, ...] = (
        Setting(
            "show",
            QT_TRANSLATE_NOOP("SourceSettings", "Shows"),
            "choice",
            "pinned",
            choices=SHOWS,
        ),
        WIDTH_SETTING,
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
        super().__init__(spec, clock, options)
        self.board = board if board is not None else ChatBoard()
        self.show = str(self.options["show"])
        self.width = self.width_for(size, *_AUTO_WIDTH)
        self._key: int | None = None
        self._frame: VideoFrame | None = None

    @property
    def label(self) -> str:
        return "Answer card" if self.show == "answer" else "Pinned comment"

    def natural_size(self) -> tuple[int, int]:
        """The bubble's size, or a typical one's while nothing is pinned."""
        size = super().natural_size()
        if size is not None:
            return size
        # An answer card carries the host's answer under the question: a box sized for the
        # question alone would cut it off.
        answer = "有的，现货充足，今天下单明天发货" if self.show == "answer" else ""
        sample = render_bubble("观众", "这件有红色吗？", width=self.width, answer=answer)
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
            question = card.question
            return self.frame(
                render_bubble(question.user, question.text, width=self.width, answer=card.answer)
            )
        event = board.pinned
        if event is None:
            return None
        return self.frame(render_bubble(event.user, event.text, width=self.width))
