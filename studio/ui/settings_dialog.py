"""The settings dialog: a tab per part of the profile, edited on a deep copy.

Everything except destinations takes effect only when OK is pressed (`result_profile()`).
Destinations go to the caller at once through `on_save_destination` / `on_remove_destination`,
because their keys live in the system keyring, which has no "cancel"; `destinations_changed`
tells the caller to save the profile even when the dialog is cancelled.

Texts are set once: the dialog is built fresh each time it is opened, so a language switch made
in it shows the next time (no changeEvent retranslation).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.broadcast.platforms.registry import PLATFORMS
from studio.profile import DestinationSettings, Profile
from studio.scene.canvas import CANVAS_PRESETS, check_size
from studio.secrets import storage
from studio.session import StudioError
from studio.settings_schema import (
    AUDIO_BITRATE,
    CANVAS_FPS,
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    KEEP_RECORDING,
    KEYFRAME_SECONDS,
    RECORD_WHILE_STREAMING,
    RECORDING_FOLDER,
    RECORDING_FORMAT,
    VIDEO_BITRATE,
    VIDEO_ENCODER,
    X264_PRESET,
    Setting,
)
from studio.ui import messages
from studio.ui.destination_dialog import (
    DestinationDialog,
    chinese_ui,
    destination_text,
    message_label,
    platform_name,
    set_message,
)
from studio.ui.hotkeys import ACTIONS, SCENE_PREFIX, all_actions, default_key, key_for
from studio.ui.widgets import ok_cancel

try:
    from studio.ui.i18n import LANGUAGES
except ImportError:  # i18n is optional for this dialog
    LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

SaveDestination = Callable[[DestinationSettings, "str | None", "str | None"], None]
RemoveDestination = Callable[[str], None]
HasKey = Callable[[DestinationSettings], bool]

_CUSTOM = "custom"  # the canvas combo's entry for a size that is no preset


def schema_text(text: str) -> str:
    """A label or suffix from the settings schema, translated (marked there in this context)."""
    return QCoreApplication.translate("SettingsDialog", text)


def schema_spin(setting: Setting, value: float) -> QSpinBox | QDoubleSpinBox:
    """A spin box held to the schema's bounds, step and decimals: a value outside the bounds
    cannot be typed, and one saved outside them is shown clamped to the nearest bound."""
    if setting.kind is float:
        spin = QDoubleSpinBox()
        spin.setDecimals(setting.decimals)
        spin.setRange(setting.minimum, setting.maximum)
    else:
        spin = QSpinBox()
        spin.setRange(int(setting.minimum), int(setting.maximum))
    spin.setSingleStep(setting.step)
    if setting.suffix:
        spin.setSuffix(schema_text(setting.suffix))
    spin.setAccessibleName(schema_text(setting.label).rstrip(":："))
    spin.setValue(value)
    return spin


def _portable(key: str | QKeySequence) -> str:
    """One spelling per key combination, so "ctrl+pgdown" and "Ctrl+PgDown" compare equal."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


