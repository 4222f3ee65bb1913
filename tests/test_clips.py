"""Clips of each product's explanation, cut from a real recording made by the engine, with the
timeline written by the run-of-show and the session log written while a live room (comments,
questions, viewers) reacted. Every clip's bounds are checked against its picture: each frame
carries the media-clock time it was captured at (tests/clip_pictures.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import pytest
from clip_pictures import (
    LoggedRoom,
    RecordedShow,
    frame_codes,
    phase,
    read_code,
    record_show,
)
from media import audio_info, probe, video_info

from studio.chat.events import ChatEvent, viewers_event
from studio.clips.export import export_clips
from studio.clips.plan import plan_clips
from studio.clips.recording import read_recording
from studio.clips.timeline import timeline_path_for
from studio.commerce.run_of_show import RunOfShow, ShowItem
from studio.vision.face import DETECTOR, FaceDetector
from studio.vision.models import load_model

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 14.0
TOLERANCE = 0.5  # the issue's: within half a second of the explanation
FRAME = 1 / 30
# The room during the show: a quiet start, then product B draws comments and questions.
QUIET = (2.0, 3.0)  # two comments in this stretch
BUSY = (6.0, 9.0)  # during B
NAMES = {"A": "Silk scarf / 丝巾", "B": '龙井茶 "Longjing"', "C": "Phone case"}


@dataclass
class Show:
    recorded: RecordedShow
    explained: dict[str, tuple[float, float]]  # product -> start, end (recording seconds)

    @property
    def path(self) -> Path:
        return self.recorded.path


def _comment(n: int, text: str) -> ChatEvent:
    return ChatEvent("comment", "douyin", f"buyer{n}", text, 0.0, f"c{n}")


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Show]:
    folder = tmp_path_factory.mktemp("show")
    room = LoggedRoom(folder / "show.mkv")
    said = [0]

    def during(t: float) -> None:
        if room.begin():  # as the studio does: the log starts with the recording
            room.sink([viewers_event("douyin", 1.0, 100)])
        window = BUSY if t >= BUSY[0] else QUIET
        wanted = 2 if window is QUIET else 2 + 24
        share = min(1.0, max(0.0, (t - window[0]) / (window[1] - window[0])))
        due = (2 * share) if window is QUIET else 2 + 24 * share
        while said[0] < min(wanted, int(due)):
            n = said[0]
            asked = window is BUSY and n % 2 == 0
            room.sink([_comment(n, "多少钱？" if asked else "好看")])
            said[0] += 1
        if t >= BUSY[0]:
            room.sink([viewers_event("douyin", 2.0, 150)])
        room.sample(t)

    recorded = record_show(folder, SECONDS, during)
    room.stop()
    keyframes = read_recording(recorded.path).keyframes
    # A starts far from every keyframe (re-encoded), B just after one (copied), C runs past
    # the end of the recording (the show went on after it stopped).
    a = next(
        t / 10 for t in range(8, 30) if min(abs(k - t / 10) for k in keyframes) > TOLERANCE + 0.1
    )
    b = next(k for k in keyframes if k >= 3.5) + 0.2
    explained = {"A": (a, b - 0.4), "B": (b, 11.0), "C": (11.0, SECONDS + 2)}
    run = RunOfShow([ShowItem(p) for p in explained])
    origin = recorded.origin
    for index, (product, (start, _end)) in enumerate(explained.items()):
        run.go(index, origin + start, NAMES[product])
        if product == "A":  # A leaves the screen before B comes on
            run.stop(origin + explained["A"][1])
    run.save_timeline(recorded.path, now=origin + explained["C"][1], origin=origin)
    yield Show(recorded, explained)


def _seconds(code: int, show: Show) -> float:
    """A frame's capture time, in seconds from the recording's start."""
    return code / 1000 - show.recorded.origin


def test_each_product_explained_is_a_clip_within_half_a_second_by_the_picture(
    show: Show, tmp_path: Path
) -> None:
    plan = plan_clips(show.path)
    last = plan.recording.last_s
    assert abs(last - SECONDS) < 0.5, last  # found by decoding
    assert {c.product for c in plan.clips} == {"A", "B", "C"}
    assert all(c.kind == "product" for c in plan.clips)
    ends = f"0:{int(last):02d}"
    assert plan.notices == [f"{NAMES['C']} cut short at {ends}, where the recording ends"]
    result = export_clips(plan, tmp_path)
    assert result.stopped is None and len(result.done) == 3
    modes = {done.clip.product: done.cut.mode for done in result.done}
    # A starts far from a keyframe: its head re-encoded, the rest copied; B starts on one.
    assert modes == {"A": "splice", "B": "copy", "C": modes["C"]}
    recorded = [code for _t, code in frame_codes(show.path)]
    for done in result.done:
        start, end = show.explained[done.clip.product]
        end = min(end, last)
        codes = frame_codes(done.file)
        first_s, last_s = _seconds(codes[0][1], show), _seconds(codes[-1][1], show)
        assert abs(first_s - start) <= TOLERANCE, (done.clip.product, first_s, start)
        assert abs(last_s + FRAME - end) <= TOLERANCE, (done.clip.product, last_s, end)
        times = [_seconds(c, show) for _t, c in codes]
        assert times == sorted(times)  # every frame once, in order
        # The recording's own pictures, each of them, none lost at a splice (a picture the
        # engine repeated appears twice in the recording too).
        mine = [c for _t, c in codes]
        starts = [i for i, c in enumerate(recorded) if c == mine[0]]
        assert any(recorded[i : i + len(mine)] == mine for i in starts), done.cut
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(done.file), "-f", "null", "-"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert decoded.returncode == 0 and decoded.stderr == "", decoded.stderr
        assert done.file.name == f"{done.clip.name}.mp4"
        video, audio = video_info(done.file), audio_info(done.file)
        assert (video["codec"], video["width"], video["height"]) == ("h264", 360, 640)
        assert video["pix_fmt"] == "yuv420p"
        assert (audio["codec"], audio["profile"], audio["sample_rate"]) == ("aac", "LC", 48000)
        head = done.file.read_bytes()[:4096]
        assert b"moov" in head and b"mdat" not in head.split(b"moov")[0]  # faststart
        assert float(probe(done.file)["format"]["duration"]) == pytest.approx(
            end - done.cut.first_s, abs=TOLERANCE
        )
    names = sorted(p.name for p in tmp_path.iterdir())
    numbers = {c.product: c.number for c in plan.clips}
    assert f"{numbers['A']} Silk scarf _ 丝巾.mp4" in names
    assert f"{numbers['B']} 龙井茶 _Longjing_.mp4" in names
    assert not [n for n in names if ".part" in n]


def test_covers_are_sharp_frames_showing_the_host(show: Show, tmp_path: Path) -> None:
    plan = plan_clips(show.path)
    (b,) = [c for c in plan.clips if c.product == "B"]  # long enough for every phase
    (done,) = export_clips(plan, tmp_path, [b]).done
    assert done.cover == tmp_path / f"{b.name}.jpg"
    picture = cv2.imread(str(done.cover))
    assert picture is not None and picture.shape[:2] == (640, 360)
    t = _seconds(read_code(picture), show)
    start, end = show.explained["B"]
    assert start - TOLERANCE <= t <= end
    assert phase(read_code(picture) / 1000) == "sharp"  # not blurred, face not covered
    assert FaceDetector(load_model(DETECTOR, "cpu", 1)).detect(picture)


def test_clips_are_ranked_by_the_rooms_reaction(show: Show) -> None:
    plan = plan_clips(show.path)
    assert plan.has_room
    best = plan.clips[0]
    assert best.product == "B"
    r = best.reaction
    assert r is not None
    length_min = best.length_s / 60
    assert r.comments_per_min * length_min == pytest.approx(24, abs=1)
    assert r.questions_per_min * length_min == pytest.approx(12, abs=1)
    assert (r.viewers_start, r.viewers_end, r.viewers_gained) == (100, 150, 50)
    scores = [c.reaction.score for c in plan.clips if c.reaction]
    assert scores == sorted(scores, reverse=True)
    assert [c.product for c in plan_clips(show.path, top=1).clips] == ["B"]


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def test_the_command_lists_the_best_clip_as_json(show: Show, tmp_path: Path) -> None:
    done = _studio("clips", str(show.path), "--top", "1", "--json", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    (clip,) = report["clips"]
    assert clip["product"] == "B" and clip["name"] == NAMES["B"]
    assert set(clip) >= {"start", "end", "file", "cover", "reaction"}
    assert Path(clip["file"]).is_file() and Path(clip["cover"]).is_file()
    assert clip["reaction"]["questions_per_min"] > 0 and clip["reaction"]["viewers_gained"] == 50
    assert abs(clip["start"] - show.explained["B"][0]) <= TOLERANCE
    assert report["timeline"] is True and report["room"] is True
    assert "cut short" in done.stderr  # C, which is not exported, still said once


def test_the_command_writes_beside_the_recording_by_default(show: Show) -> None:
    done = _studio("clips", str(show.path), "--top", "1")
    assert done.returncode == 0, done.stderr
    folder = show.path.with_name("show clips")
    (line,) = done.stdout.splitlines()
    assert line.startswith(f"{plan_clips(show.path, top=1).clips[0].name}.mp4  ")
    assert "copied" in line and "questions/min" in line
    assert sorted(p.suffix for p in folder.iterdir()) == [".jpg", ".mp4"]
    assert timeline_path_for(show.path).is_file()


def test_no_splice_re_encodes_whole_the_clip_that_would_be_spliced(
    show: Show, tmp_path: Path
) -> None:
    """For a player or platform that refuses a spliced clip: A (far from a keyframe) is
    re-encoded whole, still within half a second of its explanation by the picture; B, which
    starts on a keyframe, is still copied."""
    done = _studio("clips", str(show.path), "--no-splice", "--json", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    clips = {c["product"]: c for c in json.loads(done.stdout)["clips"]}
    assert clips["A"]["mode"] == "encode" and clips["B"]["mode"] == "copy"
    codes = frame_codes(Path(clips["A"]["file"]))
    start, _end = show.explained["A"]
    assert abs(_seconds(codes[0][1], show) - start) <= TOLERANCE
