"""Go live and record: the two big buttons, and one row per destination with its state,
bitrate and a "reconnect now" button.

The panel keeps still: the destination rows live in an area of fixed height (it scrolls past
`ROWS_SHOWN` rows) and no text sets a width, so adding a destination, going live or switching
the language never moves a button the merchant is about to click nor widens the dock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.broadcast.destination import DestinationStats
from studio.ui import messages
from studio.ui.widgets import ElidedLabel

ROWS_SHOWN = 2  # destination rows the fixed-height area shows before it scrolls
# "Reconnect now" retries these at once; a failed destination starts trying again.
RECONNECTABLE = ("live", "connecting", "reconnecting", "failed")

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
        self.stream_button.setFixedHeight(40)
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("record")
        self.record_button.setCheckable(True)
        self.record_button.setFixedHeight(32)
        self.settings_button = QPushButton(self)
        for button in (self.stream_button, self.record_button, self.settings_button):
            # As wide as the dock, whatever the text says ("Stop streaming", "停止直播").
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # The buttons show state; clicks only ask, the window decides and sets the state.
        self.stream_button.clicked.connect(self._stream_clicked)
        self.record_button.clicked.connect(self._record_clicked)
        self.settings_button.clicked.connect(self.settings_clicked)
        self.destinations_title = QLabel(self)
        self.destinations_title.setProperty("role", "hint")
        self.destinations_title.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        rows = QWidget()
        self.grid = QGridLayout(rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.no_destination = QLabel(rows)
        self.no_destination.setProperty("role", "hint")
        self.no_destination.setWordWrap(True)
        self.no_destination.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.grid.addWidget(self.no_destination, 0, 0, 1, 2)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(rows)
        box.addStretch(1)
        holder = QWidget()
        holder.setLayout(box)
        self.destinations_area = QScrollArea(self)
        self.destinations_area.setFrameShape(QFrame.Shape.NoFrame)
        self.destinations_area.setWidgetResizable(True)
        self.destinations_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.destinations_area.setWidget(holder)
        self._rows_widget = rows
        row_height = 2 * self.fontMetrics().lineSpacing() + 4  # the name, its state below
        self.destinations_area.setFixedHeight(ROWS_SHOWN * (row_height + self.grid.spacing()))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(self.stream_button)
        self._layout.addWidget(self.record_button)
        self._layout.addWidget(self.destinations_title)
        self._layout.addWidget(self.destinations_area)
        self._layout.addWidget(self.settings_button)
        # No taller than its content: the room below goes to the comments above.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.rows: dict[str, tuple[QLabel, QLabel, QToolButton]] = {}
        self._names: list[str] | None = None
        self._streaming = self._recording = False
        self._stream_busy = self._record_busy = False  # stopping: "Stopping…", disabled
        self.retranslate()

    def add_below_destinations(self, widget: QWidget) -> None:
        """A widget of fixed height under the destination rows (the window's bitrate graph)."""
        self._layout.insertWidget(self._layout.indexOf(self.destinations_area) + 1, widget)

    def retranslate(self) -> None:
        self.settings_button.setText(self.tr("Settings…"))
        self.destinations_title.setText(self.tr("Destinations"))
        self.no_destination.setText(self.tr("No destination yet: add one in Settings."))
        for _name, (_label, _state, button) in self.rows.items():
            button.setText(self.tr("Reconnect now"))
        self.set_streaming(self._streaming, self._stream_busy)
        self.set_recording(self._recording, self._record_busy)

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
        self._stream_busy = busy
        if not on or busy:  # stopped or stopping: nothing left to reconnect
            for _label, _state, button in self.rows.values():
                button.setEnabled(False)
        self.stream_button.setChecked(on)
        self.stream_button.setEnabled(not busy)
        if busy:
            self.stream_button.setText(self.tr("Stopping…"))
        else:
            self.stream_button.setText(self.tr("Stop streaming") if on else self.tr("Go live"))

    def set_recording(self, on: bool, busy: bool = False) -> None:
        self._recording = on
        self._record_busy = busy
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
        # Two lines a destination: its name (cut with "…") beside the button, its state below.
        for row, name in enumerate(names):
            label = ElidedLabel(self._rows_widget)
            label.set_full_text(name)
            state = QLabel("—", self._rows_widget)
            state.setWordWrap(True)
            state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            button = QToolButton(self._rows_widget)
            button.setText(self.tr("Reconnect now"))
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, n=name: self.reconnect_requested.emit(n))
            self.grid.addWidget(label, 1 + 2 * row, 0)
            self.grid.addWidget(state, 2 + 2 * row, 0)
            self.grid.addWidget(button, 1 + 2 * row, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
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
            # A stopped stream's rows keep their last state; their destinations are stopped.
            button.setEnabled(
                self._streaming and not self._stream_busy and s.state in RECONNECTABLE
            )