class SettingsDialog(QDialog):
    """`encoders` and `microphones` default to probing the machine (available_h264_encoders(),
    list_microphones()); callers and tests may pass them to skip the probe."""

    def __init__(
        self,
        profile: Profile,
        parent: QWidget | None = None,
        *,
        on_save_destination: SaveDestination | None = None,
        on_remove_destination: RemoveDestination | None = None,
        has_key: HasKey | None = None,
        busy: bool = False,
        encoders: list[str] | None = None,
        microphones: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumSize(600, 480)
        self._profile = copy.deepcopy(profile)
        self._on_save = on_save_destination
        self._on_remove = on_remove_destination
        self._has_key = has_key
        self._busy = busy
        self._accepted_profile: Profile | None = None
        self._audio_touched = False
        self.destinations_changed = False

        self.tabs = QTabWidget()
        self.video_page = self._video_tab()
        self.recording_page = self._recording_tab()
        self.hotkeys_page = self._hotkeys_tab()
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.tabs.addTab(self.video_page, self.tr("Video"))
        self.tabs.addTab(self._output_tab(encoders), self.tr("Output"))
        self.tabs.addTab(self._audio_tab(microphones), self.tr("Audio"))
        self.tabs.addTab(self.recording_page, self.tr("Recording"))
        self.destinations_page = self._destinations_tab()
        self.tabs.addTab(self.destinations_page, self.tr("Destinations"))
        self.tabs.addTab(self.hotkeys_page, self.tr("Hotkeys"))

        self.status_message = message_label()
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_message)
        layout.addWidget(self.buttons)
        self.tabs.currentChanged.connect(self._validate)

        if busy:
            for form in (self.video_form, self.output_form):
                form.setEnabled(False)
        self._validate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # --- tabs -----------------------------------------------------------------------------------
    @staticmethod
    def _page(*widgets: QWidget) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return page

    def _busy_hint(self) -> QLabel:
        hint = message_label()
        if self._busy:
            text = self.tr(
                "Stop streaming and recording first: these settings cannot change while live."
            )
            set_message(hint, text, "warning")
        return hint

    def _general_tab(self) -> QWidget:
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("System language"), "")
        for code, native in LANGUAGES.items():
            self.language_combo.addItem(native, code)  # native names: findable in any language
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._profile.ui.language))
        )
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(self.tr("Language:"), self.language_combo)
        return self._page(box)

    def _video_tab(self) -> QWidget:
        canvas = self._profile.canvas
        self.canvas_combo = QComboBox()
        zh = chinese_ui()
        for preset in CANVAS_PRESETS:
            self.canvas_combo.addItem(preset.label_zh if zh else preset.label_en, preset.id)
        self.canvas_combo.addItem(self.tr("Custom size"), _CUSTOM)
        # The schema steps the sides by 2: sizes must be even for 4:2:0 video.
        self.width_spin = schema_spin(CANVAS_WIDTH, canvas.width)
        self.height_spin = schema_spin(CANVAS_HEIGHT, canvas.height)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        size_row.addStretch(1)
        self.canvas_message = message_label()
        self.fps_combo = QComboBox()
        for fps in CANVAS_FPS.choices:
            self.fps_combo.addItem(self.tr("%1 fps").replace("%1", str(fps)), fps)
        self.fps_combo.setCurrentIndex(max(0, self.fps_combo.findData(canvas.fps)))
        self._sync_canvas_combo()

        self.video_form = QWidget()
        form = QFormLayout(self.video_form)
        form.addRow(self.tr("Canvas:"), self.canvas_combo)
        form.addRow(self.tr("Size:"), size_row)
        form.addRow("", self.canvas_message)
        form.addRow(schema_text(CANVAS_FPS.label), self.fps_combo)
        self.canvas_combo.currentIndexChanged.connect(self._canvas_preset_chosen)
        self.width_spin.valueChanged.connect(self._canvas_size_changed)
        self.height_spin.valueChanged.connect(self._canvas_size_changed)
        return self._page(self._busy_hint(), self.video_form)

    def _output_tab(self, encoders: list[str] | None) -> QWidget:
        enc = self._profile.encoder
        if encoders is None:
            from studio.broadcast.encoder import available_h264_encoders

            encoders = available_h264_encoders()
        self.encoder_combo = QComboBox()
        self.encoder_combo.addItem(self.tr("Automatic (hardware when available)"), "auto")
        for name in encoders:
            self.encoder_combo.addItem(name, name)
        if self.encoder_combo.findData(enc.video_encoder) < 0:  # keep a choice this PC lacks
            label = self.tr("%1 (not available here)").replace("%1", enc.video_encoder)
            self.encoder_combo.addItem(label, enc.video_encoder)
        self.encoder_combo.setCurrentIndex(self.encoder_combo.findData(enc.video_encoder))
        self.preset_combo = QComboBox()
        for name in X264_PRESET.choices:
            self.preset_combo.addItem(name, name)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(enc.preset)))
        self.preset_combo.setToolTip(
            self.tr("x264 only: faster presets use less CPU at some cost in picture quality.")
        )
        self.bitrate_spin = schema_spin(VIDEO_BITRATE, enc.bitrate_kbps)
        self.bitrate_message = message_label()
        self.audio_bitrate_spin = schema_spin(AUDIO_BITRATE, enc.audio_bitrate_kbps)
        self.keyframe_spin = schema_spin(KEYFRAME_SECONDS, enc.keyframe_seconds)
        self.keyframe_spin.setToolTip(self.tr("Platforms ask for a keyframe every 2 seconds."))

        self.output_form = QWidget()
        form = QFormLayout(self.output_form)
        form.addRow(schema_text(VIDEO_ENCODER.label), self.encoder_combo)
        form.addRow(schema_text(X264_PRESET.label), self.preset_combo)
        form.addRow(schema_text(VIDEO_BITRATE.label), self.bitrate_spin)
        form.addRow("", self.bitrate_message)
        form.addRow(schema_text(AUDIO_BITRATE.label), self.audio_bitrate_spin)
        form.addRow(schema_text(KEYFRAME_SECONDS.label), self.keyframe_spin)
        self.bitrate_spin.valueChanged.connect(self._check_bitrate)
        self._check_bitrate()
        return self._page(self._busy_hint(), self.output_form)

    def _audio_tab(self, microphones: list[dict[str, Any]] | None) -> QWidget:
        if microphones is None:
            from studio.capture.microphone import list_microphones

            microphones = list_microphones()
        self.mic_combo = QComboBox()
        self.mic_combo.addItem(self.tr("Default microphone"), "mic")
        # By name, not index: indexes shift when devices are plugged in or out.
        for mic in microphones:
            self.mic_combo.addItem(str(mic["name"]), f"mic:{mic['name']}")
        self.mic_combo.addItem(self.tr("None (a silent track)"), "")
        sources = self._profile.audio_sources
        current = sources[0] if sources else ""
        if self.mic_combo.findData(current) < 0:  # unplugged now: keep it selectable
            _, _, arg = current.partition(":")
            label = self.tr("%1 (not connected)").replace("%1", arg or current)
            self.mic_combo.insertItem(self.mic_combo.count() - 1, label, current)
        self.mic_combo.setCurrentIndex(self.mic_combo.findData(current))
        self.mic_combo.currentIndexChanged.connect(self._audio_changed)
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(self.tr("Microphone:"), self.mic_combo)
        note = QLabel(
            self.tr("Platforms reject streams without sound: with no microphone, silence is sent.")
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        form.addRow("", note)
        return self._page(box)

    def _recording_tab(self) -> QWidget:
        rec = self._profile.recording
        self.recording_check = QCheckBox(schema_text(RECORD_WHILE_STREAMING.label))
        self.recording_check.setChecked(rec.enabled)
        self.keep_recording_check = QCheckBox(schema_text(KEEP_RECORDING.label))
        self.keep_recording_check.setChecked(rec.keep_after_stream)
        self.keep_recording_check.setEnabled(rec.enabled)  # about the recording Go live starts
        self.recording_check.toggled.connect(self.keep_recording_check.setEnabled)
        self.keep_recording_check.setToolTip(
            self.tr(
                "Off: a recording that started with the stream stops with it. A recording "
                "started with the Record button stops only with that button."
            )
        )
        self.folder_edit = QLineEdit(rec.folder)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.folder_message = message_label()
        self.format_combo = QComboBox()
        for fmt in RECORDING_FORMAT.choices:
            self.format_combo.addItem(fmt.upper(), fmt)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(rec.format)))
        self.format_combo.setToolTip(
            self.tr(
                "MKV and MP4 both survive a crash or power cut, playable up to about the last "
                "second."
            )
        )
        box = QWidget()
        form = QFormLayout(box)
        form.addRow("", self.recording_check)
        form.addRow("", self.keep_recording_check)
        form.addRow(schema_text(RECORDING_FOLDER.label), folder_row)
        form.addRow("", self.folder_message)
        form.addRow(schema_text(RECORDING_FORMAT.label), self.format_combo)
        self.folder_edit.textChanged.connect(self._validate)
        return self._page(box)

    def _destinations_tab(self) -> QWidget:
        self.destination_list = QListWidget()
        self.destination_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.destination_list, 1)
        row.addLayout(buttons)
        self.destination_message = message_label()
        note = self.destination_note = QLabel(self._where_secrets_go())
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row, 1)
        layout.addWidget(self.destination_message)
        layout.addWidget(note)
        self.add_button.clicked.connect(lambda: self.edit_destination(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.remove_button.clicked.connect(self._remove_selected)
        self.destination_list.itemActivated.connect(lambda _item: self._edit_selected())
        self.destination_list.currentRowChanged.connect(self._update_destination_buttons)
        self._refresh_destinations()
        return page

    def _hotkeys_tab(self) -> QWidget:
        scenes = [s.name for s in self._profile.scenes]
        overrides = self._profile.ui.hotkeys
        self.hotkey_edits: dict[str, QKeySequenceEdit] = {}
        self._hotkey_labels: dict[str, QLabel] = {}
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        for row, action in enumerate(all_actions(scenes)):
            label = QLabel(self._action_label(action))
            edit = QKeySequenceEdit(QKeySequence(key_for(action, overrides, scenes)))
            edit.setMaximumSequenceLength(1)  # one combination; Qt 6.12 lets Tab move on
            label.setBuddy(edit)
            edit.setAccessibleName(label.text())
            clear = QToolButton()
            clear.setText(self.tr("Clear"))
            clear.setToolTip(self.tr("No key for this action"))
            clear.clicked.connect(edit.clear)
            edit.keySequenceChanged.connect(self._validate)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(clear, row, 2)
            self.hotkey_edits[action] = edit
            self._hotkey_labels[action] = label
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(self.hotkey_edits), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_box)
        self.hotkey_message = message_label()
        self.restore_hotkeys_button = QPushButton(self.tr("Restore defaults"))
        self.restore_hotkeys_button.clicked.connect(self._restore_default_hotkeys)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hotkey_message, 1)
        bottom.addWidget(self.restore_hotkeys_button, 0, Qt.AlignmentFlag.AlignTop)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        return page

    def _action_label(self, action: str) -> str:
        if action in ACTIONS:
            return QCoreApplication.translate("Hotkeys", ACTIONS[action][1])
        name = action.removeprefix(SCENE_PREFIX)
        return self.tr("Switch to scene “%1”").replace("%1", name)

    # --- video ----------------------------------------------------------------------------------
    def _sync_canvas_combo(self) -> None:
        size = (self.width_spin.value(), self.height_spin.value())
        preset = next((p.id for p in CANVAS_PRESETS if p.size == size), _CUSTOM)
        blocked = self.canvas_combo.blockSignals(True)
        self.canvas_combo.setCurrentIndex(self.canvas_combo.findData(preset))
        self.canvas_combo.blockSignals(blocked)

    def _canvas_preset_chosen(self) -> None:
        preset = next((p for p in CANVAS_PRESETS if p.id == self.canvas_combo.currentData()), None)
        if preset is None:  # "Custom size": keep the numbers, let the user type
            self.width_spin.setFocus()
            return
        for spin, value in ((self.width_spin, preset.width), (self.height_spin, preset.height)):
            blocked = spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(blocked)
        self._validate()

    def _canvas_size_changed(self) -> None:
        self._sync_canvas_combo()
        self._validate()

    def _check_canvas(self) -> str | None:
        width, height = self.width_spin.value(), self.height_spin.value()
        try:
            check_size(width, height)
        except ValueError:
            # The spin boxes keep the sides in range, so only odd numbers can get here.
            text = self.tr("Width and height must be even numbers.")
            set_message(self.canvas_message, text, "error")
            return text
        set_message(self.canvas_message)
        return None

    # --- output ---------------------------------------------------------------------------------
    def _check_bitrate(self) -> None:
        """A warning (not an error) when an enabled destination caps the bitrate lower: the
        stream then goes out at the lowest cap (platforms.limits)."""
        bitrate = self.bitrate_spin.value()
        over, caps = [], []
        for dest in self._profile.destinations:
            preset = PLATFORMS.get(dest.platform)
            if dest.enabled and preset and bitrate > preset.max_bitrate_kbps:
                over.append(f"{platform_name(preset)} ≤ {preset.max_bitrate_kbps}")
                caps.append(preset.max_bitrate_kbps)
        if over:
            text = self.tr("Above what some destinations accept (kbps): %1").replace(
                "%1", ", ".join(over)
            )
            text += "\n" + self.tr("The stream goes out at %1 kbps.").replace("%1", str(min(caps)))
            set_message(self.bitrate_message, text, "warning")
        else:
            set_message(self.bitrate_message)

    # --- audio ----------------------------------------------------------------------------------
    def _audio_changed(self) -> None:
        self._audio_touched = True

    # --- recording ------------------------------------------------------------------------------
    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for recordings"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _check_folder(self) -> str | None:
        if self.folder_edit.text().strip():
            set_message(self.folder_message)
            return None
        text = self.tr("Choose a folder for recordings.")
        set_message(self.folder_message, text, "error")
        return text

    # --- destinations ---------------------------------------------------------------------------
    def _destination_text(self, dest: DestinationSettings) -> str:
        preset = PLATFORMS.get(dest.platform)
        text = destination_text(dest.name, dest.platform)
        if not dest.enabled:
            text += "  " + self.tr("(off)")
        if preset and preset.default_server and not self._stored_key(dest):
            text += "  " + self.tr("(no stream key)")
        return text

    def _where_secrets_go(self) -> str:
        """The truth about where stream keys go on this machine (see studio.secrets)."""
        where = storage()
        if where.kind == "keyring":
            return self.tr(
                "Destination changes are saved at once; stream keys are kept in the "
                "system keyring, never in the settings file."
            )
        if where.kind == "file" and where.path is not None:
            text = self.tr(
                "Destination changes are saved at once. No system keyring: stream keys and "
                "signed push URLs are kept in %1, readable only by you, never in the settings file."
            )
            return text.replace("%1", str(where.path))
        return self.tr(
            "No system keyring: stream keys and signed push URLs cannot be kept. Start or "
            "unlock your keyring and try again."
        )

    def _stored_key(self, dest: DestinationSettings) -> bool:
        return bool(self._has_key(dest)) if self._has_key else bool(dest.key_ref)

    def _refresh_destinations(self, select: str | None = None) -> None:
        self.destination_list.clear()
        for dest in self._profile.destinations:
            item = QListWidgetItem(self._destination_text(dest))
            item.setData(Qt.ItemDataRole.UserRole, dest.name)
            self.destination_list.addItem(item)
            if dest.name == select:
                self.destination_list.setCurrentItem(item)
        self._update_destination_buttons()

    def _update_destination_buttons(self) -> None:
        chosen = self.destination_list.currentRow() >= 0
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _selected_destination(self) -> DestinationSettings | None:
        row = self.destination_list.currentRow()
        return self._profile.destinations[row] if row >= 0 else None

    def _edit_selected(self) -> None:
        dest = self._selected_destination()
        if dest is not None:
            self.edit_destination(dest)

    def edit_destination(self, dest: DestinationSettings | None) -> bool:
        """Open DestinationDialog for a new (None) or existing destination and apply the result."""
        dialog = DestinationDialog(
            dest,
            self,
            has_stored_key=dest is not None and self._stored_key(dest),
            taken_names=[d.name for d in self._profile.destinations if d is not dest],
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            return self.apply_destination(
                dialog.result_destination(), dialog.result_key(), dest.name if dest else None
            )
        finally:
            dialog.deleteLater()

    def apply_destination(
        self, dest: DestinationSettings, key: str | None = None, replacing: str | None = None
    ) -> bool:
        """Save through the callback (the keyring) and mirror into the working copy. False, with
        the reason shown, when the callback refuses."""
        sent = copy.deepcopy(dest)  # the caller keeps this object; ours must stay separate
        if self._on_save is not None:
            try:
                self._on_save(sent, key, replacing)
            except StudioError as exc:
                self._destination_error(exc)
                return False
        destinations = self._profile.destinations
        index = next((i for i, d in enumerate(destinations) if d.name == replacing), None)
        if index is None:
            destinations.append(copy.deepcopy(sent))
        else:
            destinations[index] = copy.deepcopy(sent)
        self.destinations_changed = True
        set_message(self.destination_message)
        self._refresh_destinations(select=sent.name)
        self._check_bitrate()
        return True

    def _remove_selected(self) -> None:
        dest = self._selected_destination()
        if dest is not None and self.confirm_remove(dest):
            self.remove_destination(dest.name)

    def confirm_remove(self, dest: DestinationSettings) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove destination"),
            self.tr("Remove “%1” and forget its stream key?").replace("%1", dest.name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_destination(self, name: str) -> bool:
        if self._on_remove is not None:
            try:
                self._on_remove(name)
            except StudioError as exc:
                self._destination_error(exc)
                return False
        self._profile.destinations = [d for d in self._profile.destinations if d.name != name]
        self.destinations_changed = True
        set_message(self.destination_message)
        self._refresh_destinations()
        self._check_bitrate()
        return True

    def _destination_error(self, exc: StudioError) -> None:
        set_message(self.destination_message, messages.studio_error(exc), "error")

    # --- hotkeys --------------------------------------------------------------------------------
    def _restore_default_hotkeys(self) -> None:
        scenes = [s.name for s in self._profile.scenes]
        for action, edit in self.hotkey_edits.items():
            edit.setKeySequence(QKeySequence(default_key(action, scenes)))

    def _check_hotkeys(self) -> str | None:
        users: dict[str, list[str]] = {}
        for action, edit in self.hotkey_edits.items():
            key = _portable(edit.keySequence())
            if key:
                users.setdefault(key, []).append(action)
        clashes = {key: actions for key, actions in users.items() if len(actions) > 1}
        clashing = {a for actions in clashes.values() for a in actions}
        for action, label in self._hotkey_labels.items():
            label.setStyleSheet("color: #e5534b;" if action in clashing else "")
        if not clashes:
            set_message(self.hotkey_message)
            return None
        lines = []
        for key, actions in clashes.items():
            names = "; ".join(self._action_label(a) for a in actions)
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            lines.append(self.tr("%1 is used by: %2").replace("%1", native).replace("%2", names))
        set_message(self.hotkey_message, "\n".join(lines), "error")
        return lines[0]

    # --- validation and result ------------------------------------------------------------------
    def _validate(self) -> None:
        problems = [
            (self.video_page, self._check_canvas()),
            (self.recording_page, self._check_folder()),
            (self.hotkeys_page, self._check_hotkeys()),
        ]
        first = next(((page, p) for page, p in problems if p), None)
        # Repeated under the buttons only when the problem sits on a tab that is not showing.
        if first is None or self.tabs.currentWidget() is first[0]:
            set_message(self.status_message)
        else:
            tab = self.tabs.tabText(self.tabs.indexOf(first[0]))
            text = self.tr("%1 tab: %2").replace("%1", tab).replace("%2", first[1])
            set_message(self.status_message, text, "error")
        self.ok_button.setEnabled(first is None)

    def is_valid(self) -> bool:
        return self.ok_button.isEnabled()

    def _collect(self) -> Profile:
        p = copy.deepcopy(self._profile)
        p.ui.language = self.language_combo.currentData()
        p.canvas.width, p.canvas.height = self.width_spin.value(), self.height_spin.value()
        p.canvas.fps = self.fps_combo.currentData()
        p.encoder.video_encoder = self.encoder_combo.currentData()
        p.encoder.preset = self.preset_combo.currentData()
        p.encoder.bitrate_kbps = self.bitrate_spin.value()
        p.encoder.audio_bitrate_kbps = self.audio_bitrate_spin.value()
        p.encoder.keyframe_seconds = round(self.keyframe_spin.value(), KEYFRAME_SECONDS.decimals)
        if self._audio_touched:  # untouched: extra sources written in the profile by hand stay
            spec = self.mic_combo.currentData()
            p.audio_sources = [spec] if spec else []
        p.recording.enabled = self.recording_check.isChecked()
        p.recording.keep_after_stream = self.keep_recording_check.isChecked()
        p.recording.folder = self.folder_edit.text().strip()
        p.recording.format = self.format_combo.currentData()
        scenes = [s.name for s in p.scenes]
        for action, edit in self.hotkey_edits.items():
            key = _portable(edit.keySequence())
            if key == _portable(default_key(action, scenes)):
                p.ui.hotkeys.pop(action, None)
            else:
                p.ui.hotkeys[action] = key  # "" means "no key", which differs from the default
        return p

    def accept(self) -> None:
        if not self.is_valid():  # Enter in a field must not slip past a disabled OK
            return
        self._accepted_profile = self._collect()
        super().accept()

    def result_profile(self) -> Profile | None:
        """The edited profile once OK was pressed; None otherwise. Its destinations are the ones
        already applied through the callbacks."""
        return self._accepted_profile
