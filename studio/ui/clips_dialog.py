"""切片 / Clips: the clips of a recording (one per product explained, highlights where the room
came alive), with thumbnail, product, length and the room's reaction, best first; play one;
export the chosen ones to a folder with a progress bar.

Planning and exporting run in the clip worker (studio.clips.background): a process of its own at
the lowest priority for the processor and the disk, so the show keeps 30 fps. While live, an
export starts only when the merchant says so, or waits for the show to end. Not modal: the
merchant goes on with the show while it works; closing the window leaves an export running.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.clips.background import ClipsWorker, export_job, plan_job
from studio.clips.cut import partial_file
from studio.clips.export import default_folder
from studio.clips.plan import PlannedClip
from studio.profile import profile_to_dict
from studio.session import StudioSession
from studio.ui.clips_model import (
    LENGTH,
    REACTION,
    STATE,
    THUMB,
    TITLE,
    ClipRow,
    ClipsModel,
    clock,
)
from studio.ui.clips_player import ClipPlayer
from studio.ui.widgets import PROBLEM_STYLE, ElidedLabel, plain_tooltip

log = logging.getLogger(__name__)
PREVIEW = (216, 384)  # the player's picture: a portrait clip at a fifth of 1080x1920
RECORDINGS = "*.mkv *.mp4 *.mov *.flv"
SHOW_POLL_MS = 1000  # how often an export waiting on the show looks whether it is live


class _Answers(QObject):
    """The worker's answers, from its reader thread to the window's."""

    arrived = Signal(object)


class LiveQuestion(QDialog):
    """Asked before an export while live: now (it may slow the show), after the show, or not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = "cancel"
        self.setWindowTitle(self.tr("Export while live?"))
        text = QLabel(
            self.tr(
                "You are live: exporting now may slow the show. Export now, or when the show ends?"
            ),
            self,
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.later_button = buttons.addButton(
            self.tr("After the show"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.now_button = buttons.addButton(
            self.tr("Export now"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.clicked.connect(lambda: self.choose("later"))
        self.now_button.clicked.connect(lambda: self.choose("now"))
        buttons.rejected.connect(self.reject)
        self.later_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

    def choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class ClipsDialog(QDialog):
    def __init__(
        self, session: StudioSession, recording: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.recording: Path | None = None
        self.folder: Path | None = None
        self.worker: ClipsWorker | None = None
        self.job = ""  # "plan" or "export" while the worker works
        self.queued: list[PlannedClip] | None = None  # an export waiting for the show to end
        self.exporting: dict[str, Any] = {}  # the export in hand: its clips, what came back
        self.problem: tuple[str, str] = ("", "")  # code, text of the last refusal
        self.using_timeline = True  # False: planned without a timeline that could not be used
        # Modal questions go through this (the window's exec_dialog; tests answer them).
        self.run_modal = getattr(parent, "exec_dialog", None) or (lambda d: d.exec())
        self._answers = _Answers(self)
        self._answers.arrived.connect(self._on_answer)
        self.setObjectName("clipsDialog")
        self._build()
        # One look a second at the show while an export waits on it: one queued for after the
        # show starts when it ends; one started before going live is held while live.
        self._show_timer = QTimer(self)
        self._show_timer.setInterval(SHOW_POLL_MS)
        self._show_timer.timeout.connect(self._follow_the_show)
        if recording is not None:
            self.open_recording(recording)
        else:
            self._show_state()

    # --- construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.recording_label = ElidedLabel(self)
        self.choose_recording_button = QPushButton(self)
        self.choose_recording_button.clicked.connect(self.choose_recording)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.without_timeline_button = QPushButton(self)
        self.without_timeline_button.clicked.connect(lambda: self.plan(use_timeline=False))
        self.without_timeline_button.hide()
        self.model = ClipsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setIconSize(THUMB)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (LENGTH, REACTION, STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.play())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_state())
        self.choose_all_box = QCheckBox(self)
        self.choose_all_box.setChecked(True)
        self.choose_all_box.toggled.connect(self.model.choose_all)
        self.model.dataChanged.connect(lambda *_a: self._show_chosen())
        self.card_box = QCheckBox(self)

        self.preview = QLabel(self)
        self.preview.setFixedSize(*PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: black;")
        self.player = ClipPlayer(self)
        self.player.picture.connect(self._show_picture)
        self.player.ended.connect(self._played)
        self.play_button = QPushButton(self)
        self.play_button.clicked.connect(self.toggle_play)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_in_player)

        self.folder_label = ElidedLabel(self)
        self.choose_folder_button = QPushButton(self)
        self.choose_folder_button.clicked.connect(self.choose_folder)
        self.open_folder_button = QPushButton(self)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.status_line = QLabel(self)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.setWordWrap(True)
        self.status_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.stop_button = QPushButton(self)
        self.stop_button.clicked.connect(self.stop_export)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        self.recording_caption = QLabel(self)
        top.addWidget(self.recording_caption)
        top.addWidget(self.recording_label, 1)
        top.addWidget(self.choose_recording_button)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.play_button)
        side.addWidget(self.open_button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        ticks = QHBoxLayout()
        ticks.addWidget(self.choose_all_box)
        ticks.addWidget(self.card_box)
        ticks.addStretch(1)
        folder = QHBoxLayout()
        self.folder_caption = QLabel(self)
        folder.addWidget(self.folder_caption)
        folder.addWidget(self.folder_label, 1)
        folder.addWidget(self.choose_folder_button)
        folder.addWidget(self.open_folder_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.without_timeline_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(middle, 1)
        layout.addLayout(ticks)
        layout.addLayout(folder)
        layout.addLayout(bottom)
        layout.addWidget(self.status_line)
        self.resize(880, 600)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Clips"))
        self.recording_caption.setText(self.tr("Recording:"))
        self.choose_recording_button.setText(self.tr("Choose a recording…"))
        self.without_timeline_button.setText(
            self.tr("Clips by the room's reaction or by time instead")
        )
        self.choose_all_box.setText(self.tr("Choose all"))
        self.card_box.setText(self.tr("Burn in the product card"))
        self.card_box.setToolTip(
            self.tr(
                "Draws the product's card where its layer was, on clips whose recording does "
                "not show it already"
            )
        )
        self.open_button.setText(self.tr("Open in the system player"))
        self.folder_caption.setText(self.tr("Export to:"))
        self.choose_folder_button.setText(self.tr("Folder…"))
        self.open_folder_button.setText(self.tr("Open the folder"))
        self.export_button.setText(self.tr("Export the chosen clips"))
        self.stop_button.setText(self.tr("Stop"))
        self.close_button.setText(self.tr("Close"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, STATE)
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the list's titles and messages keep the words they were given
        super().changeEvent(event)

    # --- the recording and its plan ----------------------------------------------------------
    def choose_recording(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a recording"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Recordings (%1)").replace("%1", RECORDINGS))
        folder = Path(self.session.profile.recording.folder).expanduser()
        if folder.is_dir():
            dialog.setDirectory(str(folder))
        if self.run_modal(dialog) and dialog.selectedFiles():
            self.open_recording(Path(dialog.selectedFiles()[0]))

    def open_recording(self, recording: Path) -> None:
        """List the clips of `recording` (planned by the worker); an export in hand goes on."""
        if self.job == "plan" and self.worker is not None:
            self.worker.stop()
        self.player.stop()
        self.recording = recording
        self.folder = default_folder(recording)
        self.recording_label.set_full_text(str(recording))
        self.folder_label.set_full_text(str(self.folder))
        self.plan(use_timeline=True)

    def plan(self, use_timeline: bool) -> None:
        assert self.recording is not None
        self.model.set_clips([])
        self.problem = ("", "")
        self.without_timeline_button.hide()
        self.using_timeline = use_timeline
        self._say(self.tr("Reading the recording…"))
        self._start(plan_job(self.recording, use_timeline, THUMB.width() * 2), "plan")

    def _planned(self, plan: dict[str, Any]) -> None:
        rows = []
        for d in plan.get("clips", []):
            try:
                clip = PlannedClip.from_dict(d)
            except ValueError as exc:
                log.warning("clips: a planned clip left out: %s", exc)
                continue
            rows.append(ClipRow(clip, self.title_of(clip)))
        self.model.set_clips(rows)
        self.choose_all_box.setChecked(True)
        name = self.recording.name if self.recording else ""
        if not rows:
            self._say(self.tr("%1 has nothing to cut a clip from.").replace("%1", name))
        elif not self.using_timeline:
            text = self.tr(
                "Clips of %1 without its timeline: the moments the room reacted to most, or "
                "with none standing out, clips of a minute by time."
            )
            self._say(text.replace("%1", name))
        elif not plan.get("timeline", True):
            if any(r.clip.kind == "highlight" for r in rows):
                text = self.tr(
                    "%1 has no timeline, so the products explained are not known: here are the "
                    "moments the room reacted to most."
                )
            elif plan.get("room"):
                text = self.tr(
                    "%1 has no timeline, and the room had no stand-out moment: here are clips of "
                    "a minute each, by time."
                )
            else:
                text = self.tr(
                    "%1 has no timeline and no record of the room: here are clips of a minute "
                    "each, by time."
                )
            self._say(text.replace("%1", name))
        elif plan.get("room"):
            text = self.tr("Clips of %2: %1, the ones the room reacted to most first.")
            self._say(text.replace("%1", str(len(rows))).replace("%2", name))
        else:
            text = self.tr("Clips of %2: %1, in the order of the show (no record of the room).")
            self._say(text.replace("%1", str(len(rows))).replace("%2", name))
        # What was left out or cut short, and why, in the worker's words (naming the products).
        notices = [str(n) for n in plan.get("notices", []) if isinstance(n, str)]
        self.message.setToolTip(plain_tooltip("\n".join(notices)) if notices else "")
        if rows:
            self.table.selectRow(0)

    def title_of(self, clip: PlannedClip) -> str:
        """The clip's title in the window's language (a product's is its name)."""
        if clip.kind == "highlight":
            return self.tr("Highlight at %1").replace("%1", clock(clip.start_s))
        if clip.kind == "time":
            return (
                self.tr("%1 to %2")
                .replace("%1", clock(clip.start_s))
                .replace("%2", clock(clip.end_s))
            )
        return clip.title

    # --- export ---------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Export the clips to"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        if self.folder is not None and self.folder.parent.is_dir():
            dialog.setDirectory(str(self.folder.parent))
        if self.run_modal(dialog) and dialog.selectedFiles():
            self.folder = Path(dialog.selectedFiles()[0])
            self.folder_label.set_full_text(str(self.folder))

    def live(self) -> bool:
        return self.session.outputs.streaming

    def export(self) -> None:
        """Export the chosen clips; while live, only when the merchant says so (or after)."""
        chosen = self.model.chosen()
        if self.job or self.recording is None:
            return
        if not chosen:
            self._tell(self.tr("Tick the clips to export first."))
            return
        # Named as the list shows them; the room's figures stay here (the export needs none).
        clips = [replace(r.clip, title=r.title, reaction=None) for r in chosen]
        if self.live():
            question = LiveQuestion(self)
            self.run_modal(question)
            if question.choice == "later":
                self.queued = clips
                self._show_timer.start()
                self._tell(self.tr("The export starts when the show ends."))
                self._show_state()
                return
            if question.choice != "now":
                return
            self._export(clips, while_live=True)
            return
        self._export(clips)

    def _follow_the_show(self) -> None:
        if self.job == "export" and self.worker is not None:
            self._hold_while_live()
        elif self.queued is not None:
            if not self.live() and not self.job:
                clips, self.queued = self.queued, None
                self._export(clips)
        else:
            self._show_timer.stop()

    def _export(self, clips: list[PlannedClip], while_live: bool = False) -> None:
        assert self.recording is not None and self.folder is not None
        card = profile_to_dict(self.session.profile) if self.card_box.isChecked() else None
        self.exporting = {"clips": {c.number: c for c in clips}, "done": 0, "notices": []}
        self.status_line.setToolTip("")  # the last export's notices
        self.exporting["while_live"] = while_live  # the merchant said so: it is not held
        self.exporting["in_hand"] = clips[0].number
        for c in clips:
            self.model.mark(c.number, "")
        self.progress.setValue(0)
        self._tell(self.tr("Exporting… (clips chosen: %1)").replace("%1", str(len(clips))))
        self._start(export_job(self.recording, self.folder, clips, card), "export")
        self._show_timer.start()

    def _hold_while_live(self) -> None:
        """Hold the export while the show is live (it was started before), go on after."""
        worker = self.worker
        assert worker is not None
        held = self.exporting.get("held", False)
        if self.live() and not held and not self.exporting.get("while_live"):
            if worker.pause():
                self.exporting["held"] = True
                self._tell(self.tr("You went live: the export waits until the show ends."))
        elif held and not self.live():
            worker.resume()
            self.exporting["held"] = False
            self._tell(self.tr("The show ended: the export goes on."))

    def stop_export(self) -> None:
        if self.queued is not None:
            self.queued = None
            self._tell(self.tr("The export after the show is cancelled."))
        elif self.job == "export" and self.worker is not None:
            self.worker.stop()  # a held worker is let go first, to hear it
            self._tell(self.tr("Stopping…"))
        self._show_state()

    # --- the worker -----------------------------------------------------------------------------
    def _start(self, job: dict[str, Any], kind: str) -> None:
        # Each answer carries its worker: a plan replaced by another one says nothing more.
        worker = ClipsWorker(job, lambda answer: self._answers.arrived.emit((worker, answer)))
        try:
            worker.start()
        except OSError as exc:
            self._refuse(
                "worker", self.tr("The clip worker cannot start: %1").replace("%1", str(exc))
            )
            return
        self.worker, self.job = worker, kind
        self._show_state()

    def _on_answer(self, said: tuple[ClipsWorker, dict[str, Any]]) -> None:
        worker, answer = said
        if worker is not self.worker:
            return
        if "plan" in answer and self.job == "plan":
            self._planned(answer["plan"])
        elif "thumb" in answer:
            try:
                self.model.set_thumb(int(answer["thumb"]), base64.b64decode(answer["jpeg"]))
            except (ValueError, TypeError, KeyError):
                pass  # a picture that does not decode: the row keeps no thumbnail
        elif "progress" in answer:
            self._progress(answer)
            self._hold_while_live()  # at once: the timer's second is a lot of show
        elif "done" in answer:
            self._exported(answer["done"])
        elif "notice" in answer:
            self.exporting.setdefault("notices", []).append(str(answer["notice"]))
        elif "stopped" in answer:
            self.exporting["stopped"] = answer["stopped"]
        elif "error" in answer:
            error = answer["error"] if isinstance(answer["error"], dict) else {}
            self._refuse(str(error.get("code", "")), str(error.get("text", "")))
        if answer.get("end"):
            self._ended(answer)

    def _progress(self, answer: dict[str, Any]) -> None:
        try:
            fraction, number = float(answer["progress"]), int(answer["clip"])
        except (KeyError, TypeError, ValueError):
            return
        clips = self.exporting.get("clips", {})
        self.exporting["in_hand"] = number
        row = self.model.row_of(number)
        if row is not None and self.model.rows[row].state != "done":
            self.model.mark(number, "exporting")
        self.progress.setValue(round(min(1.0, max(0.0, fraction)) * 1000))
        title = self.model.rows[row].title if row is not None else ""
        text = self.tr("Exporting %1 of %2: %3")
        done = self.exporting.get("done", 0)
        self._tell(
            text.replace("%1", str(min(done + 1, len(clips))))
            .replace("%2", str(len(clips)))
            .replace("%3", title)
        )

    def _exported(self, done: dict[str, Any]) -> None:
        try:
            number = int(done["number"])
            file = Path(str(done["file"]))
            cover = Path(str(done["cover"])) if done.get("cover") else None
        except (KeyError, TypeError, ValueError):
            return
        self.exporting["done"] = self.exporting.get("done", 0) + 1
        self.model.mark(number, "done", file, cover)

    def _ended(self, answer: dict[str, Any]) -> None:
        kind, self.job, self.worker = self.job, "", None
        if kind == "export":
            self._export_ended(answer)
        elif kind == "plan" and answer.get("failed") and not self.problem[0]:
            self._refuse(
                "worker",
                self.tr("The clip worker stopped: %1").replace("%1", str(answer["failed"])),
            )
        self._show_state()
        if self.queued is not None:
            self._show_timer.start()

    def _export_ended(self, answer: dict[str, Any]) -> None:
        done = self.exporting.get("done", 0)
        folder = str(self.folder)
        stopped = self.exporting.get("stopped")
        in_hand = self.model.row_of(self.exporting.get("in_hand", -1))
        for r in self.model.rows:
            if r.state == "exporting":
                self.model.mark(r.clip.number, "failed")
        if isinstance(stopped, dict) and stopped.get("code") == "disk_full":
            title = self.model.rows[in_hand].title if in_hand is not None else ""
            text = self.tr(
                "The disk is full: %1 was not finished and was removed. Clips finished and kept: "
                "%2, in %3. Free some space and export the rest."
            )
            self._refuse(
                "disk_full",
                text.replace("%1", title).replace("%2", str(done)).replace("%3", folder),
            )
        elif isinstance(stopped, dict):
            text = self.tr(
                "Export stopped: the clip being written was removed. Clips finished and kept: %1, "
                "in %2."
            )
            self._tell(text.replace("%1", str(done)).replace("%2", folder))
        elif answer.get("failed"):
            self._remove_partial()  # the worker died with it: removed here
            text = self.tr(
                "The export stopped unexpectedly (%1). Clips finished and kept: %2, in %3."
            )
            self._refuse(
                "worker",
                text.replace("%1", str(answer["failed"]))
                .replace("%2", str(done))
                .replace("%3", folder),
            )
        elif not self.problem[0]:
            self.progress.setValue(1000)
            self._tell(
                self.tr("Clips exported: %1, in %2.").replace("%1", str(done)).replace("%2", folder)
            )
        self._show_notices()

    def _show_notices(self) -> None:
        """What the export left out or did otherwise (a clip without its card, covers chosen
        without the face detector), in the worker's words (naming the products): counted on the
        export's line, read by pointing at it."""
        notices = [str(n) for n in self.exporting.get("notices", [])]
        self.status_line.setToolTip(plain_tooltip("\n".join(notices)) if notices else "")
        if notices:
            hint = self.tr("%1 notes: point at this line to read them.")
            text = self.status_line.text()
            gap = "" if text.endswith(("。", "！", "？")) else " "  # no space after a CJK stop
            self._tell(f"{text}{gap}{hint.replace('%1', str(len(notices)))}")

    def _remove_partial(self) -> None:
        clip = self.exporting.get("clips", {}).get(self.exporting.get("in_hand"))
        if clip is None or self.folder is None:
            return
        try:
            partial_file(self.folder / f"{clip.name}.mp4").unlink(missing_ok=True)
        except OSError as exc:
            log.warning("clips: the unfinished clip cannot be removed: %s", exc)

    def _refuse(self, code: str, detail: str) -> None:
        """A problem in the merchant's words, with the worker's one line (naming the file)."""
        heads = {
            "timeline": self.tr("The timeline beside this recording cannot be used."),
            "recording": self.tr("This recording cannot be cut into clips."),
            "folder": self.tr("The clips cannot be written to this folder."),
            "card": self.tr("The product card cannot be drawn."),
            "export": self.tr("The export stopped."),
        }
        head = heads.get(code, "")
        self.problem = (code, detail)
        self.message.setText(f"{head}\n{detail}" if head and detail else head or detail)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.status_line.setText(head or detail)
        self.without_timeline_button.setVisible(code == "timeline")

    def _say(self, text: str) -> None:
        """The recording's line above the list (unless a problem is up there)."""
        if not self.problem[0]:
            self.message.setStyleSheet("")
            self.message.setText(text)

    def _tell(self, text: str) -> None:
        """The export's line below the progress bar."""
        self.status_line.setText(text)

    # --- playing -------------------------------------------------------------------------------
    def selected(self) -> ClipRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def toggle_play(self) -> None:
        if self.player.playing:
            self.player.stop()
            self._show_state()
        else:
            self.play()

    def play(self) -> None:
        """The chosen clip's picture in the preview: the exported file, else the recording."""
        row = self.selected()
        if row is None or self.recording is None:
            return
        if row.file is not None and row.file.is_file():
            self.player.play(row.file, 0.0, row.clip.length_s + 1.0, PREVIEW)
        else:
            self.player.play(self.recording, row.clip.start_s, row.clip.end_s, PREVIEW)
        self._show_state()

    def _show_picture(self, image: QImage) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _played(self, problem: str) -> None:
        if problem:
            self._tell(self.tr("This clip cannot be played: %1").replace("%1", problem))
        self._show_state()

    def open_in_player(self) -> None:
        row = self.selected()
        if row is not None and row.file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(row.file)))

    def open_folder(self) -> None:
        if self.folder is not None and self.folder.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def _show_chosen(self) -> None:
        """ "Choose all" ticked while every clip is, and not otherwise (without choosing)."""
        rows = self.model.rows
        self.choose_all_box.blockSignals(True)
        self.choose_all_box.setChecked(bool(rows) and all(r.chosen for r in rows))
        self.choose_all_box.blockSignals(False)

    # --- state ---------------------------------------------------------------------------------
    def _show_state(self) -> None:
        busy = bool(self.job)
        row = self.selected()
        has_clips = bool(self.model.rows)
        self.export_button.setEnabled(not busy and has_clips and self.queued is None)
        self.stop_button.setEnabled(self.job == "export" or self.queued is not None)
        self.choose_recording_button.setEnabled(self.job != "export")
        self.choose_folder_button.setEnabled(self.job != "export")
        self.play_button.setEnabled(row is not None)
        self.play_button.setText(
            self.tr("Stop playing") if self.player.playing else self.tr("Play")
        )
        self.open_button.setEnabled(row is not None and row.file is not None)
        self.open_folder_button.setEnabled(self.folder is not None and self.folder.is_dir())
        self.progress.setVisible(self.job == "export" or self.progress.value() > 0)

    def closeEvent(self, event) -> None:  # an export goes on: the window only hides
        self.player.stop()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """The studio is closing: stop the worker (its clip in hand removed) and the player."""
        self.player.stop()
        self.queued = None
        if self.worker is not None:
            self.worker.stop()
