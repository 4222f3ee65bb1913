"""Editing one streaming destination: platform, server or push URL, stream key, and for rtmps
to a self-hosted server the certificate file to trust.

The key never reaches the profile: the dialog hands it back through `result_key()` and the caller
passes it to StudioSession.save_destination, which keeps it in the system keyring (or, on a
machine without one, in the private secrets file beside the profile: the dialog says which). A
signed push URL goes the same way; an existing one is shown masked. Nothing here logs or prints
a secret.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.broadcast.ca_file import ca_file_problem
from studio.broadcast.platforms.registry import PLATFORMS, PlatformPreset, validate_push_url
from studio.profile import DestinationSettings
from studio.secrets import Storage, storage
from studio.ui import messages
from studio.ui.widgets import ok_cancel

Level = Literal["error", "warning", "info"]

# Mid-tone colours stay readable on both light and dark palettes; info keeps the palette's text.
_COLOURS = {"error": "#e5534b", "warning": "#d29922"}


def set_message(label: QLabel, text: str = "", level: Level = "info") -> None:
    """Show `text` in a message label (hidden when empty), coloured by level."""
    label.setText(text)
    colour = _COLOURS.get(level)
    label.setStyleSheet(f"color: {colour};" if colour else "")
    label.setVisible(bool(text) or label.property("keepsRoom") is True)


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def field_message(lines: int = 2) -> QLabel:
    """A message under a field that keeps its room while empty or hidden: what the merchant
    types makes hints come and go, and the fields below must not move under the pointer."""
    label = message_label()
    label.setProperty("keepsRoom", True)  # set_message empties it but never hides it
    label.setVisible(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setFixedHeight(_line_height(label) * lines + 2)
    return label


def _line_height(label: QLabel) -> int:
    """One line in either script: Chinese comes from a taller fallback font than Latin."""
    probe = QLabel("推流 Mg")  # notr
    probe.setFont(label.font())
    return max(label.fontMetrics().lineSpacing(), probe.sizeHint().height())


def destination_text(name: str, platform: str) -> str:
    """How a destination is listed: "Shop — Douyin", or only "抖音" when it is named after its
    platform (in either language), never "抖音 — 抖音"."""
    preset = PLATFORMS.get(platform)
    shown = platform_name(preset) if preset else platform
    names = {shown.casefold(), platform.casefold()}
    if preset is not None:
        names |= {preset.name_zh.casefold(), preset.name_en.casefold()}
    if name.strip().casefold() in names:
        return name
    return f"{name}  —  {shown}"


def chinese_ui() -> bool:
    # The translator sets the default QLocale to the UI language (studio.ui.i18n).
    return QLocale().language() == QLocale.Language.Chinese


def platform_name(preset: PlatformPreset) -> str:
    return preset.name_zh if chinese_ui() else preset.name_en


class DestinationDialog(QDialog):
    """Add (`dest` None) or edit a destination.

    `has_stored_key`: the destination's key is in the keyring, so an empty key field keeps it.
    `taken_names`: the other destinations' names, which this one must not reuse.
    `secrets`: where secrets are kept (studio.secrets.storage() when not given), so that what
    the dialog promises is what happens.
    """

    def __init__(
        self,
        dest: DestinationSettings | None = None,
        parent: QWidget | None = None,
        *,
        has_stored_key: bool = False,
        taken_names: Collection[str] = (),
        secrets: Storage | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = dest
        self._has_stored_key = has_stored_key
        self._secrets = secrets if secrets is not None else storage()
        # the original's signed URL is in the keyring; its masked form keeps it while unchanged
        self._kept_server = dest.server if dest is not None and dest.server_ref else None
        self._taken = {n.strip() for n in taken_names}
        self._auto_name = ""  # the name filled in from the platform, replaced on a platform change
        self.setWindowTitle(self.tr("Edit destination") if dest else self.tr("Add destination"))
        self.setMinimumWidth(520)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(80)
        self.name_message = field_message(1)

        self.platform_combo = QComboBox()
        for preset in PLATFORMS.values():
            self.platform_combo.addItem(platform_name(preset), preset.id)

        self.server_label = QLabel()
        self.server_edit = QLineEdit()
        self.server_edit.setClearButtonEnabled(True)
        self.server_message = field_message(3)
        self.server_kept = QLabel()
        self.server_kept.setWordWrap(True)
        self.server_kept.setProperty("role", "hint")
        self.server_kept.setText(self._kept_text())
        # Only when editing a kept URL; then it stays, emptied once the field is changed.
        self.server_kept.setVisible(self._kept_server is not None)

        self.ca_edit = QLineEdit()
        self.ca_edit.setClearButtonEnabled(True)
        self.ca_edit.setPlaceholderText(self.tr("optional: a PEM file (.pem, .crt)"))
        self.ca_browse = QPushButton(self.tr("Browse…"))
        self.ca_label = QLabel(self.tr("Trusted certificate:"))
        self.ca_label.setBuddy(self.ca_edit)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_label)  # in its row, not the form's label column: showing it
        ca_row.addWidget(self.ca_edit, 1)  # must not widen that column and shift every field
        ca_row.addWidget(self.ca_browse)
        self.ca_box = QWidget()
        self.ca_box.setLayout(ca_row)
        self.ca_box.setToolTip(
            self.tr(
                "For RTMPS to your own server with a self-signed or private certificate: the "
                "certificate to trust for this destination, besides the system's."
            )
        )
        self.ca_message = field_message()

        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_key = QCheckBox(self.tr("Show"))
        self.show_key.setToolTip(self.tr("Show the stream key while typing"))
        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key)
        key_box = QWidget()
        key_box.setLayout(key_row)
        self.forget_key = QCheckBox(self.tr("Forget stored key"))
        if self._secrets.kind == "file":
            self.forget_key.setToolTip(
                self.tr("Delete this destination's key from the secrets file")
            )
        else:
            self.forget_key.setToolTip(
                self.tr("Delete this destination's key from the system keyring")
            )
        self.forget_key.setVisible(has_stored_key)
        self.key_message = field_message(1)
        self.key_help = QLabel()
        self.key_help.setWordWrap(True)
        self.key_help.setProperty("role", "hint")  # the theme dims hints
        self.secrets_note = message_label()
        self._show_where_secrets_go()

        self.enabled_check = QCheckBox(self.tr("Stream to this destination when going live"))
        self.adaptive_check = QCheckBox(self.tr("Lower the bitrate when the network is slow"))
        self.adaptive_check.setToolTip(
            self.tr(
                "Keeps the stream going on a weak connection: the bitrate drops within seconds "
                "and comes back step by step. Off: strict constant bitrate."
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow("", self.name_message)
        form.addRow(self.tr("Platform:"), self.platform_combo)
        form.addRow(self.server_label, self.server_edit)
        form.addRow("", self.server_message)
        form.addRow("", self.server_kept)
        form.addRow(self.tr("Stream key:"), key_box)
        form.addRow("", self.forget_key)
        form.addRow("", self.key_message)
        form.addRow("", self.key_help)
        form.addRow("", self.secrets_note)
        form.addRow("", self.enabled_check)
        form.addRow("", self.adaptive_check)
        # Last: typing rtmps:// shows it without moving a field above it (the dialog leaves it
        # room, below).
        form.addRow(self.ca_box)
        form.addRow("", self.ca_message)
        self.server_label.setBuddy(self.server_edit)

        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if dest is not None:
            self.name_edit.setText(dest.name)
            index = self.platform_combo.findData(dest.platform)
            self.platform_combo.setCurrentIndex(max(0, index))
            self.server_edit.setText(dest.server)
            self.ca_edit.setText(dest.ca_file)
            self.enabled_check.setChecked(dest.enabled)
            self.adaptive_check.setChecked(dest.adaptive)
        else:
            self.enabled_check.setChecked(True)
            self.adaptive_check.setChecked(True)
        if has_stored_key and self._secrets.kind == "file":
            self.key_edit.setPlaceholderText(
                self.tr("(kept in the secrets file — leave empty to keep)")
            )
        elif has_stored_key:
            self.key_edit.setPlaceholderText(
                self.tr("(kept in the system keyring — leave empty to keep)")
            )

        self.platform_combo.currentIndexChanged.connect(self._platform_changed)
        self.name_edit.textChanged.connect(self._validate)
        self.server_edit.textChanged.connect(self._validate)
        self.ca_edit.textChanged.connect(self._validate)
        self.ca_browse.clicked.connect(self._browse_ca_file)
        self.key_edit.textChanged.connect(self._validate)
        self.show_key.toggled.connect(self._show_key_toggled)
        self.forget_key.toggled.connect(self._forget_toggled)
        self._platform_changed()
        self._leave_room_for_the_certificate()
        self.name_edit.setFocus()

    def _leave_room_for_the_certificate(self) -> None:
        """As tall as with the certificate row shown, so that showing it moves nothing."""
        shown = self.ca_label.isVisibleTo(self)
        for widget in (self.ca_label, self.ca_box):
            widget.setVisible(True)
        self.setMinimumHeight(self.layout().sizeHint().height())
        for widget in (self.ca_label, self.ca_box):
            widget.setVisible(shown)

    # --- state ----------------------------------------------------------------------------------
    @property
    def preset(self) -> PlatformPreset:
        return PLATFORMS[self.platform_combo.currentData()]

    def _server(self) -> str:
        # Ends trimmed (a paste often carries a newline); the URL itself is kept byte for byte.
        return self.server_edit.text().strip()

    def _server_kept(self) -> bool:
        """The server field still shows the original's masked URL, kept in the keyring."""
        return self._kept_server is not None and self._server() == self._kept_server

    def _show_where_secrets_go(self) -> None:
        kind, path = self._secrets.kind, self._secrets.path
        if kind == "keyring":
            text = self.tr(
                "Stream keys and signed push URLs are kept in the system keyring, never in the "
                "settings file."
            )
            set_message(self.secrets_note, text, "info")
        elif kind == "file" and path is not None:
            text = self.tr("No system keyring: kept in %1, readable only by you.")
            set_message(self.secrets_note, text.replace("%1", str(path)), "warning")
        else:
            text = self.tr(
                "No system keyring: stream keys and signed push URLs cannot be kept. Start or "
                "unlock your keyring and try again."
            )
            set_message(self.secrets_note, text, "error")

    def _ca_file_shown(self) -> bool:
        """rtmps, or a custom server (which may become rtmps): trusting a certificate applies."""
        preset = self.preset
        url = self._server() or preset.default_server
        return preset.id == "custom" or url.lower().startswith("rtmps://")

    def _ca_file(self) -> str:
        return self.ca_edit.text().strip() if self._ca_file_shown() else ""

    def _browse_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the certificate to trust"),
            self._ca_file(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)

    def _platform_changed(self) -> None:
        preset = self.preset
        # A new destination is named after its platform until the user types a name.
        if self._original is None and self.name_edit.text().strip() in ("", self._auto_name):
            self._auto_name = platform_name(preset)
            self.name_edit.setText(self._auto_name)
        if preset.whole_push_url:
            self.server_label.setText(self.tr("Push URL:"))
            self.server_edit.setPlaceholderText(self.tr("rtmp://…?sign=…  (the whole push URL)"))
        else:
            self.server_label.setText(self.tr("Server:"))
            self.server_edit.setPlaceholderText(preset.default_server or "rtmp://host/app")
        help_text = preset.key_help_zh if chinese_ui() else preset.key_help_en
        rates = self.tr("Recommended video bitrate: %1 kbps (at most %2).")
        rates = rates.replace("%1", str(preset.recommended_bitrate_kbps))
        rates = rates.replace("%2", str(preset.max_bitrate_kbps))
        self.key_help.setText(f"{help_text}\n{rates}")
        self._validate()

    def _show_key_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)

    def _forget_toggled(self, forget: bool) -> None:
        if forget:
            self.key_edit.clear()
        self.key_edit.setEnabled(not forget)
        self._validate()

    def _validate(self) -> None:
        ok = self._check_name()
        ok = self._check_server() and ok
        ok = self._check_ca_file() and ok
        self._check_key()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def is_valid(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def _check_name(self) -> bool:
        name = self.name_edit.text().strip()
        if not name:
            set_message(self.name_message, self.tr("Enter a name."), "error")
            return False
        if name in self._taken:
            shown = name if len(name) <= 24 else name[:23] + "…"  # the message keeps one line
            text = self.tr("Another destination is already named “%1”.").replace("%1", shown)
            set_message(self.name_message, text, "error")
            return False
        set_message(self.name_message)
        return True

    def _check_server(self) -> bool:
        preset, server = self.preset, self._server()
        # emptied too once the field is cleared
        self.server_kept.setText(self._kept_text() if self._server_kept() else "")
        if not server:
            if preset.default_server:
                text = self.tr("Uses the platform's server: %1").replace(
                    "%1", preset.default_server
                )
                set_message(self.server_message, text, "info")
                return True
            if preset.whole_push_url:
                text = self.tr(
                    "Paste the whole push URL from the platform; the stream key can stay empty."
                )
            else:
                text = self.tr("Enter the server URL, e.g. rtmp://host/app.")
            set_message(self.server_message, text, "info")  # what to do, not yet a mistake
            return False
        problem = validate_push_url(server)
        if problem:
            set_message(self.server_message, self._url_problem(problem), "error")
            return False
        if preset.needs_rtmps and server.lower().startswith("rtmp://"):
            text = self.tr("%1 accepts only secure RTMPS: the URL should start with rtmps://.")
            set_message(self.server_message, text.replace("%1", platform_name(preset)), "warning")
            return True
        set_message(self.server_message)
        return True

    def _check_ca_file(self) -> bool:
        shown = self._ca_file_shown()
        for widget in (self.ca_label, self.ca_box):
            widget.setVisible(shown)
        path = self._ca_file()
        problem = ca_file_problem(path) if path else None
        if problem is None:
            set_message(self.ca_message)
            return True
        texts = {
            "relative": self.tr("Give the certificate file with its full path."),
            "missing": self.tr("The certificate file is not there (moved or deleted?)."),
            "not_file": self.tr("That is a folder or a device, not a certificate file."),
            "unreadable": self.tr("The certificate file cannot be read."),
            "too_large": self.tr("The file is too large to be a certificate (over 1 MiB)."),
            "not_pem": self.tr(
                "The file holds no PEM certificate (a line -----BEGIN CERTIFICATE-----)."
            ),
        }
        set_message(self.ca_message, texts[problem], "error")
        return False

    def _check_key(self) -> None:
        """Only a hint: a missing key is the platform's refusal to report, not a form error."""
        preset = self.preset
        keeps = self._has_stored_key and not self.forget_key.isChecked()
        key = self.key_edit.text().strip()
        if key or keeps or preset.whole_push_url or preset.id == "custom":
            set_message(self.key_message)
        else:
            text = self.tr("No stream key yet: the platform will refuse the stream without one.")
            set_message(self.key_message, text, "warning")

    def _kept_text(self) -> str:
        if self._secrets.kind == "file":
            return self.tr(
                "The whole URL is kept in the secrets file; paste a new one to replace it."
            )
        return self.tr(
            "The whole URL is kept in the system keyring; paste a new one to replace it."
        )

    def _url_problem(self, problem: str) -> str:
        """validate_push_url's English sentence, translated when it is one we know."""
        return messages.push_url_problem(problem)

    # --- results --------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.is_valid():  # Enter in a field must not slip past a disabled OK
            super().accept()

    def result_destination(self) -> DestinationSettings:
        """The edited settings; key_ref is the original's (the session decides the new one), and
        so is server_ref while the masked URL is left as it was (a new URL is the session's to
        keep)."""
        original = self._original
        return DestinationSettings(
            name=self.name_edit.text().strip(),
            platform=self.platform_combo.currentData(),
            server=self._server(),
            key_ref=original.key_ref if original else "",
            server_ref=original.server_ref if original and self._server_kept() else "",
            ca_file=self._ca_file(),
            enabled=self.enabled_check.isChecked(),
            adaptive=self.adaptive_check.isChecked(),
        )

    def result_key(self) -> str | None:
        """None: keep the stored key (or none); "": forget it; other text: the new key."""
        key = self.key_edit.text().strip()
        if key:
            return key
        if self._has_stored_key and self.forget_key.isChecked():
            return ""
        return None
