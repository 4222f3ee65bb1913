"""Go live and record: the two big buttons, and one row per destination with its state,
bitrate and a "reconnect now" button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.broadcast.destination import DestinationStats
from studio.ui import messages

STATE_COLOURS = {
    "live": "#3ecf6e",
    "connecting": "#e0b040",
    "reconnecting": "#e0b040",
    "failed": "#f05050",
    "stopped": "#9a9a9a",
}


class OutputsPanel(QWidget):
    stream_clicked = Signal()
    record_clicked = Signal()
    settings_clicked = Signal()
    reconnect_requested = Signal(str)  # destination name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stream_button = QPushButton(self)
        self.stream_button.setObjectName("goLive")
        self.stream_button.setCheckable(True)
        self.stream_button.setMinimumHeight(40)
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("record")
        self.record_button.setCheckable(True)
        self.record_button.setMinimumHeight(32)
        self.settings_button = QPushButton(self)
        # The buttons show state; clicks only ask, the window decides and sets the state.
        self.stream_button.clicked.connect(self._stream_clicked)
        self.record_button.clicked.connect(self._record_clicked)
        self.settings_button.clicked.connect(self.settings_clicked)
        self.destinations_title = QLabel(self)
        self.destinations_title.setProperty("role", "hint")
        self.grid = QGridLayout()
        self.no_destination = QLabel(self)
        self.no_destination.setProperty("role", "hint")
        self.no_destination.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stream_button)
        layout.addWidget(self.record_button)
        layout.addWidget(self.destinations_title)
        layout.addLayout(self.grid)
        layout.addWidget(self.no_destination)
        layout.addStretch(1)
        layout.addWidget(self.settings_button)
        self.rows: dict[str, tuple[QLabel, QLabel, QToolButton]] = {}
        self._names: list[str] | None = None
        self._streaming = self._recording = False
        self._busy_text = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.settings_button.setText(self.tr("Settings…"))
        self.destinations_title.setText(self.tr("Destinations"))
        self.no_destination.setText(self.tr("No destination yet: add one in Settings."))
        for _name, (_label, _state, button) in self.rows.items():
            button.setText(self.tr("Reconnect now"))
        self.set_streaming(self._streaming)
        self.set_recording(self._recording)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _stream_clicked(self) -> None:
        self.stream_button.setChecked(self._streaming)
        self.stream_clicked.emit()

    def _record_clicked(self) -> None:
        self.record_button.setChecked(self._recording)
        self.record_clicked.emit()

    def set_streaming(self, on: bool, busy: bool = False) -> None:
        self._streaming = on
        self.stream_button.setChecked(on)
        self.stream_button.setEnabled(not busy)
        if busy:
            self.stream_button.setText(self.tr("Stopping…"))
        else:
            self.stream_button.setText(self.tr("Stop streaming") if on else self.tr("Go live"))

    def set_recording(self, on: bool, busy: bool = False) -> None:
        self._recording = on
        self.record_button.setChecked(on)
        self.record_button.setEnabled(not busy)
        if busy:
            self.record_button.setText(self.tr("Finishing the recording…"))
        else:
            self.record_button.setText(
                self.tr("Stop recording") if on else self.tr("Start recording")
            )

    def set_destinations(self, names: list[str]) -> None:
        """One row per enabled destination (shown before going live too)."""
        if self._names == names:
            return
        self._names = list(names)
        for label, state, button in self.rows.values():
            for w in (label, state, button):
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows = {}
        for row, name in enumerate(names):
            label = QLabel(name, self)
            state = QLabel("—", self)
            state.setWordWrap(True)
            button = QToolButton(self)
            button.setText(self.tr("Reconnect now"))
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, n=name: self.reconnect_requested.emit(n))
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(state, row, 1)
            self.grid.addWidget(button, row, 2)
            self.rows[name] = (label, state, button)
        self.no_destination.setVisible(not names)

    def show_stats(self, stats: list[DestinationStats]) -> None:
        seen = {s.name: s for s in stats}
        for name, (_label, state, button) in self.rows.items():
            s = seen.get(name)
            if s is None:
                state.setText("—")
                state.setToolTip("")
                button.setEnabled(False)
                continue
            text = messages.destination_state(s.state)
            if s.state == "live":
                text += f"  {s.bitrate_kbps:.0f} kbps"
                if s.adapting:  # lowered for a slow link: say to what
                    text += "  " + self.tr("↓ %1 kbps (slow network)").replace(
                        "%1", f"{s.target_kbps:.0f}"
                    )
                if s.detail < 1.0:  # at the floor too: the picture is softened
                    text += "  " + self.tr("detail %1 %").replace("%1", f"{s.detail * 100:.0f}")
            state.setText(text)
            state.setStyleSheet(f"color: {STATE_COLOURS.get(s.state, '')}")
            state.setToolTip(messages.destination_reason(s.reason))
            button.setEnabled(s.state in ("live", "reconnecting", "connecting"))
