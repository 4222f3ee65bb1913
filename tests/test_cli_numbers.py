"""Every numeric option of the command line takes a finite number in a stated range: anything
else is refused before any work, as one line on stderr naming the option and the range, exit 2,
no traceback. The real `studio` command in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streaming import Run, studio

from studio.cli import build_parser

TIMEOUT = 30  # a refused option answers at once; the old code ran forever on --duration nan


def _one_line_refusal(run: Run, *expected: str) -> str:
    assert run.returncode == 2, run.output
    assert "Traceback" not in run.output, run.output
    assert run.stdout == "", run.stdout
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("studio: error: "), run.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])
    return lines[0]


BITRATE_RANGE = "a whole number of kbps from 200 to 50000"
RUN_RANGE = "seconds above 0 and at most 604800"
BENCH_RANGE = "seconds above 0 and at most 86400"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bitrate", "99999999999999999999"], ["--bitrate: 99999999999999999999 is too large"]),
        (["--bitrate", "0"], ["--bitrate: 0 is too small", BITRATE_RANGE]),
        (["--bitrate", "2.5"], ["--bitrate: '2.5' is not a whole number", BITRATE_RANGE]),
        (["--bitrate", "nan"], ["--bitrate: 'nan' is not a whole number", BITRATE_RANGE]),
        (["--duration", "nan"], ["--duration: 'nan' is not a number", RUN_RANGE]),
        (["--duration", "inf"], ["--duration: inf is too long", RUN_RANGE]),
        (["--duration", "1e999"], ["--duration: 1e999 is too long", RUN_RANGE]),
        (["--duration", "-1"], ["--duration: -1 is too short", RUN_RANGE]),
        (["--duration", "0"], ["--duration: 0 is too short", RUN_RANGE]),
        (["--duration", "ten"], ["--duration: 'ten' is not a number", RUN_RANGE]),
        (["--fps", "24"], ["--fps: '24' is not a frame rate: give 25, 30 or 60"]),
        (["--fps", "nan"], ["--fps: 'nan' is not a frame rate: give 25, 30 or 60"]),
        (["--canvas", "100000x100000"], ["--canvas: ", "between 320 and 3840 pixels"]),
    ],
)
def test_stream_refuses_bad_numbers(args: list[str], expected: list[str], tmp_path: Path):
    record = tmp_path / "x.mkv"
    line = _one_line_refusal(
        studio("stream", "--record", str(record), *args, timeout=TIMEOUT), *expected
    )
    assert line.endswith("See: studio stream --help")
    assert not record.exists()  # nothing started


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--seconds", "nan"], ["--seconds: 'nan' is not a number", BENCH_RANGE]),
        (["--seconds", "inf"], ["--seconds: inf is too long", BENCH_RANGE]),
        (["--seconds=-inf"], ["--seconds: -inf is too short", BENCH_RANGE]),
        (["--seconds", "-3"], ["--seconds: -3 is too short", BENCH_RANGE]),
        (["--bitrate", "99999999999999999999"], ["--bitrate: ", BITRATE_RANGE]),
        (["--fps", "0"], ["--fps: '0' is not a frame rate"]),
        (["--products", "11"], ["--products: 11 is too large: give a whole number from 0 to 10"]),
        (["--products", "nan"], ["--products: 'nan' is not a whole number", "from 0 to 10"]),
        (["--chat", "-1"], ["--chat: -1 is too small: give a whole number from 0 to 10000"]),
        (["--chat", "9" * 5000], ["--chat: 9999", "is too large", "from 0 to 10000"]),
        (["--chat", "-" + "9" * 20], ["--chat: -9999", "is too small", "from 0 to 10000"]),
        (["--canvas", "nanxnan"], ["--canvas: 'nanxnan' is not a canvas size"]),
    ],
)
def test_bench_refuses_bad_numbers(args: list[str], expected: list[str]):
    line = _one_line_refusal(studio("bench", "--no-ffmpeg", *args, timeout=TIMEOUT), *expected)
    assert line.endswith("See: studio bench --help")


@pytest.mark.parametrize("value", ["nan", "inf", "-5"])
def test_chat_listen_refuses_bad_durations(value: str):
    _one_line_refusal(
        studio("chat", "listen", "--connector", "demo", "--duration", value, timeout=TIMEOUT),
        "--duration: ",
        RUN_RANGE,
        "See: studio chat listen --help",
    )


def test_window_refuses_a_bad_exit_after():
    _one_line_refusal(studio("--exit-after", "nan", timeout=TIMEOUT), "--exit-after: ")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([{"id": "A1", "name": "Mug", "price": "59"}]), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["o.txt", "o.jpg", "o"])
def test_overlay_render_names_out_for_a_picture_without_transparency(
    catalog: Path, tmp_path: Path, name: str
):
    out = tmp_path / name
    run = studio(
        "overlay", "render", "--catalog", str(catalog), "--product", "A1", "--out", str(out),
        timeout=TIMEOUT,
    )  # fmt: skip
    line = _one_line_refusal(run, f"--out {out}: ", "transparency", "use .png or .webp")
    assert "--background" not in line  # the overlay command has no such option
    assert not out.exists()


def test_overlay_render_refuses_a_bad_canvas(catalog: Path, tmp_path: Path):
    run = studio(
        "overlay", "render", "--catalog", str(catalog), "--product", "A1",
        "--out", str(tmp_path / "o.png"), "--canvas", "1e9x1e9", timeout=TIMEOUT,
    )  # fmt: skip
    _one_line_refusal(run, "--canvas: ", "See: studio overlay render --help")


def test_other_usage_errors_are_one_line_too():
    """A missing option, an unknown one or a misspelt command: one line, not the usage block."""
    _one_line_refusal(
        studio("overlay", "render", "--catalog", "x.json", timeout=TIMEOUT),
        "the following arguments are required: --product, --out",
    )
    _one_line_refusal(studio("stream", "--bogus", timeout=TIMEOUT), "unrecognized arguments")
    _one_line_refusal(studio("streem", timeout=TIMEOUT), "invalid choice: 'streem'")


def test_the_ranges_own_ends_are_taken():
    parser = build_parser()
    stream = parser.parse_args(
        ["stream", "--bitrate", "50000", "--duration", "604800", "--fps", "60", "--canvas",
         "720x1280"]
    )  # fmt: skip
    assert (stream.bitrate, stream.duration, stream.fps, stream.canvas) == (
        50000,
        604800.0,
        60,
        (720, 1280),
    )
    assert parser.parse_args(["stream", "--bitrate", "200", "--duration", "0.5"]).bitrate == 200
    bench = parser.parse_args(["bench", "--seconds", "86400", "--products", "10", "--chat", "0"])
    assert (bench.seconds, bench.products, bench.chat, bench.canvas) == (
        86400.0,
        10,
        0,
        (720, 1280),
    )
    assert parser.parse_args(["bench", "--chat", "10000", "--bitrate", "+2500"]).chat == 10000


@pytest.mark.parametrize("index", ["99999999999999999999", "64", "٣"])
def test_a_camera_number_out_of_range_is_one_line(index: str, tmp_path: Path):
    record = tmp_path / "x.mkv"
    run = studio("stream", "--source", f"camera:{index}", "--record", str(record), timeout=TIMEOUT)
    _one_line_refusal(run, "a local camera's number is 0 to 63")
    assert not record.exists()


def test_a_profile_given_before_the_command_is_the_streams_too():
    """`studio --profile FILE stream` reads FILE, as `studio stream --profile FILE` does."""
    parser = build_parser()
    assert parser.parse_args(["--profile", "a.json", "stream"]).profile == "a.json"
    assert parser.parse_args(["stream", "--profile", "b.json"]).profile == "b.json"
    assert parser.parse_args(["stream"]).profile is None
