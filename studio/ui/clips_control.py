"""The clips window in the main window: File → 切片… / Clips…, and after a recording stops, a
quiet offer in the status bar to cut that recording into clips (never a dialog in the
merchant's face at the end of a show). One clips window, kept: closing it leaves an export
running, and reopening shows it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from studio.ui.clips_dialog import ClipsDialog

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class ClipsOffer(QWidget):
    """'Recording saved · Clips… ✕' at the left of the status bar's permanent widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipsOffer")
        self.recording: Path | None = None
        self.label = QLabel(self)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("clipsOfferButton")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button)
        layout.addWidget(self.close_button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Cut this recording into clips:"))
        self.open_button.setText(self.tr("Clips…"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        if self.recording is not None:
            self.open_button.setToolTip(str(self.recording))


class ClipsControl(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ClipsDialog | None = None
        self.action = QAction(window)
        self.action.setObjectName("clipsAction")
        self.action.triggered.connect(lambda: self.open_clips())
        window.file_menu.insertAction(window.settings_action, self.action)
        self.offer_widget = ClipsOffer(window.status)
        self.offer_widget.open_button.clicked.connect(self._open_offered)
        window.status.insertPermanentWidget(0, self.offer_widget)
        window.installEventFilter(self)  # the window's language changes reach the action
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Clips…"))
        self.offer_widget.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def offer(self, recording: Path | None) -> None:
        """A recording stopped and was saved: offer its clips, without a question."""
        if recording is None:
            return
        self.offer_widget.recording = recording
        self.offer_widget.retranslate()
        self.offer_widget.show()

    def _open_offered(self) -> None:
        self.offer_widget.hide()
        self.open_clips(self.offer_widget.recording)

    def open_clips(self, recording: Path | None = None) -> ClipsDialog:
        """The clips window, on `recording` (else the last one recorded here, if any)."""
        session = self.window.session
        if recording is None and self.dialog is None and not session.busy_recording:
            last = session.recording_path  # not the one still being written
            recording = last if last is not None and last.is_file() else None
        if self.dialog is None:
            self.dialog = ClipsDialog(self.window.session, recording, self.window)
        elif recording is not None and recording != self.dialog.recording:
            self.dialog.open_recording(recording)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.shutdown()
