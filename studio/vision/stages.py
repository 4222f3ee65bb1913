"""The effects that change a layer's picture, each a stage behind one interface.

A stage declares its id, its label (English, translated by the window in the effects panel's
context), the settings it reads (declared on the settings dataclasses in studio.vision.settings)
and what it needs from the analysis (the person mask or the face); `process` takes a frame and
the newest analysis and returns the frame changed, or the same frame when it has nothing to do.
Effects runs the chosen stages in the order studio.vision.settings lists them.

Adding an effect is a class here (or in a module of its own) plus one line in
settings.BEAUTIFY_STAGES or settings.BACKGROUND_STAGES.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

import numpy as np

from studio.capture.settings import QT_TRANSLATE_NOOP, Setting
from studio.vision import planar
from studio.vision.background import (
    PersonMask,
    blur_background,
    blurred,
    remove_background,
    replace_background,
)
from studio.vision.beautify import FaceLook, apply_look
from studio.vision.settings import (
    BACKGROUND_STAGES,
    BEAUTIFY_STAGES,
    BackgroundSettings,
    BeautifySettings,
    EffectSettings,
    no_image,
    settings_of,
)

if TYPE_CHECKING:
    from studio.vision.effects import Analysis


class StageHost(Protocol):
    """What a stage may ask of the effects it runs in."""

    @property
    def settings(self) -> EffectSettings: ...

    def look(self, analysis: Analysis, shape: tuple[int, ...]) -> FaceLook | None:
        """The beautify look for this analysis at this frame shape."""
        ...

    def backdrop_frame(self, width: int, height: int, i420: bool = False) -> np.ndarray | None:
        """The replacement picture at this size (BGR, or I420), None while there is none."""
        ...

    def writable(self, frame: np.ndarray) -> bool:
        """Whether `frame` was made by an earlier stage of this render (not the source's own
        picture, which others read too): a stage may then change it in place."""
        ...

    @property
    def live(self) -> bool:
        """Frames come one after another from a live source, not as single pictures."""
        ...


class EffectStage(ABC):
    id: ClassVar[str]
    label: ClassVar[str]  # English; translated in settings.LABEL_CONTEXT
    section: ClassVar[Literal["beautify", "background"]]  # the EffectSettings field it reads
    needs: ClassVar[Literal["face", "mask"]]  # what the analysis must hold for it
    SETTINGS: ClassVar[tuple[Setting, ...]] = ()  # the settings of its section it reads
    # Background stages: the setting typed after the colon on the command line (blur:N), and
    # how the command line's help and errors write the mode.
    ARG: ClassVar[str | None] = None
    USAGE: ClassVar[str] = ""

    def __init__(self, host: StageHost) -> None:
        self.host = host

    @classmethod
    def wanted(cls, settings: Any) -> bool:
        """Whether these settings of its section change the picture."""
        return True

    @classmethod
    def check(cls, settings: Any) -> None:
        """EffectSettingsError for settings of its section it cannot use (most take any)."""
        return None

    @classmethod
    def chosen(cls, settings: EffectSettings) -> bool:
        """Whether `settings` turn this stage on."""
        return cls.wanted(getattr(settings, cls.section))

    @abstractmethod
    def process(self, frame: np.ndarray, analysis: Analysis) -> np.ndarray:
        """The frame changed; `frame` itself when there is nothing to do. Frames are BGR, or
        I420 (studio.vision.planar) when the analysis was made for I420 (`analysis.planar`):
        a stage's result is in the frame's layout, except that it may give BGRA."""


def _declared(cls: type, *keys: str) -> tuple[Setting, ...]:
    return tuple(s for s in settings_of(cls) if s.key in keys)


class Beautify(EffectStage):
    id = "beautify"
    label = QT_TRANSLATE_NOOP("EffectsPanel", "Beautify")
    section = "beautify"
    needs = "face"
    SETTINGS = settings_of(BeautifySettings)

    @classmethod
    def wanted(cls, settings: BeautifySettings) -> bool:
        return settings.on

    def process(self, frame: np.ndarray, analysis: Analysis) -> np.ndarray:
        if analysis.face is None:
            return frame
        w, h = planar.size(frame)
        return apply_look(frame, self.host.look(analysis, (h, w, 3)))


class BackgroundStage(EffectStage):
    """A background mode: runs when the background's mode is its id."""

    section = "background"
    needs = "mask"

    @classmethod
    def chosen(cls, settings: EffectSettings) -> bool:
        return settings.background.mode == cls.id and cls.wanted(settings.background)

    def process(self, frame: np.ndarray, analysis: Analysis) -> np.ndarray:
        if analysis.mask is None:
            return frame
        return self.apply(frame, analysis.mask, self.host.settings.background)

    @abstractmethod
    def apply(
        self, frame: np.ndarray, mask: PersonMask, settings: BackgroundSettings
    ) -> np.ndarray:
        """`process` once the person mask is there."""


REBLUR_EVERY = 2  # frames: the blurred background is made anew every other frame


class BlurBackground(BackgroundStage):
    """The blurred background is made every other frame and used for two: a frame's lag in a
    picture blurred over some 30 pixels does not show, and making it (shrinking, blurring,
    scaling back up) is over half of the stage's cost at 1080x1920."""

    id = "blur"
    label = QT_TRANSLATE_NOOP("EffectsPanel", "Blur")
    SETTINGS = _declared(BackgroundSettings, "strength")
    ARG = "strength"
    USAGE = "blur, blur:N (0-100)"

    def __init__(self, host: StageHost) -> None:
        super().__init__(host)
        self._backdrop: np.ndarray | None = None
        self._made_for: tuple = ()  # frame shape and strength the backdrop was made for
        self._uses = 0  # frames the backdrop has served

    @classmethod
    def wanted(cls, settings: BackgroundSettings) -> bool:
        return settings.strength > 0

    def apply(
        self, frame: np.ndarray, mask: PersonMask, settings: BackgroundSettings
    ) -> np.ndarray:
        key = (frame.shape, settings.strength)
        reuse = self.host.live and self._made_for == key and self._uses < REBLUR_EVERY
        if not reuse or self._backdrop is None:
            self._backdrop = blurred(frame, settings.strength)
            self._made_for, self._uses = key, 0
        self._uses += 1
        writable = self.host.writable(frame)
        return blur_background(frame, mask, settings.strength, self._backdrop, writable)


class ReplaceBackground(BackgroundStage):
    id = "replace"
    label = QT_TRANSLATE_NOOP("EffectsPanel", "Replace")
    SETTINGS = _declared(BackgroundSettings, "image")
    ARG = "image"
    USAGE = "replace:IMAGE"

    @classmethod
    def check(cls, settings: BackgroundSettings) -> None:
        if not settings.image:
            raise no_image()

    def apply(
        self, frame: np.ndarray, mask: PersonMask, settings: BackgroundSettings
    ) -> np.ndarray:
        w, h = planar.size(frame)
        backdrop = self.host.backdrop_frame(w, h, planar.is_i420(frame))
        if backdrop is None:
            return frame
        return replace_background(frame, mask, backdrop)


class RemoveBackground(BackgroundStage):
    id = "remove"
    label = QT_TRANSLATE_NOOP("EffectsPanel", "Remove")
    USAGE = "remove"

    def apply(
        self, frame: np.ndarray, mask: PersonMask, settings: BackgroundSettings
    ) -> np.ndarray:
        return remove_background(frame, mask)


def stage_ids() -> tuple[str, ...]:
    """Every stage, in the order they apply (stage_class(id) is its class)."""
    return (*BEAUTIFY_STAGES, *BACKGROUND_STAGES)
