"""One reading of a sent field's text and count for every connector (studio.chat.fields): the
relay feed, Douyin's relay and Bilibili's notices read an id given as a number, or a count given
as its digits, the same way."""

from __future__ import annotations

import pytest

from studio.chat.bilibili_packets import notice_events
from studio.chat.douyin import GiftCombos, parse_pack
from studio.chat.feed import FeedStats, parse_payload
from studio.chat.fields import MAX_AMOUNT, count_field, text_field


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("有红色吗 <b>‏", "有红色吗 <b>‏"),  # exactly as given
        ("", ""),
        (12345678901234567890, "12345678901234567890"),  # a JSON id, every digit
        (7.0, "7"),
        (2.5, "2.5"),
        (float("inf"), ""),
        (float("nan"), ""),
        (True, ""),
        (None, ""),
        ({"id": 1}, ""),
        ([1], ""),
    ],
)
def test_text_field(value: object, text: str) -> None:
    assert text_field(value) == text


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (3, 3),
        ("42", 42),
        (" 42 ", 42),
        (7.9, 7),
        (-5, 0),
        (10**30, MAX_AMOUNT),
        ("9" * 19, None),  # more digits than any count
        ("4.5", None),
        ("-3", None),
        ("many", None),
        (float("inf"), None),
        (True, None),
        (None, None),
    ],
)
def test_count_field(value: object, count: int | None) -> None:
    assert count_field(value) == count


def test_every_connector_reads_a_numeric_id_and_a_count_in_digits_alike() -> None:
    feed = parse_payload(
        '{"type": "gift", "id": 901, "user": "Lily", "gift": "Rose", "count": 3}', "relay"
    )
    douyin = parse_pack(
        '{"Type": 6, "Data": "{\\"MsgId\\": 901, \\"OnlineUserCount\\": \\"3\\"}"}',
        FeedStats(),
        GiftCombos(),
    )
    notice = (
        b'{"cmd": "SEND_GIFT", "data": {"giftName": "Rose", "num": "3", "uid": 901,'
        b' "uname": "Lily", "tid": 5}}'
    )
    bilibili = notice_events(notice, FeedStats(), 1.0)
    assert feed[0].id.endswith("901") and feed[0].amount == 3
    assert douyin[0].id == "douyin:901" and douyin[0].viewers == 3
    assert bilibili[0].user_id == "901" and bilibili[0].amount == 3
