"""The comment layers: the pinned comment and the answer card on the stream, drawn once per
change, any text shown safely as plain text within a bounded size."""

from __future__ import annotations

import numpy as np

from studio.capture.registry import make_source
from studio.chat.board import ChatBoard
from studio.chat.events import ChatEvent
from studio.chat.layer import CommentSource
from studio.clock import MediaClock


def _comment(text: str, user: str = "小红", n: int = 1) -> ChatEvent:
    return ChatEvent("comment", "demo", user, text, 1000.0 + n, f"demo:{n}")


def _layer(board: ChatBoard, show: str = "pinned") -> CommentSource:
    source = make_source("comment", MediaClock(), (720, 1280), 30, {"show": show}, {"board": board})
    assert isinstance(source, CommentSource)
    return source


def test_a_pinned_comment_shows_until_unpinned_and_is_drawn_once():
    board = ChatBoard()
    layer = _layer(board)
    assert layer.latest_video() is None  # nothing pinned: an empty layer
    w, h = layer.natural_size()  # sized from a sample bubble meanwhile
    assert w == round(720 * 0.7) and 40 < h < 400
    board.pin(_comment("这件有红色吗？"))
    first = layer.latest_video()
    assert first is not None and first.image.shape[1] == w and first.image.shape[2] == 4
    assert layer.latest_video() is first  # unchanged board: the same picture
    board.pin(_comment("包邮吗", n=2))
    second = layer.latest_video()
    assert second is not first and not np.array_equal(second.image, first.image)
    board.forget({"demo:2"})  # the user was muted: off the screen
    assert layer.latest_video() is None


def test_the_answer_card_shows_the_question_and_the_answer():
    board = ChatBoard()
    answer = _layer(board, "answer")
    pinned = _layer(board, "pinned")
    question = _comment("多少钱")
    board.show_answer(question, "现在直播间到手价 ¥129，原价 ¥199")
    card = answer.latest_video()
    assert card is not None and pinned.latest_video() is None
    board.pin(question)
    bubble = pinned.latest_video()
    assert card.image.shape[0] > bubble.image.shape[0]  # the answer adds its lines
    board.show_answer(None)
    assert answer.latest_video() is None


def test_hostile_comments_render_safely_within_bounds():
    board = ChatBoard()
    layer = _layer(board)
    normal = None
    hostile = [
        "x" * 10_000,
        "<b>bold</b> <script>alert(1)</script> [url]http://evil[/url]",
        "\u202eevil reversed\u202c and \u200bzero\u200dwidth\u2066isolate\u2069",
        "مرحبا، هل يوجد لون أحمر؟",
        "line one\nline two\r\nline three\x00\x07\x1b[31m",
        "👨‍👩‍👧 🔥🔥🔥 " * 200,
    ]
    for n, text in enumerate(hostile):
        board.pin(_comment(text, user="\u202e" + "名" * 500, n=n))
        frame = layer.latest_video()
        assert frame is not None
        h, w = frame.image.shape[:2]
        assert w == round(720 * 0.7) and h < 420, text[:20]  # at most 4 lines, whatever comes
        if n == 1:
            normal = frame.image
    assert normal is not None and normal[..., 3].max() == 255
