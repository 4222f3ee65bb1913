"""The main window's audio mixer: a strip per running audio source, named in the merchant's
words, its gain and mute kept through the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class MixerControl:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session

    def refresh(self) -> None:
        """The strips from the running mixer's channels."""
        mixer = self.window.mixer
        mixer.set_channels(self.session.audio.channels())
        # A strip is named after the layer whose sound it carries, in the merchant's words.
        names = {layer.source: layer.name for layer in self.session.layers}
        for strip in mixer.strips:
            source = strip.channel.source
            name = names.get(source.spec)
            if name is None and source.kind == "mic":
                name = getattr(source, "device_name", None) or QCoreApplication.translate(
                    "MainWindow", "Microphone"
                )
            if name:
                strip.name_label.setText(name)

    def gain_changed(self, spec: str, gain_db: float) -> None:
        self.session.audio.set_gain(spec, gain_db)
        self.window.save_soon()

    def mute_changed(self, spec: str, muted: bool) -> None:
        self.session.audio.set_muted(spec, muted)
        self.window.save_soon()
