"""A comment connector's own options read as its kind declares them (connector.read_options):
numbers within their bounds, ticks, choices, texts, defaults for what is left empty, and one
plain config error naming the kind and the option for what cannot be taken."""

from __future__ import annotations

import pytest

from studio.capture.settings import Setting
from studio.chat.connector import ConnectorConfig, ConnectorError, read_options
from studio.chat.registry import make_connector

SETTINGS = (
    Setting("server", "Server", required=True),  # a record field: not an option
    Setting("rate", "Rate", "float", 2.0, 0, 100),
    Setting("seed", "Seed", "int"),
    Setting("lang", "Language", "choice", "zh", choices=("zh", "en")),
    Setting("joins", "Joins", "bool", False),
    Setting("path", "Path", default="/chat"),
)


def test_options_are_read_by_their_declared_types() -> None:
    given = {"rate": " 7.5", "seed": "42", "lang": "EN", "joins": "1", "path": "/in"}
    assert read_options("room", SETTINGS, given) == {
        "rate": 7.5,
        "seed": 42,
        "lang": "en",
        "joins": True,
        "path": "/in",
    }


def test_what_is_left_empty_is_its_declared_default() -> None:
    expected = {"rate": 2.0, "seed": None, "lang": "zh", "joins": False, "path": "/chat"}
    assert read_options("room", SETTINGS, {}) == expected
    assert read_options("room", SETTINGS, {"rate": " ", "seed": ""}) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rate": "fast"}, "room rate 'fast' is not a number"),
        ({"rate": "nan"}, "room rate 'nan' is not a number"),
        ({"rate": "inf"}, "room rate 'inf' is not a number"),
        ({"rate": "101"}, "room rate must be at most 100"),
        ({"rate": "-1"}, "room rate must be at least 0"),
        ({"seed": "4.5"}, "room seed '4.5' is not a whole number"),
        ({"lang": "fr"}, "room lang must be one of zh, en"),
    ],
)
def test_a_value_that_cannot_be_taken_is_one_config_error(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(ConnectorError) as refused:
        read_options("room", SETTINGS, options)
    assert (refused.value.code, refused.value.detail) == ("config", message)


def test_strict_refuses_an_option_the_kind_does_not_declare() -> None:
    assert read_options("room", SETTINGS, {"speed": "3"})["rate"] == 2.0  # not strict: left
    with pytest.raises(ConnectorError) as refused:
        read_options("room", SETTINGS, {"speed": "3", "server": "x"}, strict=True)
    assert refused.value.detail == (
        "unknown room option(s): server, speed (known: rate, seed, lang, joins, path)"
    )


def test_the_demo_room_and_bilibili_read_their_declared_options() -> None:
    demo = make_connector(
        ConnectorConfig("demo", options={"rate": "50", "seed": "7", "lang": "Mixed"}), print
    )
    assert (demo.rate, demo.seed, demo.lang, demo.count) == (50.0, 7, "mixed", None)
    with pytest.raises(ConnectorError, match="demo rate must be above 0"):
        make_connector(ConnectorConfig("demo", options={"rate": "0"}), print)
    bilibili = make_connector(
        ConnectorConfig("bilibili", channel="6", options={"heartbeat": "0.5", "key": "k=="}),
        print,
    )
    assert (bilibili.heartbeat_s, bilibili.key) == (0.5, "k==")
    assert make_connector(ConnectorConfig("bilibili", channel="6"), print).heartbeat_s == 30.0
