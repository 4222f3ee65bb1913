"""Moderation: blocked words however disguised, muting, the pane's filters, questions, and the
one safe line a comment becomes on the stream, with hostile texts."""

from __future__ import annotations

import random

import pytest

from studio.chat.events import ChatEvent
from studio.chat.moderation import (
    ChatFilter,
    compact,
    fold,
    is_question,
    mute_key,
    sanitize_for_display,
)


def ev(text: str, user: str = "viewer", user_id: str = "", kind: str = "comment") -> ChatEvent:
    return ChatEvent(kind, "demo", user, text, 1.0, f"id-{hash((text, user, user_id))}", user_id)  # type: ignore[arg-type]


# --- questions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "有红色吗", "多少钱", "怎么买", "能不能便宜点", "有没有XL", "红色的呢", "几号链接",
        "什么时候发货", "包邮？", "包邮?", "MOQ?", "how much", "What's the price",
        "is there a discount", "do you have red", "can I pay by card", "Any discount",
        "HOW MUCH", "ｈｏｗ ｍｕｃｈ",
    ],
)  # fmt: skip
def test_questions(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    ["主播好美", "666", "来了来了", "hello", "love it", "这么好看", "已拍", "nice stream", "", "❤️"],
)
def test_not_questions(text: str) -> None:
    assert not is_question(text)


# --- blocked words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "加我微信", "微 信", "微\u200b信", "微-信号 123", "微\u3000信", "加我 微.信 聊",
        "微\u202e信", "v\u200bx", "加我vx123", "V X", "ｖｘ", "ＶＸ：abc", "v.x", "v-x", "V\u2060X",
        "私聊 V x 哦",
    ],
)  # fmt: skip
def test_blocked_words_match_however_disguised(text: str) -> None:
    f = ChatFilter(blocked_words=("微信", "VX"))
    assert f.blocked(ev(text)), text
    assert not f.shown(ev(text))


@pytest.mark.parametrize(
    "text", ["微博", "信用卡", "wechat", "vxlan setup", "ivx", "very good", "vertex", "v 是 x"]
)
def test_blocked_words_leave_other_words_alone(text: str) -> None:
    f = ChatFilter(blocked_words=("微信", "vx"))
    assert not f.blocked(ev(text)), text


def test_latin_blocked_words_do_not_hit_inside_longer_words() -> None:
    f = ChatFilter(blocked_words=("ass",))
    assert not f.blocked(ev("first class glass"))
    assert f.blocked(ev("you a s s"))
    assert f.blocked(ev("ASS!"))


def test_blocked_words_in_the_user_name_block_too() -> None:
    f = ChatFilter(blocked_words=("加微信",))
    assert f.blocked(ev("hello", user="加 微 信 abc"))
    assert not f.blocked(ev("hello", user="小鱼儿"))


def test_blocked_words_themselves_are_normalised_and_empty_ones_ignored() -> None:
    f = ChatFilter(blocked_words=("", "  ", "Ｖ Ｘ", "?!"))
    assert f.blocked(ev("vx"))
    assert not f.blocked(ev("hello ?!"))
    assert not ChatFilter().blocked(ev("微信 vx"))


def test_blocked_words_with_regex_characters_are_plain_text() -> None:
    f = ChatFilter(blocked_words=("a.b", "(x)", "[?]"))
    assert f.blocked(ev("a b"))  # punctuation is ignored on both sides: "ab"
    assert not f.blocked(ev("axb"))
    assert f.blocked(ev("x"))


# --- muting and the pane's filters ------------------------------------------------------------


def test_mute_follows_the_user_id_when_there_is_one() -> None:
    alice = ev("hi", user="Alice", user_id="42")
    renamed = ev("hi again", user="Alice2", user_id="42")
    other_alice = ev("hi", user="Alice", user_id="43")
    f = ChatFilter().mute(alice)
    assert f.muted(alice) and f.muted(renamed)
    assert not f.muted(other_alice)
    assert not f.shown(renamed) and f.shown(other_alice)
    assert not f.blocked(alice)  # muting hides from the pane only
    assert f.unmute(renamed).shown(alice)


def test_mute_by_name_without_an_id_and_per_platform() -> None:
    bob = ev("hi", user="Bob")
    f = ChatFilter(muted_users=frozenset({mute_key(bob)}))
    assert not f.shown(ev("another", user="Bob"))
    assert f.shown(ev("hi", user="Bobby"))
    elsewhere = ChatEvent("comment", "twitch", "Bob", "hi", 1.0, "t1")
    assert f.shown(elsewhere)


