"""A viewers event's count is read in one place (ChatEvent.viewers): None when the platform did
not say how many watch now, whatever stands for that inside the event; every reader (the JSON
line, the room's figures, the status bar, the command line) goes through it."""

from __future__ import annotations

from studio.chat.board import ChatBoard
from studio.chat.events import ChatEvent, viewers_event, with_earlier_viewers
from studio.chat.room import ChatRoom
from studio.commerce.shop import Shop


def test_viewers_says_the_count_or_none() -> None:
    assert viewers_event("douyin", 1.0, 1234, 5678).viewers == 1234
    assert viewers_event("douyin", 1.0, 0).viewers == 0  # nobody watching is a count
    assert viewers_event("bilibili", 1.0, None, 12345).viewers is None
    comment = ChatEvent("comment", "douyin", "买家", "多少钱", 1.0, "douyin:1", amount=3)
    assert comment.viewers is None  # another kind has no viewer count


def test_not_said_stays_unsaid_everywhere() -> None:
    unsaid = viewers_event("bilibili", 2.0, None, 12345)
    assert "viewers" not in unsaid.to_dict() and unsaid.to_dict()["total"] == 12345
    said = viewers_event("bilibili", 1.0, 88)
    assert with_earlier_viewers(said, unsaid).viewers == 88  # the earlier count stands
    assert with_earlier_viewers(None, unsaid).viewers is None
    room = ChatRoom(Shop(), ChatBoard())
    room.sink([unsaid, viewers_event("douyin", 2.0, 7)])
    rooms = room.figures()["rooms"]
    assert rooms["bilibili"] == {"total": 12345} and rooms["douyin"] == {"viewers": 7}
