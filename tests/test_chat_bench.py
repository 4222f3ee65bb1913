"""`studio bench --chat N --chat-rooms douyin,bilibili`: the real window takes N events a second
from a Douyin comment relay and a Bilibili danmaku server on loopback (each in its own format,
read by the real connectors set up through the session), and the bench tells what reached the
pane against what each room sent."""

from __future__ import annotations

import pytest

from studio.cli import build_parser
from studio.commands.bench_chat import measure_chat

pytestmark = pytest.mark.slow


def test_both_rooms_reach_the_pane_whole() -> None:
    result = measure_chat(300, 2.0, 360, 640, 25, rooms=("douyin", "bilibili"))
    assert "error" not in result, result
    assert result["rooms"] == ["bilibili", "douyin"]
    assert result["events_sent"] == {"douyin": 600, "bilibili": 600}
    assert result["events_by_platform"] == {"bilibili": 600, "douyin": 600}
    assert result["lost"] == 0 and result["events_in_pane"] == 1200
    assert result["badges"] is True  # two platforms: a badge on each row
    assert result["event_loop_late_ms"]["samples"] > 100


def test_the_rooms_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    args = parser.parse_args(["bench", "--chat", "10", "--chat-rooms", "bilibili, douyin"])
    assert args.chat_rooms == ("bilibili", "douyin")
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--chat", "10", "--chat-rooms", "kuaishou"])
    assert "kuaishou: give rooms from douyin, bilibili" in capsys.readouterr().err