def test_questions_only_and_keyword() -> None:
    f = ChatFilter(questions_only=True)
    assert f.shown(ev("有红色吗"))
    assert not f.shown(ev("主播好美"))
    assert not f.shown(ev("", kind="join"))
    assert not f.shown(ChatEvent("gift", "demo", "u", "", 1.0, "g", gift="玫瑰"))

    k = ChatFilter(keyword="红 色")
    assert k.shown(ev("有红色吗"))
    assert not k.shown(ev("有蓝色吗"))
    assert ChatFilter(keyword="alice").shown(ev("hello", user="ALICE"))
    both = ChatFilter(questions_only=True, keyword="red")
    assert both.shown(ev("do you have RED?"))
    assert not both.shown(ev("red is nice"))


def test_the_filter_is_a_value() -> None:
    f = ChatFilter(blocked_words=("vx",))
    assert f == ChatFilter(blocked_words=("vx",))
    f.blocked(ev("x"))  # builds its pattern once
    assert f == ChatFilter(blocked_words=("vx",))
    assert hash(f) == hash(ChatFilter(blocked_words=("vx",)))


# --- safe display ---------------------------------------------------------------------------


def test_sanitize_makes_one_plain_line() -> None:
    assert sanitize_for_display("  有红色吗？\n\n 多少钱\t\r\n") == "有红色吗？ 多少钱"
    assert sanitize_for_display("a\x00b\x07c\x1b[31mred\x1b[0m") == "abc[31mred[0m"
    assert sanitize_for_display("line\u2028next\u2029para\x85end") == "line next para end"
    hidden = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert sanitize_for_display(f"x{hidden}y") == "xy"
    assert sanitize_for_display("\u202egnp.exe") == "gnp.exe"
    assert sanitize_for_display("\u3164\u3164") == ""  # a "blank" comment made of fillers
    assert sanitize_for_display("emoji ❤️👍🏽 ok") == "emoji ❤️👍🏽 ok"  # kept as they are


def test_sanitize_limits_the_length() -> None:
    assert sanitize_for_display("x" * 10_000) == "x" * 499 + "…"
    assert len(sanitize_for_display("好" * 10_000, limit=20)) == 20
    assert sanitize_for_display("short", limit=5) == "short"
    assert sanitize_for_display("shorts", limit=5) == "shor…"
    assert sanitize_for_display("anything", limit=0) == ""
    assert sanitize_for_display("\n" * 10_000 + "end") == "end"


def test_sanitize_limits_stacked_marks() -> None:
    zalgo = "Z" + "\u0336\u0337\u0338\u0339" * 50 + "a" + "\u0301" * 100
    assert sanitize_for_display(zalgo) == "Z\u0336\u0337a\u0301\u0301"
    assert sanitize_for_display("e\u0301") == "e\u0301"


def test_sanitize_never_changes_the_event() -> None:
    text = "有红色吗\n\u202e"
    event = ev(text)
    sanitize_for_display(event.text)
    assert event.text == text and event.to_dict()["text"] == text


def test_fold_and_compact() -> None:
    assert fold("ＭＯＱ？") == "moq?"
    assert fold("v\u200bx") == "vx"
    assert fold("ABC", casefold=False) == "ABC"
    assert compact(fold("包 邮，吗？")) == "包邮吗"


def test_hostile_texts_never_raise() -> None:
    rng = random.Random(7)
    pools = [
        "\u200b\u200d\u202e\u2066\ufeff\u0000\u001b\n\r\t",
        "()[]{}.*+?^$|\\",
        "有红色吗微信vx",
        "\u0301\u0336",
        "\ud800\udfff",  # lone surrogates, as a broken JSON feed may give
        "🏳️‍🌈👨‍👩‍👧",
        "abcXYZ ",
    ]
    f = ChatFilter(questions_only=True, keyword="红", blocked_words=("微信", "vx", "(", "*"))
    for _ in range(300):
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 300)))
        event = ev(text, user=text[:20])
        f.shown(event)
        f.blocked(event)
        is_question(text)
        line = sanitize_for_display(text, limit=50)
        assert len(line) <= 50 and "\n" not in line and "\u202e" not in line
    huge = ("微\u200b信" + "(.*)*" * 2000)[:10_000]
    assert f.blocked(ev(huge))
    assert isinstance(is_question(huge), bool)
