"""The audio mixer panel: one strip per audio source with a level meter, mute and gain."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.meter import LevelMeter

GAIN_MIN_DB = -30.0
GAIN_MAX_DB = 20.0
GAIN_STEPS_PER_DB = 2  # the slider counts half-dB steps

# Only the checked state is styled, so the unchecked button keeps the platform look.
_MUTE_STYLE = (
    "QToolButton:checked { background-color: #d32f2f; color: white; font-weight: bold;"
    " border: 1px solid #8e1b1b; border-radius: 3px; }"
)


def format_gain(db: float) -> str:
    return "0.0" if abs(db) < 0.05 else f"{db:+.1f}"


class GainSlider(QSlider):
    """Half-dB steps; a double click puts it back to 0 dB, as on most mixers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(
            round(GAIN_MIN_DB * GAIN_STEPS_PER_DB), round(GAIN_MAX_DB * GAIN_STEPS_PER_DB)
        )
        self.setSingleStep(1)
        self.setPageStep(3 * GAIN_STEPS_PER_DB)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(10 * GAIN_STEPS_PER_DB)

    @property
    def gain_db(self) -> float:
        return self.value() / GAIN_STEPS_PER_DB

    def set_gain_db(self, db: float) -> None:
        self.setValue(round(db * GAIN_STEPS_PER_DB))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.setValue(0)
        event.accept()


class ChannelStrip(QFrame):
    """One source: name and mute on top, the meter, then gain with its readout."""

    gain_changed = Signal(str, float)
    mute_changed = Signal(str, bool)

    def __init__(self, channel: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = channel
        self.setFrameShape(QFrame.Shape.StyledPanel)
        source = channel.source
        self.spec: str = source.spec

        self.name_label = QLabel(source.label)
        self.name_label.setToolTip(source.spec)
        # A long device name must not widen the dock; the tooltip carries the full name.
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.mute_button = QToolButton()
        self.mute_button.setCheckable(True)
        self.mute_button.setStyleSheet(_MUTE_STYLE)

        self.meter = LevelMeter()

        self.gain = GainSlider()
        self.gain_label = QLabel()
        self.gain_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Wide enough for the widest readout, so the slider does not jump while dragging.
        self.gain_label.setMinimumWidth(
            self.gain_label.fontMetrics().horizontalAdvance("+20.0 dB ")
        )

        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.name_label, 0, 0)
        layout.addWidget(self.mute_button, 0, 1)
        layout.addWidget(self.meter, 1, 0, 1, 2)
        layout.addWidget(self.gain, 2, 0)
        layout.addWidget(self.gain_label, 2, 1)
        layout.setColumnStretch(0, 1)

        self.retranslate()
        self.sync()  # before connecting: building the strip must not emit changes
        self.mute_button.toggled.connect(self._on_mute)
        self.gain.valueChanged.connect(self._on_gain)

    def retranslate(self) -> None:
        label = self.channel.source.label
        self.mute_button.setText(self.tr("Mute"))
        self.mute_button.setAccessibleName(self.tr("Mute %1").replace("%1", label))
        self.gain.setToolTip(
            self.tr("Gain of this source, -30 to +20 dB. Double-click to reset to 0 dB.")
        )
        self.gain.setAccessibleName(self.tr("Gain of %1").replace("%1", label))
        self._mute_tooltip(self.meter.muted)
        self._show_gain(self.gain.gain_db)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sync(self) -> None:
        """Show the channel's mute and gain (they may change elsewhere: profile, hotkey, CLI)."""
        muted = bool(self.channel.muted)
        if self.mute_button.isChecked() != muted:
            self.mute_button.blockSignals(True)
            self.mute_button.setChecked(muted)
            self.mute_button.blockSignals(False)
        self._show_mute(muted)
        steps = round(self.channel.gain_db * GAIN_STEPS_PER_DB)
        if self.gain.value() != steps and not self.gain.isSliderDown():
            self.gain.blockSignals(True)
            self.gain.setValue(steps)
            self.gain.blockSignals(False)
            self._show_gain(self.gain.gain_db)
        elif not self.gain_label.text():
            self._show_gain(self.gain.gain_db)

    def _show_mute(self, muted: bool) -> None:
        if self.meter.muted == muted and self.mute_button.toolTip():
            return
        self.meter.set_muted(muted)
        self._mute_tooltip(muted)

    def _mute_tooltip(self, muted: bool) -> None:
        self.mute_button.setToolTip(
            self.tr("Muted: not heard in the stream. Click to unmute.")
            if muted
            else self.tr("Mute this source in the stream (the meter keeps moving)")
        )

    def _show_gain(self, db: float) -> None:
        self.gain_label.setText(self.tr("%1 dB").replace("%1", format_gain(db)))

    def _on_mute(self, muted: bool) -> None:
        self.channel.muted = muted  # read by the audio thread at the next block
        self._show_mute(muted)
        self.mute_changed.emit(self.spec, muted)

    def _on_gain(self, value: int) -> None:
        db = value / GAIN_STEPS_PER_DB
        self.channel.gain_db = db
        self._show_gain(db)
        self.gain_changed.emit(self.spec, db)


class MixerPanel(QWidget):
    """Strips for `AudioMixer.channels`; `refresh()` is called by the window's ~20 Hz timer."""

    gain_changed = Signal(str, float)  # source spec, dB: the window saves the profile
    mute_changed = Signal(str, bool)  # source spec, muted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strips: list[ChannelStrip] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(4)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)  # drawn in the theme's dim text colour
        self._layout.addWidget(self.empty_label)
        self._layout.addStretch(1)
        self.set_channels([])
        self.retranslate()

    def retranslate(self) -> None:
        self.empty_label.setText(self.tr("No audio sources"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_channels(self, channels: list) -> None:
        for strip in self.strips:
            self._layout.removeWidget(strip)
            strip.deleteLater()
        self.strips = []
        for i, channel in enumerate(channels):
            strip = ChannelStrip(channel, self)
            strip.gain_changed.connect(self.gain_changed)
            strip.mute_changed.connect(self.mute_changed)
            self._layout.insertWidget(1 + i, strip)  # after the hint, before the stretch
            self.strips.append(strip)
        self.empty_label.setVisible(not channels)

    def refresh(self, now: float | None = None) -> None:
        """Read every channel's newest peak into its meter (meters repaint only on change)."""
        if now is None:
            now = time.monotonic()
        for strip in self.strips:
            strip.sync()
            strip.meter.set_level(strip.channel.peak_dbfs, now)
