"""Declared settings of every kind of source, the "Add source" menu, and options in make_source."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.capture import registry
from studio.capture.base import SourceError
from studio.capture.registry import (
    SOURCE_CHOICES,
    SOURCE_KINDS,
    SourceChoice,
    arg_of,
    check_options,
    choice_for,
    make_source,
    source_settings,
    spec_and_options,
    spec_for,
    values_for,
)
from studio.capture.settings import with_defaults
from studio.clock import MediaClock


@pytest.fixture
def clock() -> MediaClock:
    return MediaClock()


def test_the_menu_offers_every_kind_of_source() -> None:
    ids = [c.id for c in SOURCE_CHOICES]
    assert ids == [
        "camera",
        "ip_camera",
        "microphone",
        "image",
        "video_file",
        "text",
        "product",
        "lower_third",
        "comment",
    ]
    kinds = {c.kind for c in SOURCE_CHOICES}
    assert kinds == {"camera", "mic", "image", "file", "text", "product", "lower_third", "comment"}
    assert all(isinstance(c, SourceChoice) and c.label for c in SOURCE_CHOICES)


@pytest.mark.parametrize("choice", SOURCE_CHOICES, ids=lambda c: c.id)
def test_every_choice_has_settings_whose_defaults_pass(choice: SourceChoice) -> None:
    assert choice.kind in SOURCE_KINDS
    keys = [s.key for s in choice.settings]
    assert len(keys) == len(set(keys))
    assert "arg" not in keys[1:], "arg comes first"
    for setting in choice.settings:
        assert setting.label, setting.key
        assert setting.check(setting.default) is None, setting.key
        if setting.type == "choice":
            assert setting.default in setting.choices
    options = {k: v for k, v in choice.defaults().items() if k != "arg"}
    assert check_options(choice.kind, options) == []


@pytest.mark.parametrize("kind", sorted(SOURCE_KINDS))
def test_every_kind_declares_settings(kind: str) -> None:
    for setting in source_settings(kind):
        assert setting.check(setting.default) is None, (kind, setting.key)
    assert check_options(kind, {}) == [] and check_options(kind, None) == []


def test_what_each_kind_asks() -> None:
    assert source_settings("synthetic") == ()
    camera = source_settings("camera")
    assert [s.key for s in camera] == ["arg"] and camera[0].placeholder
    image = source_settings("image")[0]
    assert image.type == "file" and "*.png" in image.file_filter
    assert source_settings("file")[0].type == "file"
    mic = source_settings("microphone")  # the alias works too
    assert mic[0].type == "text" and mic[0].default == ""
    text = {s.key: s for s in source_settings("text")}
    assert text["text"].type == "multiline" and text["text"].default == "Shopcast Studio"
    assert (text["font_size"].minimum, text["font_size"].maximum) == (8, 400)
    assert text["align"].choices == ("left", "center", "right")


def test_check_options_reports_bad_values_and_unknown_keys() -> None:
    assert check_options("text", {"font_size": 64, "color": "#ff000080"}) == []
    problems = check_options(
        "text", {"font_size": 1000, "color": "white", "bogus": 1, "arg": "x", "bold": "yes"}
    )
    assert len(problems) == 5
    text = " | ".join(problems)
    for words in ("font_size must be at most 400", "color must be a colour", "'bogus'", "arg"):
        assert words in text
    # A camera's only setting is "arg", which lives in the spec.
    assert check_options("camera", {"fps": 30}) == ["unknown setting 'fps' (known: none)"]
    assert check_options("text", ["text"]) == [
        "options must be a mapping of setting names to values"
    ]
    assert "unknown source kind 'teleport'" in check_options("teleport", {})[0]


def test_make_source_passes_options(clock: MediaClock) -> None:
    short = make_source("text", clock, options={"text": "A"}).latest_video().image
    long = make_source("text", clock, options={"text": "AAAAAAAA"}).latest_video().image
    assert long.shape[1] > short.shape[1]
    big = make_source("text", clock, options={"text": "A", "font_size": 200.0}).latest_video()
    assert big.image.shape[0] > short.shape[0]  # 200.0 from JSON counts as a whole number
    source = make_source("text", clock, options={"text": "A", "padding": 0})
    assert source.options["padding"] == 0 and source.options["align"] == "center"


def test_make_source_refuses_options_a_kind_does_not_have(
    clock: MediaClock, tmp_path: Path
) -> None:
    path = tmp_path / "logo.png"
    cv2.imwrite(str(path), np.zeros((4, 4, 3), np.uint8))
    assert make_source(f"image:{path}", clock, options={}).latest_video().image.shape == (4, 4, 3)
    with pytest.raises(SourceError, match="unknown setting 'text'"):
        make_source(f"image:{path}", clock, options={"text": "hi"})
    make_source("synthetic", clock, size=(64, 36), options=None).stop()


def test_spec_helpers_round_trip() -> None:
    assert spec_for("camera", 0) == "camera:0"
    assert spec_for("camera", " rtsp://h/x ") == "camera:rtsp://h/x"
    assert spec_for("text", "") == "text" and spec_for("Microphone", "") == "mic"
    assert arg_of("image:/a/商品.png") == "/a/商品.png"
    assert arg_of("camera:rtsp://u:p@h:554/x") == "rtsp://u:p@h:554/x"
    assert arg_of("synthetic") == ""
    for spec in ("camera:0", "image:/a.png", "file:C:/clips/a.mp4", "mic", "text"):
        kind, _ = registry.split_spec(spec)
        assert spec_for(kind, arg_of(spec)) == spec


def test_a_dialog_round_trip_through_the_choices() -> None:
    assert choice_for("camera:1").id == "camera"
    assert choice_for("camera:rtsp://192.168.1.20/live").id == "ip_camera"
    assert choice_for("mic:USB").id == "microphone"
    assert choice_for("file:/a.mp4").id == "video_file"
    assert choice_for("synthetic") is None
    camera = choice_for("camera:2")
    assert values_for(camera, "camera:2", None) == {"arg": 2}
    assert spec_and_options(camera, {"arg": 3}) == ("camera:3", {})
    text = choice_for("text")
    values = values_for(text, "text", {"text": "你好", "font_size": 48})
    assert values["text"] == "你好" and values["font_size"] == 48 and values["bold"] is False
    assert "arg" not in values
    spec, options = spec_and_options(text, values)
    assert spec == "text" and options["text"] == "你好" and check_options("text", options) == []


def test_with_defaults_fills_gaps_and_keeps_whole_numbers_whole() -> None:
    values = with_defaults(source_settings("text"), {"font_size": 48.0})
    assert values["font_size"] == 48 and isinstance(values["font_size"], int)
    assert values["text"] == "Shopcast Studio" and "arg" not in values
