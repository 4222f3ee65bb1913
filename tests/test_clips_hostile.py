"""Clips from bad input: broken, oversized or foreign timelines, explanations past the end, a
recording torn by a crash, no timeline at all, a disk that fills up and an export stopped half
way. Each is a clear one-line message (naming the file) or clips up to what really plays."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from clip_pictures import RecordedShow, frame_codes, record_show

from studio.chat.events import ChatEvent
from studio.chat.rates import ChatRates
from studio.clips.errors import Cancelled, ClipsError
from studio.clips.export import export_clips
from studio.clips.names import safe_name
from studio.clips.plan import FIXED_CLIP_S, plan_clips
from studio.clips.reaction import RoomSecond, read_room, spikes
from studio.clips.recording import read_recording
from studio.clips.timeline import MAX_BYTES, read_timeline, timeline_path_for
from studio.session_log import log_path_for

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 6.0


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> RecordedShow:
    return record_show(tmp_path_factory.mktemp("rec"), SECONDS)


@pytest.fixture
def show(recorded: RecordedShow, tmp_path: Path) -> Path:
    """A copy of the recording, alone in a folder of its own."""
    path = tmp_path / "show.mkv"
    shutil.copyfile(recorded.path, path)
    return path


def _timeline(recording: Path, entries: object, owner: str | None = None) -> Path:
    path = timeline_path_for(recording)
    data = {"recording": owner or recording.name, "entries": entries}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _entry(product: str, start: object, end: object, name: str = "") -> dict[str, object]:
    return {"product": product, "name": name or product, "role": "", "start_s": start, "end_s": end}


def _studio(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def file_size_limit() -> None:  # a full disk for this child only
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
        preexec_fn=file_size_limit,
    )


BAD = {
    "not JSON": (b"{not json", "is not a readable timeline: Expecting property name"),
    "not UTF-8": (b'\xff\xfe{"recording": 1}', "is not a timeline: it is not UTF-8 text"),
    "no entries": (b"[]", 'is not a timeline: it has no "entries" list'),
    "no owner": (b'{"entries": []}', "does not say which recording it belongs to"),
    "nested": (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
}
BAD_ENTRIES = {
    "start is text": (_entry("A", "abc", 2), "entry 1: start_s is not a number of seconds"),
    "start is true": (_entry("A", True, 2), "entry 1: start_s is not a number of seconds"),
    "start negative": (_entry("A", -1, 2), "entry 1: start_s is negative"),
    "no start": (_entry("A", None, 2), "entry 1: start_s is missing"),
    "backwards": (_entry("A", 3, 1), "entry 1: it ends (1 s) before it starts (3 s)"),
    "no product": ({"start_s": 1, "end_s": 2}, "entry 1: the product id is missing or not text"),
    "name a list": (
        {**_entry("A", 1, 2), "name": ["x"]},
        "entry 1: name is not text (at most 500 characters)",
    ),
    "not an object": ("A", "entry 1: not an object"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_broken_timeline_is_refused_naming_the_file(show: Path, case: str) -> None:
    content, message = BAD[case]
    path = timeline_path_for(show)
    path.write_bytes(content)
    with pytest.raises(ClipsError) as caught:
        read_timeline(show)
    assert str(caught.value) == f"{path} {message}" or (
        str(path) in str(caught.value) and message in str(caught.value)
    )


@pytest.mark.parametrize("case", list(BAD_ENTRIES))
def test_a_bad_entry_is_refused_naming_it(show: Path, case: str) -> None:
    entry, message = BAD_ENTRIES[case]
    path = _timeline(show, [_entry("ok", 0.5, 1.5), entry])
    with pytest.raises(ClipsError) as caught:
        read_timeline(show)
    assert str(caught.value) == f"{path}, {message.replace('entry 1', 'entry 2')}"


def test_nan_and_oversized_timelines_are_refused(show: Path) -> None:
    path = timeline_path_for(show)
    path.write_text('{"recording": "show.mkv", "entries": [{"product": "A", "start_s": NaN}]}')
    with pytest.raises(ClipsError, match="start_s is not a number"):
        read_timeline(show)
    path.write_bytes(b" " * (MAX_BYTES + 1) + b"{}")
    with pytest.raises(ClipsError, match=r"is too big for a timeline \(4.2 MB; at most 4 MB\)"):
        read_timeline(show)


def test_the_command_says_what_is_wrong_in_one_line(show: Path) -> None:
    _timeline(show, [_entry("A", 1, 2)], owner="yesterday.mkv")
    done = _studio("clips", str(show))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"studio: error: {timeline_path_for(show)} is the timeline of yesterday.mkv, not of "
        "show.mkv: its times would cut the wrong moments"
    ]
    missing = _studio("clips", str(show.with_name("gone.mkv")))
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == [
        f"studio: error: no such recording: {show.parent}/gone.mkv"
    ]
    not_video = show.with_name("notes.mkv")
    not_video.write_text("not a video")
    broken = _studio("clips", str(not_video))
    assert broken.returncode == 2 and len(broken.stderr.splitlines()) == 1
    assert "cannot be read as a video" in broken.stderr and "Traceback" not in broken.stderr


def test_explanations_past_the_end_are_clipped_or_left_out(show: Path) -> None:
    _timeline(show, [_entry("A", 1.0, 2.5), _entry("B", 4.0, 60.0), _entry("C", 30.0, 40.0)])
    plan = plan_clips(show)
    last = plan.recording.last_s
    assert [(c.product, c.start_s, c.end_s) for c in plan.clips] == [
        ("A", 1.0, 2.5),
        ("B", 4.0, last),
    ]
    ends = f"0:{int(last):02d}"
    assert plan.notices == [
        f"B cut short at {ends}, where the recording ends",
        f"C (0:30) starts after the recording's last playable second ({ends}): left out",
    ]
    _timeline(show, [_entry("C", 30.0, 40.0)])
    with pytest.raises(ClipsError, match=r"no explanation in show\.timeline\.json falls within"):
        plan_clips(show)


def test_a_recording_torn_by_a_crash_gives_clips_up_to_its_last_playable_second(
    show: Path, tmp_path: Path
) -> None:
    whole = show.read_bytes()
    torn = show.with_name("torn.mkv")
    torn.write_bytes(whole[: len(whole) * 6 // 10])  # cut mid-cluster, as a power cut leaves it
    info = read_recording(torn)
    assert info.claimed_s is not None and info.claimed_s > SECONDS - 0.5  # the header lies
    codes = frame_codes(torn)
    assert info.last_s == pytest.approx(codes[-1][0] + 1 / 30, abs=0.05)
    assert 2.0 < info.last_s < info.claimed_s - 1.0
    _timeline(torn, [_entry("A", 0.5, SECONDS)])
    plan = plan_clips(torn)
    (clip,) = plan.clips
    assert clip.end_s == info.last_s and plan.notices[0].startswith("A cut short at")
    (done,) = export_clips(plan, tmp_path / "out").done
    # The clip's last picture is the last one the torn recording plays.
    assert frame_codes(done.file)[-1][1] == codes[-1][1]


def test_without_a_timeline_clips_are_offered_by_time(show: Path, tmp_path: Path) -> None:
    plan = plan_clips(show)
    assert not plan.has_timeline and not plan.has_room
    assert plan.notices == [
        "no timeline beside show.mkv (show.timeline.json): no room figures either, so "
        f"offering clips of {FIXED_CLIP_S:g} s by time"
    ]
    (clip,) = plan.clips
    assert (clip.kind, clip.start_s, clip.end_s) == ("time", 0.0, plan.recording.last_s)
    out = tmp_path / "out"
    done = _studio("clips", str(show), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("studio: no timeline beside show.mkv")
    assert sorted(p.name for p in out.iterdir()) == ["1 Clip 0-00.jpg", "1 Clip 0-00.mp4"]


def test_a_full_disk_removes_the_clip_in_hand_and_keeps_the_finished(
    show: Path, tmp_path: Path
) -> None:
    _timeline(show, [_entry("A", 0.6, 1.6, "Short"), _entry("B", 2.0, 5.5, "Long")])
    sizes = {
        d.clip.product: d.file.stat().st_size
        for d in export_clips(plan_clips(show), tmp_path / "all").done
    }
    covers = [p.stat().st_size for p in (tmp_path / "all").glob("*.jpg")]
    limit = (sizes["A"] + sizes["B"]) // 2
    assert max(sizes["A"], *covers) < limit < sizes["B"], (sizes, covers)
    out = tmp_path / "full"
    done = _studio("clips", str(show), "--out", str(out), limit=limit)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"studio: error: the disk is full: 2 Long.mp4 was not written; 1 clip kept in {out}"
    ]
    assert sorted(p.name for p in out.iterdir()) == ["1 Short.jpg", "1 Short.mp4"]
    assert len(frame_codes(out / "1 Short.mp4")) >= 25


def test_stopping_an_export_removes_the_clip_in_hand(show: Path, tmp_path: Path) -> None:
    _timeline(show, [_entry("A", 0.6, 1.6), _entry("B", 2.0, 5.5)])
    plan = plan_clips(show)
    stop = threading.Event()

    def progress(fraction: float, clip: object) -> None:
        if getattr(clip, "product", "") == "B" and fraction > 0.4:
            stop.set()

    out = tmp_path / "out"
    result = export_clips(plan, out, progress=progress, cancel=stop)
    assert isinstance(result.stopped, Cancelled)
    assert [d.clip.product for d in result.done] == ["A"]
    assert sorted(p.name for p in out.iterdir()) == ["1 A.jpg", "1 A.mp4"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Tea: "Longjing" <500g>', "Tea_ _Longjing_ _500g_"),
        ("a/b\\c|d?e*f", "a_b_c_d_e_f"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("scarf. . ", "scarf"),
        ("line\nbreak\ttab", "line break tab"),
        ("???", "clip"),
        ("", "clip"),
        ("丝巾" * 100, "丝巾" * 20),  # 120 bytes of UTF-8 at most
    ],
)
def test_product_names_become_file_names_every_system_takes(text: str, name: str) -> None:
    assert safe_name(text) == name
    assert len(safe_name(text).encode()) <= 120


def test_the_room_counts_gifts_and_each_second_exactly() -> None:
    rates = ChatRates()

    def event(kind: str, n: int, text: str = "", amount: int = 1) -> ChatEvent:
        return ChatEvent(kind, "douyin", "u", text, 0.0, f"{kind}{n}", amount=amount)  # type: ignore[arg-type]

    rates.count([event("comment", 1, "多少钱？"), event("comment", 2, "好看")], now=100.2)
    rates.count([event("gift", 3, amount=5), event("like", 4, amount=9)], now=100.7)
    rates.count([event("comment", 5, "hi")], now=101.5)
    assert rates.last_second(now=101.1) == (2, 1, 5)
    assert rates.last_second(now=102.0) == (1, 0, 0)
    assert rates.last_second(now=110.0) == (0, 0, 0)
    assert rates.totals() == (3, 1, 5)
    figures = rates.figures(now=102.0)
    assert figures["gifts_per_min"] == 5 and figures["comments_total"] == 3
    assert figures["comments_per_s"] == 1 and figures["questions_total"] == 1


def test_an_older_log_is_read_as_a_rate_and_torn_lines_are_skipped(show: Path) -> None:
    lines = [{"t": 0, "elapsed": 0.0, "type": "event", "event": "start"}]
    for s in range(1, 7):
        chat = {
            "comments_per_min": 60,
            "questions_per_min": 6,
            "rooms": {"douyin": {"viewers": 10 * s}},
        }
        lines.append({"t": s, "elapsed": float(s), "type": "stats", "chat": chat})
    text = "\n".join(json.dumps(line) for line in lines) + '\n{"t": 7, "elapsed": 7.0, "ty'
    log_path_for(show).write_text(text)
    room = read_room(show)
    assert room is not None and len(room) == 6
    assert [s.viewers for s in room] == [10, 20, 30, 40, 50, 60]
    assert sum(s.comments for s in room) == pytest.approx(6.0)
    assert sum(s.questions for s in room) == pytest.approx(0.6)


def test_spikes_outside_the_explanations_become_highlights() -> None:
    room = [
        RoomSecond(float(t), 8.0 if 300 <= t < 310 or 150 <= t < 160 else 0.5, 0.0, 0.0, None)
        for t in range(1, 601)
    ]
    found = spikes(room, busy=[(100.0, 200.0)], last_s=600.0)
    assert len(found) == 1  # the one inside the explanation is the explanation's own
    start, end = found[0]
    assert start <= 300 and end >= 310 and end - start <= 50
