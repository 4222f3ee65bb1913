"""The clips window (切片) on real recordings made by the engine: it lists the clips with their
thumbnail, product, length and the room's reaction, best first; plays one; exports the chosen
ones to a folder in the background worker with a progress bar; asks before exporting while live
(or waits for the show to end); stops an export, and survives a full disk, removing the clip in
hand and keeping the finished ones; offers clips by the room's reaction or by time for a
recording without a usable timeline. The window offers the clips after a recording stops."""

from __future__ import annotations

import json
import resource
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import psutil
import pytest
from clip_pictures import LoggedRoom, RecordedShow, frame_codes, record_show
from keyrings import memory_keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from servers import RtmpServer
from windows import WindowHarness

from studio.chat.events import ChatEvent, viewers_event
from studio.clips.plan import PlannedClip
from studio.clips.timeline import timeline_path_for
from studio.commerce.product import Product
from studio.commerce.run_of_show import RunOfShow, ShowItem
from studio.demo import first_run_profile
from studio.profile import DestinationSettings, Profile
from studio.session import StudioSession
from studio.session_log import log_path_for
from studio.ui.clips_dialog import ClipsDialog, LiveQuestion
from studio.ui.clips_model import REACTION, TITLE

SECONDS = 9.0
NAMES = {"A": "丝巾 Silk scarf", "B": "龙井茶"}
BUSY = (4.5, 7.0)  # the room comes alive during B
WAIT_MS = 60_000  # a loaded 2-core machine: the worker's start and the encode take their time


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> RecordedShow:
    """A show recorded by the engine, with the run-of-show's timeline (A, then B) and the
    session log of a room that asked about B."""
    folder = tmp_path_factory.mktemp("show")
    room = LoggedRoom(folder / "show.mkv")
    said = [0]

    def during(t: float) -> None:
        if room.begin():
            room.sink([viewers_event("douyin", 1.0, 80)])
        if t >= BUSY[0]:
            share = min(1.0, (t - BUSY[0]) / (BUSY[1] - BUSY[0]))
            while said[0] < int(20 * share):
                n = said[0]
                text = "多少钱？" if n % 2 else "好看"
                room.sink([ChatEvent("comment", "douyin", f"buyer{n}", text, 0.0, f"c{n}")])
                said[0] += 1
        if t >= 6.0:  # viewers came while B was explained
            room.sink([viewers_event("douyin", 2.0, 120)])
        room.sample(t)

    show = record_show(folder, SECONDS, during)
    room.stop()
    run = RunOfShow([ShowItem("A"), ShowItem("B")])
    run.go(0, show.origin + 0.8, NAMES["A"])
    run.go(1, show.origin + 4.2, NAMES["B"])
    run.save_timeline(show.path, now=show.origin + 8.5, origin=show.origin)
    return show


@pytest.fixture
def show(recorded: RecordedShow, tmp_path: Path) -> Path:
    """The recording with its timeline and log, in a folder of its own."""
    folder = tmp_path / "show"
    folder.mkdir()
    for path in recorded.path.parent.iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    return folder / "show.mkv"


@pytest.fixture
def session() -> StudioSession:
    """A studio not live (its engine not started): the clips window only asks it that."""
    return StudioSession(_profile())


def _profile() -> Profile:
    """The first-run profile with the show's products: "Burn in the product card" draws
    theirs, on every picture (the recording has no card: each clip is then re-encoded whole,
    slow enough for a test to stop it in the act)."""
    profile = first_run_profile(False, camera="synthetic")
    profile.catalog = [Product(p, name, Decimal("99")).to_dict() for p, name in NAMES.items()]
    return profile


def _open(qtbot: QtBot, session: StudioSession, recording: Path, out: Path) -> ClipsDialog:
    dialog = ClipsDialog(session, recording)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    dialog.folder = out
    dialog.folder_label.set_full_text(str(out))
    return dialog


