"""The first-run set-up: platform, push URL or key, camera, microphone, portrait or landscape.

Shown on first launch, reopened from the File menu, and by "Go live" while there is nowhere to
go live to (at the push URL step). Every step can be skipped; what a step chooses is applied at
once (the camera and microphone run in the studio as they are picked, so the thumbnail and the
meter show the real thing), and the destination is saved through the session as the
destination dialog saves it: the key and a signed push URL go to the keyring, never the profile.

A merchant holding a push URL goes live in five clicks: a platform (which moves on by itself),
Next after pasting, Next past the camera, Next past the microphone, Go live.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio import demo
from studio.broadcast.platforms.registry import PLATFORMS, PlatformPreset, validate_push_url
from studio.capture.devices import Camera, list_cameras
from studio.capture.microphone import list_microphones
from studio.capture.registry import split_spec
from studio.profile import CanvasSettings, DestinationSettings
from studio.scene.resize import shrink
from studio.session import StudioError, StudioSession
from studio.ui import messages
from studio.ui.destination_dialog import chinese_ui, message_label, platform_name, set_message
from studio.ui.meter import LevelMeter
from studio.ui.off_thread import run_off_thread

STEPS = ("platform", "destination", "camera", "microphone", "picture")
THUMB_SIZE = (320, 180)
THUMB_MS = 100  # the camera's thumbnail and the meter, ten times a second
NO_DEVICE = ""  # the combo's data for "no camera" / "no microphone"
# The chosen platform and orientation must show as chosen on every theme (a dark Fusion draws a
# checked button almost as an unchecked one).
CHOSEN_STYLE = "QPushButton:checked { border: 2px solid palette(highlight); font-weight: bold; }"


class SetupWizard(QDialog):
    """`applied`: something changed in the session (the window refreshes its panels and saves
    it: the set-up itself never saves, so a change is written once);
    `go_live_requested`: the last step's "Go live"; `done`: the set-up was finished or skipped.
    `cameras` and `microphones` list the devices (tests give their own); they run on a worker
    thread, since a probe may take seconds."""

    applied = Signal()
    go_live_requested = Signal()

    def __init__(
        self,
        session: StudioSession,
        parent: QWidget | None = None,
        *,
        start_at: str = "platform",
        cameras: Callable[[], list[Camera]] = list_cameras,
        microphones: Callable[[], list[dict]] = list_microphones,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.session = session
        self._list_cameras = cameras
        self._list_microphones = microphones
        self._chinese = chinese_ui()
        self._preset: PlatformPreset = self._first_preset()
        self._cameras: list[Camera] | None = None  # as last found (None: being looked for)
        self._mics: list[dict] | None = None
        self.setMinimumSize(600, 460)  # the camera's thumbnail and its advice, one below the other

        self.title = QLabel()
        self.title.setObjectName("setupTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.step_label = QLabel()
        self.step_label.setProperty("role", "hint")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._platform_page())
        self.pages.addWidget(self._destination_page())
        self.pages.addWidget(self._camera_page())
        self.pages.addWidget(self._microphone_page())
        self.pages.addWidget(self._picture_page())

        self.skip_button = QPushButton()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.finish_button = QPushButton()
        self.live_button = QPushButton()
        self.live_button.setObjectName("goLive")
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.finish_button, self.live_button):
            buttons.addWidget(button)
        self.skip_button.clicked.connect(self.skip)
        self.back_button.clicked.connect(lambda: self.go_to(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.next_step)
        self.finish_button.clicked.connect(lambda: self.finish(go_live=False))
        self.live_button.clicked.connect(lambda: self.finish(go_live=True))

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.step_label)
        self.setStyleSheet(CHOSEN_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)  # the thumbnail and the meter while their step is shown
        self.timer.timeout.connect(self._tick)
        self.retranslate()
        self._look_for_devices()
        self.go_to(STEPS.index(start_at) if start_at in STEPS else 0)

    # --- pages ----------------------------------------------------------------------------------
    def _platform_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.shop_edit = QLineEdit(demo.shop_name(self.session))
        self.shop_edit.setMaxLength(40)
        self.shop_label = QLabel()
        self.shop_label.setBuddy(self.shop_edit)
        form.addRow(self.shop_label, self.shop_edit)
        self.platform_intro = QLabel()
        self.platform_intro.setWordWrap(True)
        grid = QGridLayout()
        self.platform_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(page)
        for i, preset in enumerate(PLATFORMS.values()):
            button = QPushButton()
            button.setObjectName(f"platform_{preset.id}")
            button.setCheckable(True)
            button.setMinimumHeight(40)
            button.setChecked(preset.id == self._preset.id)
            button.clicked.connect(lambda _c=False, p=preset.id: self.choose_platform(p))
            group.addButton(button)
            grid.addWidget(button, i // 3, i % 3)
            self.platform_buttons[preset.id] = button
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.platform_intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        return page

    def _destination_page(self) -> QWidget:
        page = QWidget()
        self.where_label = QLabel()  # where to find the push URL on this platform
        self.where_label.setWordWrap(True)
        self.server_label = QLabel()
        self.server_edit = QLineEdit()
        self.server_edit.setClearButtonEnabled(True)
        self.server_label.setBuddy(self.server_edit)
        self.key_label = QLabel()
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_label.setBuddy(self.key_edit)
        # Always there (empty or not), so that the fields never move while the merchant types.
        self.url_message = QLabel()
        self.url_message.setWordWrap(True)
        self.url_message.setMinimumHeight(self.url_message.fontMetrics().lineSpacing() * 2)
        self.url_message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.secrets_note = QLabel()
        self.secrets_note.setWordWrap(True)
        self.secrets_note.setProperty("role", "hint")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.key_label, self.key_edit)
        form.addRow("", self.url_message)
        layout = QVBoxLayout(page)
        layout.addWidget(self.where_label)
        layout.addLayout(form)
        layout.addWidget(self.secrets_note)
        layout.addStretch(1)
        self.server_edit.textChanged.connect(self._check_destination)
        self.key_edit.textChanged.connect(self._check_destination)
        return page

    def _camera_page(self) -> QWidget:
        page = QWidget()
        self.camera_combo = QComboBox()
        self.camera_combo.setMinimumContentsLength(24)
        self.camera_again = QPushButton()
        self.camera_again.clicked.connect(self._look_for_devices)
        row = QHBoxLayout()
        row.addWidget(self.camera_combo, 1)
        row.addWidget(self.camera_again)
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName("cameraThumbnail")
        self.thumbnail.setFixedSize(*THUMB_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #111;")
        self.camera_message = message_label()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.camera_message)
        layout.addStretch(1)
        self.camera_combo.activated.connect(lambda _i: self._camera_chosen())
        return page

    def _microphone_page(self) -> QWidget:
        page = QWidget()
        self.mic_combo = QComboBox()
        self.mic_combo.setMinimumContentsLength(24)
        self.meter = LevelMeter()
        self.mic_hint = QLabel()
        self.mic_hint.setWordWrap(True)
        self.mic_hint.setProperty("role", "hint")
        self.mic_message = message_label()
        layout = QVBoxLayout(page)
        layout.addWidget(self.mic_combo)
        layout.addWidget(self.meter)
        layout.addWidget(self.mic_hint)
        layout.addWidget(self.mic_message)
        layout.addStretch(1)
        self.mic_combo.activated.connect(lambda _i: self._microphone_chosen())
        return page

    def _picture_page(self) -> QWidget:
        page = QWidget()
        self.portrait_button = QPushButton()
        self.landscape_button = QPushButton()
        group = QButtonGroup(page)
        for button in (self.portrait_button, self.landscape_button):
            button.setCheckable(True)
            button.setMinimumHeight(64)
            group.addButton(button)
        canvas = self.session.profile.canvas
        self.portrait_button.setChecked(canvas.height > canvas.width)
        self.landscape_button.setChecked(canvas.height <= canvas.width)
        row = QHBoxLayout()
        row.addWidget(self.portrait_button)
        row.addWidget(self.landscape_button)
        self.picture_message = message_label()
        self.ready_label = QLabel()
        self.ready_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.picture_message)
        layout.addWidget(self.ready_label)
        layout.addStretch(1)
        return page

    # --- words ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up your live room"))
        self.shop_label.setText(self.tr("Shop name:"))
        self.shop_edit.setPlaceholderText(self.tr("shown on the screen before you start"))
        self.platform_intro.setText(self.tr("Where do you sell live?"))
        for platform_id, button in self.platform_buttons.items():
            button.setText(platform_name(PLATFORMS[platform_id]))
        self.key_label.setText(self.tr("Stream key:"))
        self.camera_again.setText(self.tr("Look again"))
        self.portrait_button.setText(self.tr("Portrait 9:16\n(phones: Douyin, Kuaishou, Taobao)"))
        self.landscape_button.setText(self.tr("Landscape 16:9\n(computers: YouTube, Twitch)"))
        self.skip_button.setText(self.tr("Skip set-up"))
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.finish_button.setText(self.tr("Finish"))
        self.live_button.setText(self.tr("Go live"))
        self.mic_hint.setText(self.tr("Speak: the bar should move. Viewers hear this microphone."))
        self._show_secrets_note()
        self._show_platform()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._chinese = chinese_ui()
            self.retranslate()
            # The device lists' own lines ("No camera: …", "Default microphone (…)") too.
            if self._cameras is not None:
                self._cameras_found(self._cameras, first_found=False)
            if self._mics is not None:
                self._microphones_found(self._mics)
            self.go_to(self.pages.currentIndex())  # the step's title, in the new language
        super().changeEvent(event)

    def _show_secrets_note(self) -> None:
        from studio.secrets import storage

        where = storage()
        if where.kind == "keyring":
            text = self.tr("The push URL and key are kept in the system keyring, not in files.")
        elif where.kind == "file" and where.path is not None:
            text = self.tr("No system keyring: kept in %1, readable only by you.").replace(
                "%1", str(where.path)
            )
        else:
            text = self.tr("No system keyring: the push URL cannot be kept after you quit.")
        self.secrets_note.setText(text)

    def _show_platform(self) -> None:
        preset = self._preset
        name = platform_name(preset)
        help_text = preset.key_help_zh if self._chinese else preset.key_help_en
        self.where_label.setText(
            self.tr("Where to find it on %1: %2").replace("%1", name).replace("%2", help_text)
        )
        whole = preset.whole_push_url
        self.server_label.setText(self.tr("Push URL:") if whole else self.tr("Server:"))
        if whole:
            self.server_edit.setPlaceholderText(self.tr("rtmp://…  (paste the whole push URL)"))
        else:
            self.server_edit.setPlaceholderText(preset.default_server or "rtmp://host/app")
        for widget in (self.key_label, self.key_edit):
            widget.setVisible(not whole)  # hidden, not removed: the URL field keeps its place
        self._check_destination()

    # --- moving between steps -------------------------------------------------------------------
    @property
    def step(self) -> str:
        return STEPS[self.pages.currentIndex()]

    def go_to(self, index: int) -> None:
        index = max(0, min(len(STEPS) - 1, index))
        self.pages.setCurrentIndex(index)
        titles = {
            "platform": self.tr("Which platform?"),
            "destination": self.tr("Push URL for %1").replace("%1", platform_name(self._preset)),
            "camera": self.tr("Camera"),
            "microphone": self.tr("Microphone"),
            "picture": self.tr("Portrait or landscape?"),
        }
        self.title.setText(titles[self.step])
        self.step_label.setText(
            self.tr("Step %1 of %2").replace("%1", str(index + 1)).replace("%2", str(len(STEPS)))
        )
        last = index == len(STEPS) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self.live_button.setVisible(last)
        self._check_destination()  # Next: disabled only on this step while its text is wrong
        if self.step == "destination":
            self.server_edit.setFocus()
        if self.step == "picture":
            self._show_ready()
        if self.step in ("camera", "microphone"):
            self.timer.start(THUMB_MS)
        else:
            self.timer.stop()

    def next_step(self) -> None:
        if self.step == "destination" and not self._save_destination():
            return
        self.go_to(self.pages.currentIndex() + 1)

    def choose_platform(self, platform_id: str) -> None:
        """A platform chosen: the push URL step follows at once (one click, not two)."""
        self._preset = PLATFORMS[platform_id]
        self.platform_buttons[platform_id].setChecked(True)
        portrait = self._preset.portrait
        self.portrait_button.setChecked(portrait)
        self.landscape_button.setChecked(not portrait)
        self._show_platform()
        self.go_to(STEPS.index("destination"))

    def skip(self) -> None:
        """Keep what is set so far and close; the set-up stays in the File menu."""
        self._apply_shop_name()
        self.applied.emit()
        self.reject()

    def finish(self, go_live: bool) -> None:
        self._apply_shop_name()
        if not self._apply_orientation():
            return
        self.applied.emit()
        self.accept()
        if go_live and not self._live():  # the window's Go live toggles: live, it would stop
            self.go_live_requested.emit()

    def _live(self) -> bool:
        return self.session.outputs.streaming

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)

    # --- the destination ------------------------------------------------------------------------
    def _destination_text(self) -> tuple[str, str]:
        """The server or whole push URL, and the key: none where the URL carries it (the key
        field is hidden then, but keeps what was typed for another platform)."""
        key = "" if self._preset.whole_push_url else self.key_edit.text().strip()
        return self.server_edit.text().strip(), key

    def _check_destination(self) -> bool:
        """Whether what is typed can be saved ("" too: the step may be skipped); says why not."""
        server, key = self._destination_text()
        preset = self._preset
        next_ok = True
        if not server and not key:
            set_message(self.url_message, self._empty_hint(), "info")
        elif not server and not preset.default_server:
            set_message(self.url_message, self._empty_hint(), "info")
            next_ok = False
        elif server and (problem := validate_push_url(server)):
            set_message(self.url_message, messages.push_url_problem(problem), "error")
            next_ok = False
        elif not preset.whole_push_url and preset.id != "custom" and not key:
            text = self.tr("Paste the stream key too: the platform refuses the stream without it.")
            set_message(self.url_message, text, "warning")
            next_ok = False
        else:
            set_message(self.url_message, self.tr("Ready."), "info")
        self.url_message.setVisible(True)  # the line keeps its place even when empty
        self.next_button.setEnabled(next_ok or self.step != "destination")
        return next_ok

    def _empty_hint(self) -> str:
        if self._preset.whole_push_url:
            return self.tr("Paste the whole push URL, or skip this step and add it later.")
        if not self._preset.default_server:  # your own server: its address comes first
            return self.tr(
                "Type the server's address (rtmp://…) and its stream key if it has one, or skip "
                "this step and add it later."
            )
        return self.tr("Paste the stream key, or skip this step and add it later.")

    def _save_destination(self) -> bool:
        """The typed destination into the session (the key to the keyring); True when there was
        nothing to save or it was saved."""
        server, key = self._destination_text()
        if not server and not key:
            return True
        if not self._check_destination():
            return False
        preset = self._preset
        name = platform_name(preset)
        dests = self.session.profile.destinations
        # The set-up's destination from before, named in either language (it is renamed).
        existing = next((d for d in dests if d.name == name), None) or next(
            (
                d
                for d in dests
                if d.platform == preset.id and d.name in (preset.name_zh, preset.name_en)
            ),
            None,
        )
        dest = DestinationSettings(name, preset.id, server)
        if existing is not None:  # what the set-up does not ask stays as it was set
            dest.ca_file, dest.adaptive = existing.ca_file, existing.adaptive
        # A whole push URL carries its key: one kept from before would be appended to it.
        stale = existing is not None and existing.key_ref and preset.whole_push_url
        try:
            self.session.save_destination(
                dest,
                key=key or ("" if stale else None),  # None: the key kept from before stays
                replacing=existing.name if existing else None,
            )
        except StudioError as exc:
            set_message(self.url_message, messages.studio_error(exc), "error")
            return False
        self.server_edit.clear()  # kept masked in the profile; a second Next saves nothing
        self.key_edit.clear()
        set_message(self.url_message, self.tr("Saved: %1.").replace("%1", name), "info")
        self.applied.emit()
        return True

    # --- devices --------------------------------------------------------------------------------
    def _look_for_devices(self) -> None:
        self._cameras = self._mics = None
        self.camera_combo.clear()
        self.camera_combo.addItem(self.tr("Looking for cameras…"), None)
        self.camera_combo.setEnabled(False)
        self.camera_again.setEnabled(False)
        self.mic_combo.clear()
        self.mic_combo.addItem(self.tr("Looking for microphones…"), None)
        self.mic_combo.setEnabled(False)
        list_cameras_, list_mics = self._list_cameras, self._list_microphones

        def work() -> tuple[list[Camera], list[dict]]:
            try:
                cameras = list_cameras_()
            except Exception:  # a broken driver must not stop the set-up: none found
                cameras = []
            try:
                mics = list_mics()
            except Exception:
                mics = []
            return cameras, mics

        def found(devices: tuple[list[Camera], list[dict]]) -> None:
            self._cameras_found(devices[0])
            self._microphones_found(devices[1])

        run_off_thread(self, work, found, "setup-devices")

    def _cameras_found(self, cameras: list[Camera], first_found: bool = True) -> None:
        """The cameras in the combo, the one in use chosen; with none in use (the slate) the
        first one found, unless `first_found` is False (the same list, in a new language)."""
        self._cameras = cameras
        combo = self.camera_combo
        combo.clear()
        for camera in cameras:  # numbered as Add source → Camera numbers it: by its own number
            name = camera.name or self.tr("Camera %1").replace("%1", str(camera.index + 1))
            combo.addItem(name, camera.spec)
        combo.addItem(self.tr("No camera: show a “Starting soon” slate"), NO_DEVICE)
        combo.setEnabled(True)
        self.camera_again.setEnabled(True)
        current = demo.chosen_camera(self.session)
        index = combo.findData(current) if current else -1
        kept = bool(current) and index < 0
        if kept:
            # The camera in use is not found now (unplugged, or busy where cameras are found by
            # opening them): it stays the choice, so that opening the set-up (live, even) never
            # swaps it for the slate; its layer shows "Camera reconnecting…" until it is back.
            index = len(cameras)
            combo.insertItem(index, self.tr("The camera in use (not found now)"), current)
        if index < 0:  # none chosen yet: the first one found
            index = 0 if first_found else combo.findData(NO_DEVICE)
        combo.setCurrentIndex(index)
        if combo.currentData() != current:
            self._camera_chosen()
        else:
            self._show_camera_note()

    def _camera_chosen(self) -> None:
        spec = self.camera_combo.currentData()
        if spec is None:
            return
        problems = demo.choose_camera(
            self.session, spec, self._chinese, self.shop_edit.text().strip()
        )
        self._show_camera_note(problems)
        self.applied.emit()

    def _show_camera_note(self, problems: list | None = None) -> None:
        """What is true of the camera chosen now: its problems, else that it or any is not
        found (a line left from an earlier choice goes)."""
        spec = self.camera_combo.currentData()
        found = [camera.spec for camera in self._cameras or []]
        if problems:
            set_message(self.camera_message, messages.source_problems(problems), "warning")
        elif spec and spec not in found:
            text = self.tr(
                "The camera in use is not found now. Check that it is plugged in and that no "
                "other app is using it: it comes back by itself. To show your shop's name and "
                "“Starting soon” instead, choose “No camera”."
            )
            set_message(self.camera_message, text, "warning")
        elif not found:
            text = self.tr(
                "No camera found. Check that it is plugged in, that no other app (a video call, "
                "the platform's own app) is using it, and that the system allows this app to use "
                "the camera; then press “Look again”. Until then viewers see your shop's name "
                "and “Starting soon”, with no test picture and no beep."
            )
            set_message(self.camera_message, text, "warning")
        else:
            set_message(self.camera_message)

    def _microphones_found(self, mics: list[dict]) -> None:
        self._mics = mics
        combo = self.mic_combo
        combo.clear()
        default = next((m for m in mics if m.get("default")), mics[0] if mics else None)
        # The system's default, found or not: one plugged in later is taken up by itself.
        if default is None:
            combo.addItem(self.tr("Default microphone"), "mic")
        else:
            text = self.tr("Default microphone (%1)").replace("%1", str(default["name"]))
            combo.addItem(text, "mic")
        for mic in mics:
            combo.addItem(str(mic["name"]), f"mic:{mic['name']}")
        combo.addItem(self.tr("No microphone: a silent sound track"), NO_DEVICE)
        combo.setEnabled(True)
        audio = self.session.profile.audio_sources
        current = audio[0] if audio else NO_DEVICE
        index = combo.findData(current)
        kind, name = split_spec(current)
        if index < 0 and kind == "mic" and name:
            # The microphone in use is not found now: it stays the choice (and the meter's), as
            # the camera does, instead of the combo showing another one it does not use.
            index = combo.count() - 1
            text = self.tr("%1 (not found now)").replace("%1", name)
            combo.insertItem(index, text, current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        self.mic_hint.setVisible(bool(combo.currentData()))
        self._show_mic_note()

    def _microphone_chosen(self) -> None:
        spec = self.mic_combo.currentData()
        if spec is None:
            return
        problems = self.session.set_audio_sources([spec] if spec else [])
        self.mic_hint.setVisible(bool(spec))
        self._show_mic_note(problems)
        self.applied.emit()

    def _show_mic_note(self, problems: list | None = None) -> None:
        """The chosen microphone's problems, else whether none is found (an earlier choice's
        line goes)."""
        if problems:
            set_message(self.mic_message, messages.source_problems(problems), "warning")
        elif self._mics:
            set_message(self.mic_message)
        else:
            text = self.tr(
                "No microphone found. Check that it is plugged in and that the system allows "
                "this app to use it. Until then the stream carries silence."
            )
            set_message(self.mic_message, text, "warning")

    def _tick(self) -> None:
        if not self.session.is_open:
            return
        if self.step == "camera":
            self._show_thumbnail()
        elif self.step == "microphone":
            spec = self.mic_combo.currentData()
            self.meter.set_level(self.session.audio.peak_dbfs(spec) if spec else float("-inf"))

    def _show_thumbnail(self) -> None:
        """The chosen camera's newest picture; the whole scene (the slate) with none."""
        spec = self.camera_combo.currentData()
        image = self.session.live.latest_picture(spec) if spec else None
        if image is None:
            image = self.session.live.preview()[1]
        if image is None:
            return
        self.thumbnail.setPixmap(_pixmap(image, THUMB_SIZE))

    # --- applying -------------------------------------------------------------------------------
    def _apply_shop_name(self) -> None:
        shop = self.shop_edit.text().strip()
        if shop and shop != demo.shop_name(self.session):
            demo.set_shop_name(self.session, shop)

    def _apply_orientation(self) -> bool:
        canvas = self.session.profile.canvas
        long, short = max(canvas.width, canvas.height), min(canvas.width, canvas.height)
        portrait = self.portrait_button.isChecked()
        size = (short, long) if portrait else (long, short)
        if size == (canvas.width, canvas.height):
            return True
        try:
            self.session.apply_settings(CanvasSettings(*size, canvas.fps))
        except StudioError as exc:
            set_message(self.picture_message, messages.studio_error(exc), "error")
            return False
        return True

    def _show_ready(self) -> None:
        enabled = [d for d in self.session.profile.destinations if d.enabled]
        live = self._live()
        self.live_button.setEnabled(bool(enabled) and not live)
        if live:  # the set-up reopened during a show
            text = self.tr("You are live already: Finish keeps the stream going.")
        elif enabled:
            names = ", ".join(d.name for d in enabled)
            text = self.tr("Ready: “Go live” streams to %1.").replace("%1", names)
        else:
            text = self.tr(
                "No push URL yet: press Back to add it, or finish and add it later in Settings."
            )
        self.ready_label.setText(text)

    def _first_preset(self) -> PlatformPreset:
        """The platform of the first destination, else the first of the list (Douyin)."""
        for dest in self.session.profile.destinations:
            if dest.platform in PLATFORMS:
                return PLATFORMS[dest.platform]
        return next(iter(PLATFORMS.values()))


def _pixmap(image: np.ndarray, box: tuple[int, int]) -> QPixmap:
    """A BGR or BGRA picture scaled to fit `box`, as a pixmap."""
    h, w = image.shape[:2]
    scale = min(box[0] / w, box[1] / h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = shrink(image, size)
    code = cv2.COLOR_BGRA2RGB if small.shape[2] == 4 else cv2.COLOR_BGR2RGB
    rgb = np.ascontiguousarray(cv2.cvtColor(small, code))
    qimage = QImage(rgb.data, size[0], size[1], size[0] * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimage.copy())
