"""The mixer as the merchant set it: each audio source's gain and mute, kept in the profile
(by source spec) and put onto the running mixer's channels."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from studio.profile import AudioStripSettings

if TYPE_CHECKING:
    from studio.capture.mixer import AudioChannel, AudioMixer
    from studio.session import StudioSession


class Mixer:
    def __init__(self, session: StudioSession) -> None:
        self.session = session

    @property
    def running(self) -> AudioMixer | None:
        """The engine's mixer now (the engine makes a new one when its sources change), or
        None while the studio is closed."""
        engine = self.session.engine
        return engine.mixer if engine is not None else None

    def channels(self) -> list[AudioChannel]:
        """The running mixer's channels, one per audio source ([] while closed)."""
        mixer = self.running
        return list(mixer.channels) if mixer is not None else []

    def peak_dbfs(self, spec: str) -> float:
        """The latest peak level of the audio source `spec` (-inf when it is not mixed)."""
        peaks = [ch.peak_dbfs for ch in self.channels() if ch.source.spec == spec]
        return max(peaks) if peaks else -math.inf

    def _strip(self, spec: str) -> AudioStripSettings:
        mixer = self.session.profile.mixer
        for strip in mixer:
            if strip.source == spec:
                return strip
        strip = AudioStripSettings(spec)
        mixer.append(strip)
        return strip

    def apply(self) -> None:
        """The saved gains and mutes onto the running mixer's channels."""
        saved = {s.source: s for s in self.session.profile.mixer}
        for channel in self.channels():
            strip = saved.get(channel.source.spec)
            if strip is not None:
                channel.gain_db, channel.muted = strip.gain_db, strip.muted

    def set_gain(self, spec: str, gain_db: float) -> None:
        self._strip(spec).gain_db = gain_db
        self.apply()

    def set_muted(self, spec: str, muted: bool) -> None:
        self._strip(spec).muted = muted
        self.apply()
