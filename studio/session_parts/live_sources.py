"""What the engine runs: the current scene's layers and the audio sources, handed over on every
change, and what could not be made of them. The two kinds of problem are kept apart, so that
re-showing the scene (a switch, a layer added) keeps a broken microphone reported, as a broken
camera is, and a missing file that is back is tried again whichever kind needed it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from studio.capture.base import Source
    from studio.engine import SourceProblem
    from studio.session import StudioSession


def _back(problems: list[SourceProblem]) -> bool:
    """Whether a file one of these sources missed is there again."""
    return any(
        p.error.code == "not_found" and p.error.subject and Path(p.error.subject).is_file()
        for p in problems
    )


class LiveSources:
    def __init__(self, session: StudioSession) -> None:
        self.session = session
        self.layer_problems: list[SourceProblem] = []
        self.audio_problems: list[SourceProblem] = []

    def running(self) -> list[Source]:
        """The sources the engine runs now, layers' and audio ([] while closed)."""
        engine = self.session.engine
        return engine.sources if engine is not None else []

    def latest_picture(self, spec: str) -> np.ndarray | None:
        """The newest picture of the running source `spec`, or None (not running, no frame)."""
        source = next((s for s in self.running() if s.spec == spec), None)
        frame = source.latest_video() if source is not None else None
        return frame.image if frame is not None else None

    def preview(self) -> tuple[int, np.ndarray | None]:
        """The newest composed canvas for the window (at half size when it is shown that small:
        `show_preview_at`) and its number (it goes up with each new one); (-1, None) while the
        studio is closed."""
        engine = self.session.engine
        if engine is None:
            return -1, None
        return engine.preview_seq, engine.shown_preview

    def show_preview_at(self, width: int, height: int) -> None:
        """The window shows the canvas at width x height pixels: a canvas in I420 is made BGR
        at half size for it when that is enough."""
        engine = self.session.engine
        if engine is not None:
            engine.preview_size = (width, height)

    @property
    def problems(self) -> list[SourceProblem]:
        """The layers, then the audio sources, that could not be made (readable, English)."""
        return self.layer_problems + self.audio_problems

    def start(self) -> list[SourceProblem]:
        """The scene and the audio sources into a freshly made engine (not started yet)."""
        engine = self.session.engine
        assert engine is not None
        self.layer_problems = engine.set_layers(self.session.scene_editor.current.layers)
        self.audio_problems = engine.set_audio_sources(self.session.profile.audio_sources)
        self.session.audio.apply()
        return self.problems

    def show(self) -> list[SourceProblem]:
        """Hand the current scene's layers to the engine (shown from the next frame); the
        problems of the scene and of the audio sources."""
        engine = self.session.engine
        if engine is None:
            return []
        self.layer_problems = engine.set_layers(self.session.scene_editor.current.layers)
        self.session.audio.apply()
        return self.problems

    def set_audio_sources(self, specs: list[str]) -> list[SourceProblem]:
        """The audio sources to mix besides the layers' sound (kept in the profile); the ones
        that could not be made."""
        self.session.profile.audio_sources = list(specs)
        engine = self.session.engine
        self.audio_problems = engine.set_audio_sources(specs) if engine else []
        self.session.audio.apply()
        return list(self.audio_problems)

    def retry_missing_files(self) -> list[SourceProblem] | None:
        """Sources left out because their file was not there are tried again once it is back
        (copied back, the drive plugged in again): layers and audio sources alike. The problems
        then, or None when no missing file came back. Running sources are reused, so this costs
        a stat per file."""
        if self.session.engine is None:
            return None
        layers_back, audio_back = _back(self.layer_problems), _back(self.audio_problems)
        if not (layers_back or audio_back):
            return None
        if audio_back:
            self.set_audio_sources(self.session.profile.audio_sources)
        if layers_back:
            self.show()
        return self.problems