def _titles(dialog: ClipsDialog) -> list[str]:
    return [dialog.model.data(dialog.model.index(i, TITLE)) for i in range(len(dialog.model.rows))]


def _choose(dialog: ClipsDialog, titles: list[str]) -> None:
    model = dialog.model
    for i, row in enumerate(model.rows):
        wanted = Qt.CheckState.Checked if row.title in titles else Qt.CheckState.Unchecked
        model.setData(model.index(i, TITLE), wanted.value, Qt.ItemDataRole.CheckStateRole)


def _export(qtbot: QtBot, dialog: ClipsDialog) -> list[int]:
    """Click export and wait for its end; the progress bar's values on the way."""
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job == "export"
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    return values


def test_the_clips_of_a_real_recording_are_listed_best_first(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    dialog = _open(qtbot, session, show, tmp_path / "out")
    assert _titles(dialog) == [NAMES["B"], NAMES["A"]]  # the room reacted to B
    assert dialog.message.text() == "Clips of show.mkv: 2, the ones the room reacted to most first."
    b, a = dialog.model.rows
    assert a.clip.length_s == pytest.approx(3.4, abs=0.05)
    assert dialog.model.data(dialog.model.index(1, 1)) == "0:03"
    reaction = dialog.model.data(dialog.model.index(0, REACTION))
    assert "questions/min" in reaction and "viewers +40" in reaction
    assert b.clip.reaction is not None and b.clip.reaction.questions_per_min > 0
    qtbot.waitUntil(lambda: all(r.thumb is not None for r in dialog.model.rows), timeout=WAIT_MS)
    assert b.thumb is not None and (b.thumb.width(), b.thumb.height()) == (54, 96)
    assert dialog.export_button.isEnabled() and not dialog.stop_button.isEnabled()


def test_a_clip_plays_in_the_window(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    dialog = _open(qtbot, session, show, tmp_path / "out")
    dialog.table.selectRow(1)  # A: 3.4 s of the recording
    ended: list[str] = []
    dialog.player.ended.connect(ended.append)
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    assert dialog.play_button.text() == "Stop playing"
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    assert ended == [""]
    # Paced at the clip's rate: most of its 3.4 s x 30 pictures shown, none past its end.
    assert 30 <= dialog.player.frames_shown <= 3.4 * 30 + 1
    picture = dialog.preview.pixmap()
    assert not picture.isNull() and (picture.width(), picture.height()) == (216, 384)
    assert dialog.play_button.text() == "Play"


def test_the_chosen_clips_are_exported_to_the_folder_with_progress(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog = _open(qtbot, session, show, out)
    assert dialog.choose_all_box.isChecked()
    _choose(dialog, [NAMES["A"]])
    assert not dialog.choose_all_box.isChecked()  # one is not chosen now
    values = _export(qtbot, dialog)
    assert values == sorted(values) and values[-1] == 1000 and len(values) >= 3
    (a,) = [r for r in dialog.model.rows if r.title == NAMES["A"]]
    assert a.state == "done" and a.file is not None and a.file.parent == out
    assert sorted(p.name for p in out.iterdir()) == [
        f"{a.clip.number} 丝巾 Silk scarf.{x}" for x in ("jpg", "mp4")
    ]
    assert dialog.status_line.text() == f"Clips exported: 1, in {out}."
    codes = frame_codes(a.file)
    assert len(codes) >= 90  # 3.4 s at 30 fps, from the picture itself
    assert dialog.model.data(dialog.model.index(1, 3)) == "exported"
    dialog.table.selectRow(1)
    assert dialog.open_button.isEnabled()  # the system's player, for the exported file


def test_stopping_an_export_removes_the_clip_in_hand_and_keeps_the_finished(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog = _open(qtbot, session, show, out)
    # A first (the shorter), then B: stopped as soon as B is under way.
    dialog.model.rows.reverse()
    dialog.card_box.setChecked(True)

    b_number = dialog.model.rows[1].clip.number

    def stop_in_b(_value: int) -> None:
        if dialog.exporting.get("in_hand") == b_number and dialog.job == "export":
            dialog.stop_export()

    dialog.progress.valueChanged.connect(stop_in_b)
    _export(qtbot, dialog)
    a, b = dialog.model.rows
    assert (a.state, b.state) == ("done", "failed")
    assert sorted(p.name for p in out.iterdir()) == [
        f"{a.clip.number} {a.title}.jpg",
        f"{a.clip.number} {a.title}.mp4",
    ]
    assert dialog.status_line.text() == (
        f"Export stopped: the clip being written was removed. Clips finished and kept: 1, in {out}."
    )
    assert dialog.export_button.isEnabled()


def test_a_full_disk_is_said_plainly_and_the_finished_clips_are_kept(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog = _open(qtbot, session, show, out)
    dialog.model.rows.reverse()  # A (short) first, then B
    first = _export(qtbot, dialog)
    assert first[-1] == 1000
    sizes = {r.title: r.file.stat().st_size for r in dialog.model.rows if r.file}
    covers = [p.stat().st_size for p in out.glob("*.jpg")]
    limit = (sizes[NAMES["A"]] + sizes[NAMES["B"]]) // 2
    assert max(sizes[NAMES["A"]], *covers) < limit < sizes[NAMES["B"]], (sizes, covers)
    full = tmp_path / "full"
    dialog.folder = full
    # A full disk for the worker alone: the limit it is started with, then this process's back.
    before_signal = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    before = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, before[1]))
    try:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)
        signal.signal(signal.SIGXFSZ, before_signal)
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    a, b = dialog.model.rows
    assert (a.state, b.state) == ("done", "failed")
    assert sorted(p.name for p in full.iterdir()) == [
        f"{a.clip.number} {a.title}.jpg",
        f"{a.clip.number} {a.title}.mp4",
    ]
    assert dialog.message.text() == (
        f"The disk is full: {NAMES['B']} was not finished and was removed. Clips finished and "
        f"kept: 1, in {full}. Free some space and export the rest."
    )


def test_a_recording_without_a_timeline_offers_clips_by_the_rooms_reaction_or_by_time(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    timeline_path_for(show).unlink()
    # The room's burst fills most of this short show: no moment stands out from the rest.
    dialog = _open(qtbot, session, show, tmp_path / "out")
    assert dialog.message.text() == (
        "show.mkv has no timeline, and the room had no stand-out moment: here are clips of a "
        "minute each, by time."
    )
    assert [r.clip.kind for r in dialog.model.rows] == ["time"]
    assert _titles(dialog) == ["0:00 to 0:09"]
    values = _export(qtbot, dialog)
    assert values[-1] == 1000
    assert (tmp_path / "out" / "1 0_00 to 0_09.mp4").is_file()  # ':' is not in file names
    log_path_for(show).unlink()
    dialog.open_recording(show)
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    assert dialog.message.text() == (
        "show.mkv has no timeline and no record of the room: here are clips of a minute each, "
        "by time."
    )
    highlight = PlannedClip(2, "highlight", "", "Highlight 1-05", 65.0, 95.0, None)
    assert dialog.title_of(highlight) == "Highlight at 1:05"  # in the window's language


def test_a_timeline_of_another_recording_is_refused_and_clips_without_it_offered(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    path = timeline_path_for(show)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["recording"] = "2026-05-01 20-00-00.mkv"
    path.write_text(json.dumps(data), encoding="utf-8")
    dialog = _open(qtbot, session, show, tmp_path / "out")
    head, detail = dialog.message.text().split("\n")
    assert head == "The timeline beside this recording cannot be used."
    assert "is the timeline of 2026-05-01 20-00-00.mkv, not of show.mkv" in detail
    assert not dialog.model.rows and not dialog.export_button.isEnabled()
    assert dialog.without_timeline_button.isVisible()
    qtbot.mouseClick(dialog.without_timeline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    assert [r.clip.kind for r in dialog.model.rows] == ["time"]
    assert not dialog.without_timeline_button.isVisible()
    assert dialog.message.styleSheet() == ""  # the problem is over: no longer in red


@pytest.fixture
def live_session(rtmp_server: RtmpServer) -> Iterator[StudioSession]:
    """A studio live to a real RTMP server."""
    with memory_keyring():
        profile = _profile()
        profile.canvas.width, profile.canvas.height = 360, 640
        profile.encoder.preset, profile.encoder.bitrate_kbps = "ultrafast", 600
        profile.audio_sources = []
        session = StudioSession(profile)
        url = rtmp_server.url("testkey")
        server, _, _key = url.rpartition("/")
        session.save_destination(DestinationSettings("Test", "custom", server), key="testkey")
        session.open()
        try:
            session.outputs.start_streaming()
            yield session
        finally:
            session.close()


def _answer(dialog: ClipsDialog, choice: str) -> list[QDialog]:
    asked: list[QDialog] = []

    def run(question: QDialog) -> int:
        asked.append(question)
        assert isinstance(question, LiveQuestion)
        if choice == "cancel":
            question.reject()
        else:
            question.choose(choice)
        return question.result()

    dialog.run_modal = run
    return asked


def test_while_live_the_export_asks_first_and_can_wait_for_the_show_to_end(
    qtbot: QtBot, live_session: StudioSession, rtmp_server: RtmpServer, show: Path, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: "testkey" in rtmp_server.published_keys(), timeout=15000)
    out = tmp_path / "out"
    dialog = _open(qtbot, live_session, show, out)
    _choose(dialog, [NAMES["A"]])
    asked = _answer(dialog, "cancel")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and not dialog.job and not out.exists()
    assert "exporting now may slow the show" in asked[0].findChild(type(dialog.message)).text()
    asked = _answer(dialog, "later")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and not dialog.job and dialog.queued is not None
    assert dialog.status_line.text() == "The export starts when the show ends."
    assert not dialog.export_button.isEnabled() and dialog.stop_button.isEnabled()
    qtbot.wait(1500)
    assert not dialog.job and not out.exists()  # still live: still waiting
    live_session.outputs.stop_streaming()
    qtbot.waitUntil(lambda: dialog.job == "export", timeout=5000)
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    assert [p.suffix for p in sorted(out.iterdir())] == [".jpg", ".mp4"]


class _Recording(WindowHarness):
    """Windows that record into the test's folder."""

    def profile(self):  # type: ignore[no-untyped-def]
        profile = first_run_profile(False, camera="synthetic")
        profile.canvas.width, profile.canvas.height = 360, 640
        profile.encoder.preset, profile.encoder.bitrate_kbps = "ultrafast", 600
        profile.audio_sources = []
        profile.recording.folder = str(self.tmp_path / "recordings")
        return profile


@pytest.fixture
def studio_harness() -> Callable[..., WindowHarness]:
    return _Recording


def test_after_a_recording_stops_the_window_offers_its_clips(
    studio: _Recording, qtbot: QtBot
) -> None:
    window = studio.show(StudioSession(studio.profile()))
    action = window.findChild(type(window.record_action), "clipsAction")
    assert action is not None and action.text() == "&Clips…"
    assert action in window.file_menu.actions()
    action.trigger()  # nothing recorded yet: the window opens on no recording
    first = window.clips_control.dialog
    assert first is not None and first.isVisible() and first.recording is None
    assert not first.export_button.isEnabled() and not first.model.rows
    first.close()
    window.toggle_recording()
    qtbot.wait(2500)
    window.toggle_recording()
    offer = window.clips_control.offer_widget
    qtbot.waitUntil(offer.isVisible, timeout=15000)
    recording = window.session.recording_path
    assert recording is not None and offer.recording == recording
    qtbot.mouseClick(offer.open_button, Qt.MouseButton.LeftButton)
    dialog = window.clips_control.dialog
    assert dialog is first and dialog.isVisible() and not offer.isVisible()  # one clips window
    qtbot.waitUntil(lambda: not dialog.job and bool(dialog.model.rows), timeout=WAIT_MS)
    assert dialog.recording == recording
    assert [r.clip.kind for r in dialog.model.rows] == ["time"]
    assert dialog.message.text().endswith("here are clips of a minute each, by time.")


def test_an_export_started_before_going_live_waits_while_live(
    qtbot: QtBot, live_session: StudioSession, rtmp_server: RtmpServer, show: Path, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: "testkey" in rtmp_server.published_keys(), timeout=15000)
    live_session.outputs.stop_streaming()
    out = tmp_path / "out"
    dialog = _open(qtbot, live_session, show, out)
    dialog.model.rows.reverse()  # A first, then B, each re-encoded with its card
    dialog.card_box.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job == "export"  # not live: no question
    live_session.outputs.start_streaming()  # the merchant goes live while it works
    qtbot.waitUntil(lambda: dialog.exporting.get("held", False), timeout=WAIT_MS)
    assert dialog.status_line.text() == "You went live: the export waits until the show ends."
    worker = dialog.worker
    assert worker is not None and worker.process is not None
    held = psutil.Process(worker.process.pid)

    def cpu() -> float:
        return sum(held.cpu_times()[:2])

    # What it had in hand (a picture, a cover) finishes; then it waits, using no processor.
    deadline = time.monotonic() + 20
    while True:
        before = cpu()
        qtbot.wait(300)
        if cpu() - before < 0.02:
            break
        assert time.monotonic() < deadline, "the held worker kept working"
    progress = dialog.progress.value()
    qtbot.wait(1500)
    assert held.is_running() and dialog.progress.value() == progress and dialog.job == "export"
    live_session.outputs.stop_streaming()
    qtbot.waitUntil(lambda: not dialog.job, timeout=WAIT_MS)
    assert [r.state for r in dialog.model.rows] == ["done", "done"]
    assert len(list(out.glob("*.mp4"))) == 2 and not list(out.glob("*.part.*"))


def test_a_worker_that_dies_is_said_and_its_unfinished_clip_removed(
    qtbot: QtBot, session: StudioSession, show: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog = _open(qtbot, session, show, out)
    dialog.model.rows.reverse()  # A first, re-encoded with its card: caught in the act
    dialog.card_box.setChecked(True)
    killed: list[int] = []

    def kill(_value: int) -> None:
        worker = dialog.worker
        if not killed and worker is not None and worker.process is not None:
            killed.append(worker.process.pid)
            worker.process.send_signal(signal.SIGKILL)  # a crash of the worker's native code

    dialog.progress.valueChanged.connect(kill)
    _export(qtbot, dialog)
    assert killed
    text = dialog.status_line.text()
    assert text.startswith("The export stopped unexpectedly (exit -9). Clips finished and kept: 0")
    assert list(out.iterdir()) == []  # its .part file too
    assert [r.state for r in dialog.model.rows] == ["failed", ""]
    assert dialog.export_button.isEnabled()


def test_what_the_export_left_out_is_counted_on_its_line_and_read_there(
    qtbot: QtBot, show: Path, tmp_path: Path
) -> None:
    """B left the catalog since the show: its clip is exported without the card, and the
    export's line says there is a note to read (the worker's words, naming the product)."""
    profile = _profile()
    profile.catalog = [p for p in profile.catalog if p["id"] == "A"]
    out = tmp_path / "out"
    dialog = _open(qtbot, StudioSession(profile), show, out)
    dialog.card_box.setChecked(True)
    _export(qtbot, dialog)
    assert {r.state for r in dialog.model.rows} == {"done"}
    assert dialog.status_line.text() == (
        f"Clips exported: 2, in {out}. 1 notes: point at this line to read them."
    )
    tip = dialog.status_line.toolTip().replace("\xa0", " ")  # a tooltip keeps its spaces
    assert f"{NAMES['B']}: not in the catalog now, so no card drawn" in tip
    assert NAMES["A"] not in tip
